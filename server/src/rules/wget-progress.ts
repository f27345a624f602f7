import { osFamily } from '../analysis/base-images';
import { hasFlag } from '../analysis/commands';
import { insertAfterWord } from '../analysis/edits';
import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand } from '../analysis/run-commands';
import { rootStageOf } from '../analysis/stage-lineage';

export const wgetProgress: Rule = {
  meta: {
    id: 'wget-progress',
    scope: 'stage',
    category: 'correctness',
    severity: 'info',
    description: 'Use wget --progress=dot:giga (or -q) so downloads do not flood the build log.',
    fixable: true,
    aliases: ['DL3047'],
    requires: { keywords: ['RUN'], text: ['wget'] },
    docs: `Without a terminal, \`wget\` prints its progress as lines of dots: one line per 50 KB,
thousands of lines for a large download, which bury the rest of the build log (and slow
down CI log viewers).

**Flagged:** \`wget\` without \`--progress\`, \`-q\`/\`--quiet\`, \`-nv\`/\`--no-verbose\` or a log
file (\`-o\`, \`-a\`, \`--output-file\`, \`--append-output\`).

**Fix:** adds \`--progress=dot:giga\` (one dot per megabyte-sized chunk) after \`wget\`, on
Debian, Ubuntu and Red Hat family images, where \`wget\` is GNU wget. No fix on Alpine and
BusyBox images: their \`wget\` is BusyBox's, which has no \`--progress\` option (use \`-q\`).`,
  },
  check({ model, report }) {
    forEachRunCommand(model, ['wget'], (found) => {
      const { command, run, instruction } = found;
      if (command.name !== 'wget') return;
      if (hasFlag(command, '--progress', '-q', '--quiet', '-nv', '--no-verbose', '-o', '--output-file', '-a', '--append-output')) return;
      if (command.args.some((arg) => arg.value === '-nv')) return;
      const stage = model.stageOf(instruction);
      const family = stage ? osFamily(rootStageOf(stage).base) : 'unknown';
      const gnuWget = family === 'debian' || family === 'rhel';
      report({
        range: commandRange(model, found),
        message: "'wget' without --progress fills the build log with progress dots.",
        fixTitle: 'Add --progress=dot:giga',
        fix: run.editable && gnuWget && command.nameWord && command.nameWord.start >= 0 ? () => [insertAfterWord(model, instruction, command.nameWord!, ' --progress=dot:giga')] : undefined,
      });
    });
  },
};
