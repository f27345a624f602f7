// Incremental checking for the editor. A rule whose meta says `scope: 'stage'` looks at one
// stage at a time (and at the stages upstream of it, which it builds on or copies from, and
// those that read from it), so its reports for a stage can be kept while that
// neighbourhood's text is unchanged: a keystroke then re-runs such rules on the edited stage
// (and the stages downstream of it) only. Kept reports move with the stage each of their
// ranges lies in; a report whose message names a line (`the RUN on line 12`) is made again
// when a stage of its neighbourhood moved. Fixes are recomputed on demand against the
// current text.
import type { AnalysisEnv } from './env';
import type { RuleOptions } from './config';
import type { DockerfileModel } from './model';
import { memoKey } from './memo';
import type { Report, Rule, RuleContext } from './rule';
import type { Range, Stage, TextEdit } from './types';

/** A stage, or the lines before the first FROM (stage null). */
export interface Unit {
  stage: Stage | null;
  startLine: number;
  /** Stands for everything a stage rule may read about this unit: its text and its neighbours' (see unitsOf). */
  key: number;
  /** Stands for where the stages the key covers start: a kept message that names a line is kept only while this is unchanged. */
  positions: number;
  /** The first line of every stage of the current text, by index (shared by all units of a check). */
  stageStarts: number[];
  /** Its place among the units (the header first). */
  index: number;
  /** The model as the unit's rules see it, made once per check and shared by its rules. */
  view?: DockerfileModel;
}

/** A rule's reports for a unit, as made by its last run there. */
interface KeptRule {
  reports: KeptReport[];
  /** The unit's `positions` then. */
  positions: number;
  /** Some message names a line (`follows the RUN on line 12`): its number would be stale once a stage moved. */
  mentionsLines: boolean;
}

/** A position kept relative to the first line of the stage it lies in (-1: the lines before the first FROM). */
interface KeptRange {
  stage: number;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

interface KeptReport {
  range: KeptRange;
  message: string;
  fixTitle?: string;
  related?: { range: KeptRange; message: string }[];
  aliases?: string[];
  hasFix: boolean;
  /** Whether every related range lies in the stage the range lies in (as almost always). */
  oneStage: boolean;
  /** The report as last revived, while that stage starts at `start`: kept findings are not made anew on every keystroke. */
  revived?: { start: number; report: Report };
}

// Kept reports name their ranges by stage, so that a report pointing into another stage (a
// related range in the stage copied from, an install in a base stage) moves with that stage.
const MENTIONS_LINE = /\bline/i;

/** What a rule keeps: its reports by unit key, for every unit of the last check it ran in. */
interface RuleState {
  byUnit: Map<number, KeptRule>;
  /** Keys of the units it reported something in (most units have nothing to keep). */
  reporting: Set<number>;
  /** The number of the last check it ran in. */
  ranIn: number;
}

export class StageRuleCache {
  private rules = new Map<string, RuleState>();
  private signature = '';
  private check = 0;
  /** The last check in which stage rules ran, and its unit keys. */
  private lastCheck = -1;
  private lastKeys = new Set<number>();
  /** This check's units (once a stage rule ran), by key; those whose key the last check lacked; keys gone since. */
  private units: Unit[] | undefined;
  private byKey = new Map<number, Unit>();
  private fresh: Unit[] = [];
  private dropped: number[] = [];

  /** Starts a check; a changed signature (settings, options, build context) drops everything. */
  begin(signature: string): void {
    if (signature !== this.signature) {
      this.rules.clear();
      this.lastCheck = -1;
      this.lastKeys = new Set();
      this.signature = signature;
    }
    this.check++;
    this.units = undefined;
  }

  /** Ends a check: what the current text no longer has is forgotten, keeping memory flat. */
  end(): void {
    // A check in which no stage rule ran leaves what is kept as the last such check left it.
    if (!this.units) return;
    this.lastCheck = this.check;
    this.lastKeys = new Set(this.byKey.keys());
    this.units = undefined;
    this.byKey = new Map();
    this.fresh = [];
  }

  /** Takes this check's units (once): which are new since the last check, which keys are gone. */
  private adopt(units: Unit[]): void {
    if (this.units === units) return;
    this.units = units;
    this.byKey = new Map(units.map((unit) => [unit.key, unit]));
    this.fresh = units.filter((unit) => !this.lastKeys.has(unit.key));
    this.dropped = [];
    for (const key of this.lastKeys) if (!this.byKey.has(key)) this.dropped.push(key);
  }

  /**
   * The units whose reports must be made again for the rule (`run`), and those whose kept
   * reports stand (`keep`, with them); everything else has nothing to report. A rule that ran
   * in the last check only looks at the units that are new and those it reported in.
   */
  plan(units: Unit[], ruleId: string): { run: Unit[]; keep: [Unit, KeptRule][] } {
    this.adopt(units);
    let state = this.rules.get(ruleId);
    const run: Unit[] = [];
    const keep: [Unit, KeptRule][] = [];
    const consider = (unit: Unit, kept: KeptRule | undefined) => {
      if (!kept || (kept.mentionsLines && kept.positions !== unit.positions)) run.push(unit);
      else if (kept.reports.length > 0) keep.push([unit, kept]);
    };
    if (state && state.ranIn === this.lastCheck) {
      for (const key of this.dropped) {
        state.byUnit.delete(key);
        state.reporting.delete(key);
      }
      for (const unit of this.fresh) run.push(unit);
      for (const key of state.reporting) {
        const unit = this.byKey.get(key);
        if (unit) consider(unit, state.byUnit.get(key));
      }
    } else {
      // Not run in the last check (skipped by its `requires`): every unit is looked up, and
      // only this check's units are kept.
      const previous = state?.byUnit;
      state = { byUnit: new Map(), reporting: new Set(), ranIn: this.check };
      this.rules.set(ruleId, state);
      for (const unit of units) {
        const kept = previous?.get(unit.key);
        if (kept) {
          state.byUnit.set(unit.key, kept);
          if (kept.reports.length > 0) state.reporting.add(unit.key);
        }
        consider(unit, kept);
      }
    }
    state.ranIn = this.check;
    return { run, keep };
  }

  /** The rule's next check looks at every unit (its run in this check failed). */
  forget(ruleId: string): void {
    const state = this.rules.get(ruleId);
    if (state) state.ranIn = -1;
  }

  set(unit: Unit, ruleId: string, reports: Report[]): void {
    const state = this.rules.get(ruleId);
    if (!state) return;
    const keep = (range: Range) => keptRange(range, unit.stageStarts);
    let mentionsLines = false;
    const kept = reports.map((report) => {
      if (MENTIONS_LINE.test(report.message) || report.related?.some((r) => MENTIONS_LINE.test(r.message))) mentionsLines = true;
      const range = keep(report.range);
      const related = report.related?.map((r) => ({ range: keep(r.range), message: r.message }));
      return {
        range,
        message: report.message,
        fixTitle: report.fixTitle,
        related,
        aliases: report.aliases,
        hasFix: report.fix !== undefined,
        oneStage: related?.every((r) => r.range.stage === range.stage) ?? true,
      };
    });
    state.byUnit.set(unit.key, { reports: kept, positions: unit.positions, mentionsLines });
    if (kept.length > 0) state.reporting.add(unit.key);
    else state.reporting.delete(unit.key);
  }
}

/** The range relative to the stage it starts in (binary search over the stages' first lines). */
function keptRange(range: Range, stageStarts: number[]): KeptRange {
  const line = range.start.line;
  let low = 0;
  let high = stageStarts.length - 1;
  let stage = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (stageStarts[mid] <= line) {
      stage = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  const base = stage >= 0 ? stageStarts[stage] : 0;
  return {
    stage,
    startLine: line - base,
    startCharacter: range.start.character,
    endLine: range.end.line - base,
    endCharacter: range.end.character,
  };
}

function placedRange(kept: KeptRange, stageStarts: number[]): Range {
  const base = kept.stage >= 0 ? stageStarts[kept.stage] ?? 0 : 0;
  return {
    start: { line: kept.startLine + base, character: kept.startCharacter },
    end: { line: kept.endLine + base, character: kept.endCharacter },
  };
}

// Unit keys are numbers that stand for sequences of numbers (a stage's index, its chunk's
// identity, the numbers of the stages upstream of it, ...): the same sequence always gets the
// same number, found by walking a trie of maps keyed by small integers, so that no key strings
// are built and hashed per stage and keystroke. Numbers are never reused: when the trie is
// dropped (it only grows: about 25 nodes per keystroke at 5,000 lines, 90 at 20,000, ~90 bytes
// each), a number made before cannot stand for a different sequence after; the next check then
// finds no unit kept and checks every stage once.
interface TrieNode {
  id: number;
  next: Map<number, TrieNode> | undefined;
}

let lastId = 0;
let trieNodes = 0;
let trie: TrieNode = { id: 0, next: undefined };

function step(node: TrieNode, value: number): TrieNode {
  let next = node.next;
  if (!next) node.next = next = new Map();
  let child = next.get(value);
  if (!child) {
    next.set(value, (child = { id: 0, next: undefined }));
    trieNodes++;
  }
  return child;
}

function idOf(node: TrieNode): number {
  return node.id || (node.id = ++lastId);
}

// Texts (stage texts when stages and chunks disagree, stage names) get numbers the same way.
const interned = new Map<string, number>();

function intern(text: string): number {
  let id = interned.get(text);
  if (id === undefined) {
    if (interned.size >= 100_000) interned.clear();
    interned.set(text, (id = ++lastId));
  }
  return id;
}

// What a number in the trie's first position says the sequence is.
const UPSTREAM = 0;
const UPSTREAM_AT = 1;
const KEY = 2;
const POSITIONS = 3;

/** The units of a model with their keys, computed once per check. */
export function unitsOf(model: DockerfileModel): Unit[] {
  if (trieNodes > 100_000) {
    trie = { id: 0, next: undefined };
    trieNodes = 0;
  }
  const stages = model.stages;
  const lineStarts = model.index.lineStarts;
  const lineOffset = (line: number) => (line < lineStarts.length ? lineStarts[line] : model.text.length);
  const unitText = (stage: Stage | null): string => {
    const start = stage ? lineOffset(stage.from.range.start.line) : 0;
    const next = stage ? stages[stage.index + 1] : stages[0];
    return model.text.slice(start, next ? lineOffset(next.from.range.start.line) : model.text.length);
  };
  // A unit's key stands for its text and its neighbours'. When the stages are exactly the
  // parsed chunks (as they are unless the parser and the chunk scan disagree), a chunk's
  // identity stands for its text; else the text itself is numbered.
  const identities = model.chunkIdentities();
  const stageStarts = stages.map((stage) => stage.from.range.start.line);
  const hasHeader = stageStarts[0] !== 0;
  const byChunk = identities.size === stages.length + (hasHeader ? 1 : 0) && stageStarts.every((line) => identities.has(line));
  // (Chunk identities count up from 1; numbered texts go negative, so the two never meet.)
  const texts = byChunk ? stageStarts.map((line) => identities.get(line)!) : stages.map((stage) => -intern(unitText(stage)));
  const header = byChunk ? (hasHeader ? identities.get(0)! : 0) : -intern(unitText(null));
  // Stages that read from a stage: a rule may look downstream (is this builder copied from?).
  const readers = stages.map(() => [] as number[]);
  for (const stage of stages) {
    if (stage.baseStage) readers[stage.baseStage.index].push(stage.index);
    for (const source of stage.copiesFrom) readers[source.index].push(stage.index);
  }
  const finalChain = new Set<number>();
  for (let stage = model.finalStage; stage && !finalChain.has(stage.index); stage = stage.baseStage) finalChain.add(stage.index);
  // Upstream of a stage: itself, the stages it builds FROM and copies or mounts from, and
  // theirs, transitively (what reaches it: its base's files, a copied stage's own copies).
  // One number per stage stands for the text of that whole closure, and one for where its
  // stages start; both are made from the upstream stages' numbers (they come earlier).
  const upstream: number[] = [];
  const upstreamAt: number[] = [];
  for (const stage of stages) {
    let up = step(step(step(trie, UPSTREAM), stage.index), texts[stage.index]);
    let at = step(step(trie, UPSTREAM_AT), stageStarts[stage.index]);
    const base = stage.baseStage;
    if (base && base.index < stage.index) {
      up = step(up, upstream[base.index]);
      at = step(at, upstreamAt[base.index]);
    }
    // Copies after the base, told apart from it by a negative number.
    for (const source of stage.copiesFrom) {
      if (source.index >= stage.index) continue;
      up = step(up, -upstream[source.index]);
      at = step(at, -upstreamAt[source.index]);
    }
    upstream.push(idOf(up));
    upstreamAt.push(idOf(at));
  }

  // Every stage name: references by name (`COPY --from=x`, `FROM x`) resolve against them all.
  const global = intern(`${stages.length}\u0000${header}\u0000${stages.map((stage) => stage.name ?? '').join(',')}`);
  const units: Unit[] = [{ stage: null, index: 0, startLine: 0, key: idOf(step(step(trie, KEY), global)), positions: 0, stageStarts }];
  for (const stage of stages) {
    const flags = (stage.isFinal ? 1 : 0) + (finalChain.has(stage.index) ? 2 : 0);
    let key = step(step(step(step(step(trie, KEY), global), stage.index), flags), upstream[stage.index]);
    let positions = step(step(trie, POSITIONS), upstreamAt[stage.index]);
    for (const reader of readers[stage.index]) {
      key = step(step(key, reader), texts[reader]);
      positions = step(positions, stageStarts[reader]);
    }
    units.push({ stage, index: units.length, startLine: stage.from.range.start.line, key: idOf(key), positions: idOf(positions), stageStarts });
  }
  return units;
}

/**
 * Runs a stage rule on each unit, reusing kept reports of unchanged units. Rules see a view of
 * the model restricted to the unit (its instructions; `stages` and `finalStage` only if it is
 * a stage, resp. the final one); lookups by name or index still reach the whole file.
 */
export function runStageRule(
  rule: Rule,
  model: DockerfileModel,
  units: Unit[],
  cache: StageRuleCache,
  context: Omit<RuleContext, 'model' | 'report'>,
): Report[] {
  const { run, keep } = cache.plan(units, rule.meta.id);
  // In unit order, as a whole-file run reports them (findings at the same place keep that order).
  const parts: { at: number; reports: Report[] }[] = [];
  for (const unit of run) {
    let fresh: Report[];
    try {
      fresh = checkUnit(rule, model, unit, context);
    } catch (error) {
      // The engine drops the rule's findings for this check; the next check must look at every
      // unit again (and meet the same error), as a whole-file check would.
      cache.forget(rule.meta.id);
      throw error;
    }
    cache.set(unit, rule.meta.id, fresh);
    if (fresh.length > 0) {
      parts.push({ at: unit.index, reports: fresh.map((report) => (report.fix ? { ...report, fix: wholeFileFix(rule, model, report, context) } : report)) });
    }
  }
  for (const [unit, kept] of keep) parts.push({ at: unit.index, reports: kept.reports.map((report) => revive(report, unit, rule, model, context)) });
  if (parts.length === 1) return parts[0].reports;
  parts.sort((a, b) => a.at - b.at);
  return parts.flatMap((part) => part.reports);
}

export function checkUnit(rule: Rule, model: DockerfileModel, unit: Unit, context: Omit<RuleContext, 'model' | 'report'>): Report[] {
  const reports: Report[] = [];
  unit.view ??= model.viewOf(unit.stage);
  rule.check({ ...context, model: unit.view, report: (report) => reports.push(report) });
  return reports;
}

function revive(kept: KeptReport, unit: Unit, rule: Rule, model: DockerfileModel, context: Omit<RuleContext, 'model' | 'report'>): Report {
  // Ranges are data nobody changes: while the stage has not moved, the last ones serve again
  // (a report without a fix as a whole); a fix belongs to the model it was found in.
  const start = kept.range.stage >= 0 ? unit.stageStarts[kept.range.stage] : 0;
  let base = kept.revived?.start === start ? kept.revived.report : undefined;
  if (!base) {
    base = {
      range: placedRange(kept.range, unit.stageStarts),
      message: kept.message,
      fixTitle: kept.fixTitle,
      related: kept.related?.map((r) => ({ range: placedRange(r.range, unit.stageStarts), message: r.message })),
      aliases: kept.aliases,
    };
    if (kept.oneStage) kept.revived = { start, report: base };
  }
  if (!kept.hasFix) return base;
  const report: Report = { ...base };
  report.fix = wholeFileFix(rule, model, report, context);
  return report;
}

// A fix may edit beyond its stage (a SHELL restored after the last RUN of the file), so fixes
// come from the rule run on the whole current model, once per rule and model, when asked for.
const WHOLE_FILE_RUNS = memoKey<Map<string, Report[]>>('whole-file reports by rule');

function wholeFileFix(rule: Rule, model: DockerfileModel, report: Report, context: Omit<RuleContext, 'model' | 'report'>): () => TextEdit[] | null {
  return () => {
    const byRule = model.memo(WHOLE_FILE_RUNS, () => new Map());
    let reports = byRule.get(rule.meta.id);
    if (!reports) {
      const found: Report[] = [];
      rule.check({ ...context, model, report: (r) => found.push(r) });
      byRule.set(rule.meta.id, (reports = found));
    }
    const same = reports.find((r) => r.message === report.message && sameRange(r.range, report.range));
    return same?.fix?.() ?? null;
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** What, besides the text, a kept report depends on. */
export function cacheSignature(settings: unknown, options: RuleOptions | undefined, env: AnalysisEnv, generation: unknown): string {
  return JSON.stringify([settings, options ?? null, env.dockerfilePath ?? null, generation ?? null]);
}
