import type { Rule } from '../analysis/rule';
import { forEachRunCommand } from '../analysis/run-commands';
import type { Instruction } from '../analysis/types';

export const wgetAndCurl: Rule = {
  meta: {
    id: 'wget-and-curl',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Use either wget or curl in a stage, not both.',
    fixable: false,
    aliases: ['DL4001'],
    requires: { keywords: ['RUN'], text: ['wget'] },
    docs: `\`wget\` and \`curl\` do the same job; a stage that uses both usually installs both, which
is a package (and its libraries) too many in the image.

**Flagged:** each \`RUN\` that uses one of the two once the stage has used the other (in an
earlier \`RUN\` or the same one).

**No automatic fix:** their options differ; rewrite the downloads with the tool you keep.`,
  },
  check({ model, report }) {
    // Both tools must appear somewhere before any RUN is worth parsing.
    const runs = model.runInstructions();
    if (!runs.some((run) => run.text.includes('wget')) || !runs.some((run) => run.text.includes('curl'))) return;
    const seen = new Map<number, Set<string>>();
    let current: { instruction: Instruction; tools: Set<string> } | null = null;
    const flush = () => {
      if (!current) return;
      const stageSeen = seen.get(current.instruction.stageIndex) ?? new Set<string>();
      seen.set(current.instruction.stageIndex, stageSeen);
      for (const tool of current.tools) stageSeen.add(tool);
      if (stageSeen.has('wget') && stageSeen.has('curl')) {
        report({ range: current.instruction.range, message: `This stage uses both wget and curl; use one of them (${[...current.tools].join(' and ')} here).` });
      }
      current = null;
    };
    forEachRunCommand(model, ['wget', 'curl'], ({ instruction, command }) => {
      if (command.name !== 'wget' && command.name !== 'curl') return;
      if (current?.instruction !== instruction) flush();
      if (!current) current = { instruction, tools: new Set() };
      current.tools.add(command.name);
    });
    flush();
  },
};
