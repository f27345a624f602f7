// Runs the rules over a Dockerfile model, applies severities and ignore pragmas, and applies
// fixes. Used alike by the language server, the CLI and the tests.
import { FindingLevels, levelUnder, type RuleOptions, type RuleSettings } from './config';
import { emptyEnv, type AnalysisEnv } from './env';
import { DockerfileModel, ParseCache, type RunCache } from './model';
import { cacheSignature, runStageRule, unitsOf, type Unit } from './incremental';
import type { Report, Rule, RuleContext } from './rule';
import { Suppressions } from './suppress';
import { applyEdits, comparePositions, compareRuleIds } from './text';
import type { Finding, Range, Severity, TextEdit } from './types';

export interface AnalyzeOptions {
  rules: readonly Rule[];
  /** Severity layers, later wins: e.g. [config file, editor settings]. */
  settings?: (RuleSettings | undefined)[];
  env?: AnalysisEnv;
  cache?: ParseCache;
  /** Without a `cache`: RUNs parsed by earlier analyses of similar text (the passes of a fix-all). */
  runCache?: RunCache;
  /** Called when a rule throws; the rule's findings for this file are dropped, the rest stay. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Rule options (label schema, allowed registries, pinVersions) from config and settings. */
  ruleOptions?: RuleOptions;
  /**
   * Set by the editor, which checks the same document again and again: stage rules then keep
   * their findings per stage in `cache` (incremental.ts). The value is a generation: when it
   * changes (settings or build-context files changed), kept findings are dropped.
   */
  incremental?: number | string;
}

export interface AnalysisResult {
  model: DockerfileModel;
  findings: Finding[];
}

export function analyze(text: string, options: AnalyzeOptions): AnalysisResult {
  const model = new DockerfileModel(text, options.cache, options.runCache);
  return { model, findings: analyzeModel(model, options) };
}

export function analyzeModel(model: DockerfileModel, options: AnalyzeOptions): Finding[] {
  const env = options.env ?? emptyEnv;
  const ruleOptions = options.ruleOptions ?? {};
  const suppressions = new Suppressions(model, { ignoreComments: !ruleOptions.disableIgnorePragmas });
  const layers = [suppressions.experimentalLayer(options.rules), ...(options.settings ?? [])];
  const findingLevels = new FindingLevels(layers);
  // Only a cache that lives across checks (the editor's, per document) pays for stage views.
  const stageCache = options.incremental ? options.cache?.stageRules : undefined;
  stageCache?.begin(cacheSignature(options.settings, options.ruleOptions, env, options.incremental));
  let units: Unit[] | undefined;
  const findings: Finding[] = [];
  let reports: Report[] = [];
  // One context for all rules, reporting into the current rule's list: two objects fewer per rule.
  const context: RuleContext = { model, env, options: ruleOptions, report: (report) => void reports.push(report) };
  for (const rule of options.rules) {
    const level = levelUnder(rule.meta, layers, ruleOptions);
    if (level === 'off' || !mayReport(rule, model)) continue;
    reports = [];
    try {
      if (stageCache && rule.meta.scope === 'stage') {
        units ??= unitsOf(model);
        reports = runStageRule(rule, model, units, stageCache, { env, options: ruleOptions });
      } else {
        rule.check(context);
      }
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      continue;
    }
    for (const report of reports) {
      if (suppressions.isSuppressed(rule.meta, report.range.start.line, report.aliases)) continue;
      const severity = findingLevels.level(rule.meta, report.aliases ?? rule.meta.aliases, level);
      if (severity !== 'off') findings.push(makeFinding(rule, severity, report));
    }
  }
  stageCache?.end();
  return findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || compareRuleIds(a.ruleId, b.ruleId));
}

/** False when the file lacks what the rule requires to report anything (`RuleMeta.requires`). */
export function mayReport(rule: Rule, model: DockerfileModel): boolean {
  const requires = rule.meta.requires;
  if (!requires) return true;
  if (requires.keywords && !requires.keywords.some((keyword) => model.hasKeyword(keyword))) return false;
  if (requires.text && !requires.text.some((needle) => model.contains(needle))) return false;
  return true;
}

/** A finding of `rule` at `severity` (its fix computed once, on demand). */
export function makeFinding(rule: Rule, severity: Severity, report: Report): Finding {
  return new RuleFinding(rule, severity, report);
}

/**
 * A class, not an object literal with a `fixable` getter. V8 keeps such a literal in dictionary
 * mode, its getter (a closure of its own, holding the report and through it the model) in an
 * accessor pair in the old generation; what old objects point to survives every scavenge, so each
 * file's parse and model were copied and promoted until the next full collection (measured over
 * the 646 real files: 15 MB more of each scavenge survived with the literal).
 */
class RuleFinding implements Finding {
  readonly ruleId: string;
  readonly aliases: string[];
  readonly message: string;
  readonly range: Range;
  readonly related: { range: Range; message: string }[];
  readonly fixTitle: string | null;
  readonly #rule: Rule;
  readonly #report: Report;
  #computed: TextEdit[] | null | undefined = undefined;

  constructor(
    rule: Rule,
    readonly severity: Severity,
    report: Report,
  ) {
    this.ruleId = rule.meta.id;
    this.aliases = report.aliases ?? rule.meta.aliases;
    this.message = report.message;
    this.range = report.range;
    this.related = report.related ?? [];
    this.fixTitle = report.fixTitle ?? null;
    this.#rule = rule;
    this.#report = report;
  }

  fix(): TextEdit[] | null {
    if (this.#computed === undefined) {
      try {
        this.#computed = this.#rule.meta.fixable && this.#report.fix ? this.#report.fix() : null;
      } catch {
        this.#computed = null; // a fix that fails is no fix
      }
      if (this.#computed && this.#computed.length === 0) this.#computed = null;
    }
    return this.#computed;
  }

  get fixable(): boolean {
    return this.fix() !== null;
  }
}

export interface FixResult {
  text: string;
  /** Number of fixes applied over all passes. */
  applied: number;
  /** Findings left after the last pass. */
  remaining: Finding[];
}

/**
 * Applies every safe fix, in passes (a fix may change what other rules see), until nothing
 * changes. Within a pass, fixes whose edits overlap an earlier one wait for the next pass.
 */
export function fixAll(text: string, given: AnalyzeOptions, filter: (finding: Finding) => boolean = () => true): FixResult {
  // Each pass parses only the RUNs that the previous one changed.
  const options = given.cache || given.runCache ? given : { ...given, runCache: new Map() };
  let applied = 0;
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const { findings } = analyze(current, options);
    const edits = collectNonOverlapping(findings.filter(filter));
    if (edits.count === 0) return { text: current, applied, remaining: findings };
    const next = applyEdits(current, edits.edits);
    if (next === null || next === current) return { text: current, applied, remaining: findings };
    current = next;
    applied += edits.count;
  }
  return { text: current, applied, remaining: analyze(current, options).findings };
}

function collectNonOverlapping(findings: Finding[]): { edits: TextEdit[]; count: number } {
  const taken: TextEdit[] = [];
  let count = 0;
  for (const finding of findings) {
    const edits = finding.fix();
    if (!edits) continue;
    const clashes = edits.some((edit) => taken.some((other) => editsTouch(edit, other)));
    if (clashes) continue;
    taken.push(...edits);
    count++;
  }
  return { edits: taken, count };
}

// Two edits clash when their ranges overlap, or when both insert at the same point.
function editsTouch(a: TextEdit, b: TextEdit): boolean {
  return comparePositions(a.range.start, b.range.end) <= 0 && comparePositions(b.range.start, a.range.end) <= 0;
}
