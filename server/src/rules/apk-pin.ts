import { positionals } from '../analysis/package-managers';
import { checkPinning } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';

export const apkPin: Rule = {
  meta: {
    id: 'apk-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in apk add (package=version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3018'],
    requires: { keywords: ['RUN'], text: ['apk'] },
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    docs: `Without a version, \`apk add curl\` installs whatever the repository has at build time, so
two builds of the same Dockerfile can differ.

**Flagged:** each package of \`apk add\` without a version constraint (\`=\`, \`~\`, \`>\`, \`<\`,
as in \`curl=8.5.0-r0\` or \`git~2.45\`). \`.apk\` files and the \`--virtual\` name are not flagged.

**Off by default** (Alpine removes old package versions from its mirrors, so pinned builds
break); turn on with \`"pinVersions": true\`.

**No automatic fix:** the version to pin is yours to choose.`,
  },
  check({ model, report }) {
    checkPinning(
      model,
      {
        programs: ['apk'],
        packages: ({ command }) => {
          const words = positionals(command);
          return words[0]?.value === 'add' ? words.slice(1) : null;
        },
        pinned: (value) => /[=~<>]/.test(value) || value.endsWith('.apk'),
        example: 'curl=8.5.0-r0',
      },
      report,
    );
  },
};
