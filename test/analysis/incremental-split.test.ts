// The editor's stage split after an edit (incremental-split.ts) takes the chunks around the
// edit from the last split: it must always equal a split of the whole new text. Checked on
// seeded random edits of every corpus file, edits that open a continuation or a heredoc, add,
// remove or break FROM lines, and on the bench's edits of the 5,000-line file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitIntoChunks } from '../../server/src/analysis/chunks';
import { knownSplit, splitAfterEdit, splitReusing, type KnownSplit } from '../../server/src/analysis/incremental-split';
import { random } from '../support/seeded-random';
import { corpusMissing, corpusTexts, IN_CI, REAL } from '../corpus/corpus-location';


// Insertions an editor makes at a point: typing, new lines, and what changes how lines group.
const INSERTIONS = ['x', ' ', '\n', 'RUN echo hi\n', 'FROM alpine AS added\n', '\nFROM alpine\n', ' \\', '\\\n', 'RUN <<EOF\n', 'EOF\n', '<<EOF', '# comment\n', 'F', 'ROM', '\r\n', '# escape=`\n'];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.3 && text.length > 0) {
    const length = 1 + Math.floor(next() * Math.min(80, text.length - Math.min(at, text.length - 1)));
    return text.slice(0, at) + text.slice(at + length);
  }
  return text.slice(0, at) + INSERTIONS[Math.floor(next() * INSERTIONS.length)] + text.slice(at);
}

function check(previous: KnownSplit, text: string, what: string): { next: KnownSplit; reused: boolean } {
  const reused = splitReusing(previous, text);
  const next = splitAfterEdit(previous, text);
  assert.deepEqual(next.split, splitIntoChunks(text), what);
  assert.deepEqual(next, knownSplit(text, next.split), `${what}: chunk offsets`);
  return { next, reused: reused !== null && reused !== previous };
}

describe('stage split after an edit', () => {
  it('equals a whole split on random edits of every corpus file', (t) => {
    const missing = corpusMissing(REAL);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    let edits = 0;
    let reused = 0;
    corpusTexts([]).forEach(({ name, text }, n) => {
      const next = random(7 + n);
      let known = knownSplit(text, splitIntoChunks(text));
      for (let step = 0; step < 8; step++) {
        const edited = edit(known.text, next);
        const result = check(known, edited, `${name}, edit ${step}`);
        known = result.next;
        edits++;
        if (result.reused) reused++;
      }
    });
    // Most edits of multi-stage files land after the first chunk: the reuse is exercised.
    assert.ok(edits > 4000 && reused > edits / 4, `${reused} of ${edits} edits reused the last split`);
  });

  it('scans again what an edit opens or closes', () => {
    const text = ['# syntax=docker/dockerfile:1', 'FROM alpine AS a', 'RUN echo a', '', 'FROM alpine AS b', 'RUN echo b', '', 'FROM alpine AS c', 'RUN echo c', ''].join('\n');
    const known = knownSplit(text, splitIntoChunks(text));
    const cases: [string, string][] = [
      ['a continuation before the next FROM', text.replace('RUN echo b', 'RUN echo b \\')],
      ['a heredoc left open', text.replace('RUN echo b', 'RUN cat <<EOF')],
      ['a heredoc closed', text.replace('RUN echo b', 'RUN cat <<EOF\nx\nEOF')],
      ['a FROM broken', text.replace('FROM alpine AS b', 'FRO alpine AS b')],
      ['a FROM added', text.replace('RUN echo b', 'RUN echo b\nFROM alpine AS b2')],
      ['a stage removed', text.replace('FROM alpine AS b\nRUN echo b\n\n', '')],
      ['lines added', text.replace('RUN echo b', 'RUN echo b\nRUN echo b2\n\n')],
      ['a line typed at the end', text + 'RUN echo d'],
      ['the escape directive added', `# escape=\`\n${text}`],
    ];
    for (const [what, edited] of cases) check(known, edited, what);
    assert.ok(check(known, text.replace('RUN echo b', 'RUN echo bb'), 'typing').reused);
  });
});
