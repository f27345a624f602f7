import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { Instruction, TextEdit } from '../analysis/types';

const EMPTY_LINE = /\n[ \t]*(\r?\n|$)/;

/** Lines (zero-based, in the document) of an instruction that are empty continuation lines. */
export function emptyContinuationLines(model: DockerfileModel, instruction: Instruction): number[] {
  if (instruction.range.start.line === instruction.range.end.line || instruction.heredocs.length > 0) return [];
  if (!EMPTY_LINE.test(instruction.text)) return []; // most multi-line instructions have none
  const lines = instruction.text.split('\n');
  const empty: number[] = [];
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const trimmed = line.trim();
    if (i > 0 && continued && trimmed === '') {
      empty.push(instruction.range.start.line + i);
      continue;
    }
    // Comment lines inside a continuation are dropped by Docker and keep it going.
    if (i > 0 && continued && trimmed.startsWith('#')) continue;
    continued = line.trimEnd().endsWith(model.escapeChar);
  }
  return empty;
}

export const emptyContinuation: Rule = {
  meta: {
    id: 'empty-continuation',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Remove empty lines inside a multi-line instruction.',
    fixable: true,
    aliases: ['NoEmptyContinuation'],
    requires: { text: ['\\', '`'] },
    tags: ['unnecessary'],
    docs: `An empty line after a \`\\\` continuation does not end the instruction: Docker skips it and
goes on, so the next lines still belong to the instruction, which is easy to misread (and a
missing \`\\\` above an empty line changes everything). Docker will make this an error.

**Flagged:** an instruction with empty lines inside its continuation (as BuildKit's
NoEmptyContinuation, on the instruction's last line, where BuildKit reports it).

**Fix:** removes the empty lines; Docker already ignored them, so the instruction is
unchanged.`,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const empty = emptyContinuationLines(model, instruction);
      if (empty.length === 0) continue;
      const last = instruction.range.end.line;
      report({
        range: { start: { line: last, character: 0 }, end: instruction.range.end },
        message: `Empty continuation line${empty.length > 1 ? 's' : ''} (line ${empty.map((line) => line + 1).join(', ')}) inside this ${instruction.keyword}: Docker skips ${empty.length > 1 ? 'them' : 'it'} and continues the instruction.`,
        related: empty.map((line) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, message: 'empty continuation line' })),
        fixTitle: 'Remove the empty continuation lines',
        fix: () =>
          empty.map((line): TextEdit => ({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' })),
      });
    }
  },
};
