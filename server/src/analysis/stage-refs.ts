// Where a build stage is named: its `AS name`, and every later reference to it (`FROM name`,
// `COPY --from=name`, `RUN --mount=...,from=name`), with exact ranges, so that a fix can rename
// a stage everywhere at once.
import type { DockerfileModel } from './model';
import type { Range, Stage } from './types';

/** The ranges of `AS name` and of every reference to the stage (case-insensitive, as BuildKit matches them). */
export function stageNameRanges(model: DockerfileModel, stage: Stage): Range[] | null {
  const nameWord = stage.from.args[2];
  if (!stage.name || !nameWord) return null;
  const lower = stage.name.toLowerCase();
  const ranges: Range[] = [nameWord.range];
  for (const later of model.stages.slice(stage.index + 1)) {
    // A later stage with the same name shadows this one from there on.
    if (later.name?.toLowerCase() === lower) break;
    if (later.baseStage === stage) ranges.push(later.from.args[0].range);
    for (const instruction of later.instructions) {
      const target = instruction.trigger ?? instruction;
      for (const flag of target.flags) {
        const range = referenceInFlag(model, flag, lower);
        if (range) ranges.push(range);
      }
    }
  }
  for (const instruction of stage.instructions) {
    // `COPY --from=<own name>` is an error (DL3023); nothing to rename there, but keep it consistent.
    for (const flag of instruction.flags) {
      const range = referenceInFlag(model, flag, lower);
      if (range) ranges.push(range);
    }
  }
  return ranges;
}

function referenceInFlag(model: DockerfileModel, flag: { name: string; value: string | null; range: Range }, lower: string): Range | null {
  if (flag.name !== 'from' && flag.name !== 'mount') return null;
  const start = model.index.offsetAt(flag.range.start);
  const text = model.text.slice(start, model.index.offsetAt(flag.range.end));
  const pattern = flag.name === 'from' ? /^--from=()([^\s]*)$/ : /([=,])from=([^,\s]*)/;
  const match = pattern.exec(text);
  if (!match || match[2].toLowerCase() !== lower) return null;
  const valueStart = start + match.index + match[0].length - match[2].length;
  return model.index.rangeAt(valueStart, valueStart + match[2].length);
}
