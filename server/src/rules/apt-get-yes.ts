import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';
import { checkAssumeYes, hasFlag } from '../analysis/assume-yes';

/** `-y`, `--yes`, `--assume-yes`, or quiet level 2 (`-qq`, `-q -q`, `-q=2`, `--quiet --quiet`), which implies yes. */
function answersYes(command: ShellCommand): boolean {
  if (hasFlag(command, '-y', '--yes', '--assume-yes')) return true;
  let quiet = 0;
  for (const arg of command.args) {
    const value = arg.value;
    if (/^-q=\d+$/.test(value) || /^--quiet=\d+$/.test(value)) quiet += Number(value.split('=')[1]);
    else if (value === '--quiet') quiet++;
    else if (/^-[a-zA-Z]+$/.test(value)) quiet += (value.match(/q/g) ?? []).length;
  }
  return quiet >= 2;
}

export const aptGetYes: Rule = {
  meta: {
    id: 'apt-get-yes',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use apt-get install -y so the build does not stop at a prompt.',
    fixable: true,
    aliases: ['DL3014'],
    requires: { keywords: ['RUN'], text: ['apt-get'] },
    docs: `Without \`-y\`, \`apt-get install\` asks "Do you want to continue? [Y/n]" whenever it would
install more than the named packages; a build has no one to answer, so the step aborts.

**Flagged:** \`apt-get install\` without \`-y\`, \`--yes\` or \`--assume-yes\`, and without quiet
level 2 (\`-qq\`, \`-q -q\`, \`-q=2\`), which implies yes.

**Fix:** adds \`-y\` after \`install\`.`,
  },
  check({ model, report }) {
    checkAssumeYes(model, ['apt-get'], answersYes, '-y', report);
  },
};
