// The keystroke edits of the benchmark (bench.ts) and of its replay tool (latency-replay.ts),
// kept in one place so that both time the same edits: in a file's middle stage, typing at the
// end of an instruction's last line, or adding a line after it.
import { DockerfileModel } from '../server/src/analysis/model';

/** Lines of the middle stage where typing is harmless: an instruction's last line, no heredoc, no continuation. */
export function editableLines(text: string): number[] {
  const model = new DockerfileModel(text);
  const stage = model.stages[model.stages.length >> 1];
  const lines: number[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.heredocs.length > 0 || instruction.keyword === 'FROM') continue;
    const line = instruction.range.end.line;
    if (!model.lineText(line).trimEnd().endsWith(model.escapeChar)) lines.push(line);
  }
  return lines;
}

export function insertAt(text: string, line: number, column: 'end' | 'next-line', insertion: string): string {
  let offset = 0;
  for (let l = 0; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  const at = column === 'end' ? (text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd) : lineEnd + 1;
  return text.slice(0, at) + insertion + text.slice(at);
}
