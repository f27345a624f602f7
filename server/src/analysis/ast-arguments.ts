// dockerfile-ast rescans an instruction's text on every getArguments() call (FACTS: 32% of
// its parse), and its own constructors call it several times per instruction: a RUN, COPY or
// CMD (a JSONInstruction) reads its arguments four or five times while it is being built, and
// getFlags(), getJSONStrings() and getHeredocs() read them again. An instruction's text never
// changes once parsed, so the arguments are read once per instruction and kept. This cuts the
// parse to about 40% of its time on the 646 real files, with the same results
// (test/analysis/ast-arguments.test.ts compares every instruction of the corpus both ways).
//
// The parser's own walk to the end of each instruction is replaced too, by one that skips plain
// text (processArgumentsSkippingPlainText below), proven the same way.
//
// The library is pinned (package.json) because this replaces some of its methods; the test
// fails if a new version changes what they return.
import { Argument, Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';
import type { Position } from 'vscode-languageserver-types';

interface Patchable {
  getRawArguments(this: Instruction): Argument[];
}

interface PatchableModifiable {
  getArguments(this: ModifiableInstruction): Argument[];
}

const prototype = Instruction.prototype as unknown as Patchable;
/**
 * The class itself, read once: the bundle reaches a CommonJS module's exports through a getter
 * on every use, and `new Argument` runs once per argument of every instruction.
 */
export const ArgumentClass = Argument;
const pristine = prototype.getRawArguments;
const modifiable = ModifiableInstruction.prototype as unknown as PatchableModifiable;
const pristineModifiable = modifiable.getArguments;

/** Kept on the instruction itself (a property lookup is cheaper than a WeakMap's). */
type Keeping = Instruction & { keptArguments?: Argument[] };

function keptRawArguments(this: Keeping): Argument[] {
  let args = this.keptArguments;
  if (!args) {
    args = scanRawArguments(this);
    this.keptArguments = args;
  }
  // Callers own the array they get: ModifiableInstruction.getArguments() shifts the flags off it.
  return args.slice();
}

/**
 * Instructions that take flags drop them from the front of the arguments: dockerfile-ast shifts
 * them off a copy one by one; one slice of the kept arguments gives the same array. (While
 * getFlags() first runs, it asks for the arguments and gets them all: its list is empty then.)
 */
function keptArgumentsAfterFlags(this: ModifiableInstruction & Keeping): Argument[] {
  let args = this.keptArguments;
  if (!args) {
    args = scanRawArguments(this);
    this.keptArguments = args;
  }
  return args.slice(this.getFlags().length);
}

/** What the scan reads of an instruction: members dockerfile-ast keeps protected. */
interface Scanned {
  document: { getText(): string; offsetAt(position: Position): number; positionAt(offset: number): Position };
  range: { start: Position; end: Position };
  escapeChar: string;
  getInstructionRange(): { start: Position; end: Position };
}

/**
 * The arguments of an instruction, as dockerfile-ast's own `getRawArguments()` finds them (the
 * same walk over the same characters, with the same quirks: comment lines inside continuations,
 * an escape before whitespace, `\$` kept whole), minus its cost. It grew each argument one
 * character at a time, a new string per character: a third of all the memory a check
 * allocated. Here an argument's characters are taken as slices of the text, one per unbroken
 * run. test/analysis/ast-arguments.test.ts compares both on every instruction of the corpus and
 * of thousands of mutated texts. The walk follows dockerfile-ast 0.7.1's (MIT License,
 * Copyright (c) 2017-2021 Remy Suen; node_modules/dockerfile-ast/License.txt).
 */
function scanRawArguments(instruction: Instruction): Argument[] {
  const { document, range: lineRange, escapeChar } = instruction as unknown as Scanned;
  const keyword = (instruction as unknown as Scanned).getInstructionRange();
  const text = document.getText();
  const lineStart = document.offsetAt(lineRange.start);
  const lineEnd = Math.max(lineStart, document.offsetAt(lineRange.end));
  const extra = document.offsetAt(keyword.end) - document.offsetAt(keyword.start);
  // dockerfile-ast cuts `extra` characters off the line's text, and counts positions from the
  // keyword's start: the same place unless the two ranges start apart.
  const base = Math.min(lineStart + Math.max(0, extra), lineEnd);
  const length = lineEnd - base;
  const offset = document.offsetAt(keyword.start) + extra;
  const at = (i: number): string => (i < length ? text.charAt(base + i) : '');

  const args: Argument[] = [];
  // The current argument's text: `done`, then the run of characters [runStart, runEnd) of args.
  let done = '';
  let runStart = -1;
  let runEnd = -1;
  const take = (from: number, to: number) => {
    if (runStart !== -1 && runEnd === from) {
      runEnd = to;
      return;
    }
    if (runStart !== -1) done += text.substring(base + runStart, base + runEnd);
    runStart = from;
    runEnd = to;
  };
  const value = () => (runStart === -1 ? done : done + text.substring(base + runStart, base + runEnd));
  const positionAt = positionCursor(document, text);
  const push = (from: number, to: number) => {
    args.push(new ArgumentClass(value(), { start: positionAt(offset + from), end: positionAt(offset + to) }));
    done = '';
    runStart = -1;
  };

  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  for (let i = 0; i < length; i++) {
    const char = text.charAt(base + i);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === '\r' || char === '\n') {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      }
      if (found !== -1) {
        push(found, escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = at(i + 1);
      if (next === ' ' || next === '\t') {
        // An escape, blanks, then a newline continues the line; anything else ends the argument.
        whitespace: for (let j = i + 2; j < length; j++) {
          switch (text.charAt(base + j)) {
            case ' ':
            case '\t':
              continue;
            case '\r':
              j++;
            // falls through
            case '\n':
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespace;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespace;
          }
        }
      } else if (next === '\r' || next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += next === '\r' ? 2 : 1;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(found, escapeMarker);
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '') break; // the text ends with the escape
        if (next === '$') take(i, i + 2);
        else take(i + 1, i + 2);
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(found, escapeMarker);
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        // The characters up to the next blank, line break or escape do nothing else than
        // extend the run (a `#` after the first is no comment): take them all at once.
        const end = Math.min(nextSpecial(text, base + i + 1, escapeChar) - base, length);
        if (runStart !== -1 && runEnd === i) runEnd = end;
        else take(i, end);
        if (found === -1) found = i;
        i = end - 1;
      }
      start = false;
    }
  }
  if (found !== -1) push(found, escapeMarker === -1 ? length : escapeMarker);
  return args;
}

/** Blanks, line breaks and the escape character: what ends a run of plain characters. */
const SPECIALS_BACKSLASH = /[ \t\r\n\\]/g;
const SPECIALS_BACKTICK = /[ \t\r\n`]/g;

/**
 * The offset of the first blank, line break or `escapeChar` at or after `from`; the text's length
 * if none. dockerfile-ast knows only `\` and `` ` ``; for any other escape character the scan
 * goes on one character at a time.
 */
function nextSpecial(text: string, from: number, escapeChar: string): number {
  // A comparison, not a lookup by key: V8 throws optimized code away when a keyed lookup meets a second key.
  const special = escapeChar === '\\' ? SPECIALS_BACKSLASH : escapeChar === '`' ? SPECIALS_BACKTICK : undefined;
  if (special === undefined) return from;
  // test() with the g flag leaves lastIndex just past the match, and builds no match array.
  special.lastIndex = from;
  return special.test(text) ? special.lastIndex - 1 : text.length;
}

/**
 * `document.positionAt` for offsets that mostly increase, as an instruction's arguments do: it
 * follows the text's lines forward from the last answer instead of searching every line's start
 * again (the scan's two lookups per argument were two thirds of all positionAt calls in a
 * check). Same answers: lines end at \r\n, \r or \n, offsets are clamped to the text, and an
 * offset between a line's end and the next line is placed at the line's end.
 */
export function positionCursor(document: Scanned['document'], text: string): (offset: number) => Position {
  let line = -1;
  let lineStart = 0;
  let nextLineStart = 0;
  return (offset) => {
    const at = Math.max(Math.min(offset, text.length), 0);
    if (line === -1 || at < lineStart) {
      const position = document.positionAt(at);
      line = position.line;
      lineStart = document.offsetAt({ line, character: 0 });
      nextLineStart = lineStartAfter(text, lineStart);
      return position;
    }
    while (nextLineStart <= at) {
      line++;
      lineStart = nextLineStart;
      nextLineStart = lineStartAfter(text, lineStart);
    }
    let end = at;
    while (end > lineStart && isLineBreak(text.charCodeAt(end - 1))) end--;
    return { line, character: end - lineStart };
  };
}

/**
 * The start of the line after the one holding `from`; Infinity on the last line. A search, not
 * a loop over characters: the texts come in several string representations, and a loop's
 * charCodeAt then ran V8's generic version, about 45 instructions a character.
 */
function lineStartAfter(text: string, from: number): number {
  LINE_BREAK.lastIndex = from;
  if (!LINE_BREAK.test(text)) return Infinity;
  const i = LINE_BREAK.lastIndex - 1;
  return text.charCodeAt(i) === CARRIAGE_RETURN && text.charCodeAt(i + 1) === LINE_FEED ? i + 2 : i + 1;
}

const LINE_BREAK = /[\r\n]/g;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

function isLineBreak(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

/** What the parser's scan reads and calls: members dockerfile-ast keeps private. */
interface ParserInternals {
  buffer: string;
  escapeChar: string;
  processArguments(dockerfile: unknown, instruction: string, instructionEnd: number, start: number, offset: number): number;
  createInstruction(dockerfile: unknown, instruction: string, start: number, instructionEnd: number, end: number): unknown;
  processHeredocs(instruction: unknown, offset: number): number;
  processComment(dockerfile: unknown, start: number): number;
}

const parserPrototype = Parser.prototype as unknown as ParserInternals;
const pristineProcessArguments = parserPrototype.processArguments;

/** Line breaks and the escape character: all that can end an instruction's text or continue it. */
const ARGUMENT_STOPS_BACKSLASH = /[\r\n\\]/g;
const ARGUMENT_STOPS_BACKTICK = /[\r\n`]/g;

/**
 * The parser's walk to the end of an instruction (`processArguments`), with the same results:
 * outside a continued line only a line break or the escape character changes anything, so the
 * walk jumps to the next one with one regular-expression search instead of a loop turn per
 * character (it looked at every character of the file: 2% of a check's time on the real
 * corpus, more before V8 optimizes the loop). From an escaped line break to the next plain
 * character, where a `#` starts a comment line, it goes one character at a time as before.
 * The walk follows dockerfile-ast 0.7.1's (MIT License, see scanRawArguments).
 */
function processArgumentsSkippingPlainText(
  this: ParserInternals,
  dockerfile: unknown,
  instruction: string,
  instructionEnd: number,
  start: number,
  offset: number,
): number {
  const { buffer, escapeChar } = this;
  const stops = escapeChar === '\\' ? ARGUMENT_STOPS_BACKSLASH : escapeChar === '`' ? ARGUMENT_STOPS_BACKTICK : undefined;
  if (!stops) return pristineProcessArguments.call(this, dockerfile, instruction, instructionEnd, start, offset);
  let escaped = false;
  for (let i = offset + 1; i < buffer.length; i++) {
    if (!escaped) {
      // test() with the g flag leaves lastIndex just past the match, and builds no match array.
      stops.lastIndex = i;
      if (!stops.test(buffer)) return buffer.length;
      i = stops.lastIndex - 1;
    }
    const char = buffer.charAt(i);
    if (char === '\r' || char === '\n') {
      if (escaped) continue;
      return this.processHeredocs(this.createInstruction(dockerfile, instruction, start, instructionEnd, i), i);
    }
    if (char === escapeChar) {
      // Guarded: V8 throws optimized code away on its first read past the end.
      const next = i + 1 < buffer.length ? buffer.charAt(i + 1) : '';
      if (next === '\n' || next === '\r') {
        escaped = true;
        i++;
      } else if (next === ' ' || next === '\t') {
        // Blanks after the escape: a line break after them continues the line; either way the
        // walk goes on after the first character that is not a blank.
        let j = i + 2;
        while (j < buffer.length && (buffer.charAt(j) === ' ' || buffer.charAt(j) === '\t')) j++;
        if (j === buffer.length) return buffer.length;
        if (buffer.charAt(j) === '\r' || buffer.charAt(j) === '\n') escaped = true;
        i = j;
      }
    } else if (char === '#') {
      if (escaped) i = this.processComment(dockerfile, i);
    } else if (char !== ' ' && char !== '\t') {
      escaped = false;
    }
  }
  return buffer.length;
}

/** Reads each instruction's arguments once (the default as soon as this module loads). */
export function keepParsedArguments(): void {
  prototype.getRawArguments = keptRawArguments;
  modifiable.getArguments = keptArgumentsAfterFlags;
  parserPrototype.processArguments = processArgumentsSkippingPlainText;
}

/**
 * dockerfile-ast as published, rescanning on every call: what the benchmark's floor and
 * peers measure, and what the equivalence test compares against.
 */
export function rescanArgumentsOnEveryCall(): void {
  prototype.getRawArguments = pristine;
  modifiable.getArguments = pristineModifiable;
  parserPrototype.processArguments = pristineProcessArguments;
}

keepParsedArguments();
