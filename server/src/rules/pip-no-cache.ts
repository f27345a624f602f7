import { cacheMountWhere } from '../analysis/cache-mounts';
import { hasFlag, positionalArgs } from '../analysis/commands';
import { insertAfterWord } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { lastIndexOfCommand } from '../analysis/run-script';
import type { ShellCommand, ShellWord } from '../analysis/shell';
import { layerShips } from '../analysis/shipped-stages';
import type { Instruction, Stage } from '../analysis/types';

const PIP = /^pip[0-9.]*$/;
const PYTHON = /^python[0-9.]*$/;
/** pip's general options that take a separate value. */
const PIP_VALUE_OPTIONS = ['--python', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert', '--client-cert', '--cache-dir', '--src'];
/** Any value pip's option parser accepts: pip disables the cache for all of them (see docs). */
const PIP_BOOLEAN = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;
const ENV_NAME = 'PIP_NO_CACHE_DIR';

/** The `install` word of `pip install`, `pip3 install`, `python3 -m pip install`; else null. */
export function pipInstallWord(command: ShellCommand): ShellWord | null {
  let args: ShellWord[];
  if (PIP.test(command.name)) {
    args = positionalArgs(command, PIP_VALUE_OPTIONS);
  } else if (PYTHON.test(command.name) && command.args[0]?.value === '-m' && command.args[1]?.value === 'pip') {
    args = positionalArgs({ ...command, args: command.args.slice(2) }, PIP_VALUE_OPTIONS);
  } else {
    return null;
  }
  return args[0]?.value === 'install' ? args[0] : null;
}

/** `PIP_NO_CACHE_DIR=value` with a value pip accepts, or a value only known at build time. */
function disablesCache(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  const unquoted = value.replace(/^(["'])(.*)\1$/, '$2');
  return PIP_BOOLEAN.test(unquoted) || unquoted.includes('$');
}

function assignmentValue(assignment: string): string | null {
  return assignment.startsWith(ENV_NAME + '=') ? assignment.slice(ENV_NAME.length + 1) : null;
}

/** `pip cache purge`, or `rm -rf /root/.cache/pip` / `~/.cache` after the install. */
function purgesPipCache(command: ShellCommand): boolean {
  if (command.name === 'rm') return positionalArgs(command).some((arg) => /(^|\/)\.cache(\/pip)?\/?\*?$/.test(arg.value));
  return PIP.test(command.name) && command.args[0]?.value === 'cache' && command.args[1]?.value === 'purge';
}

/** The cache lives in `~/.cache/pip`: a mount on it or on `~/.cache` keeps it out of the layer. */
const isPipCacheTarget = (target: string) => /(^|\/)\.cache(\/pip)?$/.test(target);

/** ENV or ARG PIP_NO_CACHE_DIR set before the instruction, in its stage or a stage it builds FROM. */
function stageDisablesCache(model: DockerfileModel, instruction: Instruction): boolean {
  const stage = model.stageOf(instruction);
  // A snippet without FROM: the instructions above it are its stage.
  if (!stage) return lastSetting(model.instructions.slice(0, instruction.index)) ?? false;
  let before = instruction.index;
  for (let current: Stage | null = stage; current; current = current.baseStage) {
    const setting = lastSetting(current.instructions.filter((candidate) => candidate.index < before));
    if (setting !== null) return setting;
    before = Infinity;
  }
  return false;
}

/** Whether the last ENV/ARG PIP_NO_CACHE_DIR among the instructions disables the cache; null when none sets it. */
function lastSetting(instructions: Instruction[]): boolean | null {
  for (let i = instructions.length - 1; i >= 0; i--) {
    const candidate = instructions[i];
    if (candidate.keyword !== 'ENV' && candidate.keyword !== 'ARG') continue;
    const property = candidate.properties.find((p) => p.name === ENV_NAME);
    if (property) return disablesCache(property.value);
  }
  return null;
}

/** `PIP_NO_CACHE_DIR=1 pip install`, or `export PIP_NO_CACHE_DIR=1` earlier in the RUN. */
function scriptDisablesCache(commands: ShellCommand[], installIndex: number): boolean {
  if (commands[installIndex].assignments.some((a) => disablesCache(assignmentValue(a)))) return true;
  for (let i = 0; i < installIndex; i++) {
    const command = commands[i];
    if (command.name === 'export' && command.args.some((arg) => disablesCache(assignmentValue(arg.value)))) return true;
    if (command.name === '' && command.assignments.some((a) => disablesCache(assignmentValue(a)))) return true;
  }
  return false;
}

export const pipNoCache: Rule = {
  meta: {
    id: 'pip-no-cache',
    category: 'size',
    severity: 'warning',
    description: 'Use `pip install --no-cache-dir` so downloaded wheels are not kept in the layer.',
    fixable: true,
    aliases: ['DL3042'],
    requires: { keywords: ['RUN'], text: ['pip'] },
    // Each RUN on its own, and whether its stage ships (the final one, or built on by a later
    // stage): the editor re-checks only the stages an edit touches (incremental.ts).
    scope: 'stage',
    docs: `pip keeps every downloaded and built wheel in \`~/.cache/pip\`. In an image that cache
is never used again but stays in the layer, often as large as the packages themselves.

**Flagged:** \`pip install\` (also \`pip3\`, \`pip3.12\`, \`python -m pip install\`) without
\`--no-cache-dir\`. **Not flagged** when \`PIP_NO_CACHE_DIR\` is set (by \`ENV\` or \`ARG\` in the
stage or a stage it builds \`FROM\`, on the command, or by \`export\` earlier in the RUN), when a
\`--mount=type=cache\` or \`--mount=type=tmpfs\` covers \`~/.cache/pip\` (or \`~/.cache\`), when the
same RUN purges the cache afterwards (\`pip cache purge\`, \`rm -rf /root/.cache/pip\`), and in
builder stages whose layers never ship. \`pipx\`, \`pipenv\` and \`uv\` are other tools.

**Fix:** inserts \`--no-cache-dir\` right after \`install\`.

**Differences from hadolint DL3042:** hadolint treats \`PIP_NO_CACHE_DIR=0\` (or \`false\`, \`no\`,
\`off\`) as "cache on" and flags it. pip itself disables the cache for *any* valid value of
that variable, false-like ones included (a compatibility choice documented in pip's option
handling), so we stay quiet for those. We also accept a purge in the same RUN and skip
builder stages that are only copied from.`,
  },
  check({ model, report }) {
    for (const instruction of model.runInstructions()) {
      // `pip install` and `python -m pip install` both name pip.
      if (!instruction.text.includes('pip')) continue;
      const run = model.run(instruction);
      const commands = run.commands;
      const installs = commands.map(pipInstallWord);
      if (!installs.some((word) => word !== null)) continue;
      if (cacheMountWhere(run, isPipCacheTarget) || !layerShips(model, instruction) || stageDisablesCache(model, instruction)) continue;
      const lastPurge = lastIndexOfCommand(commands, purgesPipCache);
      installs.forEach((installWord, index) => {
        const command = commands[index];
        if (!installWord || index < lastPurge || hasFlag(command, '--no-cache-dir') || scriptDisablesCache(commands, index)) return;
        report({
          range: run.editable && command.nameWord ? model.wordRange(instruction, command.nameWord) : instruction.range,
          message: `'${command.name}${command.name.startsWith('python') ? ' -m pip' : ''} install' without --no-cache-dir keeps pip's download cache in the layer.`,
          fixTitle: 'Add --no-cache-dir',
          fix: run.editable ? () => [insertAfterWord(model, instruction, installWord, ' --no-cache-dir')] : undefined,
        });
      });
    }
  },
};
