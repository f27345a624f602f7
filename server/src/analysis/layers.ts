// Maps an image's build history (the config's `history`, or `docker history`) back to the
// Dockerfile instructions that made each row, so layer sizes can be shown on their lines.
// Rows come from BuildKit (`RUN /bin/sh -c npm ci # buildkit`), the legacy builder
// (`/bin/sh -c #(nop)  CMD ["node"]`, `/bin/sh -c npm ci`) and podman (like legacy).
import type { DockerfileModel } from './model';
import type { Instruction, Stage } from './types';

export interface HistoryRow {
  createdBy: string;
  emptyLayer: boolean;
}

export interface MappedRow {
  row: number;
  /** The instruction that made the row, or null for rows of the base image. */
  instruction: Instruction | null;
  keyword: string;
  /** Index among the image's filesystem layers, or null for a metadata-only row. */
  layer: number | null;
}

const SHELL_PREFIX = /^(\|\d+(\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*\s+)?\/bin\/sh -c /;

/** The keyword and the comparable text of a history row. */
export function describeRow(createdBy: string): { keyword: string; text: string } {
  let text = createdBy.trim().replace(/\s+# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s+/.exec(text);
  if (nop) {
    text = text.slice(nop[0].length);
  } else if (SHELL_PREFIX.test(text)) {
    return { keyword: 'RUN', text: normalize(text.replace(SHELL_PREFIX, '')) };
  }
  const match = /^([A-Za-z]+)\s*(.*)$/s.exec(text);
  if (!match) return { keyword: '', text: normalize(text) };
  const keyword = match[1].toUpperCase();
  const rest = keyword === 'RUN' ? match[2].replace(SHELL_PREFIX, '') : match[2];
  return { keyword, text: normalize(rest) };
}

/** The stages whose instructions end up in `target`'s image: it and the stages it builds FROM. */
export function stageChain(model: DockerfileModel, target: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let stage: Stage | null = target; stage && !chain.includes(stage); stage = stage.baseStage) chain.unshift(stage);
  return chain;
}

export function mapHistory(model: DockerfileModel, target: Stage, rows: HistoryRow[]): MappedRow[] {
  const instructions = stageChain(model, target)
    .flatMap((stage) => stage.instructions)
    .filter((instruction) => instruction.keyword !== 'FROM');
  let layer = rows.filter((row) => !row.emptyLayer).length;
  const mapped: MappedRow[] = new Array(rows.length);
  let next = instructions.length - 1;
  // Walk both lists from the end: the newest rows are this Dockerfile's, the oldest the base's.
  for (let r = rows.length - 1; r >= 0; r--) {
    const row = describeRow(rows[r].createdBy);
    if (!rows[r].emptyLayer) layer--;
    let found = -1;
    for (let i = next; i >= 0; i--) {
      if (matches(instructions[i], row)) {
        found = i;
        break;
      }
    }
    mapped[r] = { row: r, instruction: found >= 0 ? instructions[found] : null, keyword: row.keyword, layer: rows[r].emptyLayer ? null : layer };
    if (found >= 0) next = found - 1;
  }
  return mapped;
}

function matches(instruction: Instruction, row: { keyword: string; text: string }): boolean {
  if (instruction.keyword !== row.keyword) return false;
  const args = normalize(instructionArguments(instruction));
  switch (row.keyword) {
    case 'RUN':
      return args === row.text || args.endsWith(row.text) || row.text.endsWith(args);
    case 'COPY':
    case 'ADD': {
      // BuildKit writes the sources and destination; the legacy builder `file:<hash> in <dest>`.
      const destination = normalize(instruction.args[instruction.args.length - 1]?.value ?? '');
      return row.text.endsWith(' ' + destination) || row.text === args || row.text.endsWith(' in ' + destination);
    }
    case 'ENV':
    case 'LABEL':
    case 'ARG':
      return instruction.properties.every((p) => row.text.includes(p.name));
    case 'EXPOSE':
      return instruction.args.every((arg) => row.text.includes(arg.value.split('/')[0]));
    default: {
      // JSON arrays appear in Go's notation in history: `["node" "x.js"]`.
      const loose = (text: string) => normalize(text.replace(/[[\]",]/g, ' '));
      return loose(args) === loose(row.text) || loose(row.text).includes(loose(args));
    }
  }
}

/** The instruction's text after its keyword and flags, continuations joined. */
function instructionArguments(instruction: Instruction): string {
  if (instruction.keyword === 'RUN' && instruction.heredocs.length > 0) return instruction.heredocs[0].content;
  const first = instruction.args[0];
  if (!first) return '';
  const keywordEnd = instruction.text.search(/\s/);
  const rest = keywordEnd === -1 ? '' : instruction.text.slice(keywordEnd);
  const flagsless = rest.replace(/^(\s*--[A-Za-z-]+(=("[^"]*"|\S*))?)*/, '');
  return flagsless.replace(/[\\`]\r?\n/g, ' ');
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
