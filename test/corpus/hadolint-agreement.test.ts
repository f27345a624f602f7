// Our rules against hadolint's spec cases: per hadolint code, the number of agreeing cases must
// not drop below test/corpus/hadolint-baseline.json. Improvements are recorded by regenerating
// the baseline: `npm run agreement -- --write-baseline`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/rules';
import type { Rule } from '../../server/src/analysis/rule';
import { computeAgreement, formatDisagreements, readBaseline, readCases, runCase, type HadolintCase } from '../../scripts/hadolint-agreement';
import { corpusMissing, HADOLINT_CASES, IN_CI } from './corpus-location';

const missing = corpusMissing(HADOLINT_CASES);

describe('hadolint agreement', { skip: missing !== null && !IN_CI ? missing! : false }, () => {
  if (missing !== null) {
    it('needs the shared corpus under CI', () => assert.fail(missing));
    return;
  }
  const cases = readCases(HADOLINT_CASES);
  const rows = computeAgreement(cases, allRules);
  const baseline = readBaseline();

  it('the baseline names codes we cover', () => {
    const covered = new Set(rows.map((row) => row.code));
    const lost = Object.keys(baseline).filter((code) => !covered.has(code));
    assert.deepEqual(lost, [], 'no rule covers these baseline codes any more (alias removed or rule unregistered?)');
  });

  for (const row of rows) {
    const floor = baseline[row.code] ?? 0;
    it(`${row.code} (${row.ruleIds.join(', ')}): ${row.agreed}/${row.cases} agree, baseline ${floor}`, () => {
      assert.ok(row.agreed >= floor, `agreement dropped from ${floor} to ${row.agreed}\n${formatDisagreements(row)}`);
    });
  }
});

// The harness itself, on hand-made cases and probe rules, so that a broken harness cannot hide
// behind a baseline recorded with it.
describe('agreement harness', () => {
  const probe = (aliases: string[], perFinding?: string[]): Rule => ({
    meta: { id: 'probe', category: 'correctness', severity: 'warning', description: 'probe', docs: 'probe', fixable: false, aliases, enabledByDefault: false },
    check({ model, report }) {
      for (const instruction of model.instructions) {
        if (instruction.keyword === 'USER') report({ range: instruction.range, message: 'user', aliases: perFinding });
      }
    },
  });
  const at = (rule: string, expect: 'catch' | 'nocatch', dockerfile: string, count?: number): HadolintCase => ({ rule, expect, dockerfile, count });

  it('catch agrees on a finding with the code, nocatch on none; rules off by default are forced on', () => {
    const rule = probe(['DL9999']);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\n'), [rule]).agreed, true);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\n'), [rule]).agreed, false);
    assert.equal(runCase(at('DL9999', 'nocatch', 'FROM a\n'), [rule]).agreed, true);
    assert.equal(runCase(at('DL9999', 'nocatch', 'FROM a\nUSER b\n'), [rule]).agreed, false);
  });

  it('respects count', () => {
    const rule = probe(['DL9999']);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\nUSER c\n', 1), [rule]).agreed, false);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\nUSER c\n', 2), [rule]).agreed, true);
  });

  it("a finding's own aliases decide which code it counts for, and make the rule cover that code", () => {
    const rule = probe(['DL9998', 'DL9999'], ['DL9998']);
    assert.equal(runCase(at('DL9999', 'catch', 'FROM a\nUSER b\n'), [rule]).agreed, false);
    assert.equal(runCase(at('DL9998', 'catch', 'FROM a\nUSER b\n'), [rule]).agreed, true);
    const narrow = probe([], ['DL9997']);
    const rows = computeAgreement([at('DL9997', 'catch', 'FROM a\nUSER b\n'), at('DL1234', 'catch', 'FROM a\n')], [narrow]);
    assert.deepEqual(rows.map((row) => [row.code, row.cases, row.agreed]), [['DL9997', 1, 1]]);
  });

  it('hadolint ignore pragmas are honoured through the alias', () => {
    const rule = probe(['DL9999']);
    assert.equal(runCase(at('DL9999', 'nocatch', 'FROM a\n# hadolint ignore=DL9999\nUSER b\n'), [rule]).agreed, true);
  });
});
