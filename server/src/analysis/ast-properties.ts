// The properties of ENV, ARG and LABEL (name, value and their ranges), read without
// dockerfile-ast where the text is simple. The library walks such an instruction one character
// at a time to split its arguments, builds an object per argument and per property, and walks
// every name and value again to unescape it: about 6% of the instructions a CLI check of the
// 646 real files executes, for instructions that are mostly `ENV NAME=value` on one line.
//
// Simple means one line without the escape character: then an argument ends at the first blank
// outside quotes, and unescaping only strips a pair of enclosing quotes. Nine in ten property
// instructions of the corpus are such; the others (continuation lines, escapes) go to the
// library. The engine reads such properties here (simpleProperties); dockerfile-ast's own
// readers, which its ARG constructor runs on every ARG while parsing, take the same shortcut
// (readSimpleTextQuickly). test/analysis/ast-properties.test.ts compares both ways over the
// corpus and thousands of mutated texts.
import { Property as AstProperty, PropertyInstruction, type Argument } from 'dockerfile-ast';
import { ArgumentClass } from './ast-arguments';
import type { Position, Property, Range } from './types';

const BLANK = 32;
const TAB = 9;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const LINE_BREAK = /[\r\n]/;
const BLANK_AFTER_EQUALS = /=[ \t]/;

/**
 * The properties of an instruction of text `text` whose arguments start at `argsFrom` in it,
 * at position `argsStart` (the keyword's end); null when the text is not simple (see above).
 */
export function simpleProperties(text: string, argsFrom: number, argsStart: Position, escapeChar: string): Property[] | null {
  if (!isSimple(text, escapeChar)) return null;
  const args = text.slice(argsFrom);
  // A blank after `=` inside quotes starts a value that dockerfile-ast unescapes its own way.
  if (BLANK_AFTER_EQUALS.test(args)) return null;
  const spans = argumentSpans(args);
  const at = (offset: number): Position => ({ line: argsStart.line, character: argsStart.character + offset });
  const count = spans.length / 2;
  if (count === 0) return [];
  const firstHasEquals = args.slice(spans[0], spans[1]).includes('=');
  if (count === 1 || firstHasEquals) {
    const properties: Property[] = [];
    for (let k = 0; k < spans.length; k += 2) properties.push(assignment(args, spans[k], spans[k + 1], at));
    return properties;
  }
  // `ENV NAME value with blanks`: the first argument names it, the rest of the line is its value.
  return [nameAndValue(args, spans[0], spans[1], spans[2], spans[spans.length - 1], at)];
}

/** Simple text: one line without the escape character. */
function isSimple(text: string, escapeChar: string): boolean {
  return !text.includes(escapeChar) && !LINE_BREAK.test(text);
}

/**
 * Where each argument starts and ends, as [start, end, start, end, ...]: split at blanks,
 * except inside quotes and `${...}`, the way dockerfile-ast splits property arguments.
 */
function argumentSpans(args: string): number[] {
  const spans: number[] = [];
  let end = args.length;
  while (end > 0 && isBlank(args.charCodeAt(end - 1))) end--;
  let i = 0;
  while (i < end && isBlank(args.charCodeAt(i))) i++;
  let start = -1;
  scan: for (; i < end; i++) {
    const code = args.charCodeAt(i);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      if (start === -1) start = i;
      const close = args.indexOf(args[i], i + 1);
      // An unclosed quote runs to the end.
      if (close === -1) break scan;
      i = close;
      // A quote closed right before a blank (or the end) ends the argument; anything else joins it.
      if (close + 1 === end || args.charCodeAt(close + 1) === BLANK) {
        spans.push(start, close + 1);
        start = -1;
      }
    } else if (isBlank(code)) {
      if (start !== -1) spans.push(start, i);
      start = -1;
    } else {
      if (start === -1) start = i;
      if (code === DOLLAR && args.charCodeAt(i + 1) === OPEN_BRACE) {
        const after = variableEnd(args, i + 1, end);
        if (after === -1) break scan;
        i = after;
      }
    }
  }
  if (start !== -1 && start !== end) spans.push(start, end);
  return spans;
}

/**
 * Where the scan goes on after `${` (at `from`, the brace): at the closing brace, or before the
 * first blank outside quotes; -1 when there is neither before `end`.
 */
function variableEnd(args: string, from: number, end: number): number {
  let single = false;
  let double = false;
  for (let j = from; j < end; j++) {
    const code = args.charCodeAt(j);
    if (code === SINGLE_QUOTE) single = !single;
    else if (code === DOUBLE_QUOTE) double = !double;
    else if (isBlank(code) && !single && !double) return j - 1;
    else if (code === CLOSE_BRACE) return j;
  }
  return -1;
}

function isBlank(code: number): boolean {
  return code === BLANK || code === TAB;
}

/** `NAME=value`, `"NAME"=value` or a bare `NAME` (value null). */
function assignment(args: string, start: number, end: number, at: (offset: number) => Position): Property {
  const text = args.slice(start, end);
  const equals = text.indexOf('=');
  const nameEnd = equals !== -1 && nameIsBeforeEquals(text, equals) ? start + equals : end;
  const range = rangeOf(start, end, at);
  const nameRange = rangeOf(start, nameEnd, at);
  const name = unquoted(args.slice(start, nameEnd));
  // A name that is the whole argument has no value, even when the argument holds a `=`.
  const value = nameEnd === end ? null : unquoted(args.slice(start + equals + 1, end));
  return { name, value, range, nameRange };
}

/** dockerfile-ast's test: a `=` ends the name unless the name opens a quote it does not close there. */
function nameIsBeforeEquals(text: string, equals: number): boolean {
  const initial = text[0];
  const before = text[equals - 1];
  return (initial === '"' && before === '"') || (initial === "'" && before === "'") || (initial !== '"' && initial !== "'");
}

/** `NAME value...`: the value runs from `valueStart` to `valueEnd`, blanks included. */
function nameAndValue(args: string, start: number, nameEnd: number, valueStart: number, valueEnd: number, at: (offset: number) => Position): Property {
  return {
    name: unquoted(args.slice(start, nameEnd)),
    value: unquoted(args.slice(valueStart, valueEnd)),
    range: rangeOf(start, valueEnd, at),
    nameRange: rangeOf(start, nameEnd, at),
  };
}

function rangeOf(start: number, end: number, at: (offset: number) => Position): Range {
  return { start: at(start), end: at(end) };
}

/**
 * A name or value of simple text as dockerfile-ast unescapes it: without a pair of enclosing
 * quotes (a lone quote stays as it is: substring swaps its arguments).
 */
function unquoted(text: string): string {
  const length = text.length;
  if (length === 0) return text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  const quoted = (first === SINGLE_QUOTE || first === DOUBLE_QUOTE) && last === first;
  return quoted ? text.substring(1, length - 1) : text;
}

/** The members of dockerfile-ast's property instructions that its readers use. */
interface LibraryPropertyInstruction {
  escapeChar: string;
  getTextContent(): string;
  getRange(): Range;
  getInstructionRange(): Range;
  getPropertyArguments(): Argument[];
}

const propertyInstruction = PropertyInstruction.prototype as unknown as LibraryPropertyInstruction;
const libraryPropertyArguments = propertyInstruction.getPropertyArguments;
// A static method the library's types mark private; its Property constructor calls it.
const propertyClass = AstProperty as unknown as { getValue(value: string, escapeChar: string): string };
const libraryValue = propertyClass.getValue;

/** dockerfile-ast's `getPropertyArguments()`, with simple text split by argumentSpans. */
function propertyArgumentsOfSimpleText(this: LibraryPropertyInstruction): Argument[] {
  const text = this.getTextContent();
  if (!isSimple(text, this.escapeChar)) return libraryPropertyArguments.call(this);
  const keywordEnd = this.getInstructionRange().end;
  const args = text.slice(keywordEnd.character - this.getRange().start.character);
  const spans = argumentSpans(args);
  const result: Argument[] = [];
  for (let k = 0; k < spans.length; k += 2) {
    const start = { line: keywordEnd.line, character: keywordEnd.character + spans[k] };
    const end = { line: keywordEnd.line, character: keywordEnd.character + spans[k + 1] };
    result.push(new ArgumentClass(args.slice(spans[k], spans[k + 1]), { start, end }));
  }
  return result;
}

/** dockerfile-ast's `Property.getValue()`, which unescapes a name or value, quick on simple text. */
function valueOfSimpleText(value: string, escapeChar: string): string {
  const first = value.charCodeAt(0);
  if (!isSimple(value, escapeChar) || first === BLANK || first === TAB) return libraryValue(value, escapeChar);
  return unquoted(value);
}

/** The shortcuts on (the default as soon as this module loads). */
export function readSimpleTextQuickly(): void {
  propertyInstruction.getPropertyArguments = propertyArgumentsOfSimpleText;
  propertyClass.getValue = valueOfSimpleText;
}

/** dockerfile-ast's readers as published: what the equivalence test compares against. */
export function readAsPublished(): void {
  propertyInstruction.getPropertyArguments = libraryPropertyArguments;
  propertyClass.getValue = libraryValue;
}

readSimpleTextQuickly();
