// How often our rules agree with hadolint's own spec cases (../shared/corpus/hadolint-cases.jsonl).
// For each case whose hadolint code is an alias of one of our rules, the rules covering that
// code run (forced on) on the case's Dockerfile: "catch" agrees when at least one finding
// carries the code (exactly `count` when the spec gives one), "nocatch" when none does.
//
//   npm run agreement                         per-code table
//   npm run agreement -- --show DL3009        also list that code's disagreements
//   npm run agreement -- --write-baseline     record agreed counts in test/corpus/hadolint-baseline.json
//
// test/corpus/hadolint-agreement.test.ts fails when a code's agreed count drops below the baseline.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from '../server/src/analysis/engine';
import type { Rule } from '../server/src/analysis/rule';

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

export interface CaseOutcome {
  case: HadolintCase;
  /** Findings that carry the case's code. */
  found: number;
  agreed: boolean;
  error: string | null;
}

export interface AgreementRow {
  code: string;
  /** Our rules that cover the code. */
  ruleIds: string[];
  cases: number;
  agreed: number;
  outcomes: CaseOutcome[];
}

export const BASELINE_PATH = resolve(__dirname, '..', 'test', 'corpus', 'hadolint-baseline.json');

export function readCases(path: string): HadolintCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HadolintCase);
}

const forcedOn = (rules: readonly Rule[]) => Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.severity]));

function sameCode(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/**
 * Which of our rules cover each hadolint code: the rule's declared aliases, plus the codes its
 * findings name on these cases (a rule may report a narrower, per-occurrence code).
 */
export function coveringRules(cases: readonly HadolintCase[], rules: readonly Rule[]): Map<string, Rule[]> {
  const cover = new Map<string, Set<Rule>>();
  const add = (code: string, rule: Rule) => {
    const key = code.toUpperCase();
    if (!cover.has(key)) cover.set(key, new Set());
    cover.get(key)!.add(rule);
  };
  for (const rule of rules) for (const alias of rule.meta.aliases) if (/^DL\d+$/i.test(alias)) add(alias, rule);
  for (const c of cases) {
    for (const rule of rules) {
      let findings;
      try {
        findings = analyze(c.dockerfile, { rules: [rule], settings: [forcedOn([rule])] }).findings;
      } catch {
        continue; // the agreement run reports errors case by case
      }
      for (const finding of findings) for (const alias of finding.aliases) if (/^DL\d+$/i.test(alias)) add(alias, rule);
    }
  }
  return new Map([...cover].map(([code, set]) => [code, [...set]]));
}

export function runCase(c: HadolintCase, rules: readonly Rule[]): CaseOutcome {
  const errors: string[] = [];
  let found = 0;
  try {
    const { findings } = analyze(c.dockerfile, {
      rules,
      settings: [forcedOn(rules)],
      onRuleError: (ruleId, error) => errors.push(`${ruleId}: ${(error as Error)?.message ?? error}`),
    });
    found = findings.filter((finding) => finding.aliases.some((alias) => sameCode(alias, c.rule))).length;
  } catch (error) {
    errors.push(String((error as Error)?.message ?? error));
  }
  const agreed = errors.length === 0 && (c.expect === 'nocatch' ? found === 0 : c.count !== undefined ? found === c.count : found > 0);
  return { case: c, found, agreed, error: errors.length > 0 ? errors.join('; ') : null };
}

export function computeAgreement(cases: readonly HadolintCase[], rules: readonly Rule[]): AgreementRow[] {
  const cover = coveringRules(cases, rules);
  const rows = new Map<string, AgreementRow>();
  for (const c of cases) {
    const code = c.rule.toUpperCase();
    const covering = cover.get(code);
    if (!covering) continue;
    let row = rows.get(code);
    if (!row) {
      row = { code, ruleIds: covering.map((rule) => rule.meta.id).sort(), cases: 0, agreed: 0, outcomes: [] };
      rows.set(code, row);
    }
    const outcome = runCase(c, covering);
    row.cases++;
    if (outcome.agreed) row.agreed++;
    row.outcomes.push(outcome);
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function readBaseline(path = BASELINE_PATH): Record<string, number> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export function baselineOf(rows: readonly AgreementRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.code, row.agreed]));
}

const percent = (agreed: number, cases: number) => (cases === 0 ? '-' : `${((100 * agreed) / cases).toFixed(0)}%`);

export function formatTable(rows: readonly AgreementRow[], baseline: Record<string, number>, totalCases: number): string {
  const lines = [
    '| hadolint | our rule(s) | cases | agreed | % | baseline |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => {
      const base = baseline[row.code];
      const trend = base === undefined ? 'new' : row.agreed > base ? `${base} (up)` : row.agreed < base ? `${base} (DOWN)` : String(base);
      return `| ${row.code} | ${row.ruleIds.join(', ')} | ${row.cases} | ${row.agreed} | ${percent(row.agreed, row.cases)} | ${trend} |`;
    }),
  ];
  const cases = rows.reduce((sum, row) => sum + row.cases, 0);
  const agreed = rows.reduce((sum, row) => sum + row.agreed, 0);
  lines.push('', `${rows.length} hadolint codes covered; ${agreed} of ${cases} of their cases agree (${percent(agreed, cases)}); ${totalCases} cases in the file.`);
  return lines.join('\n') + '\n';
}

export function formatDisagreements(row: AgreementRow): string {
  const lines = [`Disagreements for ${row.code} (${row.ruleIds.join(', ')}):`];
  for (const outcome of row.outcomes) {
    if (outcome.agreed) continue;
    const c = outcome.case;
    const expected = c.expect === 'catch' ? `catch${c.count !== undefined ? ` x${c.count}` : ''}` : 'nocatch';
    lines.push(`- expected ${expected}, found ${outcome.found}${outcome.error ? ` (error: ${outcome.error})` : ''}; ${c.source}:${c.line} "${c.test}" [${c.variant}]`);
    lines.push(...c.dockerfile.trimEnd().split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n') + '\n';
}

function main(argv: string[]): number {
  // Loaded here, not at the top, so the test can import the harness with its own rule list.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { allRules } = require('../server/src/rules') as typeof import('../server/src/rules');
  const casesPath = resolve(__dirname, '..', '..', 'shared', 'corpus', 'hadolint-cases.jsonl');
  let cases: HadolintCase[];
  try {
    cases = readCases(casesPath);
  } catch {
    process.stderr.write(`hadolint-agreement: cannot read ${casesPath} (the shared corpus must sit next to the repository)\n`);
    return 2;
  }
  const rows = computeAgreement(cases, allRules);
  const baseline = readBaseline();
  process.stdout.write(formatTable(rows, baseline, cases.length));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--show') continue;
    const wanted = (argv[i + 1] ?? '').toUpperCase();
    const shown = rows.filter((row) => wanted === 'ALL' || row.code === wanted);
    for (const row of shown) process.stdout.write('\n' + formatDisagreements(row));
    if (shown.length === 0) process.stderr.write(`no covered code ${wanted}\n`);
  }
  if (argv.includes('--write-baseline')) {
    writeFileSync(BASELINE_PATH, JSON.stringify(baselineOf(rows), null, 2) + '\n');
    process.stdout.write(`\nWrote ${join('test', 'corpus', 'hadolint-baseline.json')}.\n`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
