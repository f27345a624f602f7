// The editor's incremental check (incremental.ts) must find exactly what a fresh whole-file
// check finds, after any edit: kept findings move with the stage each range lies in, a message
// naming a line is made again when that line moved, and a stage's findings are made again when
// a stage upstream of it (built on or copied from, transitively) changed, was renamed, or
// stages were inserted or removed. Checked on hand-made files for the cross-stage rules and on
// seeded random edits of corpus files with every rule on.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type AnalyzeOptions } from '../../server/src/analysis/engine';
import { DockerfileModel, ParseCache } from '../../server/src/analysis/model';
import type { Rule } from '../../server/src/analysis/rule';
import type { Finding } from '../../server/src/analysis/types';
import { allRules } from '../../server/src/rules';
import { copyFromMissingPath } from '../../server/src/rules/copy-from-missing-path';
import { devDepsInFinal } from '../../server/src/rules/dev-deps-in-final';
import { random } from '../support/seeded-random';
import { corpusMissing, IN_CI, LARGE, REAL } from '../corpus/corpus-location';

const everyRuleOn: AnalyzeOptions = {
  rules: allRules,
  settings: [Object.fromEntries(allRules.map((rule) => [rule.meta.id, rule.meta.severity]))],
  ruleOptions: { pinVersions: true },
};

const describeRange = (r: Finding['range']) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const describeFinding = (f: Finding) =>
  `${f.ruleId} ${f.severity} ${describeRange(f.range)} ${f.message} [${f.related.map((r) => `${describeRange(r.range)} ${r.message}`).join('; ')}]`;
const signature = (findings: Finding[]) => findings.map(describeFinding);

/** A document being edited: checked incrementally after each edit and compared with a fresh check. */
class Session {
  readonly cache = new ParseCache();
  constructor(
    public text: string,
    private readonly options: AnalyzeOptions,
  ) {
    this.check();
  }

  check(): Finding[] {
    return analyze(this.text, { ...this.options, cache: this.cache, incremental: 1 }).findings;
  }

  /** Applies the edit and asserts that the incremental check equals a fresh one; returns the findings. */
  edit(next: string, what: string, withFixes = false): Finding[] {
    this.text = next;
    const kept = this.check();
    const fresh = analyze(next, this.options).findings;
    assert.deepEqual(signature(kept), signature(fresh), what);
    if (withFixes) {
      assert.deepEqual(
        kept.map((f) => JSON.stringify(f.fix())),
        fresh.map((f) => JSON.stringify(f.fix())),
        `${what}: fixes`,
      );
    }
    return kept;
  }
}

const only = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

describe('incremental check: cross-stage rules follow their upstream stages', () => {
  const options: AnalyzeOptions = { rules: [copyFromMissingPath, devDepsInFinal] };

  it('copy-from-missing-path: a stage copied from a stage copied from changes (two stages up)', () => {
    const text = [
      'FROM node:20 AS a',
      'WORKDIR /src',
      'RUN echo hi',
      '',
      'FROM alpine:3.20 AS b',
      'COPY --from=a /src /app',
      '',
      'FROM alpine:3.20 AS between',
      'RUN true',
      '',
      'FROM alpine:3.20 AS c',
      'COPY --from=b /app/dist /dist',
      '',
    ].join('\n');
    const session = new Session(text, options);
    const first = only(session.check(), 'copy-from-missing-path');
    assert.equal(first.length, 1, 'the copy of /app/dist is flagged at first');
    assert.deepEqual([first[0].range.start.line, first[0].related[0].range.start.line], [11, 4]);
    // A stage between grows: the finding moves with its stage, its related range (b's FROM) stays.
    let found = session.edit(text.replace('RUN true', 'RUN true\nRUN true'), 'a line added to a stage that is not upstream');
    assert.deepEqual([found[0].range.start.line, found[0].related[0].range.start.line], [12, 4]);
    // The folder is made two stages up: c's copy is fine now.
    found = session.edit(text.replace('RUN echo hi', 'RUN mkdir -p dist'), 'a makes /src/dist', true);
    assert.equal(only(found, 'copy-from-missing-path').length, 0);
    found = session.edit(text, 'back to the first text', true);
    assert.equal(only(found, 'copy-from-missing-path').length, 1);
    // Renamed: b's COPY --from=a now names an image, whose files are unknown.
    found = session.edit(text.replace('AS a\n', 'AS a2\n'), 'stage a renamed', true);
    assert.equal(only(found, 'copy-from-missing-path').length, 0);
    found = session.edit(text, 'the name restored', true);
    // A stage inserted above, one removed, lines typed above: indices and lines move.
    found = session.edit(`FROM alpine:3.20 AS first\nRUN true\n\n${text}`, 'a stage inserted at the top', true);
    assert.equal(only(found, 'copy-from-missing-path')[0]?.range.start.line, 14);
    found = session.edit(text.replace('RUN echo hi', 'RUN echo hi\nRUN echo two'), 'a line added to a', true);
    assert.equal(only(found, 'copy-from-missing-path')[0]?.range.start.line, 12);
    session.edit(text.replace('FROM alpine:3.20 AS b\nCOPY --from=a /src /app\n\n', ''), 'stage b removed', true);
  });

  it('copy-from-missing-path: a message naming a line is made again when that line moves', () => {
    const text = [
      'FROM alpine:3.20 AS other',
      'RUN true',
      '',
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'RUN --mount=type=cache,target=/src/out go build -o /src/out/app .',
      '',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /src/out/app /app',
      '',
    ].join('\n');
    const session = new Session(text, options);
    const first = only(session.check(), 'copy-from-missing-path');
    assert.equal(first.length, 1);
    assert.match(first[0].message, /\(line 6\)/);
    // A stage that is not upstream of the copy grows: the line the message names moves.
    const moved = only(session.edit(text.replace('RUN true', 'RUN true\nRUN true'), 'a line added to an unrelated stage above'), 'copy-from-missing-path');
    assert.match(moved[0].message, /\(line 7\)/);
    assert.equal(moved[0].range.start.line, 9);
    const again = only(session.edit(text.replace('WORKDIR /src', '# a comment\nWORKDIR /src'), 'a line added above the RUN'), 'copy-from-missing-path');
    assert.match(again[0].message, /\(line 7\)/);
  });

  it('dev-deps-in-final: an install two stages up, its related range in another stage', () => {
    const text = [
      'FROM alpine:3.20 AS top',
      'RUN true',
      '',
      'FROM node:20 AS deps',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci',
      '',
      'FROM alpine:3.20 AS unrelated',
      'RUN true',
      '',
      'FROM deps AS build',
      'COPY . .',
      'RUN npm run build',
      '',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
      'CMD ["node", "dist/server.js"]',
      '',
    ].join('\n');
    const session = new Session(text, options);
    const first = only(session.check(), 'dev-deps-in-final');
    assert.equal(first.length, 1);
    assert.equal(first[0].related[0].range.start.line, 6);
    assert.match(first[0].message, /\(line 7\b/);
    // Lines added to a stage that is not upstream of the final one: the finding moves, its related range does not.
    let found = only(session.edit(text.replace('AS unrelated\nRUN true', 'AS unrelated\nRUN true\nRUN true'), 'a line in an unrelated stage', true), 'dev-deps-in-final');
    assert.equal(found[0].range.start.line, 18);
    assert.equal(found[0].related[0].range.start.line, 6);
    // Above them all: the install moves too, and the message names its new line.
    found = only(session.edit(text.replace('AS top\nRUN true', 'AS top\nRUN true\nRUN true'), 'a line in the first stage', true), 'dev-deps-in-final');
    assert.equal(found[0].related[0].range.start.line, 7);
    assert.match(found[0].message, /\(line 8\b/);
    // The install two stages up of the final one leaves dev dependencies out now.
    found = only(session.edit(text.replace('RUN npm ci', 'RUN npm ci --omit=dev'), 'the install omits dev dependencies', true), 'dev-deps-in-final');
    assert.equal(found.length, 0);
    found = only(session.edit(text, 'back to the first text', true), 'dev-deps-in-final');
    assert.equal(found.length, 1);
    // Its line moves: the message names it.
    found = only(session.edit(text.replace('WORKDIR /app\nCOPY package', 'WORKDIR /app\nENV A=1\nCOPY package'), 'a line above the install', true), 'dev-deps-in-final');
    assert.match(found[0].message, /\(line 8\b/);
    found = only(session.edit(text.replace('AS build', 'AS builder'), 'the copied stage renamed', true), 'dev-deps-in-final');
    assert.equal(found.length, 0);
    session.edit(text.replace('FROM alpine:3.20 AS unrelated\nRUN true\n\n', ''), 'a stage removed above', true);
    session.edit(text.replace('FROM alpine:3.20 AS top\nRUN true\n\n', ''), 'the first stage removed', true);
    session.edit(text.replace('CMD ["node", "dist/server.js"]', 'CMD ["node", "dist/server.js"]\n\nFROM alpine:3.20\nRUN true'), 'a new final stage', true);
  });
});

describe('incremental check: a stage rule that throws', () => {
  // Reports every RUN; throws in a stage that runs `boom` (a rule's bug on odd text).
  const fragile: Rule = {
    meta: { ...copyFromMissingPath.meta, id: 'fragile-test-rule', requires: undefined, fixable: false, scope: 'stage' },
    check({ model, report }) {
      for (const instruction of model.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        if (instruction.text.includes('boom')) throw new Error('boom');
        report({ range: instruction.range, message: 'a RUN' });
      }
    },
  };

  it('loses its findings on every check while the failing stage is there, as a whole-file check does', () => {
    const errors: string[] = [];
    const text = ['FROM alpine AS a', 'RUN echo a', '', 'FROM alpine AS b', 'RUN echo b', ''].join('\n');
    const session = new Session(text, { rules: [fragile], onRuleError: (id) => errors.push(id) });
    assert.equal(session.check().length, 2);
    assert.equal(session.edit(text.replace('RUN echo b', 'RUN echo boom'), 'the second stage makes it throw').length, 0);
    assert.equal(session.edit(text.replace('RUN echo a', 'RUN echo aa').replace('RUN echo b', 'RUN echo boom'), 'the first stage typed in').length, 0);
    assert.equal(session.edit(text, 'the failing line gone').length, 2);
    assert.ok(errors.length >= 3);
  });
});

// ---- seeded random edits of corpus files, every rule on


type Edit = { what: string; text: string };

/** One random edit of the kinds an editor makes: typing, new lines, removed lines, stages renamed, added, removed. */
function randomEdit(text: string, next: () => number): Edit | null {
  const model = new DockerfileModel(text);
  const lines = text.split('\n');
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(next() * items.length)];
  const plain = model.instructions.filter((i) => i.heredocs.length === 0 && !model.lineText(i.range.end.line).trimEnd().endsWith(model.escapeChar));
  const kind = Math.floor(next() * 8);
  const at = pick(plain);
  const named = model.stages.filter((stage) => stage.name);
  const withLines = (edited: string[]) => edited.join('\n');
  switch (kind) {
    case 0:
    case 1: {
      if (!at) return null;
      const line = at.range.end.line;
      return { what: `typed at the end of line ${line}`, text: withLines(lines.map((l, i) => (i === line ? l + 'x' : l))) };
    }
    case 2: {
      if (!at) return null;
      const line = at.range.end.line;
      return { what: `COPY . . after line ${line}`, text: withLines([...lines.slice(0, line + 1), 'COPY . .', ...lines.slice(line + 1)]) };
    }
    case 3: {
      const single = plain.filter((i) => i.keyword !== 'FROM' && i.range.start.line === i.range.end.line);
      const gone = pick(single);
      if (!gone) return null;
      const line = gone.range.start.line;
      return { what: `line ${line} removed`, text: withLines([...lines.slice(0, line), ...lines.slice(line + 1)]) };
    }
    case 4: {
      const stage = pick(named);
      if (!stage) return null;
      const line = stage.from.range.start.line;
      const renamed = lines[line].replace(new RegExp(`(\\s[Aa][Ss]\\s+)${stage.name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`), `$1${stage.name}-renamed`);
      return { what: `stage ${stage.name} renamed`, text: withLines(lines.map((l, i) => (i === line ? renamed : l))) };
    }
    case 5: {
      const stage = pick(model.stages);
      if (!stage) return null;
      const line = stage.from.range.start.line;
      const inserted = ['FROM node:20 AS inserted', 'WORKDIR /app', 'RUN npm ci', ''];
      return { what: `stage inserted at line ${line}`, text: withLines([...lines.slice(0, line), ...inserted, ...lines.slice(line)]) };
    }
    case 6: {
      const stages = model.stages.slice(0, -1);
      const stage = pick(stages);
      if (!stage) return null;
      const start = stage.from.range.start.line;
      const end = model.stages[stage.index + 1].from.range.start.line;
      return { what: `stage ${stage.name ?? stage.index} (lines ${start}-${end - 1}) removed`, text: withLines([...lines.slice(0, start), ...lines.slice(end)]) };
    }
    default: {
      // Something that changes what a stage contains, in a stage others copy from or build on.
      const used = model.stages.filter((stage) => model.stages.some((other) => other.baseStage === stage || other.copiesFrom.includes(stage)));
      const stage = pick(used);
      const last = stage?.instructions[stage.instructions.length - 1];
      if (!stage || !last || last.heredocs.length > 0) return null;
      const line = last.range.end.line;
      return { what: `mkdir added to stage ${stage.name ?? stage.index}`, text: withLines([...lines.slice(0, line + 1), 'RUN mkdir -p /app/dist /src/node_modules', ...lines.slice(line + 1)]) };
    }
  }
}

describe('incremental check: seeded random edits of corpus files', { timeout: 900_000 }, () => {
  it('finds after each edit exactly what a fresh check finds, every rule on', (t) => {
    const missing = corpusMissing(REAL);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    // The multi-stage files are where kept findings depend on other stages.
    const files = readdirSync(REAL)
      .filter((name) => name !== 'SOURCES.tsv' && !name.startsWith('.'))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(REAL, name), 'utf8') }))
      .map((file) => ({ ...file, stages: (file.text.match(/^\s*FROM\s/gim) ?? []).length }))
      .filter((file) => file.stages >= 3)
      .slice(0, 40);
    files.push({ name: 'large-1k', text: readFileSync(join(LARGE, 'large-1k.Dockerfile'), 'utf8'), stages: 0 });
    let edits = 0;
    files.forEach((file, n) => {
      const next = random(1000 + n);
      const session = new Session(file.text, everyRuleOn);
      for (let step = 0; step < 12; step++) {
        const edit = randomEdit(session.text, next);
        if (!edit) continue;
        session.edit(edit.text, `${file.name}, edit ${step}: ${edit.what}`, step % 4 === 3);
        edits++;
      }
    });
    assert.ok(edits > 300, `only ${edits} edits were made`);
  });
});
