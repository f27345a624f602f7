// Keeping each instruction's arguments (ast-arguments.ts) must not change one parse result:
// every instruction, flag, property, JSON string, heredoc and comment of the real corpus, the
// large files and hadolint's cases is the same as with dockerfile-ast rescanning on every call
// (and walking to the end of each instruction one character at a time).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DockerfileParser, Onbuild, type Argument, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keepParsedArguments, positionCursor, rescanArgumentsOnEveryCall } from '../../server/src/analysis/ast-arguments';
import { parseChunk } from '../../server/src/analysis/parse';
import { corpusMissing, corpusTexts, HADOLINT_CASES, IN_CI, LARGE, REAL } from '../corpus/corpus-location';

/** Every instruction's raw arguments (ONBUILD triggers too), as values with their ranges. */
function rawArguments(text: string): unknown[] {
  const instructions = DockerfileParser.parse(text).getInstructions();
  const triggers = instructions.flatMap((instruction) => (instruction instanceof Onbuild ? [instruction.getTriggerInstruction()] : []));
  // getRawArguments() is private in the library's types: it is what ast-arguments.ts replaces.
  const raw = (instruction: Instruction | null) => (instruction as unknown as { getRawArguments(): Argument[] } | null)?.getRawArguments();
  return [...instructions, ...triggers].map((instruction) => raw(instruction)?.map((arg) => [arg.getValue(), arg.getRange()]));
}

function rawArgumentsBothWays(text: string): { kept: unknown; rescanned: unknown } {
  keepParsedArguments();
  const kept = rawArguments(text);
  rescanArgumentsOnEveryCall();
  const rescanned = rawArguments(text);
  keepParsedArguments();
  return { kept, rescanned };
}

/** Small edits where the argument scan has its cases: escapes, blanks, line ends, comments. */
const MUTATIONS = ['\\', '\\ ', '\\\n', '\\\r\n', '\\ \t \n', ' ', '\t', '\n', '\r\n', '#', '\n# c\n', '$', '\\$', '`', '`\n', '"', "'", ''];

/** `count` texts made from `text` by a few seeded edits, half of them with the backtick escape. */
function mutated(text: string, seed: number, count: number): string[] {
  let state = seed >>> 0 || 1;
  const random = (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    let next = k % 2 === 1 ? '# escape=`\n' + text : text;
    for (let edit = 0; edit < 3; edit++) {
      const at = random(next.length + 1);
      const insert = MUTATIONS[random(MUTATIONS.length)];
      next = next.slice(0, at) + insert + next.slice(at + (insert === '' ? 1 : 0));
    }
    texts.push(next);
  }
  return texts;
}

/** What the parser gives, read through every accessor the engine and dockerfile-utils use. */
function parsedBothWays(text: string): { kept: unknown; rescanned: unknown } {
  keepParsedArguments();
  const kept = parseChunk(text, 0);
  rescanArgumentsOnEveryCall();
  const rescanned = parseChunk(text, 0);
  keepParsedArguments();
  return { kept, rescanned };
}

describe('keeping parsed arguments', { timeout: 600_000 }, () => {
  after(keepParsedArguments);

  it('hands each caller its own array (dockerfile-ast shifts flags off it)', () => {
    const [copy] = DockerfileParser.parse('COPY --from=build --chown=1:1 a b /dst/\n').getInstructions();
    const first = copy.getArguments().map((arg) => arg.getValue());
    const second = copy.getArguments().map((arg) => arg.getValue());
    assert.deepEqual(first, ['a', 'b', '/dst/']);
    assert.deepEqual(second, first);
  });

  it("places offsets as the document's positionAt does, going forward and back", () => {
    // Every kind of line break, an empty line, offsets between \r and \n, and out of range.
    for (const text of ['', 'a', 'ab\r\ncd\ref\n\ngh\r\n', '\r\n\r\r\n\n', 'RUN a \\\r\n  b\\\n c']) {
      const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text);
      const expected = (offset: number) => document.positionAt(offset);
      const forward = positionCursor(document, text);
      for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(forward(offset), expected(offset), `${JSON.stringify(text)} at ${offset}`);
      const mixed = positionCursor(document, text);
      for (const offset of [text.length, 0, 3, 2, text.length + 5, 1]) assert.deepEqual(mixed(offset), expected(offset), `${JSON.stringify(text)} at ${offset}`);
    }
  });

  it('scans the raw arguments of odd text as dockerfile-ast does', () => {
    const odd = ['', 'RUN', 'RUN \\', 'RUN a\\', 'RUN a \\ b', 'RUN a\\ \n b', 'RUN a \\  \r\n  b', 'RUN a\\\r\nb', 'RUN \\$x \\$', 'RUN a \\\n# note\n  b', 'RUN a \\\n  # note \\\n b', ' RUN $\\', 'ONBUILD RUN a\\ b', '# escape=`\nRUN a `\n b ``c `$d', 'COPY --from=x a\tb'];
    for (const text of odd) {
      const { kept, rescanned } = rawArgumentsBothWays(text);
      assert.deepEqual(kept, rescanned, JSON.stringify(text));
    }
  });

  it('scans the raw arguments of every corpus instruction, and of mutated corpus texts, as dockerfile-ast does', (t) => {
    const missing = corpusMissing(REAL) ?? corpusMissing(LARGE) ?? corpusMissing(HADOLINT_CASES);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    const texts = corpusTexts();
    let checked = 0;
    texts.forEach(({ name, text }, index) => {
      const variants = index % 3 === 0 && text.length < 20_000 ? [text, ...mutated(text, index + 1, 4)] : [text];
      for (const variant of variants) {
        const { kept, rescanned } = rawArgumentsBothWays(variant);
        assert.deepEqual(kept, rescanned, `${name}: ${JSON.stringify(variant.slice(0, 200))}`);
        checked++;
      }
    });
    assert.ok(checked > 2000, `only ${checked} texts`);
  });

  it('parses odd text the same both ways', () => {
    for (const text of ['', 'RUN', 'FROM a AS', 'RUN ["a", "b c"]\nCMD [ ]', 'ONBUILD RUN --mount=type=cache,target=/x a', 'RUN <<EOF\nx\nEOF\n', 'ENV a=1 b="2 3" \\\n  c=4']) {
      const { kept, rescanned } = parsedBothWays(text);
      assert.deepEqual(kept, rescanned, JSON.stringify(text));
    }
  });

  it("gives dockerfile-utils' validator, a heavy user of the library, the same problems both ways", (t) => {
    const missing = corpusMissing(REAL);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    for (const { name, text } of corpusTexts().slice(0, 800)) {
      keepParsedArguments();
      const kept = validate(text);
      rescanArgumentsOnEveryCall();
      const rescanned = validate(text);
      keepParsedArguments();
      assert.deepEqual(kept, rescanned, name);
    }
  });

  it('parses every corpus file the same both ways', (t) => {
    const missing = corpusMissing(REAL) ?? corpusMissing(LARGE) ?? corpusMissing(HADOLINT_CASES);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    const texts = corpusTexts();
    assert.ok(texts.length > 1000, `only ${texts.length} texts`);
    for (const { name, text } of texts) {
      const { kept, rescanned } = parsedBothWays(text);
      assert.deepEqual(kept, rescanned, name);
    }
  });
});
