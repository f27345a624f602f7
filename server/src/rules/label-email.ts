import { checkLabelValues } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelEmail: Rule = {
  meta: {
    id: 'label-email',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels typed "email" in the label schema must hold an e-mail address.',
    fixable: false,
    aliases: ['DL3058'],
    requires: { keywords: ['LABEL'] },
    docs: `Labels are how registries, scanners and people find an image's source, version and
owner; a label-schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) says which labels must be there and what each holds.

**Flagged:** a \`LABEL\` whose key the schema types as \`email\` and whose value is not an e-mail address (or Name <address>).
Values with variables (\`$BUILD_DATE\`) are only known at build time and are not checked;
empty values are left to label-empty. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "maintainer": "email" } }
\`\`\`

**No automatic fix:** the right value is yours to write.`,
  },
  check({ model, report, options }) {
    checkLabelValues(model, options.labelSchema, 'email', report, 'an e-mail address (or Name <address>)');
  },
};
