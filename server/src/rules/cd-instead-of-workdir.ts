import { insertLinesAfter, insertLinesBefore } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand, type RunCommand } from '../analysis/run-commands';
import { walkStage } from '../analysis/stage-state';
import type { Instruction, TextEdit } from '../analysis/types';

export const cdInsteadOfWorkdir: Rule = {
  meta: {
    id: 'cd-instead-of-workdir',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Use WORKDIR instead of cd to change directory.',
    fixable: true,
    aliases: ['DL3003'],
    requires: { keywords: ['RUN'], text: ['cd'] },
    docs: `\`cd\` only lasts for the rest of its \`RUN\`: the next instruction is back in the working
directory, which surprises readers, and long \`cd a && ... && cd ../b\` chains are hard to
follow. \`WORKDIR\` states where the following instructions run, and creates the folder.

**Flagged:** every \`cd\` in a \`RUN\`.

**Fix**, for a RUN that starts with \`cd /absolute/dir &&\` and has no other \`cd\`: moves the
directory to a \`WORKDIR\` line before the RUN and drops the \`cd\`. When something after the
RUN depends on the working directory (later instructions of the stage, stages built from it,
or the image's run-time directory for a final stage), a second \`WORKDIR\` restores the previous
directory after the RUN, so nothing else moves; when the previous directory is not known
(the base image's default) there is no fix. A RUN that uses \`||\`, \`;\` or \`&\` gets no fix
either: there a failing \`cd\` took another path.`,
  },
  check({ model, report }) {
    // The working directory before each instruction: only needed by a fix, so computed on the first one.
    let workdirs: Map<Instruction, string> | null = null;
    const workdirBefore = (instruction: Instruction) => {
      if (!workdirs) {
        const found = new Map<Instruction, string>();
        for (const stage of model.stages) walkStage(model, stage, (i, state) => found.set(i, state.workdir));
        workdirs = found;
      }
      return workdirs.get(instruction);
    };
    forEachRunCommand(model, ['cd'], (found) => {
      if (found.command.name !== 'cd') return;
      report({
        range: commandRange(model, found),
        message: "Use WORKDIR to switch to a directory instead of 'cd', which only lasts for this RUN.",
        fixTitle: 'Use WORKDIR',
        fix: () => toWorkdir(model, found, () => workdirBefore(found.instruction)),
      });
    });
  },
};

/** `workdirBefore` walks every stage: asked only once the RUN itself allows a fix. */
function toWorkdir(model: DockerfileModel, found: RunCommand, workdirBefore: () => string | undefined): TextEdit[] | null {
  const { instruction, run, command, index } = found;
  const commands = run.commands;
  if (index !== 0 || !run.editable || !run.posixShell || instruction.heredocs.length > 0 || commands.length < 2) return null;
  const dir = command.args[0]?.value;
  if (command.args.length !== 1 || !dir || !/^\/[A-Za-z0-9._\-/+@]*$/.test(dir)) return null;
  if (commands.some((c, i) => (i > 0 && c.name === 'cd') || (c.connector !== null && c.connector !== '&&' && c.connector !== 'newline'))) return null;
  if (command.connector !== '&&') return null;
  const previous = workdirBefore();
  if (previous === undefined) return null;
  const stage = model.stageOf(instruction);
  if (!stage) return null;
  const later = stage.instructions.slice(stage.instructions.indexOf(instruction) + 1);
  const needsRestore = later.length > 0 || stage.isFinal || model.stages.some((s) => s.baseStage === stage);
  if (needsRestore && previous.startsWith('?')) return null;
  const edits: TextEdit[] = [
    insertLinesBefore(model, instruction, [`WORKDIR ${dir}`]),
    { range: model.rangeIn(instruction, command.start, commands[1].start), newText: '' },
  ];
  if (needsRestore && previous !== dir) edits.push(insertLinesAfter(model, instruction, [`WORKDIR ${previous}`]));
  return edits;
}
