// The stage lens and the stage graph's data: the lens titles from the engine (plain unit
// tests), and the bundled language server answering textDocument/codeLens and the extended
// dockerfileOptimizer/stages request over stdio.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver/node';
import { DockerfileModel } from '../../server/src/analysis/model';
import { SHOW_STAGE_GRAPH_COMMAND, stageCodeLenses, stageLensTitle } from '../../server/src/lsp/stage-lens';
import { stagesOf, type StageInfo } from '../../server/src/lsp/stages';
import { ROOT, TestServer } from './lsp-client';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const MULTI = lines(
  'FROM node:20 AS deps',
  'WORKDIR /app',
  'COPY package*.json ./',
  'RUN npm ci --omit=dev',
  'FROM node:20 AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN npm ci && npm run build',
  'FROM build AS test',
  'RUN npm test',
  'FROM node:20-slim AS runtime',
  'WORKDIR /app',
  'COPY --from=deps /app/node_modules ./node_modules',
  'COPY --from=build /src/dist ./dist',
  'COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/',
  'USER node',
  'CMD ["node", "dist/index.js"]',
);

describe('stage lens titles', () => {
  const model = new DockerfileModel(MULTI);
  const title = (index: number) => stageLensTitle(model, model.stages[index]);

  it('names the final stage and its user', () => assert.equal(title(3), 'final stage · user node'));
  it('lists the stages that copy from a stage, with the paths', () => {
    assert.equal(title(0), 'used by: runtime (COPY /app/node_modules)');
    assert.equal(title(1), 'used by: test (FROM), runtime (COPY /src/dist)');
  });
  it('says when the final image gets nothing of a stage', () => assert.equal(title(2), 'not used by the final stage'));
  it('counts a stage reached through another one as used, and shortens long lists', () => {
    const chained = new DockerfileModel(lines('FROM alpine AS a', 'RUN touch /x /y /z', 'FROM alpine AS b', 'COPY --from=a /x /y /z /', 'FROM scratch', 'COPY --from=b /x /x'));
    assert.equal(stageLensTitle(chained, chained.stages[0]), 'used by: b (COPY /x, /y, +1)');
    assert.equal(stageLensTitle(chained, chained.stages[1]), 'used by: stage 2 (COPY /x)');
  });
  it('gives every FROM one lens on its line with the graph command', () => {
    const lenses = stageCodeLenses(model, 'file:///x/Dockerfile');
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.command, lens.command?.arguments]),
      [0, 4, 8, 10].map((line, index) => [line, SHOW_STAGE_GRAPH_COMMAND, ['file:///x/Dockerfile', index]]),
    );
  });
  it('gives the graph each stage\'s user, workdir, reads and use', () => {
    const stages = stagesOf(model);
    assert.deepEqual(
      stages.map(({ name, user, workdir, usedByFinal, baseStage }) => ({ name, user, workdir, usedByFinal, baseStage })),
      [
        { name: 'deps', user: null, workdir: '/app', usedByFinal: true, baseStage: null },
        { name: 'build', user: null, workdir: '/src', usedByFinal: true, baseStage: null },
        { name: 'test', user: null, workdir: '/src', usedByFinal: false, baseStage: 1 },
        { name: 'runtime', user: 'node', workdir: '/app', usedByFinal: true, baseStage: null },
      ],
    );
    assert.deepEqual(stages[3].copies, [
      { fromStage: 0, ref: 'deps', paths: ['/app/node_modules'], destination: '/app/node_modules', kind: 'copy', line: 12 },
      { fromStage: 1, ref: 'build', paths: ['/src/dist'], destination: '/app/dist', kind: 'copy', line: 13 },
      { fromStage: null, ref: 'nginx:1.27', paths: ['/etc/nginx/mime.types'], destination: '/etc', kind: 'copy', line: 14 },
    ]);
  });
  it('does not throw on half-typed files', () => {
    for (const text of ['FROM', 'FROM a AS\nCOPY --from=', 'FROM x\nCOPY --from=0 /a', ' RUN $\\', 'FROM a AS b\nFROM b AS a\nCOPY --from=a / /\n']) {
      const broken = new DockerfileModel(text);
      stageCodeLenses(broken, 'file:///x');
      stagesOf(broken);
    }
  });
});

describe('language server: stage lens and graph data (bundled, over stdio)', () => {
  let server: TestServer;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-stage-graph-'));
    server = await TestServer.start({ settings: { debounceMs: 10, rules: {} }, initializationOptions: { extensionPath: ROOT } });
  });

  after(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers textDocument/codeLens with one lens per FROM', { timeout: 60_000 }, async () => {
    const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
    await server.open(uri, MULTI, 1);
    await server.diagnosticsFor(uri, 1);
    const lenses = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command, lens.command?.arguments]),
      [
        [0, 'used by: runtime (COPY /app/node_modules)', SHOW_STAGE_GRAPH_COMMAND, [uri, 0]],
        [4, 'used by: test (FROM), runtime (COPY /src/dist)', SHOW_STAGE_GRAPH_COMMAND, [uri, 1]],
        [8, 'not used by the final stage', SHOW_STAGE_GRAPH_COMMAND, [uri, 2]],
        [10, 'final stage · user node', SHOW_STAGE_GRAPH_COMMAND, [uri, 3]],
      ],
    );
    // An edit changes the lenses of the new version.
    await server.change(uri, 2, MULTI.replace('COPY --from=deps /app/node_modules ./node_modules\n', ''));
    await server.diagnosticsFor(uri, 2);
    const after = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(after[0].command?.title, 'not used by the final stage');
    assert.deepEqual(await server.request('textDocument/codeLens', { textDocument: { uri: pathToFileURL(join(folder, 'not-open')).href } }), []);
  });

  it('extends dockerfileOptimizer/stages with users, reads and lens texts', { timeout: 60_000 }, async () => {
    const uri = pathToFileURL(join(folder, 'graph.Dockerfile')).href;
    await server.open(uri, MULTI, 1);
    await server.diagnosticsFor(uri, 1);
    const stages = await server.request<StageInfo[]>('dockerfileOptimizer/stages', { textDocument: { uri } });
    assert.deepEqual(stages.map((stage) => stage.lens), ['used by: runtime (COPY /app/node_modules)', 'used by: test (FROM), runtime (COPY /src/dist)', 'not used by the final stage', 'final stage · user node']);
    assert.deepEqual(stages.map((stage) => [stage.user, stage.usedByFinal]), [[null, true], [null, true], [null, false], ['node', true]]);
    assert.deepEqual(stages[3].copies.map((copy) => [copy.fromStage, copy.paths]), [[0, ['/app/node_modules']], [1, ['/src/dist']], [null, ['/etc/nginx/mime.types']]]);
  });
});
