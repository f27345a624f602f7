// How our rules agree with hadolint's own spec cases (../shared/corpus/hadolint-cases.jsonl).
// For each case, the rules whose aliases name the case's hadolint code run, forced on and with
// the version-pinning setting on (as hadolint runs them): "catch" agrees when at least one
// finding carries the code (exactly `count` when the spec gives one), "nocatch" when none does.
// `SC` cases ("some ShellCheck finding") run through the ShellCheck rule (async, needs the
// `shellcheck` program); the `*` case ("no finding of any rule") runs every rule at its default.
//
// A case that disagrees must be listed, with the reason, in test/corpus/intentional-differences.json
// (section "hadolint", keyed `source:line:variant:rule`); test/corpus/hadolint-agreement.test.ts
// fails on an unlisted disagreement and on a listed case that agrees (a stale entry).
//
//   npm run agreement                         per-code table (every hadolint rule)
//   npm run agreement -- --show DL3009        also list that code's disagreements (ALL: every code)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RuleOptions } from '../server/src/analysis/config';
import { analyze } from '../server/src/analysis/engine';
import type { Rule } from '../server/src/analysis/rule';
import type { Finding } from '../server/src/analysis/types';

export interface HadolintCase {
  rule: string;
  expect: 'catch' | 'nocatch';
  dockerfile: string;
  count?: number;
  test?: string;
  source?: string;
  line?: number;
  variant?: string;
}

export type Verdict = 'agreed' | 'differs' | 'failed' | 'skipped';

export interface CaseOutcome {
  case: HadolintCase;
  key: string;
  /** Findings that carry the case's code. */
  found: number;
  verdict: Verdict;
  /** The listed reason (differs), why it was skipped, or the error. */
  note: string | null;
}

export interface AgreementRow {
  code: string;
  /** Our rules that cover the code. */
  ruleIds: string[];
  cases: number;
  agreed: number;
  differs: number;
  failed: number;
  skipped: number;
  outcomes: CaseOutcome[];
}

export const REPO_ROOT = resolve(__dirname, '..');
export const DIFFERENCES_PATH = resolve(REPO_ROOT, 'test', 'corpus', 'intentional-differences.json');
export const HADOLINT_CASES_PATH = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'hadolint-cases.jsonl');

/** Every rule in hadolint's README (DL1001, DL3000–DL3067, DL4000–DL4006; some numbers were never used). */
export const HADOLINT_CODES: readonly string[] = [
  'DL1001',
  ...range(3000, 3067).filter((n) => n !== 3005 && n !== 3017 && n !== 3031 && n !== 3039).map((n) => `DL${n}`),
  'DL4000', 'DL4001', 'DL4003', 'DL4004', 'DL4005', 'DL4006',
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** As hadolint runs its specs: every covering rule on, version pinning on. */
export const HADOLINT_OPTIONS: RuleOptions = { pinVersions: true };

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export const readCases = (path: string) => readJsonl<HadolintCase>(path);

export interface Differences {
  /** hadolint cases we disagree with on purpose, by caseKey, with the reason. */
  hadolint: Record<string, string>;
  /** BuildKit cases (scripts/buildkit-agreement.ts). */
  buildkit: Record<string, string>;
  buildkitCorrections: Record<string, { reason: string; dockerfile?: string; dockerignore?: string; warnings?: { rule: string; line: number }[] }>;
}

export function readDifferences(path = DIFFERENCES_PATH): Differences {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<Differences>;
  return { hadolint: data.hadolint ?? {}, buildkit: data.buildkit ?? {}, buildkitCorrections: data.buildkitCorrections ?? {} };
}

export function caseKey(c: HadolintCase): string {
  return `${c.source}:${c.line}:${c.variant}:${c.rule}`;
}

const sameCode = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
const forcedOn = (rules: readonly Rule[]) => Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.severity]));

/** Our rules that cover each hadolint code, from the codes each rule declares. */
export function coveringRules(rules: readonly Rule[]): Map<string, Rule[]> {
  const cover = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const alias of rule.meta.aliases) {
      if (!/^DL\d{4}$/i.test(alias)) continue;
      const key = alias.toUpperCase();
      cover.set(key, [...(cover.get(key) ?? []), rule]);
    }
  }
  return cover;
}

/** Runs the case through `rules` (forced on); returns the findings, or the rules' errors. */
export function findingsFor(c: HadolintCase, rules: readonly Rule[], forceOn = true): { findings: Finding[]; errors: string[] } {
  const errors: string[] = [];
  try {
    const { findings } = analyze(c.dockerfile, {
      rules,
      settings: forceOn ? [forcedOn(rules)] : [],
      ruleOptions: HADOLINT_OPTIONS,
      onRuleError: (ruleId, error) => errors.push(`${ruleId}: ${(error as Error)?.message ?? error}`),
    });
    return { findings, errors };
  } catch (error) {
    return { findings: [], errors: [String((error as Error)?.message ?? error)] };
  }
}

/** Whether `found` findings agree with the case's verdict. */
export function verdictHolds(c: HadolintCase, found: number): boolean {
  if (c.expect === 'nocatch') return found === 0;
  return c.count !== undefined ? found === c.count : found > 0;
}

export function judge(c: HadolintCase, found: number, errors: string[], differences: Record<string, string>): CaseOutcome {
  const key = caseKey(c);
  const reason = differences[key] ?? null;
  if (errors.length > 0) return { case: c, key, found, verdict: 'failed', note: errors.join('; ') };
  if (verdictHolds(c, found)) return { case: c, key, found, verdict: 'agreed', note: reason === null ? null : `listed as a difference but agrees: ${reason}` };
  return { case: c, key, found, verdict: reason === null ? 'failed' : 'differs', note: reason };
}

export function runCase(c: HadolintCase, rules: readonly Rule[], differences: Record<string, string> = {}): CaseOutcome {
  if (c.rule === '*') {
    // hadolint's regression case: no rule fires (our rules at their defaults, counting DL codes).
    const { findings, errors } = findingsFor(c, rules, false);
    const found = findings.filter((finding) => finding.aliases.some((alias) => /^DL\d{4}$/i.test(alias))).length;
    return judge(c, found, errors, differences);
  }
  const { findings, errors } = findingsFor(c, rules);
  const found = findings.filter((finding) => finding.aliases.some((alias) => sameCode(alias, c.rule))).length;
  return judge(c, found, errors, differences);
}

function emptyRow(code: string, ruleIds: string[]): AgreementRow {
  return { code, ruleIds, cases: 0, agreed: 0, differs: 0, failed: 0, skipped: 0, outcomes: [] };
}

export function addOutcome(row: AgreementRow, outcome: CaseOutcome): void {
  row.cases++;
  row[outcome.verdict]++;
  row.outcomes.push(outcome);
}

/**
 * One row per hadolint rule (also those without cases or without a rule of ours), plus `*`.
 * `SC` cases are left to computeShellcheckRow (they need the async ShellCheck rule).
 */
export function computeAgreement(cases: readonly HadolintCase[], rules: readonly Rule[], differences: Record<string, string> = {}): AgreementRow[] {
  const cover = coveringRules(rules);
  const rows = new Map<string, AgreementRow>();
  for (const code of HADOLINT_CODES) rows.set(code, emptyRow(code, (cover.get(code) ?? []).map((rule) => rule.meta.id).sort()));
  for (const c of cases) {
    const code = c.rule.toUpperCase();
    if (code === 'SC') continue;
    let row = rows.get(code);
    if (!row) rows.set(code, (row = emptyRow(code, code === '*' ? ['(all rules)'] : (cover.get(code) ?? []).map((rule) => rule.meta.id).sort())));
    const covering = code === '*' ? rules : cover.get(code);
    if (!covering || covering.length === 0) {
      addOutcome(row, { case: c, key: caseKey(c), found: 0, verdict: 'failed', note: 'no rule of ours covers this code' });
      continue;
    }
    addOutcome(row, runCase(c, covering, differences));
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

const percent = (agreed: number, cases: number) => (cases === 0 ? '-' : `${((100 * agreed) / cases).toFixed(0)}%`);

export function formatTable(rows: readonly AgreementRow[], title = 'hadolint'): string {
  const lines = [
    `| ${title} | our rule(s) | cases | agree | listed differences | fail | skipped | agree % |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.code} | ${row.ruleIds.join(', ') || '—'} | ${row.cases} | ${row.agreed} | ${row.differs} | ${row.failed} | ${row.skipped} | ${percent(row.agreed, row.cases - row.skipped)} |`,
    ),
  ];
  const sum = (pick: (row: AgreementRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const cases = sum((row) => row.cases);
  const skipped = sum((row) => row.skipped);
  lines.push(
    '',
    `${rows.filter((row) => row.ruleIds.length > 0).length} of ${rows.length} rows have a rule of ours; ` +
      `${sum((row) => row.agreed)} of ${cases - skipped} run cases agree (${percent(sum((row) => row.agreed), cases - skipped)}), ` +
      `${sum((row) => row.differs)} listed differences, ${sum((row) => row.failed)} failures, ${skipped} skipped.`,
  );
  return lines.join('\n') + '\n';
}

export function formatDisagreements(row: AgreementRow): string {
  const lines = [`Disagreements for ${row.code} (${row.ruleIds.join(', ') || 'no rule'}):`];
  for (const outcome of row.outcomes) {
    if (outcome.verdict === 'agreed' && outcome.note === null) continue;
    const c = outcome.case;
    const expected = c.expect === 'catch' ? `catch${c.count !== undefined ? ` x${c.count}` : ''}` : 'nocatch';
    lines.push(`- [${outcome.verdict}] expected ${expected}, found ${outcome.found}${outcome.note ? ` (${outcome.note})` : ''}; ${outcome.key} "${c.test}"`);
    lines.push(...c.dockerfile.trimEnd().split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  // Loaded here, not at the top, so the test can import the harness with its own rule list.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { allRules } = require('../server/src/rules') as typeof import('../server/src/rules');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { computeShellcheckRow } = require('./shellcheck-agreement') as typeof import('./shellcheck-agreement');
  let cases: HadolintCase[];
  try {
    cases = readCases(HADOLINT_CASES_PATH);
  } catch {
    process.stderr.write(`hadolint-agreement: cannot read ${HADOLINT_CASES_PATH} (the shared corpus must sit next to the repository)\n`);
    return 2;
  }
  const differences = readDifferences().hadolint;
  const rows = computeAgreement(cases, allRules, differences);
  rows.push(await computeShellcheckRow(cases, differences));
  process.stdout.write(formatTable(rows));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--show') continue;
    const wanted = (argv[i + 1] ?? '').toUpperCase();
    const shown = rows.filter((row) => wanted === 'ALL' || row.code === wanted);
    for (const row of shown) process.stdout.write('\n' + formatDisagreements(row));
    if (shown.length === 0) process.stderr.write(`no code ${wanted}\n`);
  }
  return rows.some((row) => row.failed > 0) ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
