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
const FROM_LINE = /^\s*from(\s|$)/i;
const INSTRUCTION_START = /^\s*([a-zA-Z]+)/;
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
  const lines = text.split('\n');
  const { escapeChar, line: escapeDirective } = readEscapeDirective(lines);
  const boundaries: number[] = [0];
  let inContinuation = false;
  let keyword = '';
  let pending: PendingHeredoc[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (pending.length > 0) {
      const body = pending[0].stripTabs ? line.replace(/^\t+/, '') : line;
      if (body === pending[0].word) pending.shift();
      continue;
    }
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue; // blank and comment lines keep the state
    if (!inContinuation) {
      const start = INSTRUCTION_START.exec(line);
      keyword = start ? start[1].toUpperCase() : '';
      if (keyword === 'FROM' && FROM_LINE.test(line) && i > 0) boundaries.push(i);
    }
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const match of line.matchAll(HEREDOC_MARKER)) {
        if (line[match.index! + 2 + match[1].length] === '<') continue;
        pending.push({ word: match[3], stripTabs: match[1] === '-' });
      }
    }
    inContinuation = line.trimEnd().endsWith(escapeChar);
  }

  const chunks: Chunk[] = [];
  for (let b = 0; b < boundaries.length; b++) {
    const startLine = boundaries[b];
    const endLine = b + 1 < boundaries.length ? boundaries[b + 1] : lines.length;
    // Re-join with the same separators so that character positions stay exact.
    chunks.push({ startLine, text: lines.slice(startLine, endLine).join('\n') });
  }
  return { escapeChar, escapeDirective, chunks };
}
