// Editing the end of a shell-form RUN script safely: where the script really ends (before a
// trailing comment would swallow what we add), how its lines are laid out, and how to append
// one more command with `&&` without changing what the script does.
import { insertAt } from './edits';
import type { DockerfileModel, RunInfo } from './model';
import type { ShellCommand } from './shell';
import type { Instruction, TextEdit } from './types';

export interface RunScriptEnd {
  /** Document offset just past the script's last meaningful character. */
  offset: number;
  /** The script continues over several lines. */
  multiline: boolean;
  /** Indentation of the script's last line. */
  lastLineIndent: string;
  /** The last line starts with `&&` (the "leading operator" layout). */
  leadingOperators: boolean;
}

// What follows the last simple command's last word: closing words of compound commands
// (`; fi`, `; done`, `}`, `)`) and redirections (`> /etc/x.list`, `2>&1`) are fine to append
// after. A `#` (a comment would swallow the addition), a heredoc, or a tail that ends in an
// operator or a dangling escape (`;`, `&`, `|`, `\`) makes appending unsafe.
function tailIsAppendable(tail: string, escapeChar: string): boolean {
  if (tail.includes('#') || tail.includes('<<')) return false;
  const last = tail.trimEnd().slice(-1);
  return last === '' || !(';&|(\\'.includes(last) || last === escapeChar);
}

/**
 * Where a shell-form RUN script ends, or null when text cannot be appended safely: exec form,
 * a non-POSIX shell, heredocs, background jobs (`&`), `exec`/`exit` (nothing after them runs),
 * or a tail after the last word that could swallow or break what is appended.
 */
export function runScriptEnd(model: DockerfileModel, instruction: Instruction, run: RunInfo = model.run(instruction)): RunScriptEnd | null {
  if (run.execForm || !run.posixShell || !run.editable || instruction.heredocs.length > 0) return null;
  const commands = run.commands;
  if (commands.length === 0) return null;
  if (commands.some((command) => command.connector === '&' || endsScript(command))) return null;
  const text = instruction.text;
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  const last = commands[commands.length - 1];
  const escape = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const tail = text.slice(last.end, end).replace(new RegExp(`(?:${escape}|\\\\)\\r?\\n`, 'g'), ' ');
  if (!tailIsAppendable(tail, model.escapeChar)) return null;
  const instructionStart = model.startOffsetOf(instruction);
  const scriptStart = model.index.offsetAt(instruction.args[0]?.range.start ?? instruction.range.start) - instructionStart;
  const offset = instructionStart + end;
  const lastLine = model.index.positionAt(offset).line;
  const lastLineText = model.lineText(lastLine);
  return {
    offset,
    multiline: text.slice(scriptStart, end).includes('\n'),
    lastLineIndent: /^[ \t]*/.exec(lastLineText)![0],
    leadingOperators: /^[ \t]*&&/.test(lastLineText),
  };
}

/** The text that continues a script after `end` with `command`, in the script's own layout. */
export function continuationText(model: DockerfileModel, end: RunScriptEnd, command: string, baseIndent: string): string {
  if (!end.multiline) return ` && ${command}`;
  const eol = model.index.eol;
  const indent = end.lastLineIndent || baseIndent;
  return end.leadingOperators ? ` ${model.escapeChar}${eol}${indent}&& ${command}` : ` && ${model.escapeChar}${eol}${indent}${command}`;
}

/**
 * Appends `&& command` to a RUN script (on a new continuation line when the script already
 * spans lines). `&&` keeps the RUN failing when the script fails, and a `cmd` after an
 * `a || b` list runs when the list succeeds, so the script's outcome is unchanged. Returns
 * null where that cannot be done safely (see runScriptEnd).
 */
export function appendCommandToRun(model: DockerfileModel, instruction: Instruction, command: string): TextEdit | null {
  const end = runScriptEnd(model, instruction);
  if (!end) return null;
  return insertAt(model, end.offset, continuationText(model, end, command, '    '));
}

/** Number of pipelines in the script: `a | b` counts once, `a && b` and `a; b` twice. */
export function countPipelines(commands: ShellCommand[]): number {
  let count = 0;
  for (let i = 0; i < commands.length; i++) if (i === 0 || commands[i - 1].connector !== '|') count++;
  return count;
}

/** Index of the last command matching the test, or -1. */
export function lastIndexOfCommand(commands: ShellCommand[], test: (command: ShellCommand) => boolean): number {
  for (let i = commands.length - 1; i >= 0; i--) if (test(commands[i])) return i;
  return -1;
}

/** `exec cmd` replaces the shell and `exit` ends it: nothing appended after them runs. */
function endsScript(command: ShellCommand): boolean {
  return command.words[0]?.value === 'exec' || command.name === 'exit';
}
