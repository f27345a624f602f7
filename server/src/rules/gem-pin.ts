import { hasFlag } from '../analysis/commands';
import { checkPinning } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';
import type { ShellCommand, ShellWord } from '../analysis/shell';

// gem install options that take no value; any other option takes the next word.
const BOOLEAN_FLAGS = new Set([
  '--no-document', '-N', '--no-ri', '--no-rdoc', '--conservative', '--minimal-deps', '--user-install', '--no-user-install', '--force', '-f',
  '--local', '-l', '--remote', '-r', '--both', '-b', '--development', '--development-all', '--quiet', '-q', '--verbose', '-V',
  '--ignore-dependencies', '--pre', '--prerelease', '--default', '--explain', '--lock', '--no-lock', '--suggestions', '--no-suggestions',
  '-E', '--env-shebang', '--no-env-shebang', '--post-install-message', '--no-post-install-message', '--clear-sources', '-u', '--update-sources', '--silent',
]);

function gemNames(command: ShellCommand): ShellWord[] | null {
  const args = command.args;
  if (args[0]?.value !== 'install' && args[0]?.value !== 'i') return null;
  if (hasFlag(command, '-v', '--version')) return [];
  const names: ShellWord[] = [];
  for (let i = 1; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') break;
    if (value.startsWith('-')) {
      if (!value.includes('=') && !BOOLEAN_FLAGS.has(value)) i++;
      continue;
    }
    names.push(args[i]);
  }
  return names;
}

export const gemPin: Rule = {
  meta: {
    id: 'gem-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in gem install (gem:version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3028'],
    requires: { keywords: ['RUN'], text: ['gem'] },
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    docs: `\`gem install bundler\` installs the newest release at build time, so two builds of the same
Dockerfile can differ.

**Flagged:** each gem of \`gem install\`/\`gem i\` without \`:version\` (\`bundler:2.5.6\`), unless
\`-v\`/\`--version\` gives one. Words after \`--\` are build options, not gems.

**Off by default;** turn on with \`"pinVersions": true\`.

**No automatic fix.**`,
  },
  check({ model, report }) {
    checkPinning(model, { programs: ['gem'], packages: ({ command }) => gemNames(command), pinned: (value) => value.includes(':'), example: 'bundler:2.5.6' }, report);
  },
};
