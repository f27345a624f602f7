import { flagValue, hasFlag } from '../analysis/commands';
import { insertAfterWord } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand } from '../analysis/run-commands';

export const useraddLargeUid: Rule = {
  meta: {
    id: 'useradd-large-uid',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Use useradd -l (--no-log-init) with a large UID.',
    fixable: true,
    aliases: ['DL3046'],
    requires: { keywords: ['RUN'], text: ['useradd'] },
    docs: `\`useradd\` records every user in \`/var/log/lastlog\` and \`/var/log/faillog\`, sparse files
indexed by UID. Layers do not keep sparse files sparse: \`useradd -u 1000000 app\` can add
hundreds of megabytes (or gigabytes) of zeros to the image.

**Flagged:** \`useradd\` with a UID above 65535 (\`-u\`, \`--uid\`) and without \`-l\`/\`--no-log-init\`.

**Fix:** adds \`-l\` after \`useradd\`: the user is created the same, without the log entries.`,
  },
  check({ model, report }) {
    forEachRunCommand(model, ['useradd'], (found) => {
      const { command, run, instruction } = found;
      if (command.name !== 'useradd' || hasFlag(command, '-l', '--no-log-init')) return;
      const uid = flagValue(command, '-u', '--uid');
      if (!uid || !/^\d+$/.test(uid) || Number(uid) <= 65535) return;
      report({
        range: commandRange(model, found),
        message: `'useradd' with the large UID ${uid} and without -l writes a huge sparse /var/log/lastlog into the layer.`,
        fixTitle: 'Add -l (--no-log-init)',
        fix: run.editable && command.nameWord && command.nameWord.start >= 0 ? () => [insertAfterWord(model, instruction, command.nameWord!, ' -l')] : undefined,
      });
    });
  },
};
