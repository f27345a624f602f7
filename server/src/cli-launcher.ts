// The `dockerfile-optimizer` command as installed (package.json `bin`, bundled as dist/cli.js):
// it sets V8's flags for a CLI run, then runs the program (./cli.ts, bundled as
// dist/cli-program.js) through V8's code cache. Kept apart from the program so that the flags are
// in force before the program is compiled, as the cache requires. It is also the script of the
// program's worker threads, which read the cache but never write it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import { cacheDirectory, runCachedProgram } from './cli/code-cache';
import type { WorkerInput } from './cli/pool';
import { tuneV8ForCli } from './cli/v8-tuning';

const PROGRAM = join(__dirname, 'cli-program.js');

if (!existsSync(PROGRAM)) {
  process.stderr.write(`dockerfile-optimizer: ${PROGRAM} is missing: reinstall the package, or run \`npm run build\` in a checkout\n`);
  process.exitCode = 2;
} else {
  if (isMainThread) {
    // code-cache.ts hashes the program with node:crypto: loaded before the flags change, Node's
    // own compiled code for it is still accepted (a worker thread is handed the hash's result).
    require('node:crypto');
    tuneV8ForCli();
  }
  // Only a run that checks or fixes files writes the cache, so that it holds the checking code.
  const checksFiles = isMainThread && (process.argv[2] === 'check' || process.argv[2] === 'fix');
  const handed = isMainThread ? undefined : (workerData as Partial<WorkerInput> | null)?.program;
  runCachedProgram(PROGRAM, __filename, checksFiles, cacheDirectory(), handed);
}
