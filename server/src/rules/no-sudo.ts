import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand, usesSudo } from '../analysis/run-commands';
import { isRootUser, walkStage } from '../analysis/stage-state';
import type { Instruction } from '../analysis/types';

export const noSudo: Rule = {
  meta: {
    id: 'no-sudo',
    scope: 'stage',
    category: 'security',
    severity: 'error',
    description: 'Do not use sudo in a RUN; switch USER instead.',
    fixable: true,
    aliases: ['DL3004'],
    requires: { keywords: ['RUN'], text: ['sudo'] },
    docs: `\`sudo\` needs a tty and a sudoers entry, behaves differently across images, and keeps a
setuid binary in the image that a compromised process can use. A build step runs as the
current \`USER\` already: switch with \`USER root\` and back, or use \`gosu\`/\`su-exec\` at run time.

**Flagged:** a command run through \`sudo\` (not \`sudo\` as a package name).

**Fix:** when the step runs as root anyway (no \`USER\`, or \`USER root\`/\`0\`), removes \`sudo \`
before the command: root needs no sudo, and an image without \`sudo\` installed no longer
fails. No fix with sudo options (\`sudo -u app\`) or under a non-root \`USER\`.`,
  },
  check({ model, report }) {
    // Which instructions run as root: only needed by a fix, so computed on the first one.
    let asRoot: Set<Instruction> | null = null;
    const runsAsRoot = (instruction: Instruction) => {
      if (!asRoot) {
        const found = new Set<Instruction>();
        for (const stage of model.stages) walkStage(model, stage, (i, state) => isRootUser(state.user) && found.add(i));
        asRoot = found;
      }
      return asRoot.has(instruction);
    };
    forEachRunCommand(model, ['sudo'], (found) => {
      const sudo = usesSudo(found.command);
      if (!sudo) return;
      const owner = model.instructions[found.instruction.index];
      const plain = found.command.words[found.command.words.indexOf(sudo) + 1] === found.command.nameWord;
      report({
        range: commandRange(model, found, sudo),
        message: "Do not use 'sudo' in a build step: it runs as the current USER; switch USER or use gosu.",
        fixTitle: "Remove 'sudo'",
        fix: () => {
          if (!found.run.editable || !plain || owner.keyword === 'ONBUILD' || !runsAsRoot(owner)) return null;
          return [{ range: model.rangeIn(found.instruction, sudo.start, found.command.nameWord!.start), newText: '' }];
        },
      });
    });
  },
};
