import type { Rule } from '../analysis/rule';

const RESERVED = new Set(['scratch', 'context']);

export const reservedStageName: Rule = {
  meta: {
    id: 'reserved-stage-name',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: "Do not name a stage 'scratch' or 'context'.",
    fixable: false,
    aliases: ['DL3063', 'ReservedStageName'],
    docs: `\`scratch\` is the empty image and \`context\` names the build context (\`COPY --from=context\`,
named contexts): a stage with either name makes \`FROM scratch\` or \`--from=context\` mean
something else than every reader expects.

**Flagged:** \`FROM image AS scratch\` and \`AS context\` (any case).

**No automatic fix:** choose another name and update the references.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.name || !RESERVED.has(stage.name.toLowerCase())) continue;
      report({
        range: stage.from.args[2]?.range ?? stage.from.range,
        message: `Stage name should not use the same name as reserved stage '${stage.name.toLowerCase()}'.`,
      });
    }
  },
};
