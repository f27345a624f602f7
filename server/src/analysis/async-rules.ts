// Rules that cannot answer on the keystroke path because they wait for something outside the
// process (ShellCheck). They share the rule contract (meta as data, report, pragmas, levels)
// but check asynchronously and can be cancelled: the language server publishes the fast
// findings first and these afterwards, and the CLI awaits both.
import { effectiveLevel, FindingLevels } from './config';
import { makeFinding, type AnalyzeOptions } from './engine';
import { emptyEnv } from './env';
import type { DockerfileModel } from './model';
import type { Report, RuleContext, RuleMeta } from './rule';
import { Suppressions } from './suppress';
import { comparePositions, compareRuleIds } from './text';
import type { Finding, Severity } from './types';

export interface AsyncReport extends Report {
  /** This occurrence's own severity (e.g. ShellCheck's level), used while the rule runs at its default level. */
  severity?: Severity;
}

export interface AsyncRuleContext extends Omit<RuleContext, 'report'> {
  /** Aborted when the text changed or the document closed: stop and report nothing more. */
  readonly signal: AbortSignal;
  report(report: AsyncReport): void;
}

export interface AsyncRule {
  meta: RuleMeta;
  /** Null when the rule can run here; else one line saying why not (e.g. a program is missing). */
  unavailable(): string | null;
  check(context: AsyncRuleContext): Promise<void>;
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
  }
}

export interface AsyncAnalyzeOptions extends Omit<AnalyzeOptions, 'rules'> {
  asyncRules: readonly AsyncRule[];
  signal?: AbortSignal;
}

/**
 * Runs the async rules over a model with the same levels and pragmas as analyzeModel. Rules
 * that are off or unavailable are skipped; a rule that throws loses its findings (reported
 * through onRuleError), an abort rejects with AbortedError.
 */
export async function analyzeModelAsync(model: DockerfileModel, options: AsyncAnalyzeOptions): Promise<Finding[]> {
  const signal = options.signal ?? new AbortController().signal;
  const ruleOptions = options.ruleOptions ?? {};
  const suppressions = new Suppressions(model, { ignoreComments: !ruleOptions.disableIgnorePragmas });
  const layers = [suppressions.experimentalLayer(options.asyncRules), ...(options.settings ?? [])];
  const findingLevels = new FindingLevels(layers);
  const findings: Finding[] = [];
  for (const rule of options.asyncRules) {
    const level = effectiveLevel(rule.meta, layers, ruleOptions);
    if (level === 'off' || rule.unavailable() !== null) continue;
    const found: Finding[] = [];
    const context: AsyncRuleContext = {
      model,
      env: options.env ?? emptyEnv,
      options: ruleOptions,
      signal,
      report: (report) => {
        if (suppressions.isSuppressed(rule.meta, report.range.start.line, report.aliases)) return;
        // The occurrence's own severity holds while nobody changed the rule's level.
        const own = report.severity && level === rule.meta.severity ? report.severity : level;
        // A setting that names the occurrence's own code (`"SC2086": "off"`) decides for it.
        const severity = findingLevels.level(rule.meta, report.aliases ?? rule.meta.aliases, own);
        if (severity !== 'off') found.push(makeFinding({ meta: rule.meta, check: () => undefined }, severity, report));
      },
    };
    try {
      await rule.check(context);
      if (signal.aborted) throw new AbortedError();
      findings.push(...found);
    } catch (error) {
      if (signal.aborted || error instanceof AbortedError) throw new AbortedError();
      options.onRuleError?.(rule.meta.id, error);
    }
  }
  return findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || compareRuleIds(a.ruleId, b.ruleId));
}

/** Fast and async findings in one list, in the engine's order. */
export function mergeFindings(fast: readonly Finding[], late: readonly Finding[]): Finding[] {
  return [...fast, ...late].sort((a, b) => comparePositions(a.range.start, b.range.start) || compareRuleIds(a.ruleId, b.ruleId));
}
