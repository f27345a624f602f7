// Hover on a `COPY --from=<stage>` source path: where that path comes from in the source
// stage (the instruction that creates it, and what it mirrors: the build context, another
// stage), or why it may or may not be there. Answered from the stage flow.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import { creatorsOf, endWorkdir, pathExistence, stageSummary, type CreatedPath } from '../analysis/stage-flow';
import { comparePositions } from '../analysis/text';
import type { Instruction, Range, Stage } from '../analysis/types';

function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

function stageName(stage: Stage): string {
  return stage.name ? `\`${stage.name}\`` : `${stage.index}`;
}

function lineOf(instruction: Instruction): number {
  return instruction.range.start.line + 1;
}

function describeCreator(entry: CreatedPath): string {
  const where = `\`${entry.label.length > 80 ? entry.label.slice(0, 77) + '...' : entry.label}\` (line ${lineOf(entry.instruction)})`;
  const contents = entry.contents;
  if (contents.kind === 'context') return `${where}, from the build context's \`${contents.source || '.'}\``;
  if (contents.kind === 'stage') return `${where}, from ${contents.stage.name ? `stage \`${contents.stage.name}\`` : `stage ${contents.stage.index}`}'s \`${contents.source}\``;
  return where;
}

/** The hover for a source path of a `COPY --from` / `ADD --from` of a stage, or null elsewhere. */
export function copySourceHover(model: DockerfileModel, position: Position, env: AnalysisEnv = {}): Hover | null {
  const instruction = model.instructions.find((candidate) => contains(candidate.range, position));
  if (!instruction || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.jsonStrings) return null;
  const stage = model.stageOf(instruction);
  if (!stage) return null;
  const copy = stageSummary(model, stage, env).copies.find((candidate) => candidate.instruction === instruction);
  if (!copy || !copy.from) return null;
  const words = instruction.args.filter((arg) => arg.value !== '').slice(0, -1);
  const index = words.findIndex((word) => contains(word.range, position));
  const source = index >= 0 ? copy.sources[index] : undefined;
  if (!source) return null;
  const from = copy.from;
  const lines: string[] = [];
  if (source.path === null) {
    lines.push(`\`${source.written}\` uses a variable whose value is not known here.`);
  } else {
    const answer = pathExistence(model, from, source.path, env);
    lines.push(`**\`${source.path}\`** in stage ${stageName(from)} (line ${lineOf(from.from)})`);
    const workdir = endWorkdir(model, from, env);
    if (answer.result === 'yes' && answer.created) {
      lines.push(`Created by ${describeCreator(answer.created)}.`);
      const others = creatorsOf(model, from, source.path, env).filter((entry) => entry !== answer.created).slice(0, 3);
      if (others.length > 0) lines.push(`Also written by: ${others.map(describeCreator).join('; ')}.`);
    } else if (answer.result === 'no') {
      lines.push(`Nothing in that stage or the stages it builds FROM creates it, and its base image does not have it: this COPY fails the build.`);
    } else if (answer.reason === 'unknown-writes' && answer.unknown) {
      lines.push(`May be written by \`${answer.unknown.label}\` (line ${lineOf(answer.unknown.instruction)}), whose output is not followed.`);
    } else if (answer.reason === 'context' && answer.created && answer.created.contents.kind === 'context') {
      const entry = answer.created;
      lines.push(`Under \`${entry.path}\`, which \`${entry.label}\` (line ${lineOf(entry.instruction)}) fills from the build context's \`${(entry.contents as { source: string }).source || '.'}\`: there if the build context has it.`);
    } else if (answer.reason === 'removed') {
      lines.push('A RUN of that stage removes or moves it (or a folder above it): it may be gone.');
    } else if (answer.created) {
      lines.push(`Possibly from ${describeCreator(answer.created)}.`);
    } else {
      lines.push(`Not created by this Dockerfile; the base image \`${from.base.raw}\` may have it.`);
    }
    if (workdir) lines.push(`The stage's WORKDIR is \`${workdir}\`${source.written.startsWith('/') ? '' : '; a relative COPY --from source is read from the stage root'}.`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: words[index].range };
}
