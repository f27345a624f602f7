// Keeping each instruction's arguments (ast-arguments.ts) must not change one parse result:
// every instruction, flag, property, JSON string, heredoc and comment of the real corpus, the
// large files and hadolint's cases is the same as with dockerfile-ast rescanning on every call.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { keepParsedArguments, rescanArgumentsOnEveryCall } from '../../server/src/analysis/ast-arguments';
import { parseChunk } from '../../server/src/analysis/parse';
import { corpusMissing, corpusTexts, HADOLINT_CASES, IN_CI, LARGE, REAL } from '../corpus/corpus-location';

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
