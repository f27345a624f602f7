// Runs the parsers once, first thing in a CLI thread, over small texts that take the rare
// branches of their hottest loops: escapes before blanks and line ends, comment lines inside
// continued lines, CRLF, the backtick escape, quotes, `$(...)`, heredocs, `&` and `|&`.
//
// Why: V8 optimizes a function from what it has seen run. A branch that never ran gets no
// code in the optimized version, only an exit back to the interpreter, and V8 throws the whole
// optimized code away when the branch first runs, then compiles the function again. Over the
// 646 real files that happened to the argument scan twice, to the shell reader's two loops
// once each, and to the instruction walk and the run skip once (--trace-deopt), each a compile
// of 10-25 ms on the thread that checks files. Seen here first, those branches are part of the
// first optimized code. The results are thrown away: nothing a check reports depends on this.
import { DockerfileModel } from './model';
import { parseShell } from './shell';

const BACKSLASH_FILE = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=debian:12',
  'FROM ${BASE} AS build',
  'LABEL description="Ünïcode — two-byte text" empty="" E=',
  'ENV A=1 B="two words" \\',
  "    C='x' D=\\$E F=a\\ b",
  'LABEL a="b" \\',
  '# a comment line inside',
  '      c=d',
  'RUN apt-get update \\',
  '    && apt-get install -y curl \\ ',
  '    # a comment line',
  '    && echo "a \\"b\\" \\',
  'c" \'d e\' \\$HOME $(date) ${X:-y} `uname` > /dev/null 2>&1 &',
  "RUN a |& b ; c || d ;; (e) && f &> /tmp/x < in <<-'EOF' && g <<EOF2",
  '\tx',
  '\tEOF',
  'y',
  'EOF2',
  'RUN ["sh", "-c", "echo hi"]',
  'COPY --from=build --chown=1:1 a b /dst/',
  'COPY <<EOF /etc/x',
  'z',
  'EOF',
  'CMD ["node", "app.js"]',
  'RUN echo a\\ b \\x \\',
  '  c ab\\',
  '  cd # not a comment',
  'RUN a\\  ',
  '  b c\\  d e \\ \t ',
  '  f\\',
  '  \\$g',
  'RUN echo last \\',
].join('\n');

const BACKTICK_FILE = [
  '# escape=`',
  'FROM mcr.microsoft.com/windows/servercore',
  'ENV A=1 `',
  '    B="c d"',
  'RUN echo a `',
  '    # a comment line',
  '    b `x ``',
  'COPY a `',
  '  b/',
].join('\n');

const SCRIPTS: [script: string, escapeChar: string][] = [
  ['echo a `\n b `\r\n c "d `\n e" & f |& g', '`'],
  ['echo a \\\r\n b "c\\\r\nd" \'e\' $(f "g") `h` ${i} 2>&1 >> out <<< w', '\\'],
  ['echo "ünï — côdé" a\\ b # ünï — côdé\necho c', '\\'],
  ['echo ab\\\ncd # a comment\necho e', '\\'],
];

/**
 * Several rounds: V8 starts recording what a function sees only after it has run a little
 * (lazy feedback allocation), so a first round alone would leave the parsers' feedback empty.
 */
const ROUNDS = 4;

export function primeParsers(): void {
  const texts = [BACKSLASH_FILE, BACKSLASH_FILE.replace(/\n/g, '\r\n'), BACKTICK_FILE, BACKTICK_FILE.replace(/\n/g, '\r\n')];
  for (let round = 0; round < ROUNDS; round++) {
    for (const text of texts) {
      const model = new DockerfileModel(text);
      for (const run of model.runInstructions()) model.run(run);
    }
    for (const [script, escapeChar] of SCRIPTS) parseShell(script, 0, script.length, escapeChar);
  }
}
