// Incremental checking must not change what is found. For every rule that declares
// `scope: 'stage'`, on the real corpus and a large file: (1) checking each stage in a view finds
// exactly what a whole-file check finds; (2) after edits (a line typed into one stage, a line
// inserted above others), the kept and shifted findings equal a fresh whole-file check,
// fixes included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type AnalyzeOptions } from '../../server/src/analysis/engine';
import { ParseCache } from '../../server/src/analysis/model';
import type { Finding } from '../../server/src/analysis/types';
import { allRules } from '../../server/src/rules';
import { corpusMissing, IN_CI, LARGE, REAL } from '../corpus/corpus-location';

const stageRules = allRules.filter((rule) => rule.meta.scope === 'stage');
const base: AnalyzeOptions = {
  rules: stageRules,
  settings: [Object.fromEntries(stageRules.map((rule) => [rule.meta.id, rule.meta.severity]))],
  ruleOptions: { pinVersions: true },
};

const describeFinding = (f: Finding) =>
  `${f.ruleId} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`;
const signature = (findings: Finding[]) => findings.map(describeFinding).sort();
const fixes = (findings: Finding[]) => findings.map((f) => JSON.stringify(f.fix())).sort();

function corpusFiles(): { name: string; text: string }[] {
  const files = readdirSync(REAL)
    .filter((name) => name !== 'SOURCES.tsv' && !name.startsWith('.'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(REAL, name), 'utf8') }));
  files.push({ name: 'large-1k', text: readFileSync(join(LARGE, 'large-1k.Dockerfile'), 'utf8') });
  return files;
}

describe('stage-scoped rules', { timeout: 900_000 }, () => {
  const missing = corpusMissing(REAL);

  it('there are stage rules to keep incrementally', () => {
    assert.ok(stageRules.length >= 10, `only ${stageRules.length} rules declare scope: 'stage'`);
  });

  it('find in stage views what they find in the whole file', (t) => {
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    for (const { name, text } of corpusFiles()) {
      const whole = analyze(text, base).findings;
      const views = analyze(text, { ...base, cache: new ParseCache(), incremental: 1 }).findings;
      assert.deepEqual(signature(views), signature(whole), name);
    }
  });

  it('keep, shift and re-fix findings across edits exactly as a fresh check would', (t) => {
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    for (const { name, text } of corpusFiles().filter((_, i) => i % 7 === 0)) {
      const cache = new ParseCache();
      analyze(text, { ...base, cache, incremental: 1 });
      const lines = text.split('\n');
      const middle = Math.floor(lines.length / 2);
      const edits = [
        [...lines.slice(0, middle), lines[middle] + ' ', ...lines.slice(middle + 1)],
        [...lines.slice(0, 1), '# a new comment line', ...lines.slice(1)],
        lines,
      ];
      for (const edited of edits) {
        const editedText = edited.join('\n');
        const kept = analyze(editedText, { ...base, cache, incremental: 1 }).findings;
        const fresh = analyze(editedText, base).findings;
        assert.deepEqual(signature(kept), signature(fresh), `${name} after an edit`);
        assert.deepEqual(fixes(kept), fixes(fresh), `${name}: fixes after an edit`);
      }
    }
  });

  it('drop kept findings when the settings generation changes', () => {
    const cache = new ParseCache();
    const text = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n';
    const first = analyze(text, { ...base, cache, incremental: 1 }).findings.length;
    const off = Object.fromEntries(stageRules.map((rule) => [rule.meta.id, 'off' as const]));
    assert.equal(analyze(text, { ...base, settings: [off], cache, incremental: 2 }).findings.length, 0);
    assert.equal(analyze(text, { ...base, cache, incremental: 3 }).findings.length, first);
  });
});
