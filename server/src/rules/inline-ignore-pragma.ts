import type { Rule } from '../analysis/rule';

const IGNORE_PRAGMA = /^(hadolint|dockerfile-optimizer)\s+(?:(global|stage)\s+)?ignore\s*=/i;

export const inlineIgnorePragma: Rule = {
  meta: {
    id: 'inline-ignore-pragma',
    category: 'correctness',
    severity: 'info',
    description: 'Avoid ignore pragmas in the Dockerfile; configure rules centrally (off by default).',
    fixable: false,
    aliases: ['DL1001'],
    enabledByDefault: false,
    requires: { text: ['#'] },
    docs: `For teams that want every exception visible in one place: an ignore pragma in a
Dockerfile hides a finding from everyone who reads only the config.

**Flagged** (when turned on): \`# hadolint ignore=...\` and \`# dockerfile-optimizer ignore=...\`
comments (also \`global\` and \`stage\` ones). \`# hadolint shell=...\` and other comments are
not flagged.

**Off by default**, as in hadolint (DL1001 is "ignore" there). Turn it on with
\`{ "rules": { "inline-ignore-pragma": "warning" } }\`.`,
  },
  check({ model, report }) {
    for (const comment of model.comments) {
      if (IGNORE_PRAGMA.test(comment.text)) report({ range: comment.range, message: 'Inline ignore pragma: configure the rule in .dockerfile-optimizer.json instead.' });
    }
  },
};
