import { replace } from '../analysis/edits';
import type { Rule } from '../analysis/rule';

const selfConsistent = (word: string) => word === word.toLowerCase() || word === word.toUpperCase();
const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN',
  'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export const instructionCasing: Rule = {
  meta: {
    id: 'instruction-casing',
    category: 'correctness',
    severity: 'warning',
    description: 'Write every instruction keyword in the same case (upper case by convention).',
    fixable: true,
    aliases: ['ConsistentInstructionCasing'],
    docs: `Keywords are case-insensitive, but a file that mixes \`RUN\`, \`run\` and \`Run\` is harder
to read and to search (\`grep ^RUN\` misses lines).

**Flagged** (as BuildKit's ConsistentInstructionCasing): a keyword in mixed case (\`From\`), or
one whose case differs from the majority of the stages' keywords (upper case wins a tie).
Instructions above the first FROM are neither counted nor flagged, as in BuildKit.

**Fix:** rewrites the keyword in upper case when most keywords are upper case; when most are
lower case, writes every keyword of the file in upper case (the common convention, which
other Dockerfile tools such as dockerfile-utils expect) instead of lower-casing more.`,
  },
  check({ model, report }) {
    let lower = 0;
    let upper = 0;
    // Keywords not written as the upper-case instruction: the only ones an upper-case majority flags.
    let others = 0;
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        const word = instruction.keywordText;
        // The common case, without case conversions: an instruction written in upper case.
        if (word === instruction.keyword && INSTRUCTIONS.has(word)) {
          upper++;
          continue;
        }
        others++;
        if (!selfConsistent(word)) continue;
        if (word === word.toLowerCase()) lower++;
        else upper++;
      }
    }
    const majorityLower = lower > upper;
    if (!majorityLower && others === 0) return;
    // With a lower-case majority the fix writes every keyword of the file in upper case (the
    // convention, and what other Dockerfile tools expect) rather than lower-casing more of them.
    const upperCaseAll = () =>
      model.instructions.filter((i) => i.keywordText !== i.keywordText.toUpperCase()).map((i) => replace(i.keywordRange, i.keywordText.toUpperCase()));
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        const word = instruction.keywordText;
        const wanted = majorityLower ? word.toLowerCase() : word.toUpperCase();
        if (word === wanted) continue;
        report({
          range: instruction.keywordRange,
          message: `Command '${word}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'}).`,
          fixTitle: majorityLower ? 'Write every instruction in upper case' : `Write '${wanted}'`,
          fix: () => (majorityLower ? upperCaseAll() : [replace(instruction.keywordRange, wanted)]),
        });
      }
    }
  },
};
