// V8 settings for a CLI run, set by the launcher (../cli-launcher.ts) before the program is
// compiled: V8 stamps its code cache with the flags in force, so they must be the same when the
// cache is written and when it is read.
import { setFlagsFromString } from 'node:v8';

/**
 * A CLI run is over before V8's optimizing compiler pays for itself: over the 646 real files it
 * took about 45% of the process's CPU time (perf), mostly compiling large inlined graphs, some
 * of them several times. Without inlining, and with functions optimized only after eight times
 * the usual amount of work (the interrupt budget; V8 11 / Node 20's flag, where it was
 * measured), the same run takes about 40% less CPU; three times as many files take no longer
 * than before. Results are byte-identical. Flags are per process: worker threads share them.
 */
export function tuneV8ForCli(): void {
  setFlagsFromString('--no-turbo-inlining');
  if (process.versions.v8.startsWith('11.')) setFlagsFromString('--interrupt-budget=540672');
}
