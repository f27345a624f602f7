// The stage graph page as a plain function of the server's stage data (from the engine): its
// layout (each stage right of what it reads), edges with the copied paths, a node per image
// read by COPY --from, the reveal targets, and a page as strict as the other webviews.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutStageGraph, stageGraphHtml } from '../../client/src/webview/stage-graph-html';
import { DockerfileModel } from '../../server/src/analysis/model';
import { stagesOf } from '../../server/src/lsp/stages';

const NONCE = 'bm9uY2Utbm9uY2Utbm9uY2U';
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const DOCKERFILE = lines(
  'FROM node:20 AS deps',
  'WORKDIR /app',
  'RUN npm ci --omit=dev',
  'FROM node:20 AS build',
  'WORKDIR /src',
  'RUN npm ci && npm run build',
  'FROM build AS test',
  'RUN npm test',
  'FROM node:20-slim AS runtime',
  'COPY --from=deps /app/node_modules /app/node_modules',
  'COPY --from=build /src/dist /app/dist',
  'COPY --from=build /src/package.json /app/',
  'COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/',
  'RUN --mount=from=build,source=/src/scripts,target=/s sh /s/check.sh',
  'USER node',
  'CMD ["node", "/app/dist/index.js"]',
);

const stages = stagesOf(new DockerfileModel(DOCKERFILE));

describe('stage graph layout', () => {
  const layout = layoutStageGraph(stages);
  const node = (id: string) => layout.nodes.find((candidate) => candidate.id === id)!;

  it('puts each stage right of the stages and images it reads', () => {
    assert.deepEqual(
      layout.nodes.map((n) => [n.id, n.column, n.kind]),
      [
        ['image:nginx:1.27', 0, 'image'],
        ['stage:0', 0, 'used'],
        ['stage:1', 0, 'used'],
        ['stage:2', 1, 'unused'],
        ['stage:3', 1, 'final'],
      ],
    );
    for (const edge of layout.edges) assert.ok(node(edge.from).x < node(edge.to).x, `${edge.from} -> ${edge.to} goes right`);
  });

  it('draws FROM, COPY (paths merged per pair of stages) and mount edges', () => {
    assert.deepEqual(
      layout.edges.map((edge) => [edge.from, edge.to, edge.kind, edge.label]),
      [
        ['stage:1', 'stage:2', 'from', 'FROM'],
        ['stage:0', 'stage:3', 'copy', 'COPY /app/node_modules'],
        ['stage:1', 'stage:3', 'copy', 'COPY /src/dist, COPY /src/package.json'],
        ['image:nginx:1.27', 'stage:3', 'copy', 'COPY /etc/nginx/mime.types'],
        ['stage:1', 'stage:3', 'mount', 'mount /src/scripts'],
      ],
    );
  });

  it('shows the base and the user of each stage, and reveals FROM lines', () => {
    assert.deepEqual(
      layout.nodes.filter((n) => n.stage !== null).map((n) => [n.title, n.subtitle, n.detail, n.line]),
      [
        ['deps', 'FROM node:20', 'user: image default · /app', 1],
        ['build', 'FROM node:20', 'user: image default · /src', 4],
        ['test', 'FROM build', 'user: image default · /src', 7],
        ['runtime', 'FROM node:20-slim', 'user: node · /', 9],
      ],
    );
    assert.equal(node('image:nginx:1.27').line, 13, 'an image node reveals the COPY that reads it');
  });

  it('stacks the stages of a column without overlap', () => {
    const boxes = layout.nodes.map((n) => ({ x: n.x, y: n.y }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) assert.ok(a.x !== b.x || Math.abs(a.y - b.y) >= 62, 'boxes overlap');
    }
    assert.ok(layout.width >= Math.max(...layout.nodes.map((n) => n.x)) + 220 && layout.height >= Math.max(...layout.nodes.map((n) => n.y)) + 62);
  });

  it('copes with stage numbers, self-references and an empty file', () => {
    // `--from=1` inside stage 1 names no earlier stage: Docker would look for an image "1".
    const odd = stagesOf(new DockerfileModel('FROM alpine\nFROM 0\nCOPY --from=1 / /\nCOPY --from=0 /x /y\n'));
    const oddLayout = layoutStageGraph(odd);
    assert.deepEqual(oddLayout.nodes.map((n) => [n.id, n.column]), [['image:1', 0], ['stage:0', 0], ['stage:1', 1]]);
    assert.deepEqual(oddLayout.edges.map((edge) => [edge.from, edge.to]), [['image:1', 'stage:1'], ['stage:0', 'stage:1']]);
    assert.deepEqual(layoutStageGraph([]).nodes, []);
  });
});

describe('stage graph page', () => {
  const html = stageGraphHtml(stages, { nonce: NONCE, cspSource: CSP_SOURCE, title: 'Dockerfile', focus: 2 });

  it('is as strict as the other webviews: nonce CSP, no inline styles, no remote resources', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${NONCE}'`));
    for (const tag of html.match(/<(script|style)\b[^>]*>/g) ?? []) assert.match(tag, new RegExp(`nonce="${NONCE}"`), tag);
    assert.doesNotMatch(html, /\sstyle="/);
    assert.doesNotMatch(html, /\s(src|href)="(https?:)?\/\//);
  });

  it('makes each stage a button that reveals its FROM line, and highlights the focused one', () => {
    const nodes = [...html.matchAll(/<g class="node ([^"]*)" data-line="(\d+)" tabindex="0" role="button"/g)].map((m) => [m[1], Number(m[2])]);
    assert.deepEqual(nodes, [['image', 13], ['used', 1], ['used', 4], ['unused focus', 7], ['final', 9]]);
    assert.match(html, /vscode\.postMessage\(\{ type: 'reveal', line: Number\(line\) \}\)/);
    assert.match(html, /querySelector\('\.node\.focus'\)\?\.scrollIntoView/);
    assert.match(html, /5 stages|4 stages, 1 not used by the final stage/);
    assert.match(html, /<tr data-line="7" tabindex="0"><td>test<\/td>.*not used/);
  });

  it('escapes what the Dockerfile says', () => {
    const hostile = stagesOf(new DockerfileModel('FROM alpine AS a\nFROM scratch\nCOPY --from=a "/x<script>alert(1)</script>" /y\nCMD ["/y"]\n'));
    const page = stageGraphHtml(hostile, { nonce: NONCE, cspSource: CSP_SOURCE, title: 'Docker<file>' });
    assert.doesNotMatch(page, /<script>alert/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /Stages of Docker&lt;file&gt;/);
  });

  it('says so when there is no stage', () => {
    assert.match(stageGraphHtml([], { nonce: NONCE, cspSource: CSP_SOURCE, title: 'Dockerfile' }), /No FROM instruction yet/);
  });
});
