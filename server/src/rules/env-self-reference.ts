import type { Rule } from '../analysis/rule';
import { variableRefs } from '../analysis/variables';

export const envSelfReference: Rule = {
  meta: {
    id: 'env-self-reference',
    scope: 'stage',
    category: 'correctness',
    severity: 'error',
    description: 'Do not use a variable in the same ENV line that defines it.',
    fixable: false,
    aliases: ['DL3044'],
    requires: { keywords: ['ENV'], text: ['$'] },
    docs: `All values of one \`ENV\` line are expanded before any of its variables is set, so
\`ENV DIR=/app BIN=$DIR/bin\` sets \`BIN\` to \`/bin\` (the old, empty \`DIR\`), not \`/app/bin\`.

**Flagged:** a value that refers to a variable defined earlier on the same \`ENV\` line, unless
the variable already existed before that line (an earlier \`ARG\` or \`ENV\`, where the old value
may be meant). \`ENV PATH=/x:$PATH\` (a variable referring to itself) is fine.

**No automatic fix:** splitting the line into two \`ENV\` instructions gives the value you
probably meant, but that is a change of meaning; do it yourself.`,
  },
  check({ model, report }) {
    const defined = new Set<string>();
    for (const instruction of model.instructions) {
      const target = instruction.trigger ?? instruction;
      if (instruction.keyword === 'FROM') continue;
      if (target.keyword === 'ENV' && target.properties.length < 2) {
        // One pair cannot refer to another of the same line.
        for (const property of target.properties) defined.add(property.name);
      } else if (target.keyword === 'ENV') {
        const sameLine = new Set<string>();
        for (const property of target.properties) {
          if (sameLine.size === 0 || !property.value?.includes('$')) {
            sameLine.add(property.name);
            continue;
          }
          // The value as written: single quotes keep a `$` literal.
          const written = model.text.slice(model.index.offsetAt(property.nameRange.end), model.index.offsetAt(property.range.end));
          const refs = variableRefs(written, model.escapeChar).filter((ref) => sameLine.has(ref.name) && !defined.has(ref.name));
          for (const ref of new Set(refs.map((r) => r.name))) {
            report({ range: property.range, message: `${property.name} uses $${ref}, which this same ENV line defines: it gets the value from before this line.` });
          }
          sameLine.add(property.name);
        }
        for (const name of sameLine) defined.add(name);
      } else if (target.keyword === 'ARG') {
        for (const property of target.properties) defined.add(property.name);
      }
    }
  },
};
