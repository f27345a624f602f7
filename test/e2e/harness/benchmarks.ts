// The workbench section of BENCHMARKS.md, written from a run's measurements by
// `npm run test:e2e -- --write-benchmarks` (or E2E_WRITE_BENCHMARKS=1). The rest of the file
// belongs to `npm run bench` (bench/bench.ts), which keeps this section because its heading
// carries the `<!-- carried -->` marker; this writer changes nothing outside the section.
//
// Each row names the run it comes from (date, load, cores), so a run of some scenarios only
// refreshes their rows and keeps the others' rows from an earlier run as they were.
import type { Metric } from './scenario';

export const WORKBENCH_HEADING = '## In a real workbench (`npm run test:e2e`) <!-- carried -->';

/** The section's heading, in this wording or an older one (`..., scenario 5) <!-- carried -->`). */
const HEADING = /^## In a real workbench\b.*<!-- carried -->[ \t]*$/m;

/** What one scenario of a run measured, and under what conditions. */
export interface ScenarioMeasurements {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  metrics: Metric[];
  /** 1-minute load average when the scenario started and when it ended. */
  load: [number, number];
}

export interface RunInfo {
  /** The day of the run, YYYY-MM-DD. */
  date: string;
  cores: number;
  codeServerVersion: string;
}

/** `369 ms`, `7.2 s`; other units as they are. NaN (a moment never seen) reads `n/a`. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ms' && Math.abs(Math.round(value)) >= 1000) return `${(value / 1000).toFixed(1)} s`;
  if (unit === 'ms') return `${Math.round(value)} ms`;
  return `${value} ${unit}`;
}

/** A table cell: no line breaks, and a `|` that does not end the cell. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

function runLabel(info: RunInfo, load: [number, number]): string {
  return `${info.date}, load ${load[0].toFixed(1)}→${load[1].toFixed(1)} on ${info.cores} cores`;
}

/** The table rows of one passing scenario's measurements. */
export function metricRows(scenario: ScenarioMeasurements, info: RunInfo): string[] {
  const run = runLabel(info, scenario.load);
  return scenario.metrics.map((m) => `| ${cell(scenario.id)} | ${cell(m.name)} | ${formatValue(m.value, m.unit)} | ${cell(m.note ?? '')} | ${run} |`);
}

/** Where the section is: from its heading to the next `## ` heading or the end. */
export function findWorkbenchSection(text: string): { start: number; end: number } | null {
  const heading = HEADING.exec(text);
  if (!heading) return null;
  const afterHeading = heading.index + heading[0].length;
  const next = /^## /m.exec(text.slice(afterHeading));
  return { start: heading.index, end: next ? afterHeading + next.index : text.length };
}

/** The scenario id a table row of the section is about (its first cell), or null. */
function rowScenario(line: string): string | null {
  return /^\|\s*(\d{2}[a-z]?-[\w-]+)\s*\|/.exec(line)?.[1] ?? null;
}

/**
 * The section's text: the rows of every scenario that passed in this run, then (in scenario
 * order) the rows an earlier run wrote for scenarios this run did not measure.
 */
export function workbenchSection(scenarios: ScenarioMeasurements[], info: RunInfo, previousSection = ''): string {
  const measured = scenarios.filter((s) => s.status === 'pass' && s.metrics.length > 0);
  const fresh = new Set(measured.map((s) => s.id));
  const rows = new Map<string, string[]>();
  for (const scenario of measured) rows.set(scenario.id, metricRows(scenario, info));
  for (const line of previousSection.split('\n')) {
    const id = rowScenario(line);
    if (!id || fresh.has(id)) continue;
    rows.set(id, [...(rows.get(id) ?? []), line.trimEnd()]);
  }
  const ids = [...rows.keys()].sort();
  return [
    WORKBENCH_HEADING,
    '',
    'Written by `npm run test:e2e -- --write-benchmarks` from the measurements of the scenarios',
    `that passed: code-server ${info.codeServerVersion} in Debian's Chromium, the packaged \`.vsix\`, one sample`,
    'per row unless it says otherwise. Times are what the user sees, taken in the page with one',
    'clock: from the key that starts something (Enter in Quick Open or the command palette, a typed',
    'character) to the screen showing the result. The tests wait generously: a slow figure is',
    'recorded here, never failed. Each row names its run (date, 1-minute load average at the start',
    'and end of its scenario, cores); a scenario left out of a later run keeps its earlier rows.',
    "The rest of this file is `npm run bench`'s, which keeps this section.",
    '',
    '| scenario | measurement | value | measured from / to | run |',
    '| --- | --- | ---: | --- | --- |',
    ...ids.flatMap((id) => rows.get(id) ?? []),
    '',
  ].join('\n');
}

/**
 * BENCHMARKS.md with its workbench section rewritten from this run (appended when the file has
 * none); every byte outside the section stays as it was.
 */
export function updateBenchmarks(text: string, scenarios: ScenarioMeasurements[], info: RunInfo): string {
  const where = findWorkbenchSection(text);
  if (!where) return `${text.trimEnd()}\n\n${workbenchSection(scenarios, info)}`;
  const section = workbenchSection(scenarios, info, text.slice(where.start, where.end));
  const rest = text.slice(where.end);
  return text.slice(0, where.start) + section + (rest ? `\n${rest}` : '');
}
