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
  // ARG/ENV values before each instruction, computed when a package word first has a variable.
  let envs: Map<Instruction, Map<string, string | null>> | null = null;
  const envBefore = (instruction: Instruction) => {
    if (!envs) {
      const found = new Map<Instruction, Map<string, string | null>>();
      const before = new Map<string, string | null>();
      for (const i of model.instructions) {
        if (i.stageIndex >= 0) break;
        found.set(i, new Map(before));
        if (i.keyword === 'ARG' || i.keyword === 'ENV') for (const p of i.properties) before.set(p.name, p.value);
      }
      for (const stage of model.stages) walkStage(model, stage, (i, state) => found.set(i, new Map(state.env)));
      envs = found;
    }
    return envs.get(instruction) ?? new Map<string, string | null>();
  };
  forEachRunCommand(model, check.programs, (found) => {
    if (!check.programs.includes(found.command.name)) return;
    const words = check.packages(found);
    if (!words) return;
    const owner = model.instructions[found.instruction.index];
    for (const word of words) {
      let value = word.value;
      if (check.substitute && value.includes('$')) value = substituteVariables(value, envBefore(owner)).value;
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
