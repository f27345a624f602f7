import type { Rule } from '../analysis/rule';
import { checkAssumeYes, hasFlag } from '../analysis/assume-yes';

export const dnfYes: Rule = {
  meta: {
    id: 'dnf-yes',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use dnf install -y (and microdnf install -y) so the build does not stop at a prompt.',
    fixable: true,
    aliases: ['DL3038'],
    requires: { keywords: ['RUN'], text: ['dnf'] },
    docs: `\`dnf install\` asks "Is this ok [y/N]" and, without an answer, aborts the build step.

**Flagged:** \`dnf\` and \`microdnf\` \`install\` (also \`reinstall\`, \`group install\`,
\`module install\`) without \`-y\` or \`--assumeyes\`.

**Fix:** adds \`-y\` after the install word.`,
  },
  check({ model, report }) {
    checkAssumeYes(model, ['dnf', 'microdnf'], (command) => hasFlag(command, '-y', '--assumeyes'), '-y', report);
  },
};
