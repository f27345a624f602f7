import type { Rule } from '../analysis/rule';

const isRoot = (word: string | undefined) => word !== undefined && /^(["']?)\/\1$/.test(word);

export const copyWholeStage: Rule = {
  meta: {
    id: 'copy-whole-stage',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Do not copy the whole file system of another stage (COPY --from=x / /).',
    fixable: false,
    aliases: ['DL3067'],
    requires: { keywords: ['COPY', 'ADD'], text: ['--from'] },
    docs: `\`COPY --from=build / /\` copies everything of the build stage, compilers, caches and
package lists included, over the image: it undoes the point of a multi-stage build, and the
image silently changes with every package the build stage installs.

**Flagged:** \`COPY\`/\`ADD --from=...\` whose only source is \`/\` and whose destination is \`/\`.

**No automatic fix:** copy the paths you need (\`COPY --from=build /app/dist /app\`).`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if ((target.keyword !== 'COPY' && target.keyword !== 'ADD') || !target.flags.some((f) => f.name === 'from')) continue;
      const words = target.jsonStrings ?? target.args.map((arg) => arg.value);
      if (words.length === 2 && isRoot(words[0]) && isRoot(words[1])) {
        report({ range: target.range, message: `${target.keyword} --from copies the entire file system of another stage; copy only the paths you need.` });
      }
    }
  },
};
