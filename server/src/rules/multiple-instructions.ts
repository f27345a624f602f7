import { removeInstruction } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import type { Instruction } from '../analysis/types';

const ALIASES: Record<string, string[]> = {
  CMD: ['DL4003', 'MultipleInstructionsDisallowed'],
  ENTRYPOINT: ['DL4004', 'MultipleInstructionsDisallowed'],
  HEALTHCHECK: ['DL3012', 'MultipleInstructionsDisallowed'],
};

export const multipleInstructions: Rule = {
  meta: {
    id: 'multiple-instructions',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage count; remove the others.',
    fixable: true,
    aliases: ['DL3012', 'DL4003', 'DL4004', 'MultipleInstructionsDisallowed'],
    tags: ['unnecessary'],
    requires: { keywords: ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'] },
    docs: `A stage's image keeps one \`CMD\`, one \`ENTRYPOINT\` and one \`HEALTHCHECK\`: the last of each.
Earlier ones do nothing, and a reader may believe they run (for instance that two \`CMD\`
lines start two processes).

**Flagged:** each \`CMD\`, \`ENTRYPOINT\` or \`HEALTHCHECK\` that a later one of the same kind
in the same stage overrides; the overridden one is marked, as in BuildKit's
MultipleInstructionsDisallowed. Stages that build FROM another stage may override its
instructions freely.

**Fix:** removes the overridden instruction (it had no effect).

**Differences:** hadolint reports DL4004 (ENTRYPOINT) and DL3012 (HEALTHCHECK) as errors and
DL4003 (CMD) as a warning; all build fine, so we warn for each, as BuildKit does.`,
  },
  check({ model, report }) {
    const last = new Map<string, Instruction>();
    for (const instruction of model.instructions) {
      const aliases = ALIASES[instruction.keyword];
      if (!aliases) continue;
      const key = `${instruction.stageIndex}:${instruction.keyword}`;
      const previous = last.get(key);
      last.set(key, instruction);
      if (!previous) continue;
      report({
        range: previous.range,
        message: `Multiple ${instruction.keyword} instructions in one stage: only the last one (line ${instruction.range.start.line + 1}) is used.`,
        related: [{ range: instruction.range, message: `the ${instruction.keyword} that is used` }],
        aliases,
        fixTitle: `Remove the unused ${instruction.keyword}`,
        fix: () => [removeInstruction(model, previous)],
      });
    }
  },
};
