// The CLI reads rule options (pinVersions, labelSchema) from .dockerfile-optimizer.json.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../server/src/rules';
import { runCli } from './cli-harness';

const root = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-options-'));
after(() => rmSync(root, { recursive: true, force: true }));

function check(config: object, dockerfile: string): string[] {
  const dir = mkdtempSync(join(root, 'case-'));
  // Only the rules under test, so new rules do not move the results.
  const rules = Object.fromEntries(allRules.map((rule) => [rule.meta.id, 'off']));
  delete rules['apt-pin'];
  delete rules['label-missing'];
  writeFileSync(join(dir, '.dockerfile-optimizer.json'), JSON.stringify({ rules, ...config }));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  const run = runCli(['check', '--format', 'json', '.'], dir);
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return (JSON.parse(run.stdout) as { ruleId: string }[]).map((finding) => finding.ruleId);
}

describe('CLI rule options', () => {
  const dockerfile = 'FROM debian:12\nRUN apt-get install -y curl\n';
  it('pinVersions turns the pinning rules on', () => {
    assert.deepEqual(check({}, dockerfile), []);
    assert.deepEqual(check({ pinVersions: true }, dockerfile), ['apt-pin']);
  });
  it('labelSchema feeds the label rules', () => {
    assert.deepEqual(check({ labelSchema: { maintainer: 'email' } }, dockerfile), ['label-missing']);
  });
});
