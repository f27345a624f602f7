import type { Rule } from '../analysis/rule';
import { AUTOMATIC_PLATFORM_ARGS, closestName, variableRefs } from '../analysis/variables';

export const undefinedArgInFrom: Rule = {
  meta: {
    id: 'undefined-arg-in-from',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Declare with ARG, before the first FROM, every variable a FROM uses.',
    fixable: false,
    aliases: ['UndefinedArgInFrom'],
    requires: { text: ['$'] },
    docs: `A FROM line only sees the \`ARG\`s declared before the first \`FROM\` (and BuildKit's own
platform arguments such as \`$BUILDPLATFORM\`). Any other \`$NAME\` expands to an empty string:
\`FROM node:22\${VARIANT}\` silently becomes \`node:22\`, and a typo in \`--platform=$BULIDPLATFORM\`
fails the build.

**Flagged:** each variable in the image or \`--platform\` of a FROM that is neither a global
\`ARG\` nor one of \`BUILDPLATFORM\`, \`BUILDOS\`, \`BUILDARCH\`, \`BUILDVARIANT\`, \`TARGETPLATFORM\`,
\`TARGETOS\`, \`TARGETARCH\`, \`TARGETVARIANT\`, with a "did you mean" for near misses (as
BuildKit's UndefinedArgInFrom).

**No automatic fix:** add \`ARG NAME=default\` above the first FROM, or correct the name.`,
  },
  check({ model, report }) {
    let known: Set<string> | null = null;
    for (const stage of model.stages) {
      const from = stage.from;
      const words = [from.args[0]?.value ?? '', from.flags.find((f) => f.name === 'platform')?.value ?? ''];
      // Most FROMs use no variable: then there is nothing to look up.
      if (!words[0].includes('$') && !words[1].includes('$')) continue;
      known ??= new Set([...model.globalArgs.keys(), ...AUTOMATIC_PLATFORM_ARGS.keys()]);
      const reported = new Set<string>();
      for (const ref of words.flatMap((word) => variableRefs(word, model.escapeChar))) {
        if (known.has(ref.name) || reported.has(ref.name)) continue;
        reported.add(ref.name);
        const suggestion = closestName(ref.name, known);
        report({
          range: from.range,
          message: `FROM argument '${ref.name}' is not declared${suggestion ? ` (did you mean ${suggestion}?)` : ''}; declare it with ARG before the first FROM.`,
        });
      }
    }
  },
};
