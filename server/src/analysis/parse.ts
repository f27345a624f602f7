// Turns one chunk of Dockerfile text into the engine's Instruction objects with dockerfile-ast.
// Every dockerfile-ast call that rescans text (getArguments, getFlags, ...) is made once per
// instruction here, and the result is cached by chunk text: rules never touch the parser.
import { DockerfileParser, Instruction as AstInstruction, Onbuild } from 'dockerfile-ast';
import './ast-arguments';
import { simpleProperties } from './ast-properties';
import './line-offsets';
import './range-create';
import type { Range as AstRange } from 'vscode-languageserver-types';
import { LineIndex, shiftRange } from './text';
import type { Comment, Flag, Heredoc, Instruction, Property, Range, Word } from './types';

/** A parsed chunk; ranges and offsets are relative to the chunk's own text. */
export interface ParsedChunk {
  /** The text parsed (a repeated escape directive included): searched by `DockerfileModel.contains`. */
  source: string;
  /** Upper-case keywords of its instructions and ONBUILD triggers. */
  keywords: ReadonlySet<string>;
  instructions: Instruction[];
  comments: Comment[];
  directives: { name: string; value: string; line: number }[];
}

type AnyAst = AstInstruction & {
  getFlags?: () => { getName(): string; getValue(): string | null; getRange(): AstRange; getOptions(): { getName(): string; getValue(): string | null }[] }[];
  getProperties?: () => { getName(): string; getValue(): string | null; getRange(): AstRange; getNameRange(): AstRange }[];
  getJSONStrings?: () => { getValue(): string; getJSONValue(): string; getRange(): AstRange }[];
  getOpeningBracket?: () => unknown;
  getClosingBracket?: () => unknown;
  getHeredocs?: () => { getName(): string; getContentRange(): AstRange | null }[];
};

const JSON_CAPABLE = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const PROPERTY_INSTRUCTIONS = new Set(['ENV', 'ARG', 'LABEL']);
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/**
 * Parses `text`; `prefixLines` lines at its top were added by the engine (a repeated escape
 * directive) and are cut from the results, so line 0 is the chunk's first real line.
 */
export function parseChunk(text: string, prefixLines: number, lines?: LineIndex): ParsedChunk {
  const dockerfile = DockerfileParser.parse(text);
  const index = lines?.text === text ? lines : new LineIndex(text);
  const toRange = (range: AstRange): Range => shiftRange(range, -prefixLines);
  const instructions: Instruction[] = [];
  for (const ast of dockerfile.getInstructions()) {
    if (ast.getRange().start.line < prefixLines) continue;
    instructions.push(convertInstruction(ast as AnyAst, index, toRange, instructions.length));
  }
  const comments: Comment[] = [];
  for (const comment of dockerfile.getComments()) {
    const range = comment.getRange();
    if (range.start.line < prefixLines) continue;
    comments.push({ line: range.start.line - prefixLines, text: comment.getContent().trim(), range: toRange(range) });
  }
  const directives =
    prefixLines > 0
      ? []
      : dockerfile.getDirectives().map((d) => ({ name: d.getName().toLowerCase(), value: d.getValue(), line: d.getRange().start.line }));
  // dockerfile-ast reads any `# key=value` line at the top as a directive, which swallows a
  // leading `# hadolint global ignore=...`: keep lines that are no real directive as comments.
  for (const directive of directives) {
    if (KNOWN_DIRECTIVES.has(directive.name)) continue;
    const line = directive.line;
    const raw = index.lineText(line);
    const hash = raw.indexOf('#');
    const range = { start: { line, character: hash }, end: { line, character: raw.length } };
    comments.unshift({ line, text: raw.slice(hash + 1).trim(), range });
  }
  comments.sort((a, b) => a.line - b.line);
  const keywords = new Set<string>();
  for (const instruction of instructions) {
    keywords.add(instruction.keyword);
    if (instruction.trigger) keywords.add(instruction.trigger.keyword);
  }
  return { source: text, keywords, instructions, comments, directives: directives.filter((d) => KNOWN_DIRECTIVES.has(d.name)) };
}

function convertInstruction(
  ast: AnyAst,
  index: LineIndex,
  toRange: (range: AstRange) => Range,
  position: number,
): Instruction {
  const keyword = ast.getKeyword().toUpperCase();
  const astRange = ast.getRange();
  const startOffset = index.offsetAt(astRange.start);
  const endOffset = index.offsetAt(astRange.end);
  const text = index.text.slice(startOffset, endOffset);
  const args: Word[] = ast.getArguments().map((arg) => ({ value: arg.getValue(), range: toRange(arg.getRange()) }));
  const flags: Flag[] = ast.getFlags
    ? ast.getFlags().map((flag) => ({
        name: flag.getName(),
        value: flag.getValue(),
        range: toRange(flag.getRange()),
        options: flag.getOptions().map((option) => ({ name: option.getName(), value: option.getValue() })),
      }))
    : [];
  const keywordRange = toRange(ast.getInstructionRange());
  const properties = PROPERTY_INSTRUCTIONS.has(keyword) ? readProperties(ast, keywordRange, toRange) : [];
  let trigger: Instruction | null = null;
  if (keyword === 'ONBUILD') {
    const inner = (ast as unknown as Onbuild).getTriggerInstruction();
    if (inner) trigger = convertInstruction(inner as AnyAst, index, toRange, position);
  }
  return {
    keyword,
    keywordText: ast.getInstruction(),
    keywordRange,
    range: toRange(astRange),
    args,
    flags,
    properties,
    jsonStrings: readJsonStrings(ast, keyword, index),
    heredocs: readHeredocs(ast, index, text),
    trigger,
    text,
    index: position,
    stageIndex: -1,
  };
}

/** ENV, ARG and LABEL: simple text is read here (ast-properties.ts), the rest by dockerfile-ast. */
function readProperties(ast: AnyAst, keywordRange: Range, toRange: (range: AstRange) => Range): Property[] {
  if (!ast.getProperties) return [];
  const text = ast.getTextContent();
  // Only used when the text is one line: then the arguments start this many characters in.
  const argsFrom = ast.getInstructionRange().end.character - ast.getRange().start.character;
  const escapeChar = (ast as unknown as { escapeChar: string }).escapeChar;
  const simple = simpleProperties(text, argsFrom, keywordRange.end, escapeChar);
  if (simple) return simple;
  return ast.getProperties().map((p) => ({
    name: p.getName(),
    value: p.getValue(),
    range: toRange(p.getRange()),
    nameRange: toRange(p.getNameRange()),
  }));
}

// dockerfile-ast's JSON values lose spaces and escapes (`"a b"` -> `ab`), so each string is
// decoded from its own text instead.
function readJsonStrings(ast: AnyAst, keyword: string, index: LineIndex): string[] | null {
  if (!JSON_CAPABLE.has(keyword) || !ast.getJSONStrings || !ast.getOpeningBracket?.() || !ast.getClosingBracket?.()) return null;
  return ast.getJSONStrings().map((s) => {
    const range = s.getRange();
    const raw = index.text.slice(index.offsetAt(range.start), index.offsetAt(range.end)).replace(/[\\`]\r?\n/g, '');
    try {
      const value = JSON.parse(raw);
      return typeof value === 'string' ? value : s.getJSONValue();
    } catch {
      return s.getJSONValue();
    }
  });
}

function readHeredocs(ast: AnyAst, index: LineIndex, text: string): Heredoc[] {
  // getHeredocs() rescans the arguments; without a `<` in the text there can be none.
  if (!ast.getHeredocs || !text.includes('<')) return [];
  return ast.getHeredocs().map((heredoc) => {
    const range = heredoc.getContentRange();
    const content = range ? index.text.slice(index.offsetAt(range.start), index.offsetAt(range.end)) : '';
    return { name: heredoc.getName(), content };
  });
}
