// `RuleMeta.requires` lets the engine skip a rule on a file that lacks what the rule needs to
// report anything. A wrong `requires` would hide findings, so every rule that declares one is
// run, without the engine, on every corpus text it would be skipped on (the real files, the
// large ones, hadolint's and BuildKit's cases), with every rule option on: it must report
// nothing there. (Each rule's own table tests go through the engine, so a `requires` that
// skips one of their flagged cases fails those tests too.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayReport } from '../../server/src/analysis/engine';
import { emptyEnv } from '../../server/src/analysis/env';
import { DockerfileModel } from '../../server/src/analysis/model';
import type { RuleOptions } from '../../server/src/analysis/config';
import { allRules } from '../../server/src/rules';
import { BUILDKIT_CASES, corpusMissing, corpusTexts, HADOLINT_CASES, IN_CI, LARGE, REAL } from '../corpus/corpus-location';

// Options that let every optional rule report (label rules need a schema, registries a list).
const everyOption: RuleOptions = {
  pinVersions: true,
  labelSchema: { maintainer: 'email', 'org.opencontainers.image.created': 'rfc3339', version: 'semver', url: 'url', license: 'spdx', commit: 'hash', description: 'text' },
  strictLabels: true,
  allowedRegistries: ['example.com'],
};

describe('rule requirements', { timeout: 600_000 }, () => {
  const declaring = allRules.filter((rule) => rule.meta.requires);

  it('name something to look for', () => {
    for (const rule of declaring) {
      const { keywords = [], text = [] } = rule.meta.requires!;
      assert.ok(keywords.length + text.length > 0, `${rule.meta.id}: empty requires`);
      for (const keyword of keywords) assert.equal(keyword, keyword.toUpperCase(), `${rule.meta.id}: keyword ${keyword}`);
    }
  });

  it('hold wherever a rule reports: a skipped file gives the rule nothing to report', (t) => {
    const missing = corpusMissing(REAL) ?? corpusMissing(LARGE) ?? corpusMissing(HADOLINT_CASES) ?? corpusMissing(BUILDKIT_CASES);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    const skipped = new Map(declaring.map((rule) => [rule.meta.id, 0]));
    for (const { name, text } of corpusTexts([HADOLINT_CASES, BUILDKIT_CASES])) {
      const model = new DockerfileModel(text);
      for (const rule of declaring) {
        if (mayReport(rule, model)) continue;
        skipped.set(rule.meta.id, skipped.get(rule.meta.id)! + 1);
        const reports: string[] = [];
        rule.check({ model, env: emptyEnv, options: everyOption, report: (report) => reports.push(`${report.range.start.line + 1}: ${report.message}`) });
        assert.deepEqual(reports, [], `${rule.meta.id} was skipped on ${name} but reports there`);
      }
    }
    // A requirement no corpus file lacks saves nothing and is not proven here.
    const neverSkipped = [...skipped].filter(([, count]) => count === 0).map(([id]) => id);
    assert.deepEqual(neverSkipped, [], 'rules whose requires skip no corpus text');
  });
});
