import { installCall } from '../analysis/package-managers';
import { checkPinning } from '../analysis/pinning';
import type { Rule } from '../analysis/rule';

export const zypperPin: Rule = {
  meta: {
    id: 'zypper-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in zypper install (package=version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3037'],
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    requires: { keywords: ['RUN'], text: ['zypper'] },
    docs: `Without a version, \`zypper install tomcat\` installs whatever the repository has at build
time, so two builds of the same Dockerfile can differ.

**Flagged:** each package of \`zypper install\` without \`=\`, \`>\`, \`>=\`, \`<\` or \`<=\` (write
\`tomcat\\>=9.0\` so the shell does not redirect), and not an \`.rpm\` file.

**Off by default;** turn on with \`"pinVersions": true\`.

**No automatic fix.**`,
  },
  check({ model, report }) {
    checkPinning(
      model,
      {
        programs: ['zypper'],
        packages: ({ command }) => installCall(command)?.packages ?? null,
        pinned: (value) => /[=<>]/.test(value) || value.endsWith('.rpm'),
        example: 'tomcat=9.0.39',
      },
      report,
    );
  },
};
