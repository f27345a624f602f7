// Edits that write ignore pragmas for the "Ignore <id> ..." code actions. The pragma syntax is
// read by analysis/suppress.ts; these edits only write it, next to what is already there.
import type { DockerfileModel } from '../analysis/model';
import type { Instruction, TextEdit } from '../analysis/types';
import { insertLinesBefore } from '../analysis/edits';

const LINE_PRAGMA = /^dockerfile-optimizer\s+ignore\s*=/i;
const FILE_PRAGMA = /^dockerfile-optimizer\s+global\s+ignore\s*=/i;
// A parser directive line (`# syntax=...`, `# escape=...`, `# check=...`), read as leniently as
// any parser does: these must stay the file's first lines, so nothing is inserted above them.
const DIRECTIVE_LINE = /^\s*#\s*[a-zA-Z][a-zA-Z0-9_-]*\s*=/;

/** The instruction whose lines include `line` (heredoc bodies and continuations count). */
export function instructionAtLine(model: DockerfileModel, line: number): Instruction | null {
  const instructions = model.instructions;
  let low = 0;
  let high = instructions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = instructions[mid].range;
    if (line < range.start.line) high = mid - 1;
    else if (line > range.end.line) low = mid + 1;
    else return instructions[mid];
  }
  return null;
}

/**
 * `# dockerfile-optimizer ignore=<id>` for the instruction at `line`: appended to a pragma of
 * ours among the comments right above the instruction, or as a new line above it with its
 * indentation. Null when the line belongs to no instruction.
 */
export function ignoreForLineEdit(model: DockerfileModel, line: number, ruleId: string): TextEdit | null {
  const instruction = instructionAtLine(model, line);
  if (!instruction) return null;
  const previous = instruction.index > 0 ? model.instructions[instruction.index - 1] : null;
  const after = previous ? previous.range.end.line : -1;
  const existing = model.comments.find(
    (comment) => comment.line > after && comment.line < instruction.range.start.line && LINE_PRAGMA.test(comment.text),
  );
  if (existing) return appendToPragma(model, existing.line, ruleId);
  return insertLinesBefore(model, instruction, [`# dockerfile-optimizer ignore=${ruleId}`]);
}

/**
 * `# dockerfile-optimizer global ignore=<id>`: appended to an existing global pragma of ours,
 * or as a new line at the top of the file, below any parser directives.
 */
export function ignoreForFileEdit(model: DockerfileModel, ruleId: string): TextEdit {
  const existing = model.comments.find((comment) => FILE_PRAGMA.test(comment.text));
  if (existing) return appendToPragma(model, existing.line, ruleId);
  const pragma = `# dockerfile-optimizer global ignore=${ruleId}`;
  const eol = model.index.eol;
  let line = 0;
  while (line < model.index.lineCount && DIRECTIVE_LINE.test(model.lineText(line))) line++;
  if (line < model.index.lineCount) {
    const start = { line, character: 0 };
    return { range: { start, end: start }, newText: pragma + eol };
  }
  // Every line is a directive (so the file does not end with a line break): add a line.
  const end = model.index.positionAt(model.text.length);
  return { range: { start: end, end }, newText: eol + pragma };
}

/** Appends to the pragma's list of ids, before a `# reason` that may follow it. */
function appendToPragma(model: DockerfileModel, line: number, ruleId: string): TextEdit {
  const text = model.lineText(line);
  const listStart = /^\s*#[^=]*=/.exec(text)?.[0].length ?? text.length;
  const reason = text.indexOf('#', listStart);
  const list = text.slice(listStart, reason === -1 ? text.length : reason).trimEnd();
  const separator = list.trim() === '' || list.endsWith(',') ? '' : ',';
  const at = { line, character: listStart + list.length };
  return { range: { start: at, end: at }, newText: separator + ruleId };
}
