// Every real-world Dockerfile of ../shared/corpus/real: the full rule set checks and fixes it
// without an exception, the fixed text gains no dockerfile-utils problem and is a fixed point,
// and the engine's per-stage chunked parse yields exactly the instructions of a whole-file parse.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { analyze, fixAll, type AnalyzeOptions } from '../../server/src/analysis/engine';
import { DockerfileModel, ParseCache } from '../../server/src/analysis/model';
import { allRules } from '../../server/src/rules';
import { corpusMissing, IN_CI, LARGE, REAL } from './corpus-location';

const missing = corpusMissing(REAL);

function readCorpus(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((name) => name !== 'SOURCES.tsv' && !name.startsWith('.'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** Every rule on, rules that are off by default included; a rule that throws is recorded. */
function allOn(errors: string[], name: string): AnalyzeOptions {
  return {
    rules: allRules,
    settings: [Object.fromEntries(allRules.map((rule) => [rule.meta.id, rule.meta.severity]))],
    onRuleError: (ruleId, error) => errors.push(`${name}: ${ruleId} threw ${(error as Error)?.stack ?? error}`),
  };
}

/** dockerfile-utils problems without positions (a fix moves text), as a multiset. */
function validatorProblems(text: string): string[] {
  return validate(text)
    .map((d) => `${d.code}:${d.message}`)
    .sort();
}

function addedProblems(before: string[], after: string[]): string[] {
  const remaining = [...before];
  const added: string[] = [];
  for (const problem of after) {
    const at = remaining.indexOf(problem);
    if (at === -1) added.push(problem);
    else remaining.splice(at, 1);
  }
  return added;
}

/** For a failure message: which rules' fixes, applied alone, add one of the problems. */
function culprits(text: string, added: string[]): string {
  const before = validatorProblems(text);
  const guilty = allRules.filter((rule) => {
    const alone = fixAll(text, { rules: [rule], settings: [{ [rule.meta.id]: rule.meta.severity }] }).text;
    return alone !== text && addedProblems(before, validatorProblems(alone)).some((problem) => added.includes(problem));
  });
  return guilty.length > 0 ? ` (fixes of ${guilty.map((rule) => rule.meta.id).join(', ')})` : ' (only when several fixes combine)';
}

const report = (failures: string[]) => `${failures.length} failure(s):\n${failures.slice(0, 15).join('\n\n')}`;

describe('corpus/real', { skip: missing !== null && !IN_CI ? missing! : false }, () => {
  if (missing !== null) {
    it('needs the shared corpus under CI', () => assert.fail(missing));
    return;
  }
  const files = readCorpus(REAL);
  const fixed = new Map<string, string>();

  it(`is there (${files.length} files)`, () => assert.ok(files.length > 600));

  it('every file is checked and fixed by all rules without an exception', () => {
    const failures: string[] = [];
    for (const { name, text } of files) {
      try {
        analyze(text, allOn(failures, name));
        const result = fixAll(text, allOn(failures, name));
        fixed.set(name, result.text);
      } catch (error) {
        failures.push(`${name}: ${(error as Error)?.stack ?? error}`);
      }
    }
    assert.deepEqual(failures, [], report(failures));
  });

  it('every fixed file reparses and gains no dockerfile-utils problem', () => {
    const failures: string[] = [];
    let changed = 0;
    for (const { name, text } of files) {
      const after = fixed.get(name) ?? fixAll(text, allOn([], name)).text;
      if (after === text) continue;
      changed++;
      try {
        assert.ok(DockerfileParser.parse(after).getInstructions().length > 0, 'no instructions after the fix');
        new DockerfileModel(after);
        const added = addedProblems(validatorProblems(text), validatorProblems(after));
        if (added.length > 0) failures.push(`${name}: the fixes added ${added.join(', ')}${culprits(text, added)}`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error)?.message ?? error}`);
      }
    }
    assert.deepEqual(failures, [], report(failures));
    assert.ok(changed > 0, 'no corpus file was changed by a fix: the test would prove nothing');
  });

  it('fixing a fixed file again changes nothing (fixes do not fight each other)', () => {
    const failures: string[] = [];
    for (const { name, text } of files) {
      const once = fixed.get(name) ?? fixAll(text, allOn([], name)).text;
      if (once === text) continue;
      const twice = fixAll(once, allOn([], name)).text;
      if (twice !== once) {
        const still = analyze(once, allOn([], name)).findings.filter((finding) => finding.fixable);
        const where = still.map((f) => `${f.ruleId} at line ${f.range.start.line + 1}`).join(', ');
        failures.push(`${name}: a second fix-all changed the text again; still fixable after the first: ${where || 'none'}`);
      }
    }
    assert.deepEqual(failures, [], report(failures));
  });
});

describe('chunked model equals a whole-file parse', { skip: missing !== null && !IN_CI ? missing! : false }, () => {
  if (missing !== null) {
    it('needs the shared corpus under CI', () => assert.fail(missing));
    return;
  }
  const files = [...readCorpus(REAL), ...(corpusMissing(LARGE) ? [] : readCorpus(LARGE))];

  it(`instruction keywords and ranges agree on every real and large file (${files.length})`, () => {
    const failures: string[] = [];
    for (const { name, text } of files) {
      const whole = DockerfileParser.parse(text)
        .getInstructions()
        .map((instruction) => ({ keyword: instruction.getKeyword().toUpperCase(), range: instruction.getRange() }));
      const chunked = new DockerfileModel(text, new ParseCache()).instructions.map((instruction) => ({ keyword: instruction.keyword, range: instruction.range }));
      try {
        assert.deepEqual(chunked, whole);
      } catch (error) {
        const at = whole.findIndex((w, i) => JSON.stringify(w) !== JSON.stringify(chunked[i]));
        failures.push(`${name}: first difference at instruction ${at}: whole ${JSON.stringify(whole[at])}, chunked ${JSON.stringify(chunked[at])}`);
      }
    }
    assert.deepEqual(failures, [], report(failures));
  });

  it('a model parsed stage by stage (the editor) equals one parsed whole (the CLI), field by field', () => {
    const failures: string[] = [];
    for (const { name, text } of files) {
      const once = new DockerfileModel(text);
      const staged = new DockerfileModel(text, new ParseCache());
      try {
        assert.deepEqual(staged.instructions, once.instructions);
        assert.deepEqual(staged.comments, once.comments);
        assert.deepEqual([...staged.directives], [...once.directives]);
        assert.deepEqual(staged.stages.map((stage) => ({ ...stage, from: stage.from.index, instructions: stage.instructions.length })), once.stages.map((stage) => ({ ...stage, from: stage.from.index, instructions: stage.instructions.length })));
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
      }
    }
    assert.deepEqual(failures, [], report(failures));
  });
});
