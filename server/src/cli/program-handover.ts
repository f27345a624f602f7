// The program's text and V8 cache as the main thread's launcher read them, handed to the pool's
// worker threads with their work: a worker then neither reads the 1.1 MB program and its cache
// from disk again nor hashes the text to find the cache (about 20 ms of its start, while the
// main thread is already checking files). Kept on a global: the launcher and the program are
// bundled apart, each with its own copy of every module.
const HANDOVER = Symbol.for('dockerfile-optimizer.program-handover');

export interface ProgramHandover {
  source: string;
  /** The cache V8 accepted for `source` in the main thread; absent when there was none. */
  cachedData?: Buffer;
}

export function keepForWorkers(program: ProgramHandover): void {
  (globalThis as Record<symbol, unknown>)[HANDOVER] = program;
}

export function keptForWorkers(): ProgramHandover | undefined {
  return (globalThis as Record<symbol, ProgramHandover | undefined>)[HANDOVER];
}
