// Building blocks for fixes: each returns TextEdits against the model's current text.
import type { DockerfileModel } from './model';
import type { ShellWord } from './shell';
import type { Instruction, Range, TextEdit } from './types';

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

export function insertAt(model: DockerfileModel, offset: number, newText: string): TextEdit {
  const position = model.index.positionAt(offset);
  return { range: { start: position, end: position }, newText };
}

/** Inserts text right after a shell word of a RUN instruction. */
export function insertAfterWord(model: DockerfileModel, instruction: Instruction, word: ShellWord, newText: string): TextEdit {
  return insertAt(model, model.startOffsetOf(instruction) + word.end, newText);
}

/** The leading whitespace of the instruction's first line. */
export function indentationOf(model: DockerfileModel, instruction: Instruction): string {
  return /^[ \t]*/.exec(model.lineText(instruction.range.start.line))![0];
}

/** Inserts whole lines above the instruction, indented like it. */
export function insertLinesBefore(model: DockerfileModel, instruction: Instruction, lines: string[]): TextEdit {
  const indent = indentationOf(model, instruction);
  const line = instruction.range.start.line;
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: lines.map((l) => indent + l + model.index.eol).join('') };
}

/** Inserts whole lines below the instruction's last line. */
export function insertLinesAfter(model: DockerfileModel, instruction: Instruction, lines: string[]): TextEdit {
  const endLine = instruction.range.end.line;
  const end = { line: endLine, character: model.index.lineEnd(endLine) - model.index.lineStarts[endLine] };
  const indent = indentationOf(model, instruction);
  return { range: { start: end, end }, newText: lines.map((l) => model.index.eol + indent + l).join('') };
}

/** Removes the instruction's lines, line break included. */
export function removeInstruction(model: DockerfileModel, instruction: Instruction): TextEdit {
  const startLine = instruction.range.start.line;
  const endLine = instruction.range.end.line;
  const start = { line: startLine, character: 0 };
  const end =
    endLine + 1 < model.index.lineCount
      ? { line: endLine + 1, character: 0 }
      : model.index.positionAt(model.text.length);
  return { range: { start, end }, newText: '' };
}

/** The instruction's text from its first line start to its last line end (for moving it). */
export function instructionLines(model: DockerfileModel, instruction: Instruction): string {
  const start = model.index.lineStarts[instruction.range.start.line];
  const end = model.index.lineEnd(instruction.range.end.line);
  return model.text.slice(start, end);
}
