// The loop most RUN rules share: every simple command of every RUN (ONBUILD RUN included),
// with the range to report it at (the command's name where the text can be edited, else the
// whole instruction, as for exec-form RUNs).
import type { DockerfileModel, RunInfo } from './model';
import type { ShellCommand, ShellWord } from './shell';
import type { Instruction, Range } from './types';

export interface RunCommand {
  instruction: Instruction;
  run: RunInfo;
  command: ShellCommand;
  /** The command's index in the RUN's command list. */
  index: number;
}

/**
 * Calls `visit` for every command of every RUN; RUNs whose text lacks all `hints` are skipped
 * unparsed. Many hints are cheaper as one regular expression (without the `g` flag).
 */
export function forEachRunCommand(model: DockerfileModel, hints: readonly string[] | RegExp, visit: (found: RunCommand) => void): void {
  for (const instruction of model.runInstructions()) {
    if (!mentionsAny(instruction.text, hints)) continue;
    const run = model.run(instruction);
    const commands = run.commands;
    for (let index = 0; index < commands.length; index++) visit({ instruction, run, command: commands[index], index });
  }
}

function mentionsAny(text: string, hints: readonly string[] | RegExp): boolean {
  if (hints instanceof RegExp) return hints.test(text);
  if (hints.length === 0) return true;
  for (const hint of hints) if (text.includes(hint)) return true;
  return false;
}

/** Where to report a command: its name word when the RUN is editable, else the instruction. */
export function commandRange(model: DockerfileModel, found: RunCommand, word: ShellWord | null = found.command.nameWord): Range {
  return found.run.editable && word && word.start >= 0 ? model.wordRange(found.instruction, word) : found.instruction.range;
}

/** Whether the command was started through `sudo` (a wrapper before the program). */
export function usesSudo(command: ShellCommand): ShellWord | null {
  for (const word of command.words) {
    if (word === command.nameWord) return null;
    if (word.value === 'sudo' || word.value.endsWith('/sudo')) return word;
  }
  return null;
}
