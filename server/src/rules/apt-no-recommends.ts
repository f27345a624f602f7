import { hasFlag, isCall, positionalArgs } from '../analysis/commands';
import { insertAfterWord } from '../analysis/edits';
import type { Rule } from '../analysis/rule';

export const aptNoRecommends: Rule = {
  meta: {
    id: 'apt-no-recommends',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Use `apt-get install --no-install-recommends` to avoid pulling in recommended packages.',
    fixable: true,
    aliases: ['DL3015'],
    requires: { keywords: ['RUN'], text: ['apt'] },
    docs: `By default apt installs every package's *recommended* packages too. In an image they
are rarely used and often add tens or hundreds of megabytes (documentation tools, X11
libraries, compilers).

**Flagged:** \`apt-get install\` (also \`apt install\`) without \`--no-install-recommends\` or
\`-o APT::Install-Recommends=false\`.

**Fix:** adds \`--no-install-recommends\` right after \`install\`. If something stops working,
install the missing recommended package by name.`,
  },
  check({ model, report }) {
    for (const instruction of model.runInstructions()) {
      if (!instruction.text.includes('apt')) continue; // names neither apt-get nor apt: nothing to parse
      const run = model.run(instruction);
      for (const command of run.commands) {
        if (!isCall(command, ['apt-get', 'apt'], 'install')) continue;
        if (hasFlag(command, '--no-install-recommends')) continue;
        if (command.args.some((arg) => /APT::Install-Recommends\s*=\s*(false|0)/i.test(arg.value))) continue;
        const installWord = positionalArgs(command)[0];
        report({
          range: run.editable ? model.wordRange(instruction, command.nameWord!) : instruction.range,
          message: `'${command.name} install' without --no-install-recommends also installs recommended packages.`,
          fixTitle: 'Add --no-install-recommends',
          fix: run.editable ? () => [insertAfterWord(model, instruction, installWord, ' --no-install-recommends')] : undefined,
        });
      }
    }
  },
};
