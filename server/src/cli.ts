// The `dockerfile-optimizer` command: check, fix and list rules from a terminal or CI.
// This file only wires things up; the commands live in ./cli/. The bundled dist/cli.js is also
// the script of its own worker threads, so it starts in one of two roles.
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import { runCli } from './cli/commands';
import { serveWorker, WORKER_ROLE } from './cli/pool';
import { allAsyncRules, allRules } from './rules';

// A CLI run is over before V8's optimizing compiler pays for itself: over the 646 real files it
// took about 45% of the process's CPU time (perf), mostly compiling large inlined graphs, some
// of them several times. Without inlining, and with functions optimized only after eight times
// the usual amount of work (the interrupt budget; V8 11 / Node 20's flag, where it was
// measured), the same run takes about 40% less CPU; three times as many files take no longer
// than before. Results are byte-identical. Set before any rule runs; worker threads share it.
if (isMainThread) {
  setFlagsFromString('--no-turbo-inlining');
  if (process.versions.v8.startsWith('11.')) setFlagsFromString('--interrupt-budget=540672');
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  serveWorker();
} else {
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    workerScript: __filename,
    rules: allRules,
    asyncRules: allAsyncRules,
  }).then(
    (code) => {
      // exitCode, not exit(): a large report piped to another process must be written fully.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dockerfile-optimizer: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
