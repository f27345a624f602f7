import type { Rule } from '../analysis/rule';

export const copyFromOwnStage: Rule = {
  meta: {
    id: 'copy-from-own-stage',
    scope: 'stage',
    category: 'correctness',
    severity: 'error',
    description: 'COPY --from cannot refer to the stage it is in.',
    fixable: false,
    aliases: ['DL3023'],
    requires: { keywords: ['COPY', 'ADD'], text: ['--from'] },
    docs: `A stage cannot copy from itself: \`COPY --from=build\` inside the \`build\` stage makes the
build fail with a circular dependency.

**Flagged:** \`COPY\`/\`ADD --from\` naming the current stage (by name, case-insensitively, or
by index).

**No automatic fix:** copy from the stage that produces the files, or use a plain path.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const flag = instruction.flags.find((f) => f.name === 'from');
        const value = flag?.value?.replace(/^["']|["']$/g, '').toLowerCase();
        if (!flag || !value) continue;
        if (value === stage.name?.toLowerCase() || value === String(stage.index)) {
          report({ range: flag.range, message: `--from=${flag.value} refers to this stage itself; a stage cannot copy from itself.` });
        }
      }
    }
  },
};
