// ShellCheck through the language server: the fast findings are published first, ShellCheck's
// when it answers (same document version); without shellcheck the server says so in its log.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { findShellcheck } from '../../server/src/analysis/shellcheck';
import { TestServer } from './lsp-client';

const IN_CI = process.env.CI === 'true';
const skip = findShellcheck() === null && !IN_CI ? 'shellcheck is not installed (apt-get install shellcheck)' : false;
const folder = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-lsp-sc-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const TIMEOUT = { timeout: 60_000 };

describe('language server ShellCheck', () => {
  it('publishes SC findings for the current version, and follows edits', { ...TIMEOUT, skip }, async () => {
    assert.ok(findShellcheck(), 'shellcheck must be installed under CI');
    const server = await TestServer.start({ settings: { debounceMs: 10, rules: {} } });
    try {
      const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
      await server.open(uri, 'FROM scratch\nRUN echo $foo\n', 1);
      const first = await server.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'shellcheck'));
      const sc = first.diagnostics.filter((d) => d.code === 'shellcheck').map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message.split(':')[0]}`).sort();
      assert.deepEqual(sc, ['1:9 SC2086', '1:9 SC2154']);
      await server.change(uri, 2, 'FROM scratch\n# hadolint ignore=SC2086\nRUN echo $foo\n');
      const second = await server.diagnostics(uri, (p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'shellcheck'));
      assert.deepEqual(second.diagnostics.filter((d) => d.code === 'shellcheck').map((d) => d.message.split(':')[0]), ['SC2154']);
    } finally {
      await server.stop();
    }
  });

  it('logs one line when shellcheck is missing, and keeps the other findings', TIMEOUT, async () => {
    const saved = { PATH: process.env.PATH, SHELLCHECK_PATH: process.env.SHELLCHECK_PATH };
    process.env.PATH = folder; // no shellcheck there
    delete process.env.SHELLCHECK_PATH;
    let server: TestServer;
    try {
      server = await TestServer.start({ settings: { debounceMs: 10, rules: {} } });
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.SHELLCHECK_PATH !== undefined) process.env.SHELLCHECK_PATH = saved.SHELLCHECK_PATH;
    }
    try {
      const uri = pathToFileURL(join(folder, 'other.Dockerfile')).href;
      await server.open(uri, 'FROM node\nRUN echo $foo\n', 1);
      const published = await server.diagnostics(uri, (p) => p.version === 1);
      assert.ok(published.diagnostics.some((d) => d.code === 'latest-tag'));
      assert.ok(!published.diagnostics.some((d) => d.code === 'shellcheck'));
      // The log line follows the first publication.
      const named = () => server.logs.filter((line) => /shellcheck is off: shellcheck is not on PATH/.test(line)).length;
      for (let waited = 0; named() === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      await server.change(uri, 2, 'FROM node\nRUN echo $bar\n');
      await server.diagnostics(uri, (p) => p.version === 2);
      assert.equal(named(), 1, server.logs.join('\n'));
    } finally {
      await server.stop();
    }
  });
});
