import { labelPairs } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelEmpty: Rule = {
  meta: {
    id: 'label-empty',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Labels of the label schema must not be empty.',
    fixable: false,
    aliases: ['DL3051'],
    requires: { keywords: ['LABEL'] },
    docs: `An empty label required by the schema satisfies the letter of the policy and nothing
else: tools that read it find no source, no version, no owner.

**Flagged:** a \`LABEL\` in \`labelSchema\` whose value is empty (\`LABEL maintainer=""\`).
Without a schema the rule checks nothing.

**No automatic fix.**`,
  },
  check({ model, report, options }) {
    const schema = options.labelSchema;
    if (!schema) return;
    for (const pair of labelPairs(model)) {
      if (pair.key in schema && pair.value.trim() === '') report({ range: pair.property.range, message: `Label '${pair.key}' is empty.` });
    }
  },
};
