import { checkLabelValues } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelSpdx: Rule = {
  meta: {
    id: 'label-spdx',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels typed "spdx" in the label schema must hold an SPDX license expression.',
    fixable: false,
    aliases: ['DL3054'],
    requires: { keywords: ['LABEL'] },
    docs: `Labels are how registries, scanners and people find an image's source, version and
owner; a label-schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) says which labels must be there and what each holds.

**Flagged:** a \`LABEL\` whose key the schema types as \`spdx\` and whose value is not an SPDX license expression (MIT, Apache-2.0 OR MIT).
Values with variables (\`$BUILD_DATE\`) are only known at build time and are not checked;
empty values are left to label-empty. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "org.opencontainers.image.licenses": "spdx" } }
\`\`\`

**No automatic fix:** the right value is yours to write.`,
  },
  check({ model, report, options }) {
    checkLabelValues(model, options.labelSchema, 'spdx', report, 'an SPDX license expression (MIT, Apache-2.0 OR MIT)');
  },
};
