// The bundled language server, driven over stdio by a real JSON-RPC client: diagnostics,
// quick fixes applied and re-checked, ignore pragmas, hover, fix-all, settings and config
// files, the stages request, and survival on garbage. Timeouts only catch hangs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { fixAll } from '../../server/src/analysis/engine';
import { envForFile } from '../../server/src/analysis/env';
import { allRules } from '../../server/src/rules/index';
import { ROOT, TestServer } from './lsp-client';

const TEST_TIMEOUT = { timeout: 60_000 };
const APT = 'apt-no-recommends';
const LATEST = 'latest-tag';
const IGNORE = 'no-dockerignore';

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);
const ours = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

/** Applies a WorkspaceEdit's edits for `uri` to `text`, as an editor would. */
function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  assert.ok(edit?.changes?.[uri], 'the action carries an edit for the document');
  const document = TextDocument.create(uri, 'dockerfile', 0, text);
  return TextDocument.applyEdits(document, edit.changes[uri] as TextEdit[]);
}

describe('language server (bundled, over stdio)', () => {
  let server: TestServer;
  let folder: string;
  let nextVersion = 1;
  const uriOf = (name: string) => pathToFileURL(join(folder, name)).href;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-lsp-'));
    server = await TestServer.start({ settings: { debounceMs: 10, rules: {} }, initializationOptions: { extensionPath: ROOT } });
  });

  after(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Opens (or replaces) a document and returns the diagnostics of that version. */
  async function show(uri: string, text: string, opened: Set<string> = openDocuments): Promise<{ version: number; diagnostics: Diagnostic[] }> {
    const version = nextVersion++;
    if (opened.has(uri)) await server.change(uri, version, text);
    else {
      opened.add(uri);
      await server.open(uri, text, version);
    }
    return { version, diagnostics: await server.diagnosticsFor(uri, version) };
  }
  const openDocuments = new Set<string>();

  it('publishes diagnostics with rule ids, source, docs links and the document version', TEST_TIMEOUT, async () => {
    const uri = uriOf('Dockerfile');
    const { version, diagnostics } = await show(uri, 'FROM node\nRUN apt-get update && apt-get install -y curl\n');
    assert.ok(version > 0);
    assert.ok(codes(diagnostics).includes(LATEST), `codes: ${codes(diagnostics)}`);
    const apt = ours(diagnostics, APT);
    assert.equal(apt.length, 1);
    assert.equal(apt[0].source, 'dockerfile-optimizer');
    assert.equal(apt[0].range.start.line, 1);
    assert.equal(apt[0].severity, 2);
    assert.equal(apt[0].codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules', `${APT}.md`)).href);
  });

  it('offers the quick fix; applying it and sending the new text removes the finding', TEST_TIMEOUT, async () => {
    const uri = uriOf('api.Dockerfile');
    const text = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n';
    const { diagnostics } = await show(uri, text);
    const apt = ours(diagnostics, APT)[0];
    assert.ok(apt, `codes: ${codes(diagnostics)}`);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: apt.range,
      context: { diagnostics: [apt] },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix, `actions: ${actions.map((a) => a.title)}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.title, 'Add --no-install-recommends');
    const fixed = applyWorkspaceEdit(text, uri, fix.edit);
    assert.equal(fixed, 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n');
    const after = await show(uri, fixed);
    assert.deepEqual(ours(after.diagnostics, APT), []);
  });

  it('ignores a rule for one instruction, with its indentation, and for the file below the directives', TEST_TIMEOUT, async () => {
    const uri = uriOf('Containerfile');
    const text = '# syntax=docker/dockerfile:1\nFROM debian:12\n  RUN apt-get install -y curl\nRUN apt-get install -y git\n';
    const { diagnostics } = await show(uri, text);
    const first = ours(diagnostics, APT)[0];
    assert.equal(ours(diagnostics, APT).length, 2);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: first.range, context: { diagnostics: [first] } });
    const forLine = actions.find((action) => action.title === `Ignore ${APT} for this line`);
    const forFile = actions.find((action) => action.title === `Ignore ${APT} in this file`);
    assert.ok(forLine && forFile, `actions: ${actions.map((a) => a.title)}`);

    const lineIgnored = applyWorkspaceEdit(text, uri, forLine.edit);
    assert.equal(lineIgnored, '# syntax=docker/dockerfile:1\nFROM debian:12\n  # dockerfile-optimizer ignore=apt-no-recommends\n  RUN apt-get install -y curl\nRUN apt-get install -y git\n');
    const afterLine = await show(uri, lineIgnored);
    assert.deepEqual(ours(afterLine.diagnostics, APT).map((d) => d.range.start.line), [4]);

    const fileIgnored = applyWorkspaceEdit(text, uri, forFile.edit);
    assert.equal(fileIgnored, '# syntax=docker/dockerfile:1\n# dockerfile-optimizer global ignore=apt-no-recommends\nFROM debian:12\n  RUN apt-get install -y curl\nRUN apt-get install -y git\n');
    const afterFile = await show(uri, fileIgnored);
    assert.deepEqual(ours(afterFile.diagnostics, APT), []);
  });

  it('hovers a finding with the rule, its docs and a preview of the fix', TEST_TIMEOUT, async () => {
    const uri = uriOf('hover.Dockerfile');
    const { diagnostics } = await show(uri, 'FROM debian:12\nRUN apt-get install -y curl\n\n');
    const apt = ours(diagnostics, APT)[0];
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: apt.range.start });
    assert.ok(hover, 'a hover');
    const markdown = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(markdown, /apt-no-recommends/);
    assert.ok(markdown.includes(allRules.find((rule) => rule.meta.id === APT)!.meta.docs.trim()), 'the rule docs');
    assert.match(markdown, /```diff\n- RUN apt-get install -y curl\n\+ RUN apt-get install --no-install-recommends -y curl\n```/);
    // Anywhere no finding is, there is no hover.
    const freeLine = [0, 1, 2].find((line) => !diagnostics.some((d) => d.range.start.line <= line && line <= d.range.end.line));
    assert.notEqual(freeLine, undefined);
    const nothing = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: freeLine!, character: 0 } });
    assert.equal(nothing, null);
  });

  it('fixes everything fixable with source.fixAll.dockerfileOptimizer, resolved on demand', TEST_TIMEOUT, async () => {
    const uri = uriOf('Dockerfile.fixall');
    const text = '# syntax=docker/dockerfile:1\r\nFROM debian:12\r\nRUN apt-get install -y curl\r\nRUN apt-get install -y git\r\n';
    await show(uri, text);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.dockerfileOptimizer'], triggerKind: 2 },
    });
    assert.deepEqual(actions.map((action) => action.kind), ['source.fixAll.dockerfileOptimizer']);
    assert.equal(actions[0].edit, undefined, 'the edit is computed when resolved');
    const resolved = await server.request<CodeAction>('codeAction/resolve', actions[0]);
    const fixed = applyWorkspaceEdit(text, uri, resolved.edit);
    const path = join(folder, 'Dockerfile.fixall');
    assert.equal(fixed, fixAll(text, { rules: allRules, env: envForFile(path, folder) }).text);
    assert.equal(fixed.match(/--no-install-recommends/g)?.length, 2, 'both installs fixed');
    assert.doesNotMatch(fixed, /[^\r]\n/, 'the file keeps its CRLF line breaks');
    const after = await show(uri, fixed);
    assert.deepEqual(ours(after.diagnostics, APT), []);

    // Asked for plain `source` actions (or nothing in particular), it is offered as well.
    await show(uri, text);
    const sourceActions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.deepEqual(sourceActions.map((action) => action.kind), ['source.fixAll.dockerfileOptimizer']);
  });

  it('reads rule levels from settings and .dockerfile-optimizer.json, and reports a broken config once', TEST_TIMEOUT, async () => {
    const project = mkdtempSync(join(folder, 'project-'));
    const uri = pathToFileURL(join(project, 'Dockerfile')).href;
    const text = 'FROM node\nRUN apt-get install -y curl\n';
    writeFileSync(join(project, '.dockerfile-optimizer.json'), JSON.stringify({ rules: { [LATEST]: 'off', DL3015: 'error' } }));
    const fromFile = await show(uri, text);
    assert.deepEqual(ours(fromFile.diagnostics, LATEST), []);
    assert.equal(ours(fromFile.diagnostics, APT)[0].severity, 1);

    // The editor setting wins over the file; settings are pulled again after a change.
    server.settings = { debounceMs: 10, rules: { DL3006: 'hint' } };
    await server.notify('workspace/didChangeConfiguration', { settings: null });
    const fromSettings = await server.diagnostics(uri, (params) => params.diagnostics.some((d) => d.code === LATEST));
    assert.equal(ours(fromSettings.diagnostics, LATEST)[0].severity, 4);

    writeFileSync(join(project, '.dockerfile-optimizer.json'), '{ "rules": { "latest-tag": "loud" } }');
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(project, '.dockerfile-optimizer.json')).href, type: 2 }] });
    const broken = await server.diagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'config-file'));
    const configProblems = ours(broken.diagnostics, 'config-file');
    assert.equal(configProblems.length, 1);
    assert.match(configProblems[0].message, /latest-tag.*"loud"/);
    assert.equal(ours(broken.diagnostics, APT)[0].severity, 2, 'the broken file is ignored: default levels');
    assert.ok(server.logs.some((line) => /config file/i.test(line) && /loud/.test(line)), 'logged');
    server.settings = { debounceMs: 10, rules: {} };
    await server.notify('workspace/didChangeConfiguration', { settings: null });
  });

  it('gives rules the build context: the Dockerfile\'s folder, or contextPath; re-checks when a .dockerignore appears', TEST_TIMEOUT, async () => {
    const project = mkdtempSync(join(folder, 'context-'));
    mkdirSync(join(project, 'docker'));
    writeFileSync(join(project, '.dockerignore'), '.git\n');
    const uri = pathToFileURL(join(project, 'docker', 'Dockerfile')).href;
    const inOwnFolder = await show(uri, 'FROM alpine:3.20\nCOPY . /app\n');
    assert.equal(ours(inOwnFolder.diagnostics, IGNORE).length, 1, 'docker/ has no .dockerignore');

    server.settings = { debounceMs: 10, contextPath: '..' };
    await server.notify('workspace/didChangeConfiguration', { settings: null });
    await server.diagnostics(uri, (params) => ours(params.diagnostics, IGNORE).length === 0);

    server.settings = { debounceMs: 10 };
    await server.notify('workspace/didChangeConfiguration', { settings: null });
    await server.diagnostics(uri, (params) => ours(params.diagnostics, IGNORE).length === 1);
    writeFileSync(join(project, 'docker', '.dockerignore'), '.git\n');
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(project, 'docker', '.dockerignore')).href, type: 1 }] });
    await server.diagnostics(uri, (params) => ours(params.diagnostics, IGNORE).length === 0);
  });

  it('answers dockerfileOptimizer/stages with the parsed stages', TEST_TIMEOUT, async () => {
    const uri = uriOf('stages.Dockerfile');
    await show(uri, 'ARG BASE=golang:1.22\nFROM ${BASE} AS build\nRUN go build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n');
    const stages = await server.request<{ name: string | null; line: number; base: string; resolvedBase: string; baseStage: number | null; copiesFrom: number[]; isFinal: boolean }[]>(
      'dockerfileOptimizer/stages',
      { textDocument: { uri } },
    );
    assert.deepEqual(
      stages.map(({ name, line, base, resolvedBase, baseStage, copiesFrom, isFinal }) => ({ name, line, base, resolvedBase, baseStage, copiesFrom, isFinal })),
      [
        { name: 'build', line: 1, base: '${BASE}', resolvedBase: 'golang:1.22', baseStage: null, copiesFrom: [], isFinal: false },
        { name: null, line: 3, base: 'gcr.io/distroless/static-debian12', resolvedBase: 'gcr.io/distroless/static-debian12', baseStage: null, copiesFrom: [0], isFinal: true },
      ],
    );
    assert.equal(await server.request('dockerfileOptimizer/stages', { textDocument: { uri: uriOf('not-open') } }), null);
  });

  it('clears a document\'s diagnostics when it closes, and ignores files that are no Dockerfiles', TEST_TIMEOUT, async () => {
    const uri = uriOf('closing.Dockerfile');
    const { diagnostics } = await show(uri, 'FROM node\n');
    assert.ok(diagnostics.length > 0);
    await server.close(uri);
    openDocuments.delete(uri);
    await server.diagnostics(uri, (params) => params.diagnostics.length === 0 && params.version === undefined);

    const ignoreFile = uriOf('Dockerfile.dockerignore');
    await server.open(ignoreFile, 'node_modules\n', 1, 'ignore');
    const hover = await server.request('textDocument/hover', { textDocument: { uri: ignoreFile }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    assert.equal(server.published.has(ignoreFile), false);
  });

  it('survives garbage text and keeps answering', TEST_TIMEOUT, async () => {
    const uri = uriOf('garbage.Dockerfile');
    const random = seededRandom(1234);
    const samples = [
      ' RUN $\\',
      'RUN $\\',
      'FROM x\n RUN $\\',
      '\u0000\u0001\u0002FROM\uD800 \uDFFF\n',
      'RUN <<EOF\n',
      'FROM a AS\nCOPY --from= \nRUN --mount=type=cache,\\\n',
      '\\\n\\\n\\',
      '# escape=`\nFROM a\nRUN echo `\n',
      'ONBUILD ONBUILD RUN\nHEALTHCHECK CMD\nSHELL [\n',
      'x'.repeat(100_000),
      ...Array.from({ length: 30 }, () => randomText(random)),
    ];
    for (const text of samples) {
      const { diagnostics } = await show(uri, text);
      assert.ok(Array.isArray(diagnostics));
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        context: { diagnostics },
      });
      assert.ok(Array.isArray(actions));
      await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    }
    const { diagnostics } = await show(uri, 'FROM node\n');
    assert.ok(codes(diagnostics).includes(LATEST), 'still checking after the garbage');
    assert.ok(server.alive, `the server is alive; stderr: ${server.errorOutput}`);
  });
});

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FRAGMENTS = ['FROM ', 'RUN ', 'COPY ', '--from=', '--mount=type=cache', 'AS ', '$', '${', '}', '\\', '\n', '<<EOF', 'EOF', '"', "'", '[', ']', ',', '#', ' ', '\t', 'apt-get install ', '&&', '|', ';', '=', '\r\n', '`'];

function randomText(random: () => number): string {
  let text = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) {
    text += random() < 0.8 ? FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] : String.fromCharCode(Math.floor(random() * 0xffff));
  }
  return text;
}

describe('language server with a minimal client (no workspace/configuration, no resolve)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({
      capabilities: {},
      initializationOptions: { settings: { debounceMs: 0, rules: { [LATEST]: 'off' } } },
    });
  });
  after(async () => server?.stop());

  it('takes settings from initializationOptions and pushed configuration changes', TEST_TIMEOUT, async () => {
    const uri = 'untitled:Untitled-1';
    await server.open(uri, 'FROM node\nRUN apt-get install -y curl\n', 1);
    const first = await server.diagnosticsFor(uri, 1);
    assert.deepEqual(ours(first, LATEST), []);
    assert.equal(ours(first, APT).length, 1);
    assert.equal(ours(first, APT)[0].codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules', `${APT}.md`)).href, 'docs beside the bundle');
    assert.equal(server.configurationRequests, 0);

    await server.notify('workspace/didChangeConfiguration', { settings: { dockerfileOptimizer: { rules: { [LATEST]: 'error' } } } });
    const pushed = await server.diagnostics(uri, (params) => params.diagnostics.some((d) => d.code === LATEST));
    assert.equal(ours(pushed.diagnostics, LATEST)[0].severity, 1);
  });

  it('puts the fix-all edit into the action when the client cannot resolve it', TEST_TIMEOUT, async () => {
    const uri = 'untitled:Untitled-2';
    const text = 'FROM debian:12\nRUN apt-get install -y curl\n';
    await server.open(uri, text, 1);
    await server.diagnosticsFor(uri, 1);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].data, undefined);
    const fixed = applyWorkspaceEdit(text, uri, actions[0].edit);
    assert.match(fixed, /apt-get install --no-install-recommends -y curl/);
  });
});
