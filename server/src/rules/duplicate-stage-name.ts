import type { Rule } from '../analysis/rule';

export const duplicateStageName: Rule = {
  meta: {
    id: 'duplicate-stage-name',
    category: 'correctness',
    severity: 'error',
    description: 'Give every build stage a unique name.',
    fixable: false,
    aliases: ['DL3024', 'DuplicateStageName'],
    docs: `With two stages of the same name, \`COPY --from=name\`, \`FROM name\` and
\`docker build --target name\` silently pick one of them (references resolve to the latest
stage declared before them), so a rename or a reorder changes what gets built.

**Flagged:** a stage whose name (compared case-insensitively, as BuildKit resolves names) was
already used by an earlier stage; the later one is marked.

**No automatic fix:** which references mean which stage is the author's decision.`,
  },
  check({ model, report }) {
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (!stage.name) continue;
      const key = stage.name.toLowerCase();
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, stage.index);
        continue;
      }
      report({
        range: stage.from.args[2]?.range ?? stage.from.range,
        message: `Duplicate stage name '${stage.name}': stage ${first} already has it; stage names should be unique.`,
        related: [{ range: model.stages[first].from.range, message: 'the first stage of that name' }],
      });
    }
  },
};
