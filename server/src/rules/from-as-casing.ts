import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';

export const fromAsCasing: Rule = {
  meta: {
    id: 'from-as-casing',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: "Write 'AS' in the same case as 'FROM'.",
    fixable: true,
    aliases: ['FromAsCasing'],
    docs: `\`FROM image as build\` works, but mixing cases within one instruction reads as a typo
and makes the file harder to search.

**Flagged:** an upper-case \`FROM\` with a lower-case \`as\`, or a lower-case \`from\` with an
upper-case \`AS\` (as BuildKit's FromAsCasing). A keyword in mixed case (\`From\`) is left to
instruction-casing.

**Fix:** writes \`AS\` (or \`as\`) to match the keyword.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const from = stage.from;
      const as = from.args[1];
      if (!as || from.args.length < 3 || as.value.toLowerCase() !== 'as') continue;
      const keyword = from.keywordText;
      const upper = keyword === keyword.toUpperCase();
      const lower = keyword === keyword.toLowerCase();
      if ((!upper && !lower) || as.value === (upper ? 'AS' : 'as')) continue;
      const wanted = upper ? 'AS' : 'as';
      report({
        range: as.range,
        message: `'${as.value}' and '${keyword}' keywords' casing do not match; write '${wanted}'.`,
        fixTitle: `Write '${wanted}'`,
        fix: () => [replace(as.range, wanted)],
      });
    }
  },
};
