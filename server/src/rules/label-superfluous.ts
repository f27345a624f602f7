import { labelPairs } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelSuperfluous: Rule = {
  meta: {
    id: 'label-superfluous',
    category: 'correctness',
    severity: 'info',
    description: 'With strictLabels, only labels of the label schema are allowed.',
    fixable: false,
    aliases: ['DL3050'],
    requires: { keywords: ['LABEL'] },
    docs: `With \`"strictLabels": true\` the label schema is the complete list of labels an image may
carry: any other label is a typo or an undocumented convention.

**Flagged:** a \`LABEL\` key that is not in \`labelSchema\`, when \`strictLabels\` is on.
Without both options the rule checks nothing.

\`\`\`json
{ "labelSchema": { "maintainer": "email" }, "strictLabels": true }
\`\`\`

**No automatic fix.**`,
  },
  check({ model, report, options }) {
    const schema = options.labelSchema;
    if (!schema || !options.strictLabels) return;
    for (const pair of labelPairs(model)) {
      if (!(pair.key in schema)) report({ range: pair.property.nameRange, message: `Label '${pair.key}' is not in the label schema (strictLabels).` });
    }
  },
};
