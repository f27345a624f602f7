// Our rules against hadolint's spec cases: every case must agree, or be listed with its reason
// in test/corpus/intentional-differences.json ("hadolint"); a listed case that agrees fails too
// (the entry is stale). `npm run agreement` prints the per-code table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/rules';
import type { Rule } from '../../server/src/analysis/rule';
import {
  computeAgreement,
  formatDisagreements,
  HADOLINT_CODES,
  readCases,
  readDifferences,
  runCase,
  type AgreementRow,
  type HadolintCase,
} from '../../scripts/hadolint-agreement';
import { computeShellcheckRow, shellcheckAvailable } from '../../scripts/shellcheck-agreement';
import { corpusMissing, HADOLINT_CASES, IN_CI } from './corpus-location';

const missing = corpusMissing(HADOLINT_CASES);

function assertRow(row: AgreementRow): void {
  const problems = row.outcomes.filter((outcome) => outcome.verdict === 'failed' || (outcome.verdict === 'agreed' && outcome.note !== null));
  assert.equal(problems.length, 0, `${problems.length} case(s) disagree without a listed reason, or are listed but agree\n${formatDisagreements(row)}`);
}

describe('hadolint agreement', { skip: missing !== null && !IN_CI ? missing! : false }, () => {
  if (missing !== null) {
    it('needs the shared corpus under CI', () => assert.fail(missing));
    return;
  }
  const cases = readCases(HADOLINT_CASES);
  const differences = readDifferences().hadolint;
  const rows = computeAgreement(cases, allRules, differences);

  it('every hadolint rule has a rule of ours', () => {
    const uncovered = HADOLINT_CODES.filter((code) => rows.find((row) => row.code === code)?.ruleIds.length === 0);
    assert.deepEqual(uncovered, []);
  });

  it('every listed difference names a case of the corpus', () => {
    const keys = new Set(rows.flatMap((row) => row.outcomes.map((outcome) => outcome.key)));
    const shellcheckKeys = cases.filter((c) => c.rule === 'SC').map((c) => `${c.source}:${c.line}:${c.variant}:${c.rule}`);
    for (const key of shellcheckKeys) keys.add(key);
    assert.deepEqual(Object.keys(differences).filter((key) => !keys.has(key)), []);
  });

  for (const row of rows) {
    if (row.cases === 0) continue;
    it(`${row.code} (${row.ruleIds.join(', ')}): ${row.agreed}/${row.cases} agree, ${row.differs} listed`, () => assertRow(row));
  }

  const noShellcheck = !shellcheckAvailable() && !IN_CI ? 'shellcheck is not installed (apt-get install shellcheck)' : false;
  it('SC (shellcheck): ShellCheck cases agree', { skip: noShellcheck }, async () => {
    assert.ok(shellcheckAvailable(), 'shellcheck must be installed under CI (.ci/run installs it)');
    assertRow(await computeShellcheckRow(cases, differences));
  });
});

// The harness itself, on hand-made cases and probe rules, so that a broken harness cannot hide
// behind the list of differences.
describe('agreement harness', () => {
  const probe = (aliases: string[], perFinding?: string[]): Rule => ({
    meta: { id: 'probe', category: 'correctness', severity: 'warning', description: 'probe', docs: 'probe', fixable: false, aliases, enabledByDefault: false },
    check({ model, report }) {
      for (const instruction of model.instructions) {
        if (instruction.keyword === 'USER') report({ range: instruction.range, message: 'user', aliases: perFinding });
      }
    },
  });
  const at = (rule: string, expect: 'catch' | 'nocatch', dockerfile: string, count?: number): HadolintCase => ({
    rule, expect, dockerfile, count, source: 'probe', line: 1, variant: 'plain',
  });

  it('catch agrees on a finding with the code, nocatch on none; rules off by default are forced on', () => {
    const rule = probe(['DL9999']);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\n'), [rule]).verdict, 'agreed');
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\n'), [rule]).verdict, 'failed');
    assert.equal(runCase(at('DL9999', 'nocatch', 'FROM a\n'), [rule]).verdict, 'agreed');
    assert.equal(runCase(at('DL9999', 'nocatch', 'FROM a\nUSER b\n'), [rule]).verdict, 'failed');
  });

  it('respects count', () => {
    const rule = probe(['DL9999']);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\nUSER c\n', 1), [rule]).verdict, 'failed');
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\nUSER c\n', 2), [rule]).verdict, 'agreed');
  });

  it("a finding's own aliases decide which code it counts for", () => {
    const rule = probe(['DL9998', 'DL9999'], ['DL9998']);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\n'), [rule]).verdict, 'failed');
    assert.equal(runCase(at('DL9998', 'catch', 'FROM a\nUSER b\n'), [rule]).verdict, 'agreed');
  });

  it('a listed case that disagrees is a difference; a listed case that agrees is flagged as stale', () => {
    const rule = probe(['DL9999']);
    const c = at('DL9999', 'catch', 'FROM a\n');
    const listed = { 'probe:1:plain:DL9999': 'on purpose' };
    assert.equal(runCase(c, [rule], listed).verdict, 'differs');
    const agreeing = runCase(at('DL9999', 'catch', 'FROM a\nUSER b\n'), [rule], listed);
    assert.equal(agreeing.verdict, 'agreed');
    assert.match(agreeing.note ?? '', /listed as a difference but agrees/);
  });

  it('codes without a rule of ours get a failing row', () => {
    const rows = computeAgreement([at('DL9997', 'catch', 'FROM a\nUSER b\n')], [probe(['DL9999'])]);
    const row = rows.find((r) => r.code === 'DL9997')!;
    assert.deepEqual([row.cases, row.failed], [1, 1]);
  });

  it('hadolint ignore pragmas are honoured through the alias', () => {
    const rule = probe(['DL9999']);
    assert.equal(runCase(at('DL9999', 'nocatch', 'FROM a\n# hadolint ignore=DL9999\nUSER b\n'), [rule]).verdict, 'agreed');
  });
});
