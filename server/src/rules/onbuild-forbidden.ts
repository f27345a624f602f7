import type { Rule } from '../analysis/rule';

const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export const onbuildForbidden: Rule = {
  meta: {
    id: 'onbuild-forbidden',
    scope: 'stage',
    category: 'correctness',
    severity: 'error',
    description: 'ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.',
    fixable: false,
    aliases: ['DL3043'],
    requires: { keywords: ['ONBUILD'] },
    docs: `Docker rejects \`ONBUILD ONBUILD\`, \`ONBUILD FROM\` and \`ONBUILD MAINTAINER\`: chaining
triggers is not allowed, and a trigger cannot start a new stage.

**Flagged:** those three triggers.

**No automatic fix.**`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ONBUILD') continue;
      const trigger = (instruction.trigger?.keyword ?? instruction.args[0]?.value ?? '').toUpperCase();
      if (!FORBIDDEN.has(trigger)) continue;
      report({ range: instruction.range, message: `ONBUILD ${trigger} is not allowed: an ONBUILD trigger cannot be ONBUILD, FROM or MAINTAINER.` });
    }
  },
};
