// Running the `shellcheck` program on many small scripts: each script is checked once per
// distinct text (results are cached), the scripts not in the cache go to shellcheck
// processes as files of a temporary folder, 200 per process and one process per core at a
// time (one process per RUN would cost a process start per
// RUN: seconds on a large Dockerfile), and a check can be cancelled, which kills the process.
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { AbortedError } from './async-rules';

export interface ShellcheckComment {
  /** One-based, in the script as given. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: 'error' | 'warning' | 'info' | 'style';
  code: number;
  message: string;
}

/** Codes that cannot apply to a RUN script: sourced files live in the image, not here. */
export const EXCLUDED_CODES = ['SC1090', 'SC1091'];
const BATCH = 200;

/** The `shellcheck` executable: SHELLCHECK_PATH, else the first on PATH; null when absent. */
export function findShellcheck(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.SHELLCHECK_PATH;
  if (explicit) return isExecutable(explicit) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'shellcheck.exe' : 'shellcheck');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class ShellcheckRunner {
  private cache = new Map<string, ShellcheckComment[]>();
  /** Scripts being checked right now, so that concurrent callers share one run. */
  private pending = new Map<string, Promise<ShellcheckComment[]>>();
  private pendingSignals = new Map<string, AbortSignal | undefined>();
  /** Number of shellcheck processes started (for tests and benchmarks). */
  processes = 0;
  /** Processes running now, and batches waiting for one to end (at most one per core at a time). */
  private running = 0;
  private waiting: (() => void)[] = [];
  private readonly maxProcesses = Math.max(1, availableParallelism());

  constructor(
    readonly executable: string | null = findShellcheck(),
    private readonly cacheLimit = 5000,
  ) {}

  /** Comments per script, in the order given. Rejects with AbortedError when `signal` aborts. */
  async check(scripts: readonly string[], signal?: AbortSignal): Promise<ShellcheckComment[][]> {
    if (!this.executable) throw new Error('shellcheck is not installed');
    // A run started for a caller that has since given up is not worth waiting for.
    const live = (script: string) => this.pending.has(script) && !this.pendingSignals.get(script)?.aborted;
    const missing = [...new Set(scripts.filter((script) => !this.cache.has(script) && !live(script)))];
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const run = this.runBatch(batch, signal);
      batch.forEach((script, j) => {
        const one = run.then((all) => all[j]);
        one.catch(() => undefined); // callers that await it see the rejection; nobody else should
        this.pending.set(script, one);
        this.pendingSignals.set(script, signal);
        run
          .finally(() => {
            if (this.pending.get(script) !== one) return;
            this.pending.delete(script);
            this.pendingSignals.delete(script);
          })
          .catch(() => undefined);
      });
    }
    const results: ShellcheckComment[][] = [];
    for (const script of scripts) {
      let comments = this.cache.get(script);
      if (!comments) {
        const pending = this.pending.get(script);
        try {
          comments = pending ? await pending : undefined;
        } catch (error) {
          // Another caller's run was aborted: ours was not, so check the script again.
          if (!(error instanceof AbortedError) || signal?.aborted) throw error;
        }
        comments ??= this.cache.get(script) ?? (await this.check([script], signal))[0];
      }
      results.push(comments);
    }
    return results;
  }

  clearCache(): void {
    this.cache.clear();
  }

  private async runBatch(scripts: string[], signal?: AbortSignal): Promise<ShellcheckComment[][]> {
    if (this.running >= this.maxProcesses) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.runBatchNow(scripts, signal);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async runBatchNow(scripts: string[], signal?: AbortSignal): Promise<ShellcheckComment[][]> {
    if (signal?.aborted) throw new AbortedError();
    const dir = mkdtempSync(join(tmpdir(), 'dockerfile-shellcheck-'));
    try {
      const files = scripts.map((script, i) => {
        const file = join(dir, `${i}.sh`);
        writeFileSync(file, script);
        return file;
      });
      const output = await this.spawn(['--format=json1', `--exclude=${EXCLUDED_CODES.join(',')}`, ...files], signal);
      const byFile = new Map<string, (ShellcheckComment & { file: string })[]>(files.map((file) => [file, []]));
      for (const comment of parseJson1(output)) byFile.get(comment.file)?.push(comment);
      const results = files.map((file) => byFile.get(file)!.map(({ file: _file, ...rest }) => rest as ShellcheckComment));
      if (this.cache.size + scripts.length > this.cacheLimit) this.cache.clear();
      scripts.forEach((script, i) => this.cache.set(script, results[i]));
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private spawn(args: string[], signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      this.processes++;
      let child: ChildProcess;
      try {
        child = childProcess().spawn(this.executable!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        reject(error);
        return;
      }
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const onAbort = () => child.kill('SIGKILL');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      child.on('close', (code) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return reject(new AbortedError());
        // Exit 1 means "found something"; anything else is a failure of shellcheck itself.
        if (code !== 0 && code !== 1) return reject(new Error(`shellcheck exited with ${code}: ${Buffer.concat(err).toString().trim()}`));
        resolve(Buffer.concat(out).toString('utf8'));
      });
    });
  }
}

function parseJson1(output: string): (ShellcheckComment & { file: string })[] {
  if (output.trim() === '') return [];
  const data = JSON.parse(output) as { comments?: (ShellcheckComment & { file: string })[] };
  return data.comments ?? [];
}

let shared: ShellcheckRunner | null = null;

/** One runner (and cache) per process. */
export function sharedShellcheckRunner(): ShellcheckRunner {
  if (!shared) shared = new ShellcheckRunner();
  return shared;
}

/** For tests: replace the shared runner (e.g. with one whose executable is absent). */
export function setSharedShellcheckRunner(runner: ShellcheckRunner | null): void {
  shared = runner;
}

/**
 * Loaded on first use: a CLI worker thread, which never runs ShellCheck, would otherwise load
 * it as the program starts, compiled anew under the CLI's V8 flags (about 6 ms of its start).
 */
function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}
