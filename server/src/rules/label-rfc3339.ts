import { checkLabelValues } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelRfc3339: Rule = {
  meta: {
    id: 'label-rfc3339',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels typed "rfc3339" in the label schema must hold an RFC 3339 time.',
    fixable: false,
    aliases: ['DL3053'],
    requires: { keywords: ['LABEL'] },
    docs: `Labels are how registries, scanners and people find an image's source, version and
owner; a label-schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) says which labels must be there and what each holds.

**Flagged:** a \`LABEL\` whose key the schema types as \`rfc3339\` and whose value is not an RFC 3339 date and time (2024-05-01T12:00:00Z).
Values with variables (\`$BUILD_DATE\`) are only known at build time and are not checked;
empty values are left to label-empty. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "org.opencontainers.image.created": "rfc3339" } }
\`\`\`

**No automatic fix:** the right value is yours to write.`,
  },
  check({ model, report, options }) {
    checkLabelValues(model, options.labelSchema, 'rfc3339', report, 'an RFC 3339 date and time (2024-05-01T12:00:00Z)');
  },
};
