// Our rules against Docker's build checks (BuildKit's linter) on its own cases: every case
// must agree exactly (the complete warning list with lines, or the docs' catch/no-catch), or
// be listed with its reason in test/corpus/intentional-differences.json ("buildkit"); cases
// the corpus extracted wrongly run with upstream's real input ("buildkitCorrections").
// `npm run agreement:buildkit` prints the per-check table.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/rules';
import type { Rule } from '../../server/src/analysis/rule';
import {
  BUILDKIT_CHECKS,
  buildkitWarnings,
  checkOf,
  computeBuildkitAgreement,
  formatBuildkitDisagreements,
  keyCases,
  runBuildkitCase,
  type BuildkitCase,
} from '../../scripts/buildkit-agreement';
import { readDifferences, readJsonl } from '../../scripts/hadolint-agreement';
import { CORPUS, corpusMissing, IN_CI } from './corpus-location';

const BUILDKIT_CASES = join(CORPUS, 'buildkit-checks.jsonl');
const missing = corpusMissing(BUILDKIT_CASES);

describe('BuildKit agreement', { skip: missing !== null && !IN_CI ? missing! : false }, () => {
  if (missing !== null) {
    it('needs the shared corpus under CI', () => assert.fail(missing));
    return;
  }
  const cases = readJsonl<BuildkitCase>(BUILDKIT_CASES);
  const differences = readDifferences();
  const rows = computeBuildkitAgreement(cases, allRules, differences);

  it('every BuildKit check is an alias of a rule of ours', () => {
    assert.deepEqual(BUILDKIT_CHECKS.filter((check) => !allRules.some((rule) => rule.meta.aliases.includes(check))), []);
  });

  it('every listed difference and correction names a case of the corpus', () => {
    const keys = new Set(keyCases(cases).map((entry) => entry.key));
    const listed = [...Object.keys(differences.buildkit), ...Object.keys(differences.buildkitCorrections)];
    assert.deepEqual(listed.filter((key) => !keys.has(key)), []);
  });

  for (const row of rows) {
    it(`${row.code} (${row.ruleIds.join(', ') || 'no rule'}): ${row.agreed}/${row.cases} agree, ${row.differs} listed, ${row.skipped} skipped`, () => {
      const problems = row.outcomes.filter((o) => o.verdict === 'failed' || (o.verdict === 'agreed' && o.note !== null));
      assert.equal(problems.length, 0, formatBuildkitDisagreements(row));
    });
  }
});

describe('BuildKit agreement harness', () => {
  const probe: Rule = {
    meta: { id: 'probe', category: 'correctness', severity: 'warning', description: 'p', docs: 'p', fixable: false, aliases: ['DL9999', 'ProbeCheck'] },
    check({ model, report }) {
      for (const instruction of model.instructions) if (instruction.keyword === 'USER') report({ range: instruction.range, message: 'user' });
    },
  };
  const none = { hadolint: {}, buildkit: {}, buildkitCorrections: {} };

  it('compares the whole warning list with lines, counting only BuildKit names', () => {
    const c: BuildkitCase = { source: 'x#testProbe', dockerfile: 'FROM a\nUSER b\nUSER c\n', warnings: [{ rule: 'ProbeCheck', line: 2 }] };
    assert.deepEqual(buildkitWarnings(c, [probe]).warnings, [{ rule: 'ProbeCheck', line: 2 }, { rule: 'ProbeCheck', line: 3 }]);
    assert.equal(runBuildkitCase('k', c, [probe], none).verdict, 'failed');
    assert.equal(runBuildkitCase('k', { ...c, warnings: [{ rule: 'ProbeCheck', line: 3 }, { rule: 'ProbeCheck', line: 2 }] }, [probe], none).verdict, 'agreed');
  });

  it('docs cases: catch and nocatch by check name', () => {
    const docs = (expect: 'catch' | 'nocatch', dockerfile: string): BuildkitCase => ({ source: 'docs/probe.md', rule: 'ProbeCheck', expect, dockerfile });
    assert.equal(runBuildkitCase('k', docs('catch', 'FROM a\nUSER b\n'), [probe], none).verdict, 'agreed');
    assert.equal(runBuildkitCase('k', docs('nocatch', 'FROM a\nUSER b\n'), [probe], none).verdict, 'failed');
    assert.equal(checkOf(docs('catch', '')), 'ProbeCheck');
  });

  it('skips cases whose input comes from outside the Dockerfile, applies corrections, flags stale differences', () => {
    const c: BuildkitCase = { source: 'x#testProbe', dockerfile: 'FROM a\n', warnings: [], needs: ['FrontendAttrs'] };
    assert.equal(runBuildkitCase('k', c, [probe], none).verdict, 'skipped');
    assert.equal(runBuildkitCase('k', { ...c, needs: ['BuildErr'] }, [probe], none).verdict, 'agreed');
    const corrected = { ...none, buildkitCorrections: { k: { reason: 'r', dockerfile: 'FROM a\nUSER b\n', warnings: [{ rule: 'ProbeCheck', line: 2 }] } } };
    assert.equal(runBuildkitCase('k', c, [probe], corrected).verdict, 'agreed');
    const stale = runBuildkitCase('k', { ...c, needs: undefined }, [probe], { ...none, buildkit: { k: 'on purpose' } });
    assert.match(stale.note ?? '', /listed as a difference but agrees/);
  });

  it('keys cases by source and ordinal', () => {
    const keyed = keyCases([{ source: 'a', dockerfile: '' }, { source: 'b', dockerfile: '' }, { source: 'a', dockerfile: '' }]);
    assert.deepEqual(keyed.map((entry) => entry.key), ['a#1', 'b#1', 'a#2']);
  });
});
