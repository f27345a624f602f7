// `npm run test:vscode`: runs the extension-host suite (test/extension) in VS Code desktop with
// @vscode/test-electron, against the extension built from this checkout.
//
// VS Code desktop comes from VSCODE_EXECUTABLE (an installed build) or is downloaded. Where it
// cannot be had (offline: the machines this project is built on reach only npm and Debian), or
// where Linux has no display and no xvfb-run, it prints one `SKIP:` line and exits 0. The same
// suite runs in code-server's extension host as scenario 10 of `npm run test:e2e`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up/i;

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(0);
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => folder && existsSync(join(folder, command)));
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (vscodeExecutablePath && !existsSync(vscodeExecutablePath)) {
  console.error(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
  process.exit(1);
}
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', cachePath: join(ROOT, '.vscode-test') });
  } catch (error) {
    const why = `${error?.code ?? ''} ${error?.message ?? error}`.trim();
    if (NETWORK.test(why)) skip(`no VS Code desktop build available: set VSCODE_EXECUTABLE, or allow downloads (${why})`);
    throw error;
  }
}

// Electron on Linux needs a display: use xvfb-run when there is none.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.DFO_UNDER_XVFB) {
  if (!onPath('xvfb-run')) skip('no display for VS Code desktop (DISPLAY is unset) and no xvfb-run (apt-get install xvfb)');
  const result = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, DFO_UNDER_XVFB: '1' } });
  process.exit(result.status ?? 1);
}

// The extension under test (dist/) and the suite's bundle (out/extension-tests/).
run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
run(process.execPath, [join(ROOT, 'test', 'extension', 'build.mjs')]);

const scratch = mkdtempSync(join(tmpdir(), 'dfo-vscode-test-'));
const workspace = join(scratch, 'workspace');
mkdirSync(workspace);
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'extension-tests', 'dist', 'extension.js'),
    launchArgs: [
      workspace,
      '--disable-extensions', // other extensions stay off; the one under development is loaded
      '--disable-workspace-trust', // a trusted window, as in code-server: the engine commands run
      '--user-data-dir', join(scratch, 'user-data'),
      '--extensions-dir', join(scratch, 'extensions'),
    ],
  });
} catch (error) {
  console.error(`the extension-host suite failed: ${error?.message ?? error}`);
  code = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
