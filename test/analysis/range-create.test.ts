// The shortcut for vscode-languageserver-types' Range.create (range-create.ts) must give what the
// library gives, for any arguments, and must be what dockerfile-ast calls: every parse of the
// corpus is the same with the library's own function.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { parseChunk } from '../../server/src/analysis/parse';
import { pristineRangeCreate, rangeCreate, useFastRangeCreate, usePristineRangeCreate } from '../../server/src/analysis/range-create';
import { corpusMissing, corpusTexts, IN_CI, REAL } from '../corpus/corpus-location';

/** What a call gives: its value, or the error it throws. */
function outcome(create: (...args: unknown[]) => unknown, args: unknown[]): unknown {
  try {
    return { value: create(...args) };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

const tagged = Object.assign(Object.create(null), { line: 1, character: 2 });
const numberTagged = { line: 1, character: 2, [Symbol.toStringTag]: 'Number', valueOf: () => 3 };
const POSITIONS: unknown[] = [
  { line: 0, character: 0 },
  { line: 3, character: 7 },
  { line: 2147483647, character: 1 },
  { line: 2147483648, character: 1 },
  { line: -1, character: 0 },
  { line: 1.5, character: 2 },
  { line: NaN, character: 0 },
  { line: '1', character: 0 },
  { line: 1 },
  { line: new Number(1), character: 0 },
  tagged,
  numberTagged,
  null,
  undefined,
  5,
  'x',
];

describe('Range.create shortcut', () => {
  after(useFastRangeCreate);

  it('gives what the library gives for every pair of these positions, with and without more arguments', () => {
    let compared = 0;
    for (const one of POSITIONS) {
      for (const two of POSITIONS) {
        for (const rest of [[], [undefined, undefined], [1, 2], [undefined, 4]]) {
          const args = [one, two, ...rest];
          assert.deepEqual(outcome(rangeCreate, args), outcome(pristineRangeCreate, args), JSON.stringify(args));
          compared++;
        }
      }
    }
    assert.equal(compared, POSITIONS.length ** 2 * 4);
    assert.deepEqual(rangeCreate(1, 2, 3, 4), { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } });
  });

  it('keeps the positions it is given as the range ends, as the library does', () => {
    const start = { line: 1, character: 0 };
    const end = { line: 1, character: 4 };
    const range = rangeCreate(start, end) as { start: unknown; end: unknown };
    assert.equal(range.start, start);
    assert.equal(range.end, end);
  });

  it('is what dockerfile-ast calls: every corpus parse is the same with the library function', (t) => {
    const missing = corpusMissing(REAL);
    if (missing) {
      if (IN_CI) assert.fail(missing);
      return t.skip(missing);
    }
    let calls = 0;
    const counting = (...args: unknown[]) => (calls++, rangeCreate(...args));
    const namespace = (require('vscode-languageserver-types') as { Range: { create: unknown } }).Range;
    assert.equal(namespace.create, rangeCreate, 'loading the engine did not install the shortcut');
    namespace.create = counting;
    DockerfileParser.parse('FROM a\nRUN b\n');
    assert.ok(calls > 0, 'dockerfile-ast did not call the patched Range.create: the shortcut is not in use');
    useFastRangeCreate();
    for (const { name, text } of corpusTexts().slice(0, 700)) {
      const fast = parseChunk(text, 0);
      usePristineRangeCreate();
      const pristine = parseChunk(text, 0);
      useFastRangeCreate();
      assert.deepEqual(fast, pristine, name);
    }
  });
});
