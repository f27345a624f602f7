import { cacheMountCovers } from '../analysis/cache-mounts';
import { positionalArgs } from '../analysis/commands';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { appendCommandToRun, lastIndexOfCommand } from '../analysis/run-script';
import type { ShellCommand } from '../analysis/shell';
import { layerShips } from '../analysis/shipped-stages';
import type { Instruction, Stage } from '../analysis/types';

const APT_PROGRAMS = new Set(['apt-get', 'apt', 'aptitude']);
/** apt options that take a separate value (`-o Acquire::Retries=3`), so the value is no subcommand. */
const APT_VALUE_OPTIONS = ['-o', '--option', '-c', '--config-file', '-t', '--target-release', '-a', '--host-architecture'];
/** Subcommands that read the package lists `update` downloaded. */
const LIST_READERS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'reinstall', 'download', 'satisfy']);
const LISTS_DIR = '/var/lib/apt/lists';
/** `rm` targets that delete the lists. */
const LIST_PATHS = new Set(['/var/lib/apt/lists', '/var/lib/apt/lists/*', '/var/lib/apt', '/var/lib/apt/*']);
export const APT_LISTS_CLEANUP = 'rm -rf /var/lib/apt/lists/*';

/** `apt-get -q update` -> `update`; '' for other programs. */
export function aptSubcommand(command: ShellCommand): string {
  if (!APT_PROGRAMS.has(command.name)) return '';
  return positionalArgs(command, APT_VALUE_OPTIONS)[0]?.value ?? '';
}

const isUpdate = (command: ShellCommand) => aptSubcommand(command) === 'update';
const readsLists = (command: ShellCommand) => LIST_READERS.has(aptSubcommand(command));

/** `rm -rf /var/lib/apt/lists/*`, `apt-get distclean`, `find /var/lib/apt/lists -delete`. */
export function removesAptLists(command: ShellCommand): boolean {
  if (command.name === 'rm') return positionalArgs(command).some((arg) => LIST_PATHS.has(arg.value.replace(/\/+$/, '') || '/'));
  if (command.name === 'find') {
    return command.args.some((arg) => arg.value.replace(/\/+$/, '') === LISTS_DIR) && command.args.some((arg) => arg.value === '-delete');
  }
  return aptSubcommand(command) === 'distclean' || aptSubcommand(command) === 'dist-clean';
}

/** True when the RUN leaves the lists of an `apt-get update` in its layer. */
export function runLeavesAptLists(model: DockerfileModel, instruction: Instruction): ShellCommand | null {
  if (!instruction.text.includes('apt')) return null; // apt-get, apt and aptitude all contain it
  const run = model.run(instruction);
  const lastUpdate = lastIndexOfCommand(run.commands, isUpdate);
  if (lastUpdate === -1 || cacheMountCovers(run, LISTS_DIR)) return null;
  if (lastIndexOfCommand(run.commands, removesAptLists) > lastUpdate) return null;
  return run.commands[lastUpdate];
}

export const aptLists: Rule = {
  meta: {
    id: 'apt-lists',
    category: 'size',
    severity: 'warning',
    description: 'Remove the apt package lists (`/var/lib/apt/lists/*`) in the same RUN that ran `apt-get update`.',
    fixable: true,
    aliases: ['DL3009'],
    requires: { keywords: ['RUN'], text: ['apt'] },
    // Each RUN on its own, and whether its stage ships (the final one, or built on by a later
    // stage): the editor re-checks only the stages an edit touches (incremental.ts).
    scope: 'stage',
    docs: `\`apt-get update\` downloads the package lists into \`/var/lib/apt/lists\`: tens of
megabytes that nothing in the running container needs. Each RUN is a layer, so the lists
must be deleted by the same RUN that downloaded them; deleting them in a later RUN hides them
but does not make the image smaller.

**Flagged:** a RUN that calls \`apt-get update\` (or \`apt update\`, \`aptitude update\`) and does
not remove the lists afterwards in the same RUN (\`rm -rf /var/lib/apt/lists/*\`, \`apt-get
distclean\`, \`find /var/lib/apt/lists -delete\`), in a stage whose layers ship: the final
stage, a stage another stage builds \`FROM\`, or an \`ONBUILD RUN\`.

**Not flagged:** when a \`--mount=type=cache\` or \`--mount=type=tmpfs\` covers
\`/var/lib/apt/lists\` (or \`/var/lib/apt\`): the lists then never reach the layer. Builder
stages that later stages only \`COPY --from\` are not flagged either: their layers are not part
of the image.

**Fix:** appends \`&& rm -rf /var/lib/apt/lists/*\` at the end of the RUN, on a new
continuation line when the RUN already spans lines. It is offered only when the RUN installs
something after the update (an update-only RUN is there for a later RUN: merge the two
instead), when no later RUN relies on these lists without its own update, and when text can
be appended safely (not after a trailing comment, a trailing \`;\` or \`&\`, \`exec\`/\`exit\`, in
a heredoc or an exec-form RUN).

**Differences from hadolint DL3009:** hadolint stays quiet only when both \`/var/lib/apt\` and
\`/var/cache/apt\` are mounted (or \`/var/lib/apt/lists\` itself); we stay quiet whenever the
lists directory is under a cache or tmpfs mount, since that alone keeps the lists out of the
layer. Like hadolint, we skip builder stages whose layers never ship.`,
  },
  check({ model, report }) {
    for (const instruction of model.runInstructions()) {
      const update = runLeavesAptLists(model, instruction);
      if (!update || !layerShips(model, instruction)) continue;
      const run = model.run(instruction);
      report({
        range: run.editable && update.nameWord ? model.wordRange(instruction, update.nameWord) : instruction.range,
        message: `The package lists downloaded by '${update.name} update' stay in this layer; remove ${LISTS_DIR}/* in the same RUN.`,
        fixTitle: 'Append && rm -rf /var/lib/apt/lists/*',
        fix: () => (canDropListsAfter(model, instruction) ? wrap(appendCommandToRun(model, instruction, APT_LISTS_CLEANUP)) : null),
      });
    }
  },
};

function wrap<T>(edit: T | null): T[] | null {
  return edit ? [edit] : null;
}

/** The RUN uses the lists itself, and no later RUN needs them without updating first. */
function canDropListsAfter(model: DockerfileModel, instruction: Instruction): boolean {
  const commands = model.run(instruction).commands;
  const lastUpdate = lastIndexOfCommand(commands, isUpdate);
  if (!commands.slice(lastUpdate + 1).some(readsLists)) return false;
  const stage = model.stageOf(instruction);
  if (!stage) return true;
  for (const later of model.runInstructions()) {
    if (later.index <= instruction.index || !inheritsFrom(model.stageOf(later), stage)) continue;
    if (needsListsFromEarlierLayer(model, later)) return false;
  }
  return true;
}

function inheritsFrom(stage: Stage | null, ancestor: Stage): boolean {
  for (let current = stage; current; current = current.baseStage) if (current === ancestor) return true;
  return false;
}

function needsListsFromEarlierLayer(model: DockerfileModel, instruction: Instruction): boolean {
  const run = model.run(instruction);
  if (cacheMountCovers(run, LISTS_DIR)) return false;
  for (const command of run.commands) {
    if (isUpdate(command)) return false;
    if (readsLists(command)) return true;
  }
  return false;
}
