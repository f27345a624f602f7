// A small POSIX shell reader for RUN scripts: it splits a script into simple commands
// (`&&`, `||`, `;`, `|`, `&`, newlines, groups and `if`/`for` keywords), unquotes words and
// keeps each word's offsets so fixes can edit the exact text. It does not execute or expand
// anything: rules ask "is `apt-get install` called, with which flags", nothing more.

export interface ShellWord {
  /** Unquoted value (`"a b"` -> `a b`); `$VAR` and `$(...)` are kept literally. */
  value: string;
  /** Offsets into the text that was parsed (end exclusive). */
  start: number;
  end: number;
}

export type Connector = '&&' | '||' | ';' | '|' | '&' | 'newline';

export interface ShellCommand {
  /** The program, as its base name (`/usr/bin/apt-get` -> `apt-get`), after assignments and
   *  wrappers such as `sudo`, `env`, `exec`, `command`, `nohup`, `time`. Empty for a pure assignment. */
  name: string;
  nameWord: ShellWord | null;
  /** Words after the program. */
  args: ShellWord[];
  /** Every word of the simple command, assignments and wrappers included. */
  words: ShellWord[];
  /** `NAME=value` prefixes (also those given through `env`). */
  assignments: string[];
  /** The operator that follows the command, or null at the end of the script. */
  connector: Connector | null;
  start: number;
  end: number;
}

const SKIPPED_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'esac']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time', 'nice', 'su-exec', 'gosu', 'chroot']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const WORD_BREAK = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);

interface Token {
  kind: 'word' | 'op';
  value: string;
  start: number;
  end: number;
}

export function parseShell(text: string, begin = 0, end = text.length, escapeChar = '\\'): ShellCommand[] {
  // An end past the text (an unterminated heredoc's body) reads as the text's end.
  return groupCommands(tokenize(text, begin, Math.min(end, text.length), escapeChar));
}

function tokenize(text: string, begin: number, end: number, escapeChar: string): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { word: string; stripTabs: boolean }[] = [];
  let i = begin;

  const isContinuation = (at: number): number => {
    // The Dockerfile's escape character (or a shell backslash) before a newline joins lines.
    const c = text[at];
    if (c !== '\\' && c !== escapeChar) return 0;
    // Reads past the end are guarded: V8 throws optimized code away on its first one.
    if (at + 1 >= text.length) return 0;
    if (text[at + 1] === '\n') return 2;
    if (text[at + 1] === '\r' && at + 2 < text.length && text[at + 2] === '\n') return 3;
    return 0;
  };

  const skipHeredocBodies = () => {
    while (pendingHeredocs.length > 0 && i < end) {
      const { word, stripTabs } = pendingHeredocs.shift()!;
      while (i < end) {
        let lineEnd = text.indexOf('\n', i);
        if (lineEnd === -1 || lineEnd > end) lineEnd = end;
        let line = text.slice(i, lineEnd).replace(/\r$/, '');
        if (stripTabs) line = line.replace(/^\t+/, '');
        i = lineEnd + 1;
        if (line === word) break;
      }
    }
  };

  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const cont = c === '\\' || c === escapeChar ? isContinuation(i) : 0;
    if (cont > 0) {
      i += cont;
      continue;
    }
    if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    const next = i + 1 < text.length ? text[i + 1] : '';
    // Operators get their token in one place: code that V8 optimized before it ever ran (a
    // rare operator's own push) makes it throw the function's optimized code away.
    let operator: string | null = null;
    let length = 1;
    if (c === '\n') {
      operator = 'newline';
    } else if ((c === '&' || c === '|' || c === ';') && next === c) {
      operator = c === ';' ? ';' : c === '&' ? '&&' : '||';
      length = 2;
    } else if (c === ';' || c === '|' || c === '(' || c === ')') {
      operator = c === '(' || c === ')' ? ';' : c;
    } else if (c === '&' && next !== '>') {
      operator = '&';
    }
    if (operator !== null) {
      tokens.push({ kind: 'op', value: operator, start: i, end: i + length });
      // `|&` pipes stderr too: one operator, two characters.
      i += length === 1 && c === '|' && next === '&' ? 2 : length;
      if (c === '\n') skipHeredocBodies();
      continue;
    }
    // Only a digit, `<`, `>` or `&` starts a redirect: most words need no look.
    const redirect = c === '<' || c === '>' || c === '&' || (c >= '0' && c <= '9') ? readRedirect(text, i, end) : null;
    if (redirect) {
      i = redirect.end;
      if (redirect.heredoc) {
        pendingHeredocs.push(redirect.heredoc);
        continue;
      }
      // The redirect's target word is not an argument of the command.
      while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
      if (!redirect.hasTarget) i = readWord(text, i, end, escapeChar, isContinuation).end;
      continue;
    }
    const word = readWord(text, i, end, escapeChar, isContinuation);
    tokens.push({ kind: 'word', value: word.value, start: i, end: word.end });
    i = word.end;
  }
  return tokens;
}

interface Redirect {
  end: number;
  hasTarget: boolean;
  /** Always present (null when none): one object shape for every redirect. */
  heredoc: { word: string; stripTabs: boolean } | null;
}

// `>`, `>>`, `2>`, `2>&1`, `&>`, `<`, `<<EOF`, `<<-'EOF'`, `<<<` at the current offset.
function readRedirect(text: string, at: number, end: number): Redirect | null {
  let i = at;
  while (i < end && text[i] >= '0' && text[i] <= '9') i++;
  if (i + 1 < text.length && text[i] === '&' && text[i + 1] === '>') i++;
  if (i >= text.length) return null;
  const c = text[i];
  if (c !== '<' && c !== '>') return null;
  if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
    const match = /^<<(-?)\s*(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2/.exec(text.slice(i, Math.min(end, i + 200)));
    if (match) return { end: i + match[0].length, hasTarget: true, heredoc: { word: match[3], stripTabs: match[1] === '-' } };
  }
  i++;
  while (text[i] === '<' || text[i] === '>') i++;
  if (text[i] === '&') {
    i++;
    const fd = /^[0-9-]+/.exec(text.slice(i, i + 8));
    if (fd) return { end: i + fd[0].length, hasTarget: true, heredoc: null };
  }
  if (text[i] === '|') i++;
  return { end: i, hasTarget: false, heredoc: null };
}

function readWord(
  text: string,
  at: number,
  end: number,
  escapeChar: string,
  isContinuation: (at: number) => number,
): { value: string; end: number } {
  // The value is `value` plus the run of text [run, i) not yet added: characters that are taken
  // as written extend the run, and only quotes, escapes and line continuations cut it, so a plain
  // word is one slice of the text rather than a new string per character.
  let value = '';
  let run = at;
  let i = at;
  while (i < end) {
    const c = text[i];
    const cont = c === '\\' || c === escapeChar ? isContinuation(i) : 0;
    if (cont > 0) {
      value += text.slice(run, i);
      i += cont;
      run = i;
      continue;
    }
    if (WORD_BREAK.has(c)) break;
    if (c === '\\' || (c === escapeChar && escapeChar !== '\\')) {
      value += text.slice(run, i);
      if (i + 1 < end) value += text[i + 1];
      i += 2;
      run = i;
    } else if (c === "'") {
      value += text.slice(run, i);
      const close = text.indexOf("'", i + 1);
      const stop = close === -1 || close >= end ? end : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
      run = i;
    } else if (c === '"') {
      value += text.slice(run, i);
      i++;
      let inner = i;
      while (i < end && text[i] !== '"') {
        const joined = isContinuation(i);
        if (joined > 0) {
          value += text.slice(inner, i);
          i += joined;
          inner = i;
        } else if (text[i] === '\\' && i + 1 < end && '"\\$`'.includes(text[i + 1])) {
          value += text.slice(inner, i) + text[i + 1];
          i += 2;
          inner = i;
        } else {
          i++;
        }
      }
      if (i > inner) value += text.slice(inner, i);
      i++;
      run = i;
    } else if (c === '$' && i + 1 < text.length && (text[i + 1] === '(' || text[i + 1] === '{')) {
      i = matchingClose(text, i + 1, end); // taken as written: the run goes on
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      i = close === -1 || close >= end ? end : close + 1;
    } else {
      i = plainRunEnd(text, i + 1, escapeChar);
    }
  }
  if (Math.min(i, end) > run) value += text.slice(run, Math.min(i, end));
  return { value, end: Math.min(i, end) };
}

/** What a word's plain characters end at: a break, an escape, a quote, `$` or a backtick. */
const PLAIN_RUN_END = /[ \t\n\r;&|()<>\\'"$`]/g;

/**
 * The offset of the first character at or after `from` that readWord must look at (at least
 * the text's length, and never below `from`): the characters before it extend the word as
 * written, so they are skipped at once instead of one loop turn each. Any other escape
 * character than `\` or `` ` `` (which the pattern holds) is looked at after every character.
 */
function plainRunEnd(text: string, from: number, escapeChar: string): number {
  if (escapeChar !== '\\' && escapeChar !== '`') return from;
  // test() with the g flag leaves lastIndex just past the match, and builds no match array.
  PLAIN_RUN_END.lastIndex = from;
  return PLAIN_RUN_END.test(text) ? PLAIN_RUN_END.lastIndex - 1 : Math.max(text.length, from);
}

/** Offset just past the bracket that closes the one at `open` (quotes respected). */
function matchingClose(text: string, open: number, end: number): number {
  const opener = text[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === "'" && opener === '(') {
      const close = text.indexOf("'", i + 1);
      i = close === -1 ? end : close;
    } else if (c === opener) {
      depth++;
    } else if (c === closer && --depth === 0) {
      return i + 1;
    }
  }
  return end;
}

function groupCommands(tokens: Token[]): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  const flush = (connector: Connector | null) => {
    if (words.length > 0) commands.push(makeCommand(words, connector));
    else if (connector && commands.length > 0 && commands[commands.length - 1].connector === null) {
      commands[commands.length - 1].connector = connector;
    }
    words = [];
  };
  for (const token of tokens) {
    if (token.kind === 'op') {
      flush(token.value as Connector);
      continue;
    }
    if (words.length === 0 && SKIPPED_KEYWORDS.has(token.value)) continue;
    words.push({ value: token.value, start: token.start, end: token.end });
  }
  flush(null);
  return commands;
}

function makeCommand(words: ShellWord[], connector: Connector | null): ShellCommand {
  const assignments: string[] = [];
  let at = 0;
  for (;;) {
    while (at < words.length && ASSIGNMENT.test(words[at].value)) assignments.push(words[at++].value);
    if (at >= words.length || !WRAPPERS.has(basename(words[at].value))) break;
    const wrapper = basename(words[at++].value);
    // Skip the wrapper's own options, e.g. `sudo -E -u app`, `env -i`.
    while (at < words.length && words[at].value.startsWith('-')) {
      const option = words[at++].value;
      if (wrapper === 'sudo' && (option === '-u' || option === '-g')) at++;
    }
    if ((wrapper === 'su-exec' || wrapper === 'gosu') && at < words.length) at++;
  }
  const nameWord = at < words.length ? words[at] : null;
  return {
    name: nameWord ? basename(nameWord.value) : '',
    nameWord,
    args: words.slice(at + 1),
    words,
    assignments,
    connector,
    start: words[0].start,
    end: words[words.length - 1].end,
  };
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
