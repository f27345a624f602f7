// A tool for working on keystroke latency (not part of npm run bench): replays the edits of
// bench.ts's measureLatency (in the middle stage, four of five type a character at the end of an
// instruction line, every fifth adds a line `COPY . .`) on one file with a persistent
// ParseCache and `incremental` on, at default rule levels, and says where the time goes:
//   - wall and CPU ms per keystroke (p50, p95), typing and new lines apart;
//   - garbage-collection pauses that fall inside keystrokes, and the keystrokes without them;
//   - with --rules, each rule's ms per keystroke (mean, p95), stage rules marked [s], and the
//     engine's units (incremental.ts) and model building;
//   - with --verify, after every edit, that the incremental findings (ranges, messages, related
//     ranges, severities) equal a fresh whole-file check's.
// --warm FILE first replays --warm-edits (100) edits of another file, as bench.ts warms the engine
// by measuring the 20,000-line file first. Run it bundled like the shipped server, with Node's
// own export conditions as scripts/build.mjs bundles (`--conditions=`):
//   npx esbuild bench/latency-replay.ts --bundle --platform=node --target=node18 --format=cjs --conditions= --outfile=dist/latency-replay.js
//   node dist/latency-replay.js [--file F, default ../shared/corpus/large/large-5k.Dockerfile] [--edits 200] [--rules] [--verify] [--warm F]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { effectiveLevel } from '../server/src/analysis/config';
import { analyze, analyzeModel, mayReport, type AnalyzeOptions } from '../server/src/analysis/engine';
import { runStageRule, unitsOf, type Unit } from '../server/src/analysis/incremental';
import { DockerfileModel, ParseCache } from '../server/src/analysis/model';
import type { Finding } from '../server/src/analysis/types';
import { allRules } from '../server/src/rules';
import { editableLines, insertAt } from './keystroke-edits';

const LARGE = resolve(__dirname, '..', '..', 'shared', 'corpus', 'large');
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const FILE = argument('--file') ?? join(LARGE, 'large-5k.Dockerfile');
const EDITS = Number(argument('--edits') ?? 200);
const WARM = argument('--warm');
const WARM_EDITS = Number(argument('--warm-edits') ?? 100);
const RULES = process.argv.includes('--rules');
const VERIFY = process.argv.includes('--verify');

/** Calls `keystroke` with each edited text, as bench.ts's measureLatency edits. */
function replay(text: string, edits: number, keystroke: (text: string, edit: number, isNewLine: boolean) => void): void {
  const lines = editableLines(text);
  for (let edit = 0; edit < edits; edit++) {
    const line = lines[edit % lines.length];
    const isNewLine = edit % 5 === 4;
    text = isNewLine ? insertAt(text, line, 'next-line', 'COPY . .\n') : insertAt(text, line, 'end', 'x');
    keystroke(text, edit, isNewLine);
    if (isNewLine) lines.splice(0, lines.length, ...editableLines(text));
  }
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (value: number) => value.toFixed(1);
const optionsFor = (cache: ParseCache): AnalyzeOptions => ({ rules: allRules, settings: [], cache, incremental: 1 });

if (WARM) {
  const cache = new ParseCache();
  const text = readFileSync(WARM, 'utf8');
  analyze(text, optionsFor(cache));
  replay(text, WARM_EDITS, (edited) => analyze(edited, optionsFor(cache)));
}

const pauses: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ['gc'] });

const cache = new ParseCache();
const options = optionsFor(cache);
const original = readFileSync(FILE, 'utf8');
analyze(original, options);
const spans: { start: number; end: number; cpu: number; isNewLine: boolean }[] = [];
const perPart = new Map<string, number[]>();
const record = (part: string, ms: number) => {
  let list = perPart.get(part);
  if (!list) perPart.set(part, (list = []));
  list.push(ms);
};
let mismatches = 0;
const describe = (f: Finding) =>
  `${f.ruleId} ${f.severity} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message} ${JSON.stringify(f.related)}`;

replay(original, EDITS, (text, _edit, isNewLine) => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const model = new DockerfileModel(text, cache);
  record('(model)', performance.now() - start);
  let findings: Finding[] | null = null;
  if (RULES) checkRuleByRule(model);
  else findings = analyzeModel(model, options);
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  spans.push({ start, end, cpu: (used.user + used.system) / 1000, isNewLine });
  if (VERIFY) {
    findings ??= analyzeModel(new DockerfileModel(text, cache), options);
    const fresh = analyze(text, { rules: allRules, settings: [] }).findings;
    if (findings.map(describe).join('\n') !== fresh.map(describe).join('\n')) mismatches++;
  }
});

/** analyzeModel's rule loop, timed rule by rule (reports only: no severities, pragmas or sorting). */
function checkRuleByRule(model: DockerfileModel): void {
  const stageCache = cache.stageRules;
  stageCache.begin(JSON.stringify([[], null, null, 1]));
  let start = performance.now();
  const units: Unit[] = unitsOf(model);
  record('(units)', performance.now() - start);
  for (const rule of allRules) {
    if (effectiveLevel(rule.meta, [], {}) === 'off' || !mayReport(rule, model)) continue;
    start = performance.now();
    if (rule.meta.scope === 'stage') runStageRule(rule, model, units, stageCache, { env: {}, options: {} });
    else rule.check({ model, env: {}, options: {}, report: () => undefined });
    record(rule.meta.scope === 'stage' ? `${rule.meta.id} [s]` : rule.meta.id, performance.now() - start);
  }
  stageCache.end();
}

// The GC observer reports after the pauses: print once it had its turn.
setTimeout(() => {
  const wall = spans.map((span) => span.end - span.start);
  const gcIn = spans.map((span) => pauses.filter((pause) => pause.start >= span.start && pause.start < span.end).reduce((sum, pause) => sum + pause.duration, 0));
  const withoutGc = spans.filter((_, i) => gcIn[i] === 0).map((span) => span.end - span.start);
  const lines = original.split('\n').length;
  process.stdout.write(
    [
      `${FILE.split('/').pop()} (${lines} lines), ${EDITS} edits${RULES ? ', rule by rule' : ''}`,
      `all: p50 ${fmt(percentile(wall, 50))} p95 ${fmt(percentile(wall, 95))} ms; CPU p50 ${fmt(percentile(spans.map((s) => s.cpu), 50))} p95 ${fmt(percentile(spans.map((s) => s.cpu), 95))}`,
      `typing p50 ${fmt(percentile(spans.filter((s) => !s.isNewLine).map((s) => s.end - s.start), 50))} p95 ${fmt(percentile(spans.filter((s) => !s.isNewLine).map((s) => s.end - s.start), 95))}; ` +
        `new line p50 ${fmt(percentile(spans.filter((s) => s.isNewLine).map((s) => s.end - s.start), 50))} p95 ${fmt(percentile(spans.filter((s) => s.isNewLine).map((s) => s.end - s.start), 95))}`,
      `GC inside keystrokes: ${gcIn.filter((ms) => ms > 0).length} of ${spans.length} keystrokes, ${fmt(gcIn.reduce((a, b) => a + b, 0) / spans.length)} ms per keystroke; ` +
        `keystrokes without GC: p50 ${fmt(percentile(withoutGc, 50))} p95 ${fmt(percentile(withoutGc, 95))}`,
      ...(VERIFY ? [`incremental vs fresh: ${mismatches} of ${EDITS} edits differ`] : []),
      ...(RULES
        ? [
            'ms per keystroke: mean p95 part',
            ...[...perPart]
              .map(([part, values]) => ({ part, mean: values.reduce((a, b) => a + b, 0) / values.length, p95: percentile(values, 95) }))
              .sort((a, b) => b.mean - a.mean)
              .slice(0, 25)
              .map((row) => `${row.mean.toFixed(3).padStart(8)} ${row.p95.toFixed(3).padStart(8)}  ${row.part}`),
          ]
        : []),
      '',
    ].join('\n'),
  );
  if (VERIFY && mismatches > 0) process.exitCode = 1;
}, 50);
