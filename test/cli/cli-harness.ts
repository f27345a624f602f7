// Runs the bundled CLI (dist/cli.js) as a user would, building it first when it is missing or
// older than the sources, so a test never passes against a stale bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
/** The program the launcher (CLI) runs; built with it. */
export const CLI_PROGRAM = join(REPO_ROOT, 'dist', 'cli-program.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let built = false;

const isFresh = (file: string, sources: number) => existsSync(file) && statSync(file).mtimeMs >= sources;

export function ensureCliBuilt(): void {
  if (built) return;
  const sources = newestSource(join(REPO_ROOT, 'server', 'src'));
  if (!isFresh(CLI, sources) || !isFresh(CLI_PROGRAM, sources)) {
    const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    // build.mjs bundles the client and the server too; only the CLI matters here.
    if (!isFresh(CLI, sources) || !isFresh(CLI_PROGRAM, sources)) {
      throw new Error(`could not build dist/cli.js and dist/cli-program.js with scripts/build.mjs:\n${result.stdout}${result.stderr}`);
    }
  }
  built = true;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  ensureCliBuilt();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
