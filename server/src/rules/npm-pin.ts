import { positionalArgs } from '../analysis/commands';
import { checkPinning, isLocalOrUrl } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';

const NPM_VALUE_FLAGS = ['--registry', '--loglevel', '--prefix', '--tag', '--cache', '--userconfig', '--globalconfig', '-w', '--workspace', '--omit', '--include', '--save-prefix'];

/** `express@4`, `@scope/name@^1`, a tarball, a folder, or a git URL / GitHub shorthand with `#ref`. */
function npmPinned(value: string): boolean {
  if (/^(git(\+[a-z]+)?:\/\/|git@|github:|gitlab:|bitbucket:)/.test(value)) return value.includes('#');
  if (/\.(tar|tar\.gz|tgz)$/.test(value) || isLocalOrUrl(value)) return true;
  const name = value.startsWith('@') ? value.slice(1) : value;
  if (!value.startsWith('@') && name.includes('/')) return value.includes('#'); // owner/repo on GitHub
  return name.includes('@');
}

export const npmPin: Rule = {
  meta: {
    id: 'npm-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in npm install (package@version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3016'],
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    requires: { keywords: ['RUN'], text: ['npm'] },
    docs: `\`npm install -g typescript\` installs the newest release at build time, so two builds of the
same Dockerfile can differ.

**Flagged:** each package named on \`npm install\`/\`i\`/\`add\` without \`@version\`
(\`express@4.19.2\`, \`@scope/pkg@^1\`), and git URLs without \`#ref\`. \`npm install\` without
packages (it reads package.json and its lock file), tarballs and folders are not flagged.

**Off by default;** turn on with \`"pinVersions": true\`.

**No automatic fix.**`,
  },
  check({ model, report }) {
    checkPinning(
      model,
      {
        programs: ['npm'],
        packages: ({ command }) => {
          const words = positionalArgs(command, NPM_VALUE_FLAGS);
          return ['install', 'i', 'add', 'isntall'].includes(words[0]?.value ?? '') ? words.slice(1) : null;
        },
        pinned: npmPinned,
        example: 'express@4.19.2',
      },
      report,
    );
  },
};
