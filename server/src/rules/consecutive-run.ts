import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { continuationText, countPipelines, runScriptEnd } from '../analysis/run-script';
import type { ShellCommand } from '../analysis/shell';
import type { Instruction, TextEdit } from '../analysis/types';

/** Commands whose effect on the shell (directory, variables, options) would leak into a merged script. */
const SHELL_STATE = new Set(['cd', 'pushd', 'popd', 'export', 'unset', 'set', 'source', '.', 'umask', 'alias', 'shopt', 'trap', 'ulimit', 'readonly', 'declare', 'local', 'typeset', 'eval', 'exec', 'exit']);

/** One pipeline in shell form, without heredocs: the only RUNs this rule considers. */
function isSimpleRun(model: DockerfileModel, instruction: Instruction): boolean {
  if (instruction.keyword !== 'RUN' || instruction.jsonStrings || instruction.heredocs.length > 0) return false;
  const run = model.run(instruction);
  return run.posixShell && run.commands.length > 0 && countPipelines(run.commands) === 1;
}

/** The RUNs' flags (`--mount`, `--network`, `--security`) as a comparable key; order does not matter. */
function flagsKey(instruction: Instruction): string {
  if (instruction.flags.length === 0) return ''; // most RUNs: skip building and sorting an empty list
  return instruction.flags
    .map((flag) => `${flag.name}=${flag.value ?? ''}`)
    .sort()
    .join('\u0000');
}

function changesShellState(command: ShellCommand): boolean {
  return SHELL_STATE.has(command.words[0]?.value ?? '') || SHELL_STATE.has(command.name) || (command.name === '' && command.assignments.length > 0);
}

export const consecutiveRun: Rule = {
  meta: {
    id: 'consecutive-run',
    scope: 'stage',
    category: 'cache',
    severity: 'info',
    description: 'Merge consecutive single-command RUN instructions into one.',
    fixable: true,
    aliases: ['DL3059'],
    requires: { keywords: ['RUN'] },
    docs: `Each RUN makes a layer and a build step. Short RUNs in a row (\`RUN mkdir /app\`,
\`RUN chmod +x /entry.sh\`) cost a layer each, and a file changed by one and deleted by the next
stays in the image. Merged with \`&&\` they make one layer.

**Flagged:** a RUN that directly follows another RUN (comments and blank lines between are
allowed) when both are one pipeline each in shell form, neither uses a heredoc, and both carry
the same flags (\`--mount\`, \`--network\`, \`--security\`). RUNs that already chain several
commands are left alone: their split is usually deliberate (a slow install cached apart from a
quick step).

**Fix:** joins the RUN onto the previous one with \` && \\\\\` and a continuation line (comments in
between are kept as comment lines inside the continuation, which Docker ignores). \`&&\` keeps
the build failing where either RUN failed. The fix is declined when the first RUN changes shell
state that the second would then inherit (\`cd\`, \`export\`, \`set\`, \`source\`, variable
assignments, \`exec\`, \`exit\`), when a comment between them is an ignore pragma, or when the
first RUN ends in a way text cannot be appended to (a trailing comment or \`;\`).

**Same as hadolint DL3059:** only single-command RUNs count, comments do not separate RUNs, and
RUNs with different flags are not merged.`,
  },
  check({ model, report }) {
    let previous: Instruction | null = null;
    let previousSimple = false;
    for (const instruction of model.instructions) {
      const simple = isSimpleRun(model, instruction);
      if (previous && simple && previousSimple && flagsKey(previous) === flagsKey(instruction)) {
        const first = previous;
        report({
          range: instruction.keywordRange,
          message: `This RUN directly follows the RUN on line ${first.range.start.line + 1}; merge them to save a layer.`,
          fixTitle: 'Merge into the previous RUN',
          related: [{ range: first.keywordRange, message: 'The previous RUN' }],
          fix: () => mergeRuns(model, first, instruction),
        });
      }
      previous = instruction;
      previousSimple = simple;
    }
  },
};

/** Replaces everything from the end of `first`'s script to the start of `second`'s script with `&& \`. */
function mergeRuns(model: DockerfileModel, first: Instruction, second: Instruction): TextEdit[] | null {
  if (model.run(first).commands.some(changesShellState)) return null;
  const end = runScriptEnd(model, first);
  const secondScript = second.args[0];
  if (!end || !secondScript) return null;
  const between = model.comments.filter((comment) => comment.line > first.range.end.line && comment.line < second.range.start.line);
  if (between.some((comment) => /\bignore\s*=/i.test(comment.text))) return null;
  const baseIndent = /^[ \t]*/.exec(model.lineText(first.range.start.line))![0] + '    ';
  const indent = end.multiline ? end.lastLineIndent || baseIndent : baseIndent;
  const eol = model.index.eol;
  const commentLines = between.map((comment) => indent + model.lineText(comment.line).trimStart() + eol).join('');
  // The joiner ends where the second script starts; its own layout (continuations) is kept.
  const joiner = continuationText(model, { ...end, multiline: true, lastLineIndent: indent }, '', baseIndent);
  const start = model.index.positionAt(end.offset);
  return [{ range: { start, end: secondScript.range.start }, newText: insertComments(joiner, commentLines, eol) }];
}

/** Puts the comment lines right after the joiner's line break. */
function insertComments(joiner: string, commentLines: string, eol: string): string {
  if (!commentLines) return joiner;
  const cut = joiner.indexOf(eol) + eol.length;
  return joiner.slice(0, cut) + commentLines + joiner.slice(cut);
}
