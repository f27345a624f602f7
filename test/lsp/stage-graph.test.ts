// The stage lens and the stage graph's data: the lens titles from the engine (plain unit
// tests), and the bundled language server answering textDocument/codeLens and the extended
// dockerfileOptimizer/stages request over stdio.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver/node';
import { DockerfileModel } from '../../server/src/analysis/model';
import { copySourceHover } from '../../server/src/lsp/stage-hover';
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

describe('hover on a COPY --from source', () => {
  const text = lines(
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN go build -o /out/server ./cmd/server',
    'RUN make',
    'FROM scratch',
    'COPY --from=build /out/server /app/dist /src/bin/tool /etc/passwd /server/',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
  );
  const model = new DockerfileModel(text);
  const hoverAt = (column: number) => copySourceHover(model, { line: 6, character: column });
  const value = (hover: Hover | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';

  it('names the instruction that creates the path', () => {
    const hover = hoverAt(text.split('\n')[6].indexOf('/out/server') + 2);
    assert.match(value(hover), /\*\*`\/out\/server`\*\* in stage `build` \(line 1\)/);
    assert.match(value(hover), /Created by `go build -o \/out\/server \.\/cmd\/server` \(line 4\)\./);
    assert.match(value(hover), /The stage's WORKDIR is `\/src`\./);
    assert.deepEqual(hover?.range?.start, { line: 6, character: text.split('\n')[6].indexOf('/out/server') });
  });
  it('says when nothing creates it', () => {
    assert.match(value(hoverAt(text.split('\n')[6].indexOf('/app/dist') + 1)), /Nothing in that stage .* this COPY fails the build/);
  });
  it('names what may have written it, or the base image', () => {
    assert.match(value(hoverAt(text.split('\n')[6].indexOf('/src/bin') + 1)), /Under `\/src`, which `COPY \. \.` \(line 3\) fills from the build context's `\.`: there if the build context has it\./);
    assert.match(value(hoverAt(text.split('\n')[6].indexOf('/etc/passwd') + 1)), /the base image `golang:1\.22` may have it/);
  });
  it('is null off the sources, on the destination and for images', () => {
    assert.equal(hoverAt(1), null);
    assert.equal(hoverAt(text.split('\n')[6].indexOf('/server/') + 1), null);
    assert.equal(copySourceHover(model, { line: 7, character: 25 }), null);
    assert.equal(copySourceHover(model, { line: 3, character: 10 }), null);
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

  it('answers a hover on a COPY --from source with where the path comes from', { timeout: 60_000 }, async () => {
    const uri = pathToFileURL(join(folder, 'hover.Dockerfile')).href;
    await server.open(uri, MULTI, 1);
    await server.diagnosticsFor(uri, 1);
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 13, character: 20 } });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*`\/src\/dist`\*\* in stage `build` \(line 5\)\n\nMay be written by `npm run build` \(line 8\), whose output is not followed\.\n\nThe stage's WORKDIR is `\/src`\.$/);
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
