// `npm run demo`: the packaged extension in a real VS Code (code-server) on 127.0.0.1, with a
// copy of the bundled examples/ as the workspace; prints the URL to open in a browser. The way to
// try the extension on a machine without VS Code desktop. Ctrl+C stops it.
//
// Environment: DEMO_PORT (default 8080, or a free port when 8080 is taken); E2E_VSIX=FILE uses
// that package instead of running `npm run package`. Missing tools (code-server, Node 24) are
// installed first with scripts/e2e/install.sh.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodeServer, QUIET_SETTINGS } from './harness/code-server';
import { packageExtension } from './harness/package';
import { findTools, installTools, ROOT } from './harness/tools';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function main(): Promise<void> {
  let { tools } = findTools();
  if (!tools) {
    console.log('[demo] installing code-server and Node 24 (scripts/e2e/install.sh) ...');
    installTools();
    tools = findTools().tools;
    if (!tools) throw new Error('the tools are still missing after scripts/e2e/install.sh');
  }
  const root = mkdtempSync(join(tmpdir(), 'dfo-demo-'));
  const dirs = { root, userData: join(root, 'user-data'), extensions: join(root, 'extensions'), workspace: join(root, 'examples') };
  const vsix = join(root, 'dockerfile-optimizer.vsix');
  if (process.env.E2E_VSIX) cpSync(resolve(process.env.E2E_VSIX), vsix);
  else {
    console.log('[demo] npm run package ...');
    packageExtension(vsix);
  }
  const server = new CodeServer(tools, dirs, join(root, 'code-server.log'));
  cpSync(join(ROOT, 'examples'), dirs.workspace, { recursive: true });
  server.writeUserSettings({ ...QUIET_SETTINGS, 'workbench.startupEditor': 'none' });
  console.log(`[demo] ${server.installExtension(vsix)}`);
  const wanted = Number(process.env.DEMO_PORT || 8080);
  const url = await server.start({ port: (await portIsFree(wanted)) ? wanted : undefined });
  const stop = async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.log(`\nDockerfile Optimizer is running in code-server ${tools.codeServerVersion} (VS Code inside):\n`);
  console.log(`  ${url}/?folder=${encodeURIComponent(dirs.workspace)}\n`);
  console.log(`The workspace is a copy of examples/ in ${dirs.workspace}; open a Dockerfile there.`);
  console.log('From another machine, forward the port first (ssh -L PORT:127.0.0.1:PORT host). Ctrl+C stops it.');
}

main().catch((error) => {
  console.error(`[demo] ${(error as Error)?.stack ?? error}`);
  process.exit(1);
});
