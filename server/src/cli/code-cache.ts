// Runs the CLI program bundle through V8's code cache. Every start of the CLI, and of each of its
// worker threads, otherwise compiles the 1.1 MB program again: about 45 ms before the first
// file, and again for each function on its first call. With the cache, V8 reads the bytecode
// compiled by an earlier run instead. The cache is written once (by the first `check` or `fix`
// on a machine, after its files are done, so it holds the code that checking runs) into a
// directory of the user's own, and it never changes a result: its file is named by a hash of
// the program's text, V8 rejects a cache made by another V8 or with other flags, and the
// program then runs as without one (and writes a fresh cache).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { keepForWorkers, type ProgramHandover } from './program-handover';

/** Set to `off` (or `0`, `false`) to run without the cache. */
export const CODE_CACHE_ENV = 'DOCKERFILE_OPTIMIZER_CODE_CACHE';

const FILE_PREFIX = 'cli-';
const FILE_SUFFIX = '.v8cache';

/**
 * `$XDG_CACHE_HOME/dockerfile-optimizer`, else `~/.cache/dockerfile-optimizer`; null when the
 * cache is switched off or there is no home.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, home = safeHomedir()): string | null {
  if (/^(off|0|false|no)$/i.test(env[CODE_CACHE_ENV] ?? '')) return null;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'dockerfile-optimizer');
  return home ? join(home, '.cache', 'dockerfile-optimizer') : null;
}

function safeHomedir(): string | null {
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

/**
 * Creates `dir` (owner only) and says whether it can hold code this process will run: it must
 * belong to the current user and be writable by nobody else, or another user of the machine
 * could plant bytecode in it.
 */
export function isPrivateDirectory(dir: string, create: boolean): boolean {
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
    return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** One file per Node version and program text: a rebuilt or upgraded program gets its own. */
export function cacheFileName(source: string): string {
  // Loaded here, not with this module: a worker thread is handed the program and never hashes
  // (node:crypto would take it about 8 ms to load under the CLI's V8 flags). The main thread
  // loads it before the flags change (cli-launcher.ts).
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return `${FILE_PREFIX}${process.version}-${process.arch}-${hash}${FILE_SUFFIX}`;
}

/**
 * Compiles and runs the CommonJS bundle at `programPath` as Node would, except that its
 * `__filename` is `launcherPath` (the program's worker threads run the launcher). With `save`,
 * a cache that was missing or rejected is written when the process exits. A worker thread is
 * `handed` the text and cache its main thread read (program-handover.ts).
 */
export function runCachedProgram(programPath: string, launcherPath: string, save: boolean, dir = cacheDirectory(), handed?: ProgramHandover): void {
  const source = handed ? handed.source : readFileSync(programPath, 'utf8');
  const usable = !handed && dir !== null && isPrivateDirectory(dir, save);
  const file = usable ? join(dir, cacheFileName(source)) : null;
  const cachedData = handed ? handed.cachedData : file ? readIfPresent(file) : undefined;
  // The wrapper Node puts around a CommonJS module, on the program's first line so that line
  // numbers in stack traces stay right.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: programPath, cachedData });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  if (!handed) keepForWorkers({ source, cachedData: accepted ? cachedData : undefined });
  if (file && save && !accepted) {
    // At exit, the cache also holds every function the run compiled on first call.
    process.once('exit', () => writeCache(script, file));
  }
  const programModule = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(programModule.exports, programModule.exports, createRequire(programPath), programModule, launcherPath, dirname(launcherPath));
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written whole or not at all (a temporary file renamed); then the caches of older programs for
 * this Node go (those of other Node versions stay: a machine may switch between them).
 */
function writeCache(script: Script, file: string): void {
  try {
    const temporary = `${file}.${process.pid}-${threadId}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    const dir = dirname(file);
    const keep = file.slice(dir.length + 1);
    const sameNode = `${FILE_PREFIX}${process.version}-${process.arch}-`;
    for (const name of readdirSync(dir)) {
      if (name !== keep && name.startsWith(sameNode) && name.endsWith(FILE_SUFFIX)) unlinkSync(join(dir, name));
    }
  } catch {
    // A cache is only a head start: a run that cannot write one is not a failed run.
  }
}
