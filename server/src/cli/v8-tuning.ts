// V8 settings for a CLI run, set by the launcher (../cli-launcher.ts) before the program is
// compiled: V8 stamps its code cache with the flags in force, so they must be the same when the
// cache is written and when it is read.
import { setFlagsFromString } from 'node:v8';

/**
 * Node's own modules that the program loads and the launcher does not. tuneV8ForCli loads them
 * before it changes the flags: Node keeps compiled code for its modules, stamped with V8's flags,
 * which V8 rejects once the flags differ, so the program would compile them anew (about 5 ms a
 * run). test/cli/code-cache.test.ts keeps this list in step with the bundles.
 */
export const PROGRAM_ONLY_BUILTINS: readonly string[] = ['node:child_process', 'node:url'];

/**
 * A CLI run is over before V8's optimizing compiler pays for itself: over the 646 real files it
 * took about 45% of the process's CPU time (perf), mostly compiling large inlined graphs, some
 * of them several times. Without inlining, and with functions optimized only after eight times
 * the usual amount of work (the interrupt budget; V8 11 / Node 20's flag, where it was
 * measured), the same run takes about 40% less CPU; three times as many files take no longer
 * than before. Results are byte-identical. Flags are per process: worker threads share them.
 *
 * A run over many files keeps every core busy with a JavaScript thread (./pool.ts), so V8's
 * helper threads (optimizing in the background, scavenging in parallel) only compete with them
 * for a core and add their hand-offs: without them the pool's run took about 8% less wall time
 * (2 cores), and one thread was no slower. Both flags are safe to change after start-up; the
 * GC's marking flags are not (V8 aborts), so those stay. V8 reads --concurrent-recompilation
 * when it creates an isolate, so it holds for the pool's worker thread, not for the main thread,
 * which keeps optimizing in the background (--trace-opt: the worker's compiles are synchronous,
 * the main thread's concurrent).
 *
 * A run is also too short for bytecode flushing to pay: V8 drops the bytecode of functions that
 * have not run for a few major GCs, and compiles them again from source when they next run.
 * Without flushing the pool's run took about 6% less wall time and CPU (13 runs each); one
 * thread took the same.
 *
 * The flags that change code generation (inlining, budget, flushing) also make V8 reject the
 * code Node compiled ahead for its own modules: a worker thread started after them took about
 * 105 ms to start instead of 55. Starting the pool's worker before them, the main thread
 * waiting for its start-up, saved CPU but no wall time in two comparisons: it is not done.
 */
export function tuneV8ForCli(): void {
  for (const name of PROGRAM_ONLY_BUILTINS) require(name);
  setFlagsFromString('--no-turbo-inlining');
  if (process.versions.v8.startsWith('11.')) setFlagsFromString('--interrupt-budget=540672');
  setFlagsFromString('--no-concurrent-recompilation');
  setFlagsFromString('--no-parallel-scavenge');
  setFlagsFromString('--no-flush-bytecode');
}
