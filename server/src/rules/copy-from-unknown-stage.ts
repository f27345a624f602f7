import type { Rule } from '../analysis/rule';

export const copyFromUnknownStage: Rule = {
  meta: {
    id: 'copy-from-unknown-stage',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'COPY --from should name an earlier stage (or an image with a tag).',
    fixable: false,
    aliases: ['DL3022'],
    requires: { keywords: ['COPY', 'ADD'], text: ['--from'] },
    docs: `\`COPY --from=builder\` copies from the stage named \`builder\` declared above it. When no
such stage exists (a typo, a renamed stage, a stage declared further down), Docker quietly
treats the word as an image name and pulls \`docker.io/library/builder:latest\`, or fails.

**Flagged:** \`--from\` (on COPY and ADD) whose value is no earlier stage's name or index and
does not look like an image reference (no \`:\`, \`/\` or \`@\`), or a number that is not an
earlier stage's index. Values with variables are not checked. Named build contexts
(\`docker build --build-context name=...\`) look the same; pass them with a tag-less name and
ignore the rule there, or write them as images.

**No automatic fix:** the intended stage is unknown.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (target.keyword !== 'COPY' && target.keyword !== 'ADD') continue;
      const flag = target.flags.find((f) => f.name === 'from');
      const value = flag?.value?.replace(/^["']|["']$/g, '');
      if (!flag || !value || value.includes('$')) continue;
      const before = instruction.stageIndex < 0 ? 0 : instruction.stageIndex;
      const stage = model.stageByRef(value, /^\d+$/.test(value) ? before : before + 1);
      if (stage) continue;
      if (!/^\d+$/.test(value) && /[:/@]/.test(value)) continue; // an image reference
      report({
        range: flag.range,
        message: /^\d+$/.test(value)
          ? `--from=${value} refers to stage ${value}, but only ${before} stage(s) come before it.`
          : `--from=${value} names no earlier stage; Docker would pull an image named '${value}'.`,
      });
    }
  },
};
