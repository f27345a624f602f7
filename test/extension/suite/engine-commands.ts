/// <reference types="mocha" />
// Scenario 6 through the API, against the local Docker engine: Build Image on
// fixtures/layers-busybox (two busybox stages; the final one writes 3 MiB and removes it,
// writes 1 MiB and overwrites it) with its options object `{ dockerfile, tag }` (the palette's
// stage pick, tag and build-args boxes are the workbench test's part), the image checked with
// `docker image inspect`; the inline sizes (CodeLenses) above the final stage's layer lines;
// Show Layer Sizes' returned table against `docker history` and the fixture's known wasted
// bytes; a `target` builds that stage; a target the file lacks builds nothing.
// What the extension should report is computed here from the engine (execFile, no shell) and
// from the fixture's text. Without an engine the suite is skipped, except under CI=true, where
// it fails (test/support/engine.ts decides the same way).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BuildImageResult } from '../../../client/src/commands/build-image';
import { humanSize, sameSize } from '../../e2e/harness/sizes';
import { copyFixture, docker, DOCKER, engineMissing, open, requireOrSkip, setSetting, until } from '../support';

/** The parts of dockerfileOptimizer.showLayerSizes' LayerSizesReport checked here. */
interface LayerSizesReport {
  image: string;
  stage: string;
  rows: { row: number; createdBy: string; line: number | null; size: number; wastedBytes: number; base: boolean }[];
  total: { bytes: number; layers: number };
  own: { bytes: number };
  wastedBytes: number;
  efficiency: number;
}

const TAG = `dfo-extension-tests-layers:${process.pid}`;
const BUILD_STAGE_TAG = `dfo-extension-tests-layers:${process.pid}-build`;
const MISSING_STAGE_TAG = `dfo-extension-tests-layers:${process.pid}-missing`;
const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
const BUILD_TIMEOUT_MS = 240_000;

interface HistoryRow {
  createdBy: string;
  bytes: number;
}

/** `docker history` of the image in bytes, oldest row first. */
async function history(image: string): Promise<HistoryRow[]> {
  const stdout = await docker(['history', '--no-trunc', '--human=false', '--format', '{{json .}}', image]);
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { CreatedBy: string; Size: string })
    .map((row) => ({ createdBy: row.CreatedBy, bytes: Number(row.Size) }))
    .reverse();
}

/** The final stage's instructions: zero-based line, keyword and text, in order. */
function finalStageInstructions(text: string): { line: number; keyword: string; text: string }[] {
  const lines = text.split('\n');
  const finalFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  return lines
    .map((line, index) => ({ line: index, keyword: line.split(/\s/, 1)[0].toUpperCase(), text: line }))
    .filter((entry) => entry.line > finalFrom && /^[A-Z]+$/.test(entry.keyword));
}

/**
 * The history rows of the final stage's instructions: each instruction makes one row, so they
 * are the last rows, in order (the last word of each line is in its row, which checks that).
 */
function ownRows(rows: HistoryRow[], text: string): (HistoryRow & { line: number; keyword: string })[] {
  const own = finalStageInstructions(text);
  assert.ok(rows.length > own.length, `docker history has ${rows.length} rows for ${own.length} instructions of the final stage`);
  return own.map((instruction, i) => {
    const row = rows[rows.length - own.length + i];
    const lastWord = instruction.text.trim().split(/\s+/).pop()!;
    assert.ok(row.createdBy.includes(lastWord), `history row ${JSON.stringify(row.createdBy)} is not line ${instruction.line + 1} (${instruction.text})`);
    return { ...row, line: instruction.line, keyword: instruction.keyword };
  });
}

/** Bytes the final stage writes with `dd ... of=FILE bs=B count=C` that a later line removes or overwrites. */
function knownWastedBytes(text: string): number {
  const lines = text.split('\n');
  const finalFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  let wasted = 0;
  lines.forEach((line, i) => {
    const dd = /\bdd\b.*\bof=(\S+) bs=(\d+) count=(\d+)/.exec(line);
    if (!dd || i < finalFrom) return;
    if (lines.slice(i + 1).some((later) => later.includes(`rm ${dd[1]}`) || later.includes(`> ${dd[1]}`))) wasted += Number(dd[2]) * Number(dd[3]);
  });
  return wasted;
}

async function buildImage(options: Record<string, unknown>): Promise<BuildImageResult | undefined> {
  return vscode.commands.executeCommand<BuildImageResult | undefined>('dockerfileOptimizer.buildImage', options);
}

export function engineCommandsSuite(): void {
  suite('engine commands (Build Image, inline sizes, Show Layer Sizes)', function () {
    this.timeout(BUILD_TIMEOUT_MS + 60_000);
    let dockerfile: vscode.Uri;
    let text: string;

    suiteSetup(async function () {
      requireOrSkip(this, await engineMissing());
      // As scenario 6: the engine the tests inspect, not whichever `docker` is first on PATH.
      await setSetting('engine.path', DOCKER);
      dockerfile = vscode.Uri.file(join(copyFixture('layers-busybox'), 'Dockerfile'));
      text = readFileSync(dockerfile.fsPath, 'utf8');
      for (const tag of [TAG, BUILD_STAGE_TAG, MISSING_STAGE_TAG]) await docker(['rmi', '-f', tag]).catch(() => undefined);
    });

    suiteTeardown(async () => {
      await setSetting('engine.path', undefined);
      for (const tag of [TAG, BUILD_STAGE_TAG, MISSING_STAGE_TAG]) await docker(['rmi', '-f', tag]).catch(() => undefined);
    });

    test('Build Image { dockerfile, tag } builds the final stage; the image exists; inline sizes appear', async () => {
      const document = await open(dockerfile.fsPath);
      const result = await buildImage({ dockerfile, tag: TAG });
      assert.ok(result, 'Build Image returned nothing: it did not start');
      assert.equal(result.ok, true, `the build failed: ${JSON.stringify(result)}`);
      assert.deepEqual({ tag: result.tag, target: result.target, dockerfile: result.dockerfile }, { tag: TAG, target: null, dockerfile: dockerfile.fsPath });
      const inspected = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .}}', TAG])) as { Id: string; Config: { WorkingDir: string } };
      assert.equal(result.imageId, inspected.Id, 'the returned image id is not the tag');
      assert.equal(inspected.Config.WorkingDir, '/app', 'the final stage sets WORKDIR /app');

      // The inline sizes: one lens per RUN/COPY/WORKDIR line of the final stage with its history size, the total above line 1.
      const own = ownRows(await history(TAG), text);
      const ownBytes = own.reduce((sum, row) => sum + row.bytes, 0);
      const expected = new Map<number, string>([[0, humanSize(ownBytes)]]);
      for (const row of own) if (LAYER_KEYWORDS.has(row.keyword)) expected.set(row.line, humanSize(row.bytes));
      let shown: { line: number; title: string }[] = [];
      const agrees = () =>
        shown.length === expected.size &&
        shown.every((lens) => {
          const size = lens.line === 0 ? new RegExp(`^${TAG.replace(/[.:]/g, '\\$&')}: (.+) added by this Dockerfile \\(built .+\\)$`).exec(lens.title) : /^(.+) layer$/.exec(lens.title);
          return size !== null && expected.has(lens.line) && sameSize(size[1], expected.get(lens.line)!);
        });
      try {
        await until('the inline sizes', async () => {
          const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
          // The language server's own lenses ("final stage", ...) stay out.
          shown = lenses.map((lens) => ({ line: lens.range.start.line, title: lens.command?.title ?? '' })).filter((lens) => / layer$| added by this Dockerfile /.test(lens.title));
          return agrees();
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}\nexpected (line: size): ${JSON.stringify([...expected])}\nshown: ${JSON.stringify(shown)}`);
      }
    });

    test('Show Layer Sizes returns the table of that image: docker history row by row, the fixture wasted bytes', async () => {
      const report = await vscode.commands.executeCommand<LayerSizesReport | undefined>('dockerfileOptimizer.showLayerSizes', dockerfile);
      assert.ok(report, 'Show Layer Sizes returned nothing (no image recorded for the Dockerfile?)');
      const rows = await history(TAG);
      const own = ownRows(rows, text);
      const firstOwn = rows.length - own.length;
      assert.equal(report.image, TAG);
      assert.equal(report.rows.length, rows.length, `the table has ${report.rows.length} rows, docker history ${rows.length}`);
      rows.forEach((want, i) => {
        const got = report.rows[i];
        const where = `row ${i} (${JSON.stringify(want.createdBy)})`;
        assert.equal(got.createdBy, want.createdBy, `${where}: instruction`);
        assert.equal(got.size, want.bytes, `${where}: bytes`);
        assert.equal(got.base, i < firstOwn, `${where}: base-image row`);
        assert.equal(got.line, i < firstOwn ? null : own[i - firstOwn].line, `${where}: Dockerfile line (zero-based)`);
      });
      const imageBytes = Number((await docker(['image', 'inspect', '--format', '{{.Size}}', TAG])).trim());
      assert.equal(report.total.bytes, imageBytes, 'the total is not docker image inspect .Size');
      const wasted = knownWastedBytes(text);
      assert.ok(wasted > 0, 'the fixture writes no known wasted bytes');
      assert.equal(report.wastedBytes, wasted, 'wasted bytes');
      assert.equal(report.rows.reduce((sum, row) => sum + row.wastedBytes, 0), wasted, "the rows' wasted bytes");
      assert.ok(Math.abs(report.efficiency - (imageBytes - wasted) / imageBytes) < 1e-9, `efficiency ${report.efficiency}, expected ${(imageBytes - wasted) / imageBytes}`);
    });

    test('Build Image { target } builds that stage', async () => {
      const result = await buildImage({ dockerfile: dockerfile.fsPath, tag: BUILD_STAGE_TAG, target: 'build' });
      assert.ok(result?.ok, `the build of stage "build" failed: ${JSON.stringify(result)}`);
      assert.equal(result.target, 'build');
      const config = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config}}', BUILD_STAGE_TAG])) as { WorkingDir: string };
      assert.equal(config.WorkingDir, '/src', 'the "build" stage sets WORKDIR /src');
    });

    test('Build Image with a target the Dockerfile lacks builds nothing', async () => {
      const result = await buildImage({ dockerfile, tag: MISSING_STAGE_TAG, target: 'runtime' });
      assert.equal(result, undefined, `it returned ${JSON.stringify(result)}`);
      await assert.rejects(docker(['image', 'inspect', MISSING_STAGE_TAG]), /No such image/i);
    });
  });
}
