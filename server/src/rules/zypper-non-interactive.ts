import type { Rule } from '../analysis/rule';
import { checkAssumeYes, hasFlag } from '../analysis/assume-yes';

export const zypperNonInteractive: Rule = {
  meta: {
    id: 'zypper-non-interactive',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use zypper install -y (or zypper -n) so the build does not stop at a prompt.',
    fixable: true,
    aliases: ['DL3034'],
    requires: { keywords: ['RUN'], text: ['zypper'] },
    docs: `\`zypper install\` asks for confirmation and, without an answer, aborts the build step.

**Flagged:** \`zypper install\`/\`in\` without \`-n\`, \`--non-interactive\`, \`-y\` or \`--no-confirm\`.

**Fix:** adds \`-y\` after \`install\`.`,
  },
  check({ model, report }) {
    checkAssumeYes(model, ['zypper'], (command) => hasFlag(command, '-n', '--non-interactive', '-y', '--no-confirm'), '-y', report);
  },
};
