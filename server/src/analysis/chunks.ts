// Splits a Dockerfile's text into a header (parser directives, global ARGs, comments) and one
// chunk per build stage, by a cheap line scan. Each chunk is parsed on its own and cached by
// its text, so an edit re-parses only the stage it touches: the parse is the engine's floor,
// and re-parsing 5,000 lines per keystroke would miss the latency target.

export interface Chunk {
  /** First line of the chunk in the document (zero-based). */
  startLine: number;
  text: string;
}

export interface SplitResult {
  escapeChar: string;
  /** The `# escape=` directive line, if any, to be repeated above every stage chunk. */
  escapeDirective: string | null;
  chunks: Chunk[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/;
// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`; a bare `<<` followed by a space is no heredoc.
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2/g;

interface PendingHeredoc {
  word: string;
  stripTabs: boolean;
}

export function readEscapeDirective(lines: string[]): { escapeChar: string; line: string | null } {
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const match = DIRECTIVE.exec(line);
    if (!match) break;
    if (match[1].toLowerCase() === 'escape' && (match[2] === '`' || match[2] === '\\')) {
      return { escapeChar: match[2], line };
    }
  }
  return { escapeChar: '\\', line: null };
}

export function splitIntoChunks(text: string): SplitResult {
  // One pass over the text by offsets (no array of lines, no re-joined chunk texts): this runs
  // on every keystroke over the whole document.
  const { escapeChar, line: escapeDirective } = readEscapeDirective(leadingLines(text));
  const escapeCode = escapeChar.charCodeAt(0);
  const boundaries: number[] = [0];
  const boundaryOffsets: number[] = [0];
  let inContinuation = false;
  let keyword = '';
  const pending: PendingHeredoc[] = [];
  // The next `<<` at or after the current line, found once and moved forward: lines without
  // one skip the heredoc scan, and the search stays linear over the whole text.
  let nextMarker = text.indexOf('<<');

  let lineIndex = 0;
  for (let start = 0; start <= text.length; lineIndex++) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length + 1 : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // `\r`
    const lineStart = start;
    start = next;

    if (pending.length > 0) {
      let bodyStart = lineStart;
      if (pending[0].stripTabs) while (bodyStart < end && text.charCodeAt(bodyStart) === 9) bodyStart++;
      if (end - bodyStart === pending[0].word.length && text.startsWith(pending[0].word, bodyStart)) pending.shift();
      continue;
    }
    const first = firstNonSpace(text, lineStart, end);
    if (first === end || text.charCodeAt(first) === 35) continue; // blank and comment lines keep the state
    if (!inContinuation) {
      let letters = first;
      while (letters < end && isAsciiLetter(text.charCodeAt(letters))) letters++;
      keyword = text.slice(first, letters).toUpperCase();
      if (keyword === 'FROM' && (letters === end || isSpace(text.charCodeAt(letters))) && lineIndex > 0) {
        boundaries.push(lineIndex);
        boundaryOffsets.push(lineStart);
      }
    }
    if (nextMarker !== -1 && nextMarker < lineStart) nextMarker = text.indexOf('<<', lineStart);
    if (nextMarker !== -1 && nextMarker < end && (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD')) {
      const line = text.slice(lineStart, end);
      for (const match of line.matchAll(HEREDOC_MARKER)) {
        if (line[match.index! + 2 + match[1].length] === '<') continue;
        pending.push({ word: match[3], stripTabs: match[1] === '-' });
      }
    }
    const last = lastNonSpace(text, lineStart, end);
    inContinuation = last >= lineStart && text.charCodeAt(last) === escapeCode;
  }

  const chunks: Chunk[] = [];
  for (let b = 0; b < boundaries.length; b++) {
    // A chunk runs to the line break before the next chunk (kept out of both), so positions
    // inside it are exact.
    const end = b + 1 < boundaries.length ? boundaryOffsets[b + 1] - 1 : text.length;
    chunks.push({ startLine: boundaries[b], text: text.slice(boundaryOffsets[b], end) });
  }
  return { escapeChar, escapeDirective, chunks };
}

/** The escape character the text's parser directives set (`\` unless `# escape=` says otherwise). */
export function escapeCharOf(text: string): string {
  return readEscapeDirective(leadingLines(text)).escapeChar;
}

/** The lines a directive scan can read: up to the first line that is no directive. */
function leadingLines(text: string): string[] {
  const lines: string[] = [];
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline === -1 ? text.length : newline);
    lines.push(line);
    if (!DIRECTIVE.test(line.replace(/\r$/, '')) || newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Whitespace as String.prototype.trim sees it (`\s`): ASCII fast, the rest by the regex. */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

function firstNonSpace(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  return start;
}

function lastNonSpace(text: string, start: number, end: number): number {
  let last = end - 1;
  while (last >= start && isSpace(text.charCodeAt(last))) last--;
  return last;
}
