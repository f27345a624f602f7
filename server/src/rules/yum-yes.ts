import type { Rule } from '../analysis/rule';
import { checkAssumeYes, hasFlag } from '../analysis/assume-yes';

export const yumYes: Rule = {
  meta: {
    id: 'yum-yes',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use yum install -y so the build does not stop at a prompt.',
    fixable: true,
    aliases: ['DL3030'],
    requires: { keywords: ['RUN'], text: ['yum'] },
    docs: `\`yum install\` asks "Is this ok [y/N]" and, without an answer, aborts the build step.

**Flagged:** \`yum install\` (also \`localinstall\`, \`reinstall\`, \`groupinstall\`, \`module install\`)
without \`-y\` or \`--assumeyes\`.

**Fix:** adds \`-y\` after the install word.`,
  },
  check({ model, report }) {
    checkAssumeYes(model, ['yum'], (command) => hasFlag(command, '-y', '--assumeyes'), '-y', report);
  },
};
