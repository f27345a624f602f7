import { installCall } from '../analysis/package-managers';
import { checkPinning, isLocalOrUrl } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';

export const aptPin: Rule = {
  meta: {
    id: 'apt-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in apt-get install (package=version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3008'],
    requires: { keywords: ['RUN'], text: ['apt-get'] },
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    docs: `Without a version, \`apt-get install curl\` installs whatever the mirror has at build time:
two builds of the same Dockerfile can differ, and a cached layer hides the difference.

**Flagged:** each package of \`apt-get install\` without \`=version\` (\`curl=8.5.0-2\`; globs such
as \`=8.5.*\` count). Local \`.deb\` files and paths are not flagged.

**Off by default:** pinning every package is a policy (versions disappear from Debian mirrors,
so pinned builds break too). Turn the version-pinning rules on together with
\`"pinVersions": true\` in \`.dockerfile-optimizer.json\` (or \`dockerfileOptimizer.pinVersions\`),
or this one alone in \`rules\`.

**No automatic fix:** the version to pin is yours to choose (\`apt-cache policy <package>\`).`,
  },
  check({ model, report }) {
    checkPinning(
      model,
      {
        programs: ['apt-get'],
        packages: ({ command }) => installCall(command)?.packages ?? null,
        pinned: (value) => value.includes('=') || value.endsWith('.deb') || isLocalOrUrl(value),
        example: 'curl=8.5.0-2',
      },
      report,
    );
  },
};
