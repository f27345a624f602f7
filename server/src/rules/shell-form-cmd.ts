import { osFamily } from '../analysis/base-images';
import { replace } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { lineageInstructions, rootStageOf } from '../analysis/stage-lineage';
import type { Instruction, Stage, TextEdit } from '../analysis/types';

// Characters that make /bin/sh do more than split words: expansions, operators, globs,
// redirections, comments, grouping. Any of them outside single quotes means no automatic fix.
const SHELL_SPECIAL = new Set(['$', '`', '\\', ';', '&', '|', '<', '>', '(', ')', '*', '?', '[', ']', '{', '}', '~', '!', '#']);
// A first word that is shell syntax or a builtin with no program of the same name behind it.
const SHELL_ONLY_WORDS = new Set([
  'cd', '.', 'source', 'export', 'set', 'unset', 'ulimit', 'umask', 'trap', 'eval', 'alias', 'read', 'wait', 'shift',
  'exit', 'return', 'readonly', 'local', 'declare', 'typeset', 'let', 'if', 'then', 'else', 'elif', 'fi', 'for',
  'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', 'time', ':', 'break', 'continue', 'command',
  'builtin', 'hash', 'getopts', 'jobs', 'fg', 'bg', 'type', 'times', 'exec',
]);
// `['node', 'app.js']`: a JSON array written with single quotes, which Docker runs as a shell string.
const SINGLE_QUOTED_ARRAY = /^\[\s*'[^'"\\]*'(\s*,\s*'[^'"\\]*')*\s*\]$/;

export const shellFormCmd: Rule = {
  meta: {
    id: 'shell-form-cmd',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Write CMD and ENTRYPOINT in exec form (a JSON array) so the program receives signals.',
    fixable: true,
    aliases: ['DL3025', 'JSONArgsRecommended'],
    requires: { keywords: ['CMD', 'ENTRYPOINT'] },
    docs: `\`CMD node server.js\` (shell form) runs \`/bin/sh -c "node server.js"\`: the shell is
PID 1 and does not forward \`SIGTERM\` to the program, so \`docker stop\` waits its timeout
(10 s) and then kills it, with no graceful shutdown. A shell-form \`ENTRYPOINT\` also ignores
\`CMD\` and \`docker run\` arguments. The exec form \`CMD ["node", "server.js"]\` runs the
program directly.

**Flagged:** \`CMD\` and \`ENTRYPOINT\` in shell form, in every stage (a stage can be built
with \`--target\`). Also an array written with single quotes (\`CMD ['node', 'app.js']\`),
which is not JSON, so Docker runs it through the shell and it fails. **Not flagged**, as in
BuildKit: a stage whose \`SHELL\` was set explicitly before the instruction (in it or in the
stage it builds FROM); the shell form is then a deliberate choice of that shell.

**Fix:** rewrites the command as a JSON array, only when the shell would just split it
into words: no variables, globs, operators (\`&&\`, \`|\`, \`;\`), redirections, escapes or
comments, and a first word that is a program (a leading \`exec\` is dropped, since exec form
already replaces the shell). Quotes are resolved (\`"my app.js"\` becomes one word). No fix:
- for an \`ENTRYPOINT\` when the stage also has a \`CMD\` (in exec form \`CMD\` would start
  being appended to it), and for a \`CMD\` when an \`ENTRYPOINT\` is in effect (the arguments
  it receives would change);
- on Windows images.

When the command needs the shell (\`CMD node server.js > /log 2>&1\`, \`$PORT\`), keep the
shell but let it hand over: \`CMD exec node server.js --port "$PORT"\`, or write a script and
use \`ENTRYPOINT ["/entrypoint.sh"]\` with \`exec "$@"\` at its end. After the fix,
\`docker run image args\` replaces \`CMD\`'s words or is appended to \`ENTRYPOINT\`'s, as
documented for exec form.

**Differences:** hadolint DL3025 also flags \`HEALTHCHECK CMD\` in shell form; we do not (a
health check is a short-lived child process; signals are not the concern). hadolint does not
look at \`SHELL\`; we follow BuildKit's JSONArgsRecommended and stay quiet after an explicit
\`SHELL\`.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
        if (instruction.jsonStrings !== null || instruction.args.length === 0) continue;
        if (shellSetBefore(stage, instruction)) continue;
        const script = scriptText(model, instruction);
        const looksLikeArray = script.startsWith('[');
        report({
          range: instruction.range,
          message: looksLikeArray
            ? `${instruction.keyword} is not a valid JSON array (strings need double quotes), so it runs as a shell command.`
            : `${instruction.keyword} in shell form runs under '/bin/sh -c', which does not pass signals such as SIGTERM to the program.`,
          fix: () => toExecForm(model, stage, instruction, script),
          fixTitle: 'Use exec form (JSON array)',
        });
      }
    }
  },
};

/** BuildKit stays quiet when the image config has a shell set when the instruction runs. */
function shellSetBefore(stage: Stage, instruction: Instruction): boolean {
  return lineageInstructions(stage).some((other) => other.keyword === 'SHELL' && (other.stageIndex !== stage.index || other.index < instruction.index));
}

/** The instruction's text from its first argument to its end. */
function scriptText(model: DockerfileModel, instruction: Instruction): string {
  const start = model.index.offsetAt(instruction.args[0].range.start);
  return model.text.slice(start, model.endOffsetOf(instruction));
}

function toExecForm(model: DockerfileModel, stage: Stage, instruction: Instruction, script: string): TextEdit[] | null {
  if (model.escapeChar !== '\\' || osFamily(rootStageOf(stage).base) === 'windows') return null;
  if (instruction.keyword === 'ENTRYPOINT' ? stage.instructions.some((i) => i.keyword === 'CMD') : entrypointInEffect(stage)) return null;
  const words = SINGLE_QUOTED_ARRAY.test(script.trim()) ? singleQuotedArray(script) : splitPlainWords(joinContinuations(script));
  if (!words) return null;
  if (words[0] === 'exec') words.shift();
  if (words.length === 0 || SHELL_ONLY_WORDS.has(words[0]) || words[0].includes('=')) return null;
  const json = '[' + words.map((word) => JSON.stringify(word)).join(', ') + ']';
  const start = model.index.offsetAt(instruction.args[0].range.start);
  return [replace(model.index.rangeAt(start, model.endOffsetOf(instruction)), json)];
}

function entrypointInEffect(stage: Stage): boolean {
  return lineageInstructions(stage).some((instruction) => instruction.keyword === 'ENTRYPOINT');
}

/** Joins `\`-newline continuations as Docker does; null when a comment line sits inside. */
function joinContinuations(script: string): string | null {
  const lines = script.split(/\r?\n/);
  let joined = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i > 0 && /^\s*#/.test(line)) return null;
    const continued = /\\[ \t]*$/.exec(line);
    if (continued && i < lines.length - 1) joined += line.slice(0, continued.index);
    else joined += line;
  }
  return joined;
}

/** Splits a command the way /bin/sh would, or returns null when the shell would do more than split words. */
function splitPlainWords(command: string | null): string[] | null {
  if (command === null) return null;
  const words: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === ' ' || c === '\t') {
      if (current !== null) words.push(current);
      current = null;
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close === -1) return null;
      current = (current ?? '') + command.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      const close = command.indexOf('"', i + 1);
      if (close === -1) return null;
      const inner = command.slice(i + 1, close);
      if (/[$`\\]/.test(inner)) return null;
      current = (current ?? '') + inner;
      i = close;
    } else if (SHELL_SPECIAL.has(c) || c === '\r' || c === '\n') {
      return null;
    } else {
      current = (current ?? '') + c;
    }
  }
  if (current !== null) words.push(current);
  return words;
}

function singleQuotedArray(script: string): string[] {
  return [...script.matchAll(/'([^']*)'/g)].map((match) => match[1]);
}
