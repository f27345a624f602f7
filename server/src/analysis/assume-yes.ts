// The shared check of the "answer yes" rules (apt-get -y, yum -y, dnf -y, zypper -n): an
// install that would stop at a confirmation prompt, which a build cannot answer.
import { hasFlag } from './commands';
import { insertAfterWord } from './edits';
import type { DockerfileModel } from './model';
import { installCall } from './package-managers';
import type { Report } from './rule';
import { commandRange, forEachRunCommand } from './run-commands';
import type { ShellCommand } from './shell';

export function checkAssumeYes(
  model: DockerfileModel,
  programs: readonly string[],
  answersYes: (command: ShellCommand) => boolean,
  flag: string,
  report: (report: Report) => void,
): void {
  forEachRunCommand(model, programs, (found) => {
    const { command, run, instruction } = found;
    if (!programs.includes(command.name)) return;
    const call = installCall(command);
    if (!call || answersYes(command)) return;
    report({
      range: commandRange(model, found),
      message: `'${command.name} ${call.verb.value}' without ${flag} asks for confirmation, which a build cannot give.`,
      fixTitle: `Add ${flag}`,
      fix: run.editable && call.verb.start >= 0 ? () => [insertAfterWord(model, instruction, call.verb, ` ${flag}`)] : undefined,
    });
  });
}

export { hasFlag };
