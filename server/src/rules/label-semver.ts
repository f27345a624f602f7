import { checkLabelValues } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelSemver: Rule = {
  meta: {
    id: 'label-semver',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels typed "semver" in the label schema must hold a semantic version.',
    fixable: false,
    aliases: ['DL3056'],
    requires: { keywords: ['LABEL'] },
    docs: `Labels are how registries, scanners and people find an image's source, version and
owner; a label-schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) says which labels must be there and what each holds.

**Flagged:** a \`LABEL\` whose key the schema types as \`semver\` and whose value is not a semantic version (1.2.3, 2.0.1-rc1).
Values with variables (\`$BUILD_DATE\`) are only known at build time and are not checked;
empty values are left to label-empty. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "org.opencontainers.image.version": "semver" } }
\`\`\`

**No automatic fix:** the right value is yours to write.`,
  },
  check({ model, report, options }) {
    checkLabelValues(model, options.labelSchema, 'semver', report, 'a semantic version (1.2.3, 2.0.1-rc1)');
  },
};
