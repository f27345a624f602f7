import { cacheMountCovers } from '../analysis/cache-mounts';
import { hasFlag, positionalArgs } from '../analysis/commands';
import { insertAfterWord } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import { lastIndexOfCommand } from '../analysis/run-script';
import type { ShellCommand } from '../analysis/shell';
import { layerShips } from '../analysis/shipped-stages';

/** apk options that take a separate value, so the value is not mistaken for the subcommand. */
const APK_VALUE_OPTIONS = ['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '-t', '--virtual'];
const APK_CACHE_DIRS = ['/var/cache/apk', '/etc/apk/cache'];

function isApkAdd(command: ShellCommand): boolean {
  return command.name === 'apk' && positionalArgs(command, APK_VALUE_OPTIONS)[0]?.value === 'add';
}

/** `rm -rf /var/cache/apk/*` or `apk cache clean` in the same RUN. */
function cleansApkCache(command: ShellCommand): boolean {
  if (command.name === 'rm') return positionalArgs(command).some((arg) => /^\/var\/cache\/apk(\/\*?)?$/.test(arg.value));
  if (command.name !== 'apk') return false;
  const words = positionalArgs(command, APK_VALUE_OPTIONS).map((arg) => arg.value);
  return words[0] === 'cache' && (words[1] === 'clean' || words[1] === 'purge');
}

export const apkNoCache: Rule = {
  meta: {
    id: 'apk-no-cache',
    category: 'size',
    severity: 'warning',
    description: 'Use `apk add --no-cache` so the package index is not kept in the layer.',
    fixable: true,
    aliases: ['DL3019'],
    requires: { keywords: ['RUN'], text: ['apk'] },
    // Each RUN on its own, and whether its stage ships (the final one, or built on by a later
    // stage): the editor re-checks only the stages an edit touches (incremental.ts).
    scope: 'stage',
    docs: `Without \`--no-cache\`, \`apk add\` stores the repository indexes (and, when a cache is
configured, the packages) under \`/var/cache/apk\`, where they stay in the layer. With
\`--no-cache\` apk fetches a fresh index for this command only and keeps nothing, so no
separate \`apk update\` is needed either.

**Flagged:** \`apk add\` without \`--no-cache\` (or \`--no-network\`, which fetches nothing),
unless the same RUN later removes \`/var/cache/apk/*\` (or runs \`apk cache clean\`), or a \`--mount=type=cache\` or
\`--mount=type=tmpfs\` covers \`/var/cache/apk\` (or \`/etc/apk/cache\`). Builder stages whose
layers never ship (only copied from) are not flagged.

**Fix:** inserts \`--no-cache\` right after \`add\`. An \`apk update\` earlier in the same RUN
still writes an index; with \`--no-cache\` it is no longer needed and can be dropped by hand.

**Differences from hadolint DL3019:** we also accept \`--no-network\` and a cleanup of
\`/var/cache/apk\` in the same RUN, and we skip builder stages whose layers never reach an image.`,
  },
  check({ model, report }) {
    for (const instruction of model.runInstructions()) {
      if (!instruction.text.includes('apk')) continue; // no apk call: nothing to parse
      const run = model.run(instruction);
      const commands = run.commands;
      if (!commands.some(isApkAdd) || cacheMountCovers(run, ...APK_CACHE_DIRS) || !layerShips(model, instruction)) continue;
      const lastClean = lastIndexOfCommand(commands, cleansApkCache);
      commands.forEach((command, index) => {
        // `--no-network` installs from what is already there: nothing is fetched or cached.
        if (!isApkAdd(command) || hasFlag(command, '--no-cache', '--no-network') || index < lastClean) return;
        const addWord = positionalArgs(command, APK_VALUE_OPTIONS)[0];
        report({
          range: run.editable && command.nameWord ? model.wordRange(instruction, command.nameWord) : instruction.range,
          message: "'apk add' without --no-cache keeps the package index in the layer.",
          fixTitle: 'Add --no-cache',
          fix: run.editable ? () => [insertAfterWord(model, instruction, addWord, ' --no-cache')] : undefined,
        });
      });
    }
  },
};
