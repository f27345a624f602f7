// Scenario 7: Scaffold .dockerignore and Build Context Report on a Node project with what a
// working folder has (fixtures/dockerignore-node plus node_modules/, coverage/, .git/, logs and a
// .env made by `prepare`). The scaffold shows its proposal as a diff and asks before writing;
// "Write" leaves exactly fixtures/expected/dockerignore-node/scaffolded.dockerignore on disk;
// a second run says there is nothing to add and leaves the file as it was. The report then
// shows what the engine receives with the .dockerignore and without it, figures computed here
// by walking the workspace and matching its files against the file's patterns.
//
// The expected file was derived from the fixture (after `prepare`) with planScaffold of
// server/src/analysis/dockerignore-scaffold.ts and reviewed: the Node.js section is there
// because of package.json, and `build` is left out because line 5 copies build/.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { contextFigures, patternsOf, prepareWorkingFolder } from '../harness/context-fixture';
import { notificationToast, toastContents, webviewFrame } from '../harness/panels';
import { assert, describeDifference, fixture, type Scenario } from '../harness/scenario';
import { humanSize, sameSize } from '../harness/sizes';
import { waitFor } from '../harness/wait';

const EXPECTED = 'expected/dockerignore-node/scaffolded.dockerignore';

async function figure(frame: Frame, id: string): Promise<{ value: number; shown: string }> {
  const element = frame.locator(`#${id}`);
  return { value: Number(await element.getAttribute('data-value')), shown: (await element.innerText()).trim() };
}

export const dockerignoreAndContext: Scenario = {
  id: '07-dockerignore-and-context',
  title: 'Scaffold .dockerignore: diff, write, nothing more on a second run; Build Context Report sizes with and without it',
  workspace: ['dockerignore-node'],
  prepare: prepareWorkingFolder,
  firstFile: 'Dockerfile',
  async run({ wb, workspace, step }) {
    const page = wb.page;
    const target = join(workspace, '.dockerignore');
    const expected = fixture(EXPECTED);
    const patternCount = patternsOf(expected).length;
    const dockerfileLines = readFileSync(join(workspace, 'Dockerfile'), 'utf8').split('\n');
    const copyBuildLine = dockerfileLines.findIndex((line) => line.startsWith('COPY build/')) + 1;
    assert(copyBuildLine > 0 && !existsSync(target), 'the fixture must copy build/ and have no .dockerignore yet');

    await step('open the Dockerfile', () => wb.openFile('Dockerfile', 'FROM node:20-slim'));

    const dialog = page.locator('.monaco-dialog-box', { hasText: `Write ${patternCount} patterns to .dockerignore?` });
    await step('Scaffold .dockerignore shows the proposal as a diff and asks', async () => {
      await wb.runCommand('Dockerfile Optimizer: Scaffold .dockerignore');
      await page.locator('.tab', { hasText: `.dockerignore: proposed file (${patternCount} patterns)` }).first().waitFor();
      // The proposed side of the diff shows the file to be written.
      const modified = page.locator('.monaco-diff-editor .editor.modified');
      for (const line of expected.split('\n').slice(0, 6).filter((l) => l.trim())) {
        await modified.locator('.view-line', { hasText: line }).first().waitFor();
      }
      await dialog.waitFor();
      const text = await dialog.innerText();
      for (const want of ['Ecosystems: Node.js (package.json).', `A new .dockerignore in ${workspace}.`, `Left out build: line ${copyBuildLine} copies build/`]) {
        assert(text.includes(want), `the dialog lacks ${JSON.stringify(want)}:\n${text}`);
      }
      assert(!existsSync(target), '.dockerignore was written before the answer');
    });

    await step('Write: the file on disk has the expected entries', async () => {
      await dialog.locator('.monaco-button', { hasText: /^Write$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      let onDisk = '';
      try {
        await waitFor('the .dockerignore on disk', () => existsSync(target) && (onDisk = readFileSync(target, 'utf8')) === expected);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${describeDifference(expected, onDisk)}`);
      }
      // And it is opened for the user.
      await wb.editor('.dockerignore').line('# Version control').waitFor();
    });

    await step('a second run adds nothing', async () => {
      const before = statSync(target).mtimeMs;
      // Back to the Dockerfile through the explorer (Quick Open may pick the open .dockerignore).
      await wb.explorerRow('Dockerfile').click();
      await wb.editor('Dockerfile').line('FROM node:20-slim').waitFor();
      await wb.runCommand('Dockerfile Optimizer: Scaffold .dockerignore');
      const toast = await notificationToast(page, 'already has every pattern');
      const { message } = await toastContents(toast);
      const want = '.dockerignore already has every pattern the scaffold would add. Left out because a COPY needs them: build.';
      assert(message === want, `the second run says ${JSON.stringify(message)}, expected ${JSON.stringify(want)}`);
      assert(readFileSync(target, 'utf8') === expected && statSync(target).mtimeMs === before, 'the second run changed .dockerignore');
      assert((await page.locator('.monaco-dialog-box').count()) === 0, 'the second run asked to write again');
    });

    await step('Build Context Report: sizes with and without the .dockerignore', async () => {
      await wb.runCommand('Dockerfile Optimizer: Build Context Report');
      const frame = await webviewFrame(page, '#sent-size');
      await page.locator('.tab', { hasText: 'Context: Dockerfile' }).first().waitFor();
      const want = contextFigures(workspace, patternsOf(readFileSync(target, 'utf8')));
      const saved = { files: want.all.files - want.sent.files, bytes: want.all.bytes - want.sent.bytes };
      assert(saved.bytes > 0 && want.sent.files > 0, `the fixture should both send and exclude files: ${JSON.stringify(want)}`);
      const checks: [string, number, boolean][] = [
        ['sent-size', want.sent.bytes, true],
        ['sent-files', want.sent.files, false],
        ['all-size', want.all.bytes, true],
        ['all-files', want.all.files, false],
        ['saved-size', saved.bytes, true],
      ];
      const problems: string[] = [];
      for (const [id, value, isSize] of checks) {
        const got = await figure(frame, id);
        if (got.value !== value) problems.push(`#${id}: data-value ${got.value}, computed ${value}`);
        if (isSize && !sameSize(got.shown, humanSize(value))) problems.push(`#${id}: shows ${JSON.stringify(got.shown)}, computed ${humanSize(value)}`);
      }
      const rows = await frame.locator('tr.folder-row').evaluateAll((elements) =>
        elements.map((element) => {
          const row = element as unknown as { getAttribute(name: string): string | null };
          return { path: row.getAttribute('data-path') ?? '', sent: Number(row.getAttribute('data-sent')), excluded: Number(row.getAttribute('data-excluded')) };
        }),
      );
      for (const [path, entry] of want.folders) {
        const row = rows.find((r) => r.path === path);
        if (!row) problems.push(`no row for ${path}`);
        else if (row.sent !== entry.sent.bytes || row.excluded !== entry.excluded.bytes) problems.push(`${path}: sent ${row.sent} / excluded ${row.excluded}, computed ${entry.sent.bytes} / ${entry.excluded.bytes}`);
      }
      if (rows.length !== want.folders.size) problems.push(`${rows.length} folder rows, the context has ${want.folders.size} top-level entries`);
      assert(problems.length === 0, `the Build Context Report disagrees with the workspace:\n${problems.join('\n')}`);
    });
  },
};
