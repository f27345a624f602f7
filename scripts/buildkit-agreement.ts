// How our rules agree with Docker's build checks (BuildKit's Dockerfile linter), on its own
// cases (../shared/corpus/buildkit-checks.jsonl):
//   - lint tests (dockerfile_check_test.go): the complete list of expected warnings as
//     {rule, line}; we compare it with every finding of ours that carries a BuildKit check name
//     (its line: the finding's first line), as a sorted list. A `dockerignore` becomes the
//     virtual build context's .dockerignore.
//   - docs examples: `catch` needs a finding with the check's name, `nocatch` none.
// Our rules run at their default levels, as `docker build` runs its checks (opt-in checks are
// turned on by the file's own `# check=experimental=...`, as in BuildKit; for a docs example,
// the check the page is about is on).
//
// Cases whose `needs` name something outside the Dockerfile that changes the linter's input
// (FrontendAttrs: build arguments or a BUILDKIT_DOCKERFILE_CHECK override) are skipped with
// that reason; `BuildErr`, `BuildErrLocation` and `Platform` describe the build that follows
// the lint, not the lint, so those cases run. Cases that the corpus extraction got wrong
// (Dockerfiles built with fmt.Sprintf, expectations built by helper functions, .dockerignore
// given in subtests) are replaced, one by one, by upstream's real input and expectation in
// test/corpus/intentional-differences.json ("buildkitCorrections", with the reason); cases we
// disagree with on purpose are listed there under "buildkit".
//
//   npm run agreement:buildkit                      per-check table
//   npm run agreement:buildkit -- --show UndefinedVar
import { resolve } from 'node:path';
import { analyze } from '../server/src/analysis/engine';
import type { Rule } from '../server/src/analysis/rule';
import { isBuildkitName } from '../server/src/analysis/suppress';
import { contextEnv } from '../test/support/virtual-context';
import { formatTable, readDifferences, readJsonl, REPO_ROOT, type AgreementRow, type Differences, type Verdict } from './hadolint-agreement';

export const BUILDKIT_CASES_PATH = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'buildkit-checks.jsonl');

/** Every check of BuildKit's linter that the issue asks for (InvalidDefinitionDescription is experimental there). */
export const BUILDKIT_CHECKS: readonly string[] = [
  'StageNameCasing', 'FromAsCasing', 'NoEmptyContinuation', 'ConsistentInstructionCasing', 'DuplicateStageName',
  'ReservedStageName', 'JSONArgsRecommended', 'MaintainerDeprecated', 'UndefinedArgInFrom', 'WorkdirRelativePath',
  'UndefinedVar', 'MultipleInstructionsDisallowed', 'LegacyKeyValueFormat', 'RedundantTargetPlatform',
  'SecretsUsedInArgOrEnv', 'InvalidDefaultArgInFrom', 'FromPlatformFlagConstDisallowed', 'CopyIgnoredFile',
  'ExposeProtoCasing', 'ExposeInvalidFormat', 'InvalidDefinitionDescription',
];

export interface Warning {
  rule: string;
  line: number;
}

export interface BuildkitCase {
  source: string;
  dockerfile: string;
  dockerignore?: string;
  warnings?: Warning[];
  needs?: string[];
  rule?: string;
  expect?: 'catch' | 'nocatch';
}

export interface BuildkitOutcome {
  key: string;
  case: BuildkitCase;
  /** Our findings as BuildKit warnings (sorted). */
  found: Warning[];
  expected: Warning[] | null;
  verdict: Verdict;
  note: string | null;
}

/** Needs that describe the build after the lint, not the lint's input. */
const BUILD_ONLY_NEEDS = new Set(['BuildErr', 'BuildErrLocation', 'Platform']);

// Test functions whose name is not the check they are about.
const TEST_CHECK: Record<string, string> = {
  testDefinitionDescription: 'InvalidDefinitionDescription',
  testCopyIgnoredFiles: 'CopyIgnoredFile',
  testCopyIgnoredFileContextRoot: 'CopyIgnoredFile',
  testAllTargetUnmarshal: 'UndefinedVar',
  testRuleCheckOption: '(check directive)',
  testStageName: 'StageNameCasing',
  testWarningsBeforeError: '(several)',
  testUndeclaredArg: 'UndefinedArgInFrom',
  testUnmatchedVars: 'UndefinedVar',
};

/** `source#n`: the n-th case (1-based) of that test function or docs page. */
export function keyCases(cases: readonly BuildkitCase[]): { key: string; case: BuildkitCase }[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.source) ?? 0) + 1;
    seen.set(c.source, n);
    return { key: `${c.source}#${n}`, case: c };
  });
}

/** The row a case belongs to: its docs page's check, or the check its test function is about. */
export function checkOf(c: BuildkitCase): string {
  if (c.rule) return c.rule;
  const test = c.source.split('#')[1] ?? c.source;
  return TEST_CHECK[test] ?? test.replace(/^test/, '');
}

const byLine = (a: Warning, b: Warning) => a.line - b.line || a.rule.localeCompare(b.rule);
const show = (warnings: Warning[]) => warnings.map((w) => `${w.rule}:${w.line}`).join(', ') || '(none)';

/** Our findings on the case, as BuildKit warnings (one per BuildKit alias of a finding). */
export function buildkitWarnings(c: BuildkitCase, rules: readonly Rule[]): { warnings: Warning[]; errors: string[] } {
  const errors: string[] = [];
  const env = c.dockerignore !== undefined ? contextEnv({ '.dockerignore': c.dockerignore }) : contextEnv({});
  // A docs page describes its check as it runs once enabled (the experimental one is opt-in).
  const docsCheck = c.rule ? rules.filter((rule) => rule.meta.aliases.includes(c.rule!)) : [];
  try {
    const { findings } = analyze(c.dockerfile, {
      rules,
      env,
      settings: [Object.fromEntries(docsCheck.map((rule) => [rule.meta.id, rule.meta.severity]))],
      onRuleError: (ruleId, error) => errors.push(`${ruleId}: ${(error as Error)?.message ?? error}`),
    });
    const warnings: Warning[] = [];
    for (const finding of findings) {
      for (const alias of finding.aliases) if (isBuildkitName(alias)) warnings.push({ rule: alias, line: finding.range.start.line + 1 });
    }
    return { warnings: warnings.sort(byLine), errors };
  } catch (error) {
    return { warnings: [], errors: [String((error as Error)?.message ?? error)] };
  }
}

export function runBuildkitCase(key: string, original: BuildkitCase, rules: readonly Rule[], differences: Differences): BuildkitOutcome {
  const correction = differences.buildkitCorrections[key];
  const c: BuildkitCase = correction
    ? { ...original, dockerfile: correction.dockerfile ?? original.dockerfile, dockerignore: correction.dockerignore ?? original.dockerignore, warnings: correction.warnings ?? original.warnings, needs: undefined }
    : original;
  const listed = differences.buildkit[key] ?? null;
  const inputNeeds = (c.needs ?? []).filter((need) => !BUILD_ONLY_NEEDS.has(need));
  if (inputNeeds.length > 0) {
    return { key, case: c, found: [], expected: c.warnings ?? null, verdict: 'skipped', note: `needs ${inputNeeds.join(', ')} (build arguments or a check override given outside the Dockerfile)` };
  }
  const { warnings, errors } = buildkitWarnings(c, rules);
  let agrees: boolean;
  let expected: Warning[] | null = null;
  if (c.warnings) {
    expected = [...c.warnings].sort(byLine);
    agrees = show(expected) === show(warnings);
  } else {
    const hits = warnings.filter((w) => w.rule === c.rule).length;
    agrees = c.expect === 'catch' ? hits > 0 : hits === 0;
  }
  if (errors.length > 0) return { key, case: c, found: warnings, expected, verdict: 'failed', note: errors.join('; ') };
  if (agrees) return { key, case: c, found: warnings, expected, verdict: 'agreed', note: listed === null ? null : `listed as a difference but agrees: ${listed}` };
  return { key, case: c, found: warnings, expected, verdict: listed === null ? 'failed' : 'differs', note: listed };
}

export interface BuildkitRow extends Omit<AgreementRow, 'outcomes'> {
  outcomes: BuildkitOutcome[];
}

export function computeBuildkitAgreement(cases: readonly BuildkitCase[], rules: readonly Rule[], differences: Differences): BuildkitRow[] {
  const rows = new Map<string, BuildkitRow>();
  const ruleIdsFor = (check: string) => rules.filter((rule) => rule.meta.aliases.includes(check)).map((rule) => rule.meta.id).sort();
  const rowFor = (check: string) => {
    let row = rows.get(check);
    if (!row) rows.set(check, (row = { code: check, ruleIds: ruleIdsFor(check), cases: 0, agreed: 0, differs: 0, failed: 0, skipped: 0, outcomes: [] }));
    return row;
  };
  for (const check of BUILDKIT_CHECKS) rowFor(check);
  for (const { key, case: c } of keyCases(cases)) {
    const row = rowFor(checkOf(c));
    const outcome = runBuildkitCase(key, c, rules, differences);
    row.cases++;
    row[outcome.verdict]++;
    row.outcomes.push(outcome);
  }
  return [...rows.values()];
}

export function formatBuildkitDisagreements(row: BuildkitRow): string {
  const lines = [`Disagreements for ${row.code} (${row.ruleIds.join(', ') || 'no rule'}):`];
  for (const outcome of row.outcomes) {
    if (outcome.verdict === 'agreed' && outcome.note === null) continue;
    const c = outcome.case;
    const expected = outcome.expected ? show(outcome.expected) : `${c.expect} ${c.rule}`;
    lines.push(`- [${outcome.verdict}] ${outcome.key}: expected ${expected}; found ${show(outcome.found)}${outcome.note ? ` (${outcome.note})` : ''}`);
    if (c.dockerignore !== undefined) lines.push(`    .dockerignore: ${JSON.stringify(c.dockerignore)}`);
    lines.push(...c.dockerfile.trimEnd().split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n') + '\n';
}

function main(argv: string[]): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { allRules } = require('../server/src/rules') as typeof import('../server/src/rules');
  let cases: BuildkitCase[];
  try {
    cases = readJsonl<BuildkitCase>(BUILDKIT_CASES_PATH);
  } catch {
    process.stderr.write(`buildkit-agreement: cannot read ${BUILDKIT_CASES_PATH} (the shared corpus must sit next to the repository)\n`);
    return 2;
  }
  const rows = computeBuildkitAgreement(cases, allRules, readDifferences());
  process.stdout.write(formatTable(rows as unknown as AgreementRow[], 'BuildKit check'));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--show') continue;
    const wanted = argv[i + 1] ?? '';
    const shown = rows.filter((row) => wanted.toLowerCase() === 'all' || row.code.toLowerCase() === wanted.toLowerCase());
    for (const row of shown) process.stdout.write('\n' + formatBuildkitDisagreements(row));
    if (shown.length === 0) process.stderr.write(`no check ${wanted}\n`);
  }
  return rows.some((row) => row.failed > 0) ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
