// The bundled language server with a .hadolint.yaml beside the Dockerfile: its levels apply, the
// log names the file once, broken YAML becomes the config-file diagnostic (and a log line), and a
// .dockerfile-optimizer.json that appears takes over. Timeouts only catch hangs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { ROOT, TestServer } from './lsp-client';

const TEST_TIMEOUT = { timeout: 60_000 };
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

describe('language server with a .hadolint.yaml', () => {
  let server: TestServer;
  let project: string;

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-lsp-hadolint-'));
    server = await TestServer.start({ settings: { debounceMs: 10, rules: {} }, initializationOptions: { extensionPath: ROOT } });
  });

  after(async () => {
    await server?.stop();
    rmSync(project, { recursive: true, force: true });
  });

  it('applies it, logs it once, reports broken YAML, and yields to a .dockerfile-optimizer.json', TEST_TIMEOUT, async () => {
    const hadolintFile = join(project, '.hadolint.yaml');
    const changed = (path: string) => server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 2 }] });
    writeFileSync(hadolintFile, 'ignored:\n  - DL3015\noverride:\n  error: [DL3006]\nshellcheck: strict\n');
    const uri = pathToFileURL(join(project, 'Dockerfile')).href;
    const text = 'FROM node\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
    await server.open(uri, text, 1);
    const first = await server.diagnosticsFor(uri, 1);
    assert.ok(!codes(first).includes('apt-no-recommends'), 'DL3015 is ignored');
    assert.equal(first.find((d) => d.code === 'latest-tag')?.severity, 1, 'DL3006 is an error');
    const announced = server.logs.filter((line) => line.startsWith('using .hadolint.yaml'));
    assert.deepEqual(announced, [`using .hadolint.yaml at ${hadolintFile} (no .dockerfile-optimizer.json): ignored 1 rule (DL3015), 1 severity override (DL3006), 1 warning`]);
    assert.ok(server.logs.includes(`${hadolintFile}: unknown key "shellcheck" ignored`), server.logs.join('\n'));

    // Another keystroke reads nothing again and logs nothing again.
    await server.change(uri, 2, `${text}\n`);
    await server.diagnosticsFor(uri, 2);
    assert.equal(server.logs.filter((line) => line.startsWith('using .hadolint.yaml')).length, 1);

    writeFileSync(hadolintFile, 'ignored: [DL3015\n');
    await changed(hadolintFile);
    const broken = await server.diagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'config-file'));
    const problem = broken.diagnostics.filter((d) => d.code === 'config-file');
    assert.equal(problem.length, 1);
    assert.match(problem[0].message, /^The config file was ignored: .*\.hadolint\.yaml: not valid YAML \(.*line \d+, column \d+\)$/);
    assert.ok(codes(broken.diagnostics).includes('apt-no-recommends'), 'the broken file is ignored: default levels');
    assert.ok(server.logs.some((line) => /^Ignoring a config file: .*\.hadolint\.yaml: not valid YAML/.test(line)), server.logs.join('\n'));

    writeFileSync(hadolintFile, 'ignored: [DL3015]\n');
    writeFileSync(join(project, '.dockerfile-optimizer.json'), JSON.stringify({ rules: { 'latest-tag': 'off' } }));
    await changed(join(project, '.dockerfile-optimizer.json'));
    const ours = await server.diagnostics(uri, (params) => !params.diagnostics.some((d) => d.code === 'config-file' || d.code === 'latest-tag'));
    assert.ok(codes(ours.diagnostics).includes('apt-no-recommends'), 'our file wins: DL3015 is back');
    assert.equal(server.logs.filter((line) => line.startsWith('using .hadolint.yaml')).length, 1, 'the hadolint file is not in use');
  });
});
