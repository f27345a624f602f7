// dockerfile-ast makes every range of a parse with vscode-languageserver-types'
// `Range.create(start, end)`, which tests its four arguments for numbers and then each
// position's fields, each test a call of Object.prototype.toString: five such calls per range,
// 1.5-2% of a cold check of the real corpus (CPU profile). The common call, two plain position
// objects, gets the same answer here without them; every other call goes to the library's own
// function. test/analysis/range-create.test.ts compares the two.
//
// Required (not imported) so that this is the copy dockerfile-ast requires: the package's ES
// module build is another object.
const types = require('vscode-languageserver-types') as typeof import('vscode-languageserver-types');

type Create = (...args: unknown[]) => unknown;

const UINTEGER_MAX = 2147483647;
const namespace = types.Range as unknown as { create: Create };

/** The library's function, as published. */
export const pristineRangeCreate: Create = namespace.create;

/**
 * A position the library would take as one, and whose range it builds as `{ start, end }`: a
 * plain object (not a Number, whatever its tag) with non-negative integer-range numbers.
 */
function isPlainPosition(value: unknown): value is { line: number; character: number } {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const { line, character } = value as { line: unknown; character: unknown };
  return (
    typeof line === 'number' &&
    typeof character === 'number' &&
    line >= 0 &&
    line <= UINTEGER_MAX &&
    character >= 0 &&
    character <= UINTEGER_MAX &&
    (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === undefined
  );
}

export function rangeCreate(one?: unknown, two?: unknown, three?: unknown, four?: unknown): unknown {
  if (three === undefined && four === undefined && isPlainPosition(one) && isPlainPosition(two)) return { start: one, end: two };
  return pristineRangeCreate(one, two, three, four);
}

/** Installs `rangeCreate` (the default as soon as this module loads). */
export function useFastRangeCreate(): void {
  namespace.create = rangeCreate;
}

/** The library as published: what the equivalence test compares against. */
export function usePristineRangeCreate(): void {
  namespace.create = pristineRangeCreate;
}

useFastRangeCreate();
