import { checkPinning } from '../analysis/pinning';
import { rpmPinCheck } from '../analysis/rpm-pin';
import type { Rule } from '../analysis/rule';

export const yumPin: Rule = {
  meta: {
    id: 'yum-pin',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Pin versions in yum install (package-version). Off unless pinVersions is on.',
    fixable: false,
    aliases: ['DL3033'],
    enabledByDefault: false,
    enabledBySetting: 'pinVersions',
    requires: { keywords: ['RUN'], text: ['yum'] },
    docs: `Without a version, \`yum install tomcat\` installs whatever the repository has at build time,
so two builds of the same Dockerfile can differ.

**Flagged:** each package of \`yum install\` not written \`name-version\` (\`tomcat-9.2\`,
\`openssl-1:1.1.1k\`), and each module of \`yum module install\` without \`:stream\`. Variables are
read from the stage's \`ARG\`/\`ENV\` (\`git-core-\${version}\`; a variable of another stage is not
visible). Group installs, \`.rpm\` files and paths are not flagged.

**Differences:** hadolint also accepts a variable from an \`ARG\` of another, unrelated stage;
in Docker that \`ARG\` is not visible there, the variable is empty and the package unpinned,
so we flag it.

**Off by default;** turn on with \`"pinVersions": true\`.

**No automatic fix.**`,
  },
  check({ model, report }) {
    checkPinning(model, rpmPinCheck(['yum']), report);
  },
};
