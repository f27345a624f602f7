// Rule options in the config file and editor settings: label schema, strictLabels,
// allowedRegistries and pinVersions; and BuildKit's `# check=experimental=` turning an opt-in check on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, effectiveLevel, mergeRuleOptions, parseConfig, parseConfigWithOptions } from '../../server/src/analysis/config';
import { analyze } from '../../server/src/analysis/engine';
import type { RuleMeta } from '../../server/src/analysis/rule';
import { readSettings } from '../../server/src/lsp/settings';
import { definitionDescription } from '../../server/src/rules/definition-description';

describe('rule options', () => {
  it('are read beside the rules, and tolerated in a flat map', () => {
    const text = JSON.stringify({ rules: { 'latest-tag': 'off' }, labelSchema: { maintainer: 'email' }, strictLabels: true, allowedRegistries: ['docker.io'], pinVersions: true });
    assert.deepEqual(parseConfigWithOptions(text, 'f'), {
      rules: { 'latest-tag': 'off' },
      options: { labelSchema: { maintainer: 'email' }, strictLabels: true, allowedRegistries: ['docker.io'], pinVersions: true },
    });
    assert.deepEqual(parseConfig('{"DL3008": "warning", "pinVersions": true}', 'f'), { DL3008: 'warning' });
  });

  it('explain malformed values', () => {
    assert.throws(() => parseConfigWithOptions('{"labelSchema": {"a": "colour"}}', 'f'), (e: Error) => e instanceof ConfigError && /label "a" has type "colour"/.test(e.message));
    assert.throws(() => parseConfigWithOptions('{"pinVersions": "yes"}', 'f'), /"pinVersions" must be true or false/);
    assert.throws(() => parseConfigWithOptions('{"allowedRegistries": "docker.io"}', 'f'), /must be a list/);
  });

  it('pinVersions turns on the rules it enables; an explicit level still wins', () => {
    const meta: RuleMeta = { id: 'pin', category: 'correctness', severity: 'warning', description: '', docs: '', fixable: false, aliases: ['DL9999'], enabledByDefault: false, enabledBySetting: 'pinVersions' };
    assert.equal(effectiveLevel(meta, []), 'off');
    assert.equal(effectiveLevel(meta, [], { pinVersions: true }), 'warning');
    assert.equal(effectiveLevel(meta, [{ DL9999: 'off' }], { pinVersions: true }), 'off');
  });

  it('later layers win', () => {
    assert.deepEqual(mergeRuleOptions({ pinVersions: true, strictLabels: true }, { pinVersions: false }, undefined), { pinVersions: false, strictLabels: true });
  });

  it('editor settings pass them too, and report malformed ones', () => {
    assert.deepEqual(readSettings({ pinVersions: true, allowedRegistries: ['ghcr.io'] }).settings.ruleOptions, { pinVersions: true, allowedRegistries: ['ghcr.io'] });
    assert.match(readSettings({ pinVersions: 1 }).problems[0], /pinVersions/);
  });

  it("BuildKit's check=experimental directive turns an opt-in check on", () => {
    const code = '# check=experimental=InvalidDefinitionDescription\n# a comment\nARG foo=bar\n';
    assert.equal(analyze(code, { rules: [definitionDescription] }).findings.length, 1);
    assert.equal(analyze(code.replace(/^#.*\n/, ''), { rules: [definitionDescription] }).findings.length, 0);
    assert.equal(analyze(code, { rules: [definitionDescription], settings: [{ InvalidDefinitionDescription: 'off' }] }).findings.length, 0);
  });
});
