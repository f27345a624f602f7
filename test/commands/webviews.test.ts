// The webview pages: strict CSP with a nonce, no remote resources, no inline style attributes
// (the CSP forbids them), escaped text, and the stable element ids the e2e scenarios use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageArchive } from '../../client/src/container/image-archive';
import { layerSizes } from '../../client/src/container/images';
import { renderContextReport } from '../../client/src/webview/context-report-html';
import { renderLayerSizes } from '../../client/src/webview/layer-sizes-html';
import { renderMeasure } from '../../client/src/webview/measure-html';
import type { ContextReport } from '../../server/src/analysis/build-context';
import { DockerfileModel } from '../../server/src/analysis/model';

const NONCE = 'bm9uY2Utbm9uY2Utbm9uY2U';
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function checkPage(html: string) {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${NONCE}'`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  for (const tag of html.match(/<(script|style)\b[^>]*>/g) ?? []) assert.match(tag, new RegExp(`nonce="${NONCE}"`), tag);
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes');
  assert.doesNotMatch(html, /\s(src|href)="(https?:)?\/\//, 'no remote resources');
  assert.doesNotMatch(html, /<script>alert/, 'text is escaped');
}

const DOCKERFILE = 'FROM busybox AS build\nWORKDIR /app\nCOPY big.bin /app/\nRUN dd if=/dev/zero of=/tmp/x bs=1k count=100\nRUN rm /tmp/x\nCMD ["sh"]\n';
const archive: ImageArchive = {
  format: 'docker',
  config: {
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
      { created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
      { created_by: 'WORKDIR /app' },
      { created_by: 'COPY big.bin /app/ # buildkit' },
      { created_by: 'RUN /bin/sh -c dd if=/dev/zero of=/tmp/x bs=1k count=100 # buildkit' },
      { created_by: 'RUN /bin/sh -c rm /tmp/x # buildkit' },
      { created_by: 'CMD ["sh"] <script>alert(1)</script>', empty_layer: true },
    ],
  },
  layers: [
    { blob: 'a', files: [{ path: 'bin/busybox', size: 1_000_000 }], whiteouts: [], opaqueDirs: [], size: 1_000_000 },
    { blob: 'b', files: [], whiteouts: [], opaqueDirs: [], size: 0 },
    { blob: 'c', files: [{ path: 'app/big.bin', size: 5000 }], whiteouts: [], opaqueDirs: [], size: 5000 },
    { blob: 'd', files: [{ path: 'tmp/x', size: 102400 }], whiteouts: [], opaqueDirs: [], size: 102400 },
    { blob: 'e', files: [], whiteouts: ['tmp/x'], opaqueDirs: [], size: 0 },
  ],
};

describe('Show Layer Sizes page', () => {
  const model = new DockerfileModel(DOCKERFILE);
  const report = layerSizes('app:latest', archive, model, model.finalStage);
  const html = renderLayerSizes({ report, dockerfileName: 'Dockerfile', imageId: 'sha256:0123456789abcdef', nonce: NONCE, cspSource: CSP_SOURCE });

  it('is a strict, self-contained page', () => checkPage(html));
  it('has the totals, wasted bytes and efficiency by id', () => {
    assert.match(html, /id="total-size" data-value="1107400"/);
    assert.match(html, /id="own-size" data-value="107400"/);
    assert.match(html, /id="base-size" data-value="1000000"/);
    assert.match(html, /id="wasted-bytes" data-value="102400"/);
    assert.match(html, new RegExp(`id="efficiency" data-value="${(1_005_000 / 1_107_400).toString().replace('.', '\\.')}"`));
  });
  it('has one row per history row, own and base grouped apart, with the 1-based line', () => {
    const own = /<tbody id="own-layers">([\s\S]*?)<\/tbody>/.exec(html)![1];
    const base = /<tbody id="base-layers">([\s\S]*?)<\/tbody>/.exec(html)![1];
    assert.deepEqual([...own.matchAll(/data-line="(\d*)"/g)].map((m) => m[1]), ['2', '3', '4', '5', '6']);
    assert.deepEqual([...base.matchAll(/class="layer-row" data-row="(\d+)" data-line="(\d*)"/g)].map((m) => [m[1], m[2]]), [['0', ''], ['1', '']]);
    assert.match(own, /data-line="4" data-size="102400" data-wasted="102400"/);
  });
  it('has a chart with one bar per layer, and the row-click script', () => {
    const chart = /<svg id="layers-chart"[\s\S]*?<\/svg>/.exec(html)![0];
    assert.equal((chart.match(/<rect class="bar[^"]*" data-row=/g) ?? []).length, 5);
    assert.match(html, /vscode\.postMessage\(\{ type: 'reveal', line: Number\(line\) \}\)/);
  });
});

describe('Measure Image page', () => {
  const record = (time: string, imageBytes: number, coldMs: number, warmMs: number) => ({ time, tag: 'app:<b>', imageId: 'sha256:1', imageBytes, layers: 4, coldMs, warmMs, contextBytes: 2048, contextFiles: 3, builder: 'buildkit' as const, engine: 'docker', stage: null });
  const html = renderMeasure({ dockerfileName: 'Dockerfile', records: [record('2026-01-01T10:00:00Z', 200_000_000, 60_000, 3000), record('2026-01-02T10:00:00Z', 80_000_000, 40_000, 1500)], nonce: NONCE, cspSource: CSP_SOURCE });
  it('is a strict, self-contained page', () => checkPage(html));
  it('shows the latest figures and the change since the previous run', () => {
    assert.match(html, /id="latest-size" data-value="80000000">80\.0 MB/);
    assert.match(html, /−120 MB \(−60\.0%\) since the previous run/);
    assert.match(html, /id="latest-cold" data-value="40000"/);
    assert.match(html, /id="latest-warm" data-value="1500"/);
  });
  it('has a table row and a chart group per run, newest row first', () => {
    assert.deepEqual([...html.matchAll(/class="measure-row" data-index="(\d)"/g)].map((m) => m[1]), ['1', '0']);
    assert.equal((html.match(/<g class="measure-run"/g) ?? []).length, 2);
    assert.match(html, /app:&lt;b&gt;/);
  });
});

describe('Build Context Report page', () => {
  const report: ContextReport = {
    contextDir: '/w/app',
    ignoreFile: '/w/app/.dockerignore',
    ignoreOrigin: 'context',
    builder: 'buildkit',
    patterns: ['node_modules'],
    sent: { files: 3, bytes: 3000 },
    all: { files: 103, bytes: 503000 },
    saved: { files: 100, bytes: 500000 },
    folders: [
      { path: 'node_modules', sent: { files: 0, bytes: 0 }, excluded: { files: 100, bytes: 500000 } },
      { path: 'src', sent: { files: 2, bytes: 2000 }, excluded: { files: 0, bytes: 0 } },
      { path: '<evil>', sent: { files: 1, bytes: 1000 }, excluded: { files: 0, bytes: 0 } },
    ],
    largestSentFiles: [{ path: 'src/a.js', size: 1500 }],
    largestExcluded: [{ path: 'node_modules/', bytes: 500000, files: 100 }],
    unreadable: [],
    durationMs: 12,
  };
  const html = renderContextReport({ report, nonce: NONCE, cspSource: CSP_SOURCE, warnings: ['Line 3 copies dist, but it is excluded: dist/<x>.js'] });
  it('is a strict, self-contained page', () => checkPage(html));
  it('lists COPY sources the ignore file excludes, only when there are some', () => {
    assert.match(html, /<ul id="copy-warnings"><li class="warn">Line 3 copies dist, but it is excluded: dist\/&lt;x&gt;\.js<\/li><\/ul>/);
    assert.doesNotMatch(renderContextReport({ report, nonce: NONCE, cspSource: CSP_SOURCE }), /copy-warnings/);
  });
  it('has the figures, folders and chart by id', () => {
    assert.match(html, /id="sent-size" data-value="3000"/);
    assert.match(html, /id="sent-files" data-value="3"/);
    assert.match(html, /id="all-size" data-value="503000"/);
    assert.match(html, /id="saved-size" data-value="500000"/);
    assert.deepEqual([...html.matchAll(/class="folder-row" data-path="([^"]*)"/g)].map((m) => m[1]), ['node_modules', 'src', '&lt;evil&gt;']);
    assert.equal((html.match(/<g class="folder"/g) ?? []).length, 3);
  });
});
