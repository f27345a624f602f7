// line-offsets.ts replaces the TextDocument's line-start scan with a search: same line starts for
// every short mix of line breaks and for the corpus, and it is what dockerfile-ast's documents use.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineStartsOf, pristineGetLineOffsets, useSearchedLineOffsets, usePristineLineOffsets } from '../../server/src/analysis/line-offsets';
import { parseChunk } from '../../server/src/analysis/parse';
import { corpusMissing, corpusTexts, IN_CI, REAL } from '../corpus/corpus-location';

/** The library's own line starts for `text`. */
function pristine(text: string): number[] {
  return pristineGetLineOffsets.call(TextDocument.create('file:///x', 'dockerfile', 0, text) as never);
}

/** Every text of up to five pieces, each a character or a line break. */
function mixes(): string[] {
  const pieces = ['a', '\r', '\n', '\r\n', 'ü'];
  let found = [''];
  const all: string[] = [''];
  for (let length = 0; length < 5; length++) {
    found = found.flatMap((text) => pieces.map((piece) => text + piece));
    all.push(...found);
  }
  return all;
}

describe('line starts by search', () => {
  after(useSearchedLineOffsets);

  it('are the library\'s for every mix of up to five characters and line breaks', () => {
    const all = mixes();
    assert.ok(all.length > 3000);
    for (const text of all) assert.deepEqual(lineStartsOf(text), pristine(text), JSON.stringify(text));
  });

  it('are what dockerfile-ast\'s documents use, and every corpus parse is the same with the library\'s', (t) => {
    const document = (DockerfileParser.parse('FROM a\r\nRUN b\n') as unknown as { document: { getLineOffsets(): number[] } }).document;
    assert.equal(document.getLineOffsets, Object.getPrototypeOf(TextDocument.create('file:///y', '', 0, '')).getLineOffsets);
    assert.notEqual(document.getLineOffsets, pristineGetLineOffsets, 'the search is not installed');
    assert.deepEqual(document.getLineOffsets(), [0, 8, 14]);
    const missing = corpusMissing(REAL);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    for (const { name, text } of corpusTexts().slice(0, 700)) {
      assert.deepEqual(lineStartsOf(text), pristine(text), name);
      const searched = parseChunk(text, 0);
      usePristineLineOffsets();
      const scanned = parseChunk(text, 0);
      useSearchedLineOffsets();
      assert.deepEqual(searched, scanned, name);
    }
  });
});
