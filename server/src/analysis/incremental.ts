// Incremental checking for the editor. A rule whose meta says `scope: 'stage'` looks at one
// stage at a time (and at the stages it builds on or that read from it), so its reports for a
// stage can be kept while that neighbourhood's text is unchanged: a keystroke then re-runs
// such rules on the edited stage only. Kept reports are shifted to the stage's current line;
// their fixes are recomputed on demand against the current text.
import type { AnalysisEnv } from './env';
import type { RuleOptions } from './config';
import type { DockerfileModel } from './model';
import type { Report, Rule, RuleContext } from './rule';
import type { Range, Stage, TextEdit } from './types';

/** A stage, or the lines before the first FROM (stage null). */
export interface Unit {
  stage: Stage | null;
  startLine: number;
  /** Everything a stage rule may read about this unit: its text and its neighbours'. */
  key: string;
  /** Its kept reports by rule, once looked up in this check. */
  kept?: Map<string, KeptReport[]>;
  /** The model as the unit's rules see it, made once per check and shared by its rules. */
  view?: DockerfileModel;
}

interface KeptReport {
  range: Range; // relative to the unit's start line
  message: string;
  fixTitle?: string;
  related?: Report['related'];
  aliases?: string[];
  hasFix: boolean;
}

export class StageRuleCache {
  private units = new Map<string, Map<string, KeptReport[]>>();
  private seen = new Set<string>();
  private signature = '';

  /** Starts a check; a changed signature (settings, options, build context) drops everything. */
  begin(signature: string): void {
    if (signature !== this.signature) {
      this.units.clear();
      this.signature = signature;
    }
    this.seen.clear();
  }

  /** Ends a check: units the current text no longer has are forgotten, keeping memory flat. */
  end(): void {
    for (const key of this.units.keys()) if (!this.seen.has(key)) this.units.delete(key);
  }

  /** The kept reports of a unit, by rule; looked up once per check (the keys are long). */
  reportsOf(unit: Unit): Map<string, KeptReport[]> {
    if (!unit.kept) {
      this.seen.add(unit.key);
      let byRule = this.units.get(unit.key);
      if (!byRule) this.units.set(unit.key, (byRule = new Map()));
      unit.kept = byRule;
    }
    return unit.kept;
  }

  get(unit: Unit, ruleId: string): KeptReport[] | undefined {
    return this.reportsOf(unit).get(ruleId);
  }

  set(unit: Unit, ruleId: string, reports: Report[]): void {
    this.reportsOf(unit).set(
      ruleId,
      reports.map((report) => ({
        range: shiftRange(report.range, -unit.startLine),
        message: report.message,
        fixTitle: report.fixTitle,
        related: report.related?.map((r) => ({ ...r, range: shiftRange(r.range, -unit.startLine) })),
        aliases: report.aliases,
        hasFix: report.fix !== undefined,
      })),
    );
  }
}

/** The units of a model with their keys, computed once per check. */
export function unitsOf(model: DockerfileModel): Unit[] {
  const stages = model.stages;
  const lineStarts = model.index.lineStarts;
  const lineOffset = (line: number) => (line < lineStarts.length ? lineStarts[line] : model.text.length);
  const unitText = (stage: Stage | null): string => {
    const start = stage ? lineOffset(stage.from.range.start.line) : 0;
    const next = stage ? stages[stage.index + 1] : stages[0];
    return model.text.slice(start, next ? lineOffset(next.from.range.start.line) : model.text.length);
  };
  // A unit's key holds its text and its neighbours'. When the stages are exactly the parsed
  // chunks (as they are unless the parser and the chunk scan disagree), a chunk's identity
  // stands for its text: no long keys are built and hashed on every keystroke.
  const identities = model.chunkIdentities();
  const firstLines = stages.map((stage) => stage.from.range.start.line);
  const hasHeader = firstLines[0] !== 0;
  const byChunk = identities.size === stages.length + (hasHeader ? 1 : 0) && firstLines.every((line) => identities.has(line));
  const texts = byChunk ? firstLines.map((line) => `#${identities.get(line)}`) : stages.map(unitText);
  const header = byChunk ? (hasHeader ? `#${identities.get(0)}` : '') : unitText(null);
  // Stages that read from a stage: a rule may look downstream (is this builder copied from?).
  const readers = stages.map(() => [] as number[]);
  for (const stage of stages) {
    if (stage.baseStage) readers[stage.baseStage.index].push(stage.index);
    for (const source of stage.copiesFrom) readers[source.index].push(stage.index);
  }
  const finalChain = new Set<number>();
  for (let stage = model.finalStage; stage && !finalChain.has(stage.index); stage = stage.baseStage) finalChain.add(stage.index);

  // Every stage name: references by name (`COPY --from=x`, `FROM x`) resolve against them all.
  const names = stages.map((stage) => stage.name ?? '').join(',');
  const units: Unit[] = [{ stage: null, startLine: 0, key: `H${stages.length}\u0000${names}\u0000${header}` }];
  for (const stage of stages) {
    const kind = `S${stage.index}/${stages.length}${stage.isFinal ? 'F' : ''}${finalChain.has(stage.index) ? 'C' : ''}`;
    const parts = [kind, names, header, texts[stage.index]];
    for (let base = stage.baseStage; base && base !== stage; base = base.baseStage) parts.push(`B${base.index}`, texts[base.index]);
    for (const source of stage.copiesFrom) parts.push(`C${source.index}`, texts[source.index]);
    for (const reader of readers[stage.index]) parts.push(`R${reader}`, texts[reader]);
    units.push({ stage, startLine: stage.from.range.start.line, key: parts.join('\u0000') });
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
  const reports: Report[] = [];
  for (const unit of units) {
    const kept = cache.get(unit, rule.meta.id);
    if (kept) {
      for (const report of kept) reports.push(revive(report, unit, rule, model, context));
      continue;
    }
    const fresh = checkUnit(rule, model, unit, context);
    cache.set(unit, rule.meta.id, fresh);
    for (const report of fresh) reports.push(report.fix ? { ...report, fix: wholeFileFix(rule, model, report, context) } : report);
  }
  return reports;
}

export function checkUnit(rule: Rule, model: DockerfileModel, unit: Unit, context: Omit<RuleContext, 'model' | 'report'>): Report[] {
  const reports: Report[] = [];
  unit.view ??= model.viewOf(unit.stage);
  rule.check({ ...context, model: unit.view, report: (report) => reports.push(report) });
  return reports;
}

function revive(kept: KeptReport, unit: Unit, rule: Rule, model: DockerfileModel, context: Omit<RuleContext, 'model' | 'report'>): Report {
  const report: Report = {
    range: shiftRange(kept.range, unit.startLine),
    message: kept.message,
    fixTitle: kept.fixTitle,
    related: kept.related?.map((r) => ({ ...r, range: shiftRange(r.range, unit.startLine) })),
    aliases: kept.aliases,
  };
  if (kept.hasFix) report.fix = wholeFileFix(rule, model, report, context);
  return report;
}

// A fix may edit beyond its stage (a SHELL restored after the last RUN of the file), so fixes
// come from the rule run on the whole current model, once per rule and model, when asked for.
const wholeFileRuns = new WeakMap<DockerfileModel, Map<string, Report[]>>();

function wholeFileFix(rule: Rule, model: DockerfileModel, report: Report, context: Omit<RuleContext, 'model' | 'report'>): () => TextEdit[] | null {
  return () => {
    let byRule = wholeFileRuns.get(model);
    if (!byRule) wholeFileRuns.set(model, (byRule = new Map()));
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

function shiftRange(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

/** What, besides the text, a kept report depends on. */
export function cacheSignature(settings: unknown, options: RuleOptions | undefined, env: AnalysisEnv, generation: unknown): string {
  return JSON.stringify([settings, options ?? null, env.dockerfilePath ?? null, generation ?? null]);
}
