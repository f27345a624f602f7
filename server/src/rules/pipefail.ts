import { osFamily } from '../analysis/base-images';
import { insertLinesAfter, insertLinesBefore, removeInstruction } from '../analysis/edits';
import type { DockerfileModel, RunInfo } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { programName, shellArgvFor, shellInstructionFor } from '../analysis/shell-in-effect';
import { rootStageOf } from '../analysis/stage-lineage';
import type { Instruction, TextEdit } from '../analysis/types';

// Shells whose `-o pipefail` is known to work (POSIX sh/dash did not have it).
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash', 'ksh', 'mksh']);
const RESTORE = 'SHELL ["/bin/sh", "-c"]';

/** `["/bin/bash", "-eo", "pipefail", "-c"]`: a shell that knows pipefail, with it set. */
export function hasPipefail(argv: readonly string[]): boolean {
  if (!PIPEFAIL_SHELLS.has(programName(argv[0] ?? ''))) return false;
  return argv.some((arg, i) => arg === 'pipefail' && i > 0 && /^-[A-Za-z]*o$/.test(argv[i - 1]));
}

function hasPipe(run: RunInfo): boolean {
  return run.commands.some((command, i) => command.connector === '|' && i + 1 < run.commands.length);
}

/** `set -o pipefail` (or `set -eo pipefail`) before the script's first pipe. */
function setsPipefailFirst(run: RunInfo): boolean {
  for (const command of run.commands) {
    if (command.name === 'set' && hasPipefail(['bash', ...command.args.map((arg) => arg.value)])) return true;
    if (command.connector === '|') return false;
  }
  return false;
}

const usesShell = (instruction: Instruction) => {
  const target = instruction.trigger ?? instruction;
  return ['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(target.keyword) && target.jsonStrings === null;
};

export const pipefail: Rule = {
  meta: {
    id: 'pipefail',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Set -o pipefail (through SHELL) before a RUN with a pipe.',
    fixable: true,
    aliases: ['DL4006'],
    requires: { keywords: ['RUN'], text: ['|'] },
    docs: `A pipeline's status is that of its last command: \`RUN curl -fsSL https://x/install.sh | sh\`
succeeds when the download fails (\`sh\` happily runs an empty script), and the image is built
without what it should contain. \`set -o pipefail\` makes the pipeline fail when any part fails.

**Flagged:** a shell-form \`RUN\` with a pipe when the shell in effect is not started with
\`-o pipefail\` (in \`SHELL\`, in the stage or a stage it builds FROM) and the script does not
begin with \`set -o pipefail\`. As in hadolint, \`/bin/sh -o pipefail\` does not count: Debian's
\`sh\` (dash) did not support it. Windows and other non-POSIX shells are not checked.

**Fix:** adds \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` right before the RUN (Debian,
Ubuntu and Red Hat family images, where bash is installed; \`/bin/ash\` on Alpine and BusyBox,
whose \`sh\` is ash), and, when anything after it still uses the shell (later instructions, a
final stage's shell-form CMD, stages built from this one), \`SHELL ["/bin/sh", "-c"]\` right
after it, so the other instructions keep their shell. Two fixed RUNs in a row share one
\`SHELL\` (one fix covers the whole block). No fix when a \`SHELL\` is already in effect, for \`ONBUILD RUN\`, on images whose
shell tools are unknown, or when bash would read the script differently from \`sh\` (an
\`echo\` with backslashes: dash's \`echo\` interprets them, bash's does not).`,
  },
  check({ model, report }) {
    const flagged = new Set<Instruction>();
    for (const instruction of model.runInstructions()) {
      if (!instruction.text.includes('|')) continue;
      const run = model.run(instruction);
      if (run.execForm || !run.posixShell || !hasPipe(run)) continue;
      const argv = shellArgvFor(model, instruction);
      if ((argv && hasPipefail(argv)) || setsPipefailFirst(run)) continue;
      flagged.add(instruction);
      report({
        range: instruction.range,
        message: 'This RUN has a pipe: without -o pipefail a failing command before the last one goes unnoticed; set it with SHELL.',
        fixTitle: 'Add SHELL with -o pipefail',
        fix: () => addPipefailShell(model, instruction, argv, flagged),
      });
    }
  },
};

/**
 * Puts the piped RUNs that follow each other (the block this one belongs to) under a pipefail
 * SHELL, and restores /bin/sh after the block when something later uses the shell. Every RUN of
 * a block gets the same edits, so fix-all applies them once.
 */
function addPipefailShell(model: DockerfileModel, instruction: Instruction, argv: string[] | null, flagged: Set<Instruction>): TextEdit[] | null {
  const stage = model.stageOf(instruction);
  const position = stage?.instructions.indexOf(instruction) ?? -1;
  if (!stage || position < 0) return null; // ONBUILD RUN, or above any FROM
  let first = position;
  while (first > 0 && flagged.has(stage.instructions[first - 1])) first--;
  let last = position;
  while (last + 1 < stage.instructions.length && flagged.has(stage.instructions[last + 1])) last++;
  const block = stage.instructions.slice(first, last + 1);
  const family = osFamily(rootStageOf(stage).base);
  const shell = family === 'debian' || family === 'rhel' ? '/bin/bash' : family === 'alpine' || family === 'busybox' ? '/bin/ash' : null;
  if (!shell) return null;
  const echoWithBackslash = (run: Instruction) => model.run(run).commands.some((c) => c.name === 'echo' && c.args.some((arg) => arg.value.includes('\\')));
  if (shell === '/bin/bash' && block.some(echoWithBackslash)) return null;
  const pipefailShell = `SHELL ["${shell}", "-o", "pipefail", "-c"]`;
  const edits: TextEdit[] = [];
  const previous = stage.instructions[first - 1];
  if (argv !== null) {
    // Only our own restore line may be in effect: then extend the pipefail SHELL above it.
    const before = previous?.keyword === 'SHELL' && previous.text.trim() === RESTORE ? shellInstructionFor(model, previous) : null;
    if (!before || before.text.trim() !== pipefailShell || shellInstructionFor(model, block[0]) !== previous) return null;
    edits.push(removeInstruction(model, previous));
  } else {
    edits.push(insertLinesBefore(model, block[0], [pipefailShell]));
  }
  const later = stage.instructions.slice(last + 1);
  const needsRestore = later.some(usesShell) || stage.isFinal || model.stages.some((s) => s.baseStage === stage);
  if (needsRestore) edits.push(insertLinesAfter(model, block[block.length - 1], [RESTORE]));
  return edits;
}
