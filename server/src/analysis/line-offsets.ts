// dockerfile-ast keeps each parsed text in a TextDocument of vscode-languageserver-textdocument,
// which finds the text's line starts (for every position it gives) by testing every character
// for a line break, in a loop that a short CLI run mostly runs unoptimized: 2% of a check of
// the real corpus (CPU profile). Here the line breaks are found by a regular-expression search
// instead, with the same result (test/analysis/line-offsets.test.ts compares the two on the
// corpus and on every short mix of line breaks). The editor's documents, of the same class, get
// it too; their incremental updates keep the library's own code.
//
// Required (not imported) so that this is the copy dockerfile-ast requires: the package's ES
// module build is another class.
const textDocuments = require('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument');

/** What the replacement reads and sets: members the library keeps private. */
interface DocumentInternals {
  _content: string;
  _lineOffsets: number[] | undefined;
  getLineOffsets(this: DocumentInternals): number[];
}

const prototype = Object.getPrototypeOf(textDocuments.TextDocument.create('file:///', '', 0, '')) as DocumentInternals;

/** The library's method, as published. */
export const pristineGetLineOffsets = prototype.getLineOffsets;

const LINE_BREAK = /[\r\n]/g;
const CARRIAGE_RETURN = 13;
const LINE_FEED = 10;

/** The offset of every line's start: after `\r\n`, `\r` or `\n`, as the library counts lines. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  LINE_BREAK.lastIndex = 0;
  // test() with the g flag leaves lastIndex just past the match, and builds no match array.
  while (LINE_BREAK.test(text)) {
    let next = LINE_BREAK.lastIndex;
    if (text.charCodeAt(next - 1) === CARRIAGE_RETURN && next < text.length && text.charCodeAt(next) === LINE_FEED) {
      next++;
      LINE_BREAK.lastIndex = next;
    }
    starts.push(next);
  }
  return starts;
}

function searchedLineOffsets(this: DocumentInternals): number[] {
  if (this._lineOffsets === undefined) this._lineOffsets = lineStartsOf(this._content);
  return this._lineOffsets;
}

/** Installs the search (the default as soon as this module loads). */
export function useSearchedLineOffsets(): void {
  prototype.getLineOffsets = searchedLineOffsets;
}

/** The library as published: what the equivalence test compares against. */
export function usePristineLineOffsets(): void {
  prototype.getLineOffsets = pristineGetLineOffsets;
}

useSearchedLineOffsets();
