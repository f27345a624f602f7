import { checkLabelValues } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelUrl: Rule = {
  meta: {
    id: 'label-url',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels typed "url" in the label schema must hold a URL.',
    fixable: false,
    aliases: ['DL3052'],
    requires: { keywords: ['LABEL'] },
    docs: `Labels are how registries, scanners and people find an image's source, version and
owner; a label-schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) says which labels must be there and what each holds.

**Flagged:** a \`LABEL\` whose key the schema types as \`url\` and whose value is not a valid URL.
Values with variables (\`$BUILD_DATE\`) are only known at build time and are not checked;
empty values are left to label-empty. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "org.opencontainers.image.source": "url" } }
\`\`\`

**No automatic fix:** the right value is yours to write.`,
  },
  check({ model, report, options }) {
    checkLabelValues(model, options.labelSchema, 'url', report, 'a valid URL');
  },
};
