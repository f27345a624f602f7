import { positionals } from '../analysis/package-managers';
import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand } from '../analysis/run-commands';

export const zypperDistUpgrade: Rule = {
  meta: {
    id: 'zypper-dist-upgrade',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Do not run zypper dist-upgrade in an image build.',
    fixable: false,
    aliases: ['DL3035'],
    requires: { keywords: ['RUN'], text: ['zypper'] },
    docs: `\`zypper dist-upgrade\` (\`dup\`) moves the whole distribution to whatever the repositories
hold today: each build can produce a different release, and vendor changes can break it.
Pin the base image to the release you want instead.

**Flagged:** \`zypper dist-upgrade\` and \`zypper dup\`.

**No automatic fix:** use a newer base image tag, or \`zypper update\` for patches.`,
  },
  check({ model, report }) {
    forEachRunCommand(model, ['zypper'], (found) => {
      const verb = found.command.name === 'zypper' ? positionals(found.command)[0]?.value : undefined;
      if (verb !== 'dist-upgrade' && verb !== 'dup') return;
      report({ range: commandRange(model, found), message: `Do not use 'zypper ${verb}': upgrade by choosing a newer base image.` });
    });
  },
};
