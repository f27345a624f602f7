import { positionalArgs } from '../analysis/commands';
import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand } from '../analysis/run-commands';

export const shellSymlink: Rule = {
  meta: {
    id: 'shell-symlink',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use SHELL to change the shell of RUN, not a symlink over /bin/sh.',
    fixable: false,
    aliases: ['DL4005'],
    requires: { keywords: ['RUN'], text: ['/bin/sh'] },
    docs: `\`RUN ln -sf /bin/bash /bin/sh\` changes \`/bin/sh\` for every program in the image, at build
and run time: scripts written for \`dash\` or \`ash\` and package maintainer scripts run under
bash, and the next package upgrade may restore the link.

**Flagged:** \`ln\` whose link name is \`/bin/sh\`.

**No automatic fix:** write \`SHELL ["/bin/bash", "-c"]\` before the RUNs that need bash; if
the image really needs bash as \`/bin/sh\`, ignore this finding.`,
  },
  check({ model, report }) {
    forEachRunCommand(model, ['/bin/sh'], (found) => {
      if (found.command.name !== 'ln') return;
      const operands = positionalArgs(found.command, ['-t', '--target-directory', '-S', '--suffix']);
      if (operands.length >= 2 && operands[operands.length - 1].value === '/bin/sh') {
        report({ range: commandRange(model, found), message: 'Linking /bin/sh changes the shell of the whole image; use the SHELL instruction instead.' });
      }
    });
  },
};
