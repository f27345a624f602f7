import { checkLabelValues } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelGitHash: Rule = {
  meta: {
    id: 'label-git-hash',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels typed "hash" in the label schema must hold a git commit hash.',
    fixable: false,
    aliases: ['DL3055'],
    requires: { keywords: ['LABEL'] },
    docs: `Labels are how registries, scanners and people find an image's source, version and
owner; a label-schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) says which labels must be there and what each holds.

**Flagged:** a \`LABEL\` whose key the schema types as \`hash\` and whose value is not a git commit hash (7 to 40 hex digits).
Values with variables (\`$BUILD_DATE\`) are only known at build time and are not checked;
empty values are left to label-empty. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "org.opencontainers.image.revision": "hash" } }
\`\`\`

**No automatic fix:** the right value is yours to write.`,
  },
  check({ model, report, options }) {
    checkLabelValues(model, options.labelSchema, 'hash', report, 'a git commit hash (7 to 40 hex digits)');
  },
};
