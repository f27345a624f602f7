// The shared loop of the version-pinning rules: every package word a command installs that
// names no version. Rules say which commands install and what a pinned word looks like.
import type { DockerfileModel } from './model';
import type { Report } from './rule';
import { commandRange, forEachRunCommand, type RunCommand } from './run-commands';
import type { ShellWord } from './shell';
import { walkStage } from './stage-state';
import { substituteVariables } from './image';
import type { Instruction } from './types';

export interface PinCheck {
  /** Programs (command names) the rule looks at; also the text hints that skip other RUNs. */
  programs: readonly string[];
  /** The package words the command installs, or null when it installs nothing. */
  packages(found: RunCommand): ShellWord[] | null;
  /** Whether a package word (variables already substituted) pins a version. */
  pinned(value: string, found: RunCommand): boolean;
  /** What a pinned word looks like, for the message. */
  example: string;
  /** Substitute the stage's ARG/ENV values before judging (`git-core-${version}`). */
  substitute?: boolean;
}

export function checkPinning(model: DockerfileModel, check: PinCheck, report: (report: Report) => void): void {
  const envs = new Map<Instruction, Map<string, string | null>>();
  if (check.substitute) {
    let before = new Map<string, string | null>();
    for (const instruction of model.instructions) {
      if (instruction.stageIndex >= 0) break;
      envs.set(instruction, new Map(before));
      if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') for (const p of instruction.properties) before.set(p.name, p.value);
    }
    for (const stage of model.stages) walkStage(model, stage, (instruction, state) => envs.set(instruction, state.env));
    before = new Map();
  }
  forEachRunCommand(model, check.programs, (found) => {
    if (!check.programs.includes(found.command.name)) return;
    const words = check.packages(found);
    if (!words) return;
    const owner = model.instructions[found.instruction.index];
    for (const word of words) {
      let value = word.value;
      if (check.substitute && value.includes('$')) value = substituteVariables(value, envs.get(owner) ?? new Map()).value;
      if (check.pinned(value, found)) continue;
      report({
        range: commandRange(model, found, word),
        message: `Pin the version of '${word.value}' (${check.example}) so rebuilds install the same thing.`,
      });
    }
  });
}

/** Local files, folders and URLs are no registry packages to pin. */
export function isLocalOrUrl(value: string): boolean {
  return /^(\.{0,2}\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(value) || value === '.' || value === '..';
}
