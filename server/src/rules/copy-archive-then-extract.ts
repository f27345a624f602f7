import type { Rule } from '../analysis/rule';
import { forEachRunCommand } from '../analysis/run-commands';
import type { Instruction } from '../analysis/types';

// Archives that ADD extracts by itself (tar, optionally gzip, bzip2 or xz compressed).
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
// A quick look at the parsed words before reading the text as written.
const MAY_BE_ARCHIVE = /\.(tar|gz|tgz|bz2|tbz2?|xz|txz)["']?$/i;
const basename = (path: string) => path.replace(/^["']|["']$/g, '').split(/[\\/]/).filter(Boolean).pop() ?? '';

/** Whether a tar command extracts: `-x`, `--extract`, `--get`, or a bundled first word like `xzf`. */
function extracts(args: string[]): boolean {
  return args.some((arg, i) => arg === '--extract' || arg === '--get' || /^-[A-Za-z]*x/.test(arg) || (i === 0 && /^[A-Za-z]*x[A-Za-z]*$/.test(arg)));
}

export const copyArchiveThenExtract: Rule = {
  meta: {
    id: 'copy-archive-then-extract',
    scope: 'stage',
    category: 'size',
    severity: 'info',
    description: 'Use ADD to extract a local tar archive instead of COPY followed by tar -x.',
    fixable: false,
    aliases: ['DL3010'],
    requires: { keywords: ['COPY'], text: ['tar'] },
    docs: `\`COPY app.tar.gz /tmp/\` followed by \`RUN tar -xzf /tmp/app.tar.gz\` keeps the archive in the
COPY layer forever, even if a later step deletes it: the image carries the files twice.
\`ADD app.tar.gz /opt/app/\` extracts a local tar archive (plain, gzip, bzip2 or xz) in one
layer without keeping the archive.

**Flagged:** a \`COPY\` from the build context of a tar archive that a later \`RUN\` of the
stage extracts with \`tar\` (matched by the archive's file name).

**No automatic fix:** \`tar\` options such as \`--strip-components\` or \`-C\` decide where files
land; move to \`ADD\` yourself (or use \`RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf ...\`).`,
  },
  check({ model, report }) {
    const copies: { instruction: Instruction; names: Set<string> }[] = [];
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'COPY' || instruction.flags.some((f) => f.name === 'from') || instruction.args.length < 2) continue;
      if (!instruction.args.some((arg) => MAY_BE_ARCHIVE.test(arg.value))) continue;
      const raw = instruction.args.map((arg) => model.text.slice(model.index.offsetAt(arg.range.start), model.index.offsetAt(arg.range.end)));
      const sources = raw.slice(0, -1).filter((source) => ARCHIVE.test(source.replace(/["']$/, '')));
      if (sources.length === 0) continue;
      copies.push({ instruction, names: new Set([...sources.map(basename), basename(raw[raw.length - 1])]) });
    }
    if (copies.length === 0) return;
    const reported = new Set<Instruction>();
    forEachRunCommand(model, ['tar'], ({ instruction, command }) => {
      if (command.name !== 'tar' || !extracts(command.args.map((arg) => arg.value))) return;
      for (const copy of copies) {
        if (reported.has(copy.instruction) || copy.instruction.index >= instruction.index || copy.instruction.stageIndex !== instruction.stageIndex) continue;
        if (!command.args.some((arg) => copy.names.has(basename(arg.value)))) continue;
        reported.add(copy.instruction);
        report({
          range: copy.instruction.range,
          message: `This archive is extracted by 'tar' on line ${instruction.range.start.line + 1}; ADD extracts local tar archives without keeping them in a layer.`,
          related: [{ range: instruction.range, message: 'the extraction' }],
        });
      }
    });
  },
};
