import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, effectiveLevel, levelUnder, ConfigError, type RuleSettings } from '../../server/src/analysis/config';
import { analyze, fixAll } from '../../server/src/analysis/engine';
import { replace } from '../../server/src/analysis/edits';
import type { Rule } from '../../server/src/analysis/rule';
import { compareRuleIds } from '../../server/src/analysis/text';
import { allAsyncRules, allRules } from '../../server/src/rules';

// A rule that flags every RUN `x` and fixes it to `RUN y`, to test the engine alone.
const runX: Rule = {
  meta: {
    id: 'run-x', category: 'correctness', severity: 'warning', description: 'x', docs: 'x',
    fixable: true, aliases: ['DL9999', 'RunXCheck'],
  },
  check({ model, report }) {
    for (const run of model.runInstructions()) {
      if (run.args[0]?.value !== 'x') continue;
      report({ range: run.args[0].range, message: 'x found', fix: () => [replace(run.args[0].range, 'y')] });
    }
  },
};

const throwing: Rule = {
  meta: { id: 'throws', category: 'correctness', severity: 'error', description: 't', docs: 't', fixable: false, aliases: [] },
  check() {
    throw new RangeError('Maximum call stack size exceeded');
  },
};

const lines = (text: string, rules: Rule[] = [runX]) => analyze(text, { rules }).findings.map((f) => f.range.start.line + 1);

describe('ignore pragmas', () => {
  it('ignores the next instruction by id or alias, ours and hadolint\'s', () => {
    assert.deepEqual(lines('FROM a:1\n# dockerfile-optimizer ignore=run-x\nRUN x\nRUN x\n'), [4]);
    assert.deepEqual(lines('FROM a:1\n# hadolint ignore=DL3000,DL9999\nRUN x\nRUN x\n'), [4]);
    assert.deepEqual(lines('FROM a:1\n# hadolint ignore=DL3000\nRUN x\n'), [3]);
  });

  it('ignores a whole file with global ignore', () => {
    assert.deepEqual(lines('# hadolint global ignore=DL9999\nFROM a:1\nRUN x\nFROM b:1\nRUN x\n'), []);
    assert.deepEqual(lines('FROM a:1\nRUN x\n# dockerfile-optimizer global ignore=run-x\n'), []);
  });

  it('ignores a stage with stage ignore: the one it is in, or whose FROM it precedes', () => {
    assert.deepEqual(lines('FROM a:1\nRUN x\n# dockerfile-optimizer stage ignore=run-x\nRUN x\nFROM b:1\nRUN x\n'), [6]);
    assert.deepEqual(lines('FROM a:1\nRUN x\n# hadolint stage ignore=DL9999\n\nFROM b:1\nRUN x\n'), [2]);
  });

  it('reads hadolint pragmas as hadolint does: reasons after #, malformed lists void', () => {
    assert.deepEqual(lines('FROM a:1\n# hadolint ignore=DL9999 # flaky upstream\nRUN x\n'), []);
    assert.deepEqual(lines('FROM a:1\n# hadolint ignore = DL3000 , DL9999\nRUN x\n'), []);
    assert.deepEqual(lines('FROM a:1\n# hadolint ignore=crazy,DL9999\nRUN x\n'), [3]);
    assert.deepEqual(lines('FROM a:1\n# dockerfile-optimizer ignore=run-x # reason\nRUN x\n'), []);
  });

  it('honours BuildKit check=skip directives through aliases', () => {
    assert.deepEqual(lines('# check=skip=RunXCheck\nFROM a:1\nRUN x\n'), []);
    assert.deepEqual(lines('# check=skip=all\nFROM a:1\nRUN x\n'), []);
    assert.deepEqual(lines('# check=skip=Other\nFROM a:1\nRUN x\n'), [3]);
    // Like BuildKit, a check comment below the first instruction applies to the instruction it
    // sits above (the first check comment of that comment block), not to the file.
    assert.deepEqual(lines('FROM a:1\n# check=skip=all\nRUN x\nRUN x\n'), [4]);
    assert.deepEqual(lines('FROM a:1\n# check=skip=RunXCheck // reason\nRUN x\n\n# check=skip=Other\nRUN x\n'), [6]);
    assert.deepEqual(lines('FROM a:1\n# check=skip=RunXCheck\n#\nRUN x\n'), [4], 'an empty comment line ends the block');
  });
});

describe('configuration', () => {
  it('accepts a rules object or a flat map, by id or alias', () => {
    assert.deepEqual(parseConfig('{"rules": {"run-x": "error"}}', 'f'), { 'run-x': 'error' });
    assert.deepEqual(parseConfig('{"DL9999": "off"}', 'f'), { DL9999: 'off' });
  });

  it('explains bad configuration', () => {
    assert.throws(() => parseConfig('{', 'cfg.json'), (e: Error) => e instanceof ConfigError && /cfg.json: not valid JSON/.test(e.message));
    assert.throws(() => parseConfig('{"run-x": "loud"}', 'cfg.json'), /use off, error, warning, info or hint/);
    assert.throws(() => parseConfig('[]', 'cfg.json'), /expected an object/);
  });

  it('layers severities: default, then config file, then editor settings', () => {
    assert.equal(effectiveLevel(runX.meta, []), 'warning');
    assert.equal(effectiveLevel(runX.meta, [{ 'run-x': 'error' }]), 'error');
    assert.equal(effectiveLevel(runX.meta, [{ 'run-x': 'error' }, { dl9999: 'off' }]), 'off');
    assert.equal(effectiveLevel({ ...runX.meta, enabledByDefault: false }, []), 'off');
    const findings = analyze('FROM a:1\nRUN x\n', { rules: [runX], settings: [{ 'run-x': 'hint' }] }).findings;
    assert.equal(findings[0].severity, 'hint');
  });
});

describe('levelUnder (effectiveLevel remembered per settings layer)', () => {
  const optIn = { ...runX.meta, id: 'opt-in', enabledByDefault: false, enabledBySetting: 'pinVersions' as const };

  it('gives what effectiveLevel gives, layer by layer, whatever was asked before', () => {
    const layers: (RuleSettings | undefined)[][] = [[], [undefined], [{ 'run-x': 'error' }], [undefined, { DL9999: 'off' }], [{ 'run-x': 'error' }, { dl9999: 'info' }], [{}], [{ other: 'off' }]];
    for (let round = 0; round < 2; round++) {
      for (const list of layers) {
        for (const meta of [runX.meta, { ...runX.meta, enabledByDefault: false }, optIn]) {
          assert.equal(levelUnder(meta, list), effectiveLevel(meta, list), `${meta.id} under ${JSON.stringify(list)}`);
        }
      }
    }
  });

  it('keeps levels per layer object: another layer, even equal in content, is read on its own', () => {
    const first: RuleSettings = { 'run-x': 'error' };
    assert.equal(levelUnder(runX.meta, [first]), 'error');
    assert.equal(levelUnder(runX.meta, [{ 'run-x': 'hint' }]), 'hint');
    assert.equal(levelUnder(runX.meta, [undefined, first]), 'error');
  });

  it('follows rule options for rules they turn on, each time, with or without a settings layer', () => {
    for (const layers of [[{}], [], [undefined]]) {
      assert.equal(levelUnder(optIn, layers, {}), 'off');
      assert.equal(levelUnder(optIn, layers, { pinVersions: true }), 'warning');
      assert.equal(levelUnder(optIn, layers, {}), 'off');
    }
  });
});

describe('engine', () => {
  it('orders findings at one position by rule id as localeCompare would: every id is kebab-case ASCII', () => {
    const ids = [...allRules.map((rule) => rule.meta.id), ...allAsyncRules.map((rule) => rule.meta.id)];
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    const shuffled = [...ids].reverse();
    assert.deepEqual([...shuffled].sort(compareRuleIds), [...shuffled].sort((a, b) => a.localeCompare(b)));
    assert.deepEqual([compareRuleIds('a', 'b'), compareRuleIds('b', 'a'), compareRuleIds('a', 'a')], [-1, 1, 0]);
  });

  it('gives each rule its own findings though all share one context', () => {
    const runY: Rule = { ...runX, meta: { ...runX.meta, id: 'run-y', aliases: [] } };
    const seen: unknown[] = [];
    const spy = (rule: Rule): Rule => ({ ...rule, check: (context) => (seen.push(context), rule.check(context)) });
    const findings = analyze('FROM a:1\nRUN x\nRUN x\n', { rules: [spy(runX), spy(runY)] }).findings;
    assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.range.start.line}`), ['run-x:1', 'run-y:1', 'run-x:2', 'run-y:2']);
    assert.equal(seen.length, 2);
  });

  it('keeps other rules\' findings when one rule throws, and reports the error', () => {
    const errors: string[] = [];
    const findings = analyze('FROM a:1\nRUN x\n', { rules: [throwing, runX], onRuleError: (id) => errors.push(id) }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['run-x']);
    assert.deepEqual(errors, ['throws']);
  });

  it('applies all fixes, repeatedly, and is idempotent', () => {
    const result = fixAll('FROM a:1\nRUN x\nRUN x\n', { rules: [runX] });
    assert.equal(result.text, 'FROM a:1\nRUN y\nRUN y\n');
    assert.equal(result.applied, 2);
    assert.equal(fixAll(result.text, { rules: [runX] }).applied, 0);
  });

  it('survives any text', () => {
    for (const text of ['', '\n\n', ' RUN $\\', 'RUN $\\', '\u0000\uffff', 'FROM', 'FROM a AS', '#', 'RUN <<EOF', 'COPY --from= .', '\\\n\\\n']) {
      assert.doesNotThrow(() => analyze(text, { rules: [runX] }), `text ${JSON.stringify(text)}`);
    }
  });
});
