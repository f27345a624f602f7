import type { Rule } from '../analysis/rule';

export const instructionOrder: Rule = {
  meta: {
    id: 'instruction-order',
    category: 'correctness',
    severity: 'error',
    description: 'A Dockerfile must start with FROM (ARG and comments may come before it).',
    fixable: false,
    aliases: ['DL3061'],
    docs: `Only \`ARG\` (and comments and parser directives) may come before the first \`FROM\`; any
other instruction there fails the build ("no build stage in current context").

**Flagged:** the first instruction other than \`ARG\` that comes before any \`FROM\`.

**No automatic fix:** move it into a stage.`,
  },
  check({ model, report }) {
    const first = model.instructions.find((instruction) => instruction.keyword !== 'ARG');
    if (!first || first.keyword === 'FROM') return;
    report({ range: first.range, message: `${first.keyword} before the first FROM: a Dockerfile must begin with FROM, ARG or comments.` });
  },
};
