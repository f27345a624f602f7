// The stage split of a text that differs from the last one split by an edit (the editor, one
// keystroke at a time): the chunks before and after the edit are taken from the last split
// (same texts, lines moved), and only the edited part is scanned again, instead of the whole
// document on every keystroke. The result is always what splitIntoChunks(text) returns:
// whenever that is not certain (an edit in the first chunk, where parser directives live; an
// escape directive; an edit that leaves a continuation or a heredoc open), the whole text is
// split again. test/analysis/incremental-split.test.ts compares the two on random edits.
import { splitIntoChunks, type Chunk, type SplitResult } from './chunks';

/** A split and where its chunks start in its text. */
export interface KnownSplit {
  text: string;
  split: SplitResult;
  offsets: number[];
}

const SENTINEL = 'FROM scratch';
// The chunk scan's test for a line that starts a stage (chunks.ts: a FROM keyword, then a
// space or the end of the line); `\s` is the whitespace it skips.
const STARTS_STAGE = /^\s*FROM(?:\s|$)/i;

export function knownSplit(text: string, split: SplitResult): KnownSplit {
  const offsets: number[] = [];
  let offset = 0;
  for (const chunk of split.chunks) {
    offsets.push(offset);
    offset += chunk.text.length + 1; // the line break before the next chunk
  }
  return { text, split, offsets };
}

/** splitIntoChunks(text), from `previous` where the edit allows. */
export function splitAfterEdit(previous: KnownSplit | undefined, text: string): KnownSplit {
  return (previous && splitReusing(previous, text)) ?? knownSplit(text, splitIntoChunks(text));
}

/** The split from `previous` and a scan of the edited chunks only; null when only a whole split can tell. */
export function splitReusing(previous: KnownSplit, text: string): KnownSplit | null {
  const { split, offsets } = previous;
  const chunks = split.chunks;
  if (split.escapeDirective !== null || chunks.length < 2) return null;
  if (text === previous.text) return previous;
  const last = chunks.length - 1;
  // Where the chunk `c` of the last text sits in `text`, shifted by `shift`: the same text,
  // between the line breaks (or text ends) that bound it.
  const sitsAt = (c: number, shift: number): boolean => {
    const start = offsets[c] + shift;
    const end = start + chunks[c].text.length;
    // (A slice compared with === is a native comparison of the characters; startsWith with a
    // position is several times slower.)
    if (start < 0 || end > text.length || text.slice(start, end) !== chunks[c].text) return false;
    if (c === 0 ? start !== 0 : text.charCodeAt(start - 1) !== 10) return false;
    return c === last ? end === text.length : text.charCodeAt(end) === 10;
  };
  let first = 0;
  while (first <= last && sitsAt(first, 0)) first++;
  const shift = text.length - previous.text.length;
  let final = last;
  while (final >= 0 && sitsAt(final, shift)) final--;
  // The edited chunks: from the first that is not where it was to the last that is not where
  // it went (an insertion between two chunks makes these cross: take both).
  const from = Math.min(first, final);
  const to = Math.max(first, final);
  if (from <= 0 || to > last) return null;
  const start = offsets[from];
  const end = to === last ? text.length : offsets[to + 1] + shift - 1;
  if (end < start) return null;
  const region = text.slice(start, end);
  // The region must still start a stage, and end with nothing open: then the chunks after it
  // split as before. A stage line after it shows that (it is a chunk of its own only then).
  const firstLine = region.slice(0, region.indexOf('\n') === -1 ? region.length : region.indexOf('\n'));
  if (!STARTS_STAGE.test(firstLine)) return null;
  const scanned = splitIntoChunks(`${region}\n${SENTINEL}`);
  const sentinel = scanned.chunks[scanned.chunks.length - 1];
  if (scanned.chunks.length < 2 || sentinel.text !== SENTINEL || scanned.escapeChar !== split.escapeChar) return null;

  const firstLineOfRegion = chunks[from].startLine;
  // The sentinel stands where the first chunk after the region now starts.
  const lineShift = to === last ? 0 : firstLineOfRegion + sentinel.startLine - chunks[to + 1].startLine;
  const newChunks: Chunk[] = chunks.slice(0, from);
  const newOffsets = offsets.slice(0, from);
  let offset = start;
  for (const chunk of scanned.chunks.slice(0, -1)) {
    newChunks.push({ startLine: chunk.startLine + firstLineOfRegion, text: chunk.text });
    newOffsets.push(offset);
    offset += chunk.text.length + 1;
  }
  for (let c = to + 1; c <= last; c++) {
    newChunks.push({ startLine: chunks[c].startLine + lineShift, text: chunks[c].text });
    newOffsets.push(offsets[c] + shift);
  }
  return { text, split: { escapeChar: split.escapeChar, escapeDirective: null, chunks: newChunks }, offsets: newOffsets };
}
