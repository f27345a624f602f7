// dockerfile-ast rescans an instruction's text on every getArguments() call (FACTS: 32% of
// its parse), and its own constructors call it several times per instruction: a RUN, COPY or
// CMD (a JSONInstruction) reads its arguments four or five times while it is being built, and
// getFlags(), getJSONStrings() and getHeredocs() read them again. An instruction's text never
// changes once parsed, so the arguments are read once per instruction and kept. This cuts the
// parse to about 40% of its time on the 646 real files, with the same results
// (test/analysis/ast-arguments.test.ts compares every instruction of the corpus both ways).
//
// The library is pinned (package.json) because this replaces one of its methods; the test
// fails if a new version changes what that method returns.
import { Instruction, ModifiableInstruction } from 'dockerfile-ast';

type Argument = ReturnType<Instruction['getArguments']>[number];

interface Patchable {
  getRawArguments(this: Instruction): Argument[];
}

interface PatchableModifiable {
  getArguments(this: ModifiableInstruction): Argument[];
}

const prototype = Instruction.prototype as unknown as Patchable;
const pristine = prototype.getRawArguments;
const modifiable = ModifiableInstruction.prototype as unknown as PatchableModifiable;
const pristineModifiable = modifiable.getArguments;

/** Kept on the instruction itself (a property lookup is cheaper than a WeakMap's). */
type Keeping = Instruction & { keptArguments?: Argument[] };

function keptRawArguments(this: Keeping): Argument[] {
  let args = this.keptArguments;
  if (!args) {
    args = pristine.call(this);
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
    args = pristine.call(this);
    this.keptArguments = args;
  }
  return args.slice(this.getFlags().length);
}

/** Reads each instruction's arguments once (the default as soon as this module loads). */
export function keepParsedArguments(): void {
  prototype.getRawArguments = keptRawArguments;
  modifiable.getArguments = keptArgumentsAfterFlags;
}

/**
 * dockerfile-ast as published, rescanning on every call: what the benchmark's floor and
 * peers measure, and what the equivalence test compares against.
 */
export function rescanArgumentsOnEveryCall(): void {
  prototype.getRawArguments = pristine;
  modifiable.getArguments = pristineModifiable;
}

keepParsedArguments();
