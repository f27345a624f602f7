import { positionals } from '../analysis/package-managers';
import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand } from '../analysis/run-commands';

// apt subcommands that apt-get runs the same way (apt's upgrade installs new packages,
// apt-get's does not; search/show/list belong to apt-cache or have no equivalent).
const SAME_IN_APT_GET = new Set(['install', 'remove', 'purge', 'update', 'autoremove', 'autopurge', 'clean', 'autoclean', 'build-dep', 'source', 'download', 'satisfy']);

export const aptInsteadOfAptGet: Rule = {
  meta: {
    id: 'apt-instead-of-apt-get',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use apt-get (or apt-cache) in scripts, not apt.',
    fixable: true,
    aliases: ['DL3027'],
    requires: { keywords: ['RUN'], text: ['apt'] },
    docs: `\`apt\` is the interactive front end: its output and options may change between releases
("WARNING: apt does not have a stable CLI interface. Use with caution in scripts."), and it
draws progress bars into build logs. \`apt-get\` and \`apt-cache\` are the stable tools for
scripts.

**Flagged:** \`apt\` run as a command.

**Fix:** writes \`apt-get\` instead, for the subcommands that \`apt-get\` runs the same way
(\`install\`, \`remove\`, \`purge\`, \`update\`, \`autoremove\`, \`clean\`, \`build-dep\`, ...). No fix for
\`upgrade\`/\`full-upgrade\` (apt's install new packages, apt-get's do not) nor for
\`search\`, \`show\`, \`list\`.`,
  },
  check({ model, report }) {
    forEachRunCommand(model, ['apt'], (found) => {
      const { command, run, instruction } = found;
      if (command.name !== 'apt' || !command.nameWord) return;
      const verb = positionals(command)[0]?.value ?? '';
      const nameWord = command.nameWord;
      report({
        range: commandRange(model, found),
        message: "Do not use 'apt' in scripts: its interface is not stable; use 'apt-get' or 'apt-cache'.",
        fixTitle: "Use 'apt-get'",
        fix: () => {
          if (!run.editable || !SAME_IN_APT_GET.has(verb) || nameWord.start < 0) return null;
          const written = instruction.text.slice(nameWord.start, nameWord.end);
          if (!/(^|\/)apt$/.test(written)) return null;
          return [{ range: model.wordRange(instruction, nameWord), newText: `${written}-get` }];
        },
      });
    });
  },
};
