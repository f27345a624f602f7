// Scenario 6, against the real Docker engine: Build Image from the palette on a two-stage
// busybox fixture (fixtures/layers-busybox) finishes and says so; the inline sizes appear
// above the final stage's layer lines; Show Layer Sizes opens its page, whose rows match
// `docker history` of the image row by row (instruction, bytes, the size as shown, the
// Dockerfile line), whose wasted space is the fixture's known bytes, and whose rows reveal
// their Dockerfile line when clicked.
//
// What the page should show is computed here from the engine (`docker history`, `docker
// image inspect`, run with execFile, no shell) and from the fixture's text, not taken from
// the extension.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Frame } from 'playwright-core';
import { DOCKER } from '../../support/engine';
import { codeLenses, cursorPosition, notificationToast, renderedCursorLine, quickInput, quickPickByPlaceholder, toastContents, webviewFrame } from '../harness/panels';
import { assert, type Scenario } from '../harness/scenario';
import { humanSize, parseSize, sameSize } from '../harness/sizes';
import { waitFor } from '../harness/wait';

const run = promisify(execFile);
const TAG = `dfo-e2e-layers:${process.pid}`;
/** The build takes a few seconds here; generous for a loaded machine. */
const BUILD_TIMEOUT_MS = 240_000;
const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

async function docker(args: string[]): Promise<string> {
  const { stdout } = await run(DOCKER, args, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** One row of `docker history`, oldest first, with the Dockerfile line it comes from. */
interface HistoryRow {
  createdBy: string;
  bytes: number;
  /** The size as `docker history` prints it ("3.15MB"). */
  shown: string;
  /** One-based line of the final stage's instruction, or null (base image rows). */
  line: number | null;
  keyword: string | null;
}

/** The instruction a history row records, as written in a Dockerfile (BuildKit and legacy forms). */
function historyInstruction(createdBy: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/^RUN \/bin\/sh -c /, 'RUN ')
    .replace(/ # buildkit$/, '')
    .trim();
}

/** A Dockerfile line without its `--flag=value` words (history leaves out `COPY --from=...`). */
function withoutFlags(line: string): string {
  return line.replace(/\s--[a-z-]+=\S+/g, '').trim();
}

/** `docker history` of the image, oldest row first, each row mapped to the final stage's line. */
async function imageHistory(image: string, dockerfile: string): Promise<HistoryRow[]> {
  const parse = (stdout: string) =>
    stdout
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { CreatedBy: string; Size: string })
      .reverse();
  const shown = parse(await docker(['history', '--no-trunc', '--format', '{{json .}}', image]));
  const raw = parse(await docker(['history', '--no-trunc', '--human=false', '--format', '{{json .}}', image]));
  assert(shown.length === raw.length, `docker history gave ${shown.length} and ${raw.length} rows`);
  const lines = dockerfile.split('\n');
  const finalFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  return raw.map((row, index) => {
    const instruction = historyInstruction(row.CreatedBy);
    const at = instruction ? lines.findIndex((line, i) => i > finalFrom && withoutFlags(line) === instruction) : -1;
    return {
      createdBy: row.CreatedBy,
      bytes: Number(row.Size),
      shown: shown[index].Size,
      line: at === -1 ? null : at + 1,
      keyword: at === -1 ? null : lines[at].split(/\s/, 1)[0].toUpperCase(),
    };
  });
}

/**
 * The wasted bytes the fixture was written to have: files the final stage writes with
 * `dd ... of=FILE bs=B count=C` and a later line of it removes (`rm FILE`) or overwrites (`> FILE`).
 */
function knownWastedBytes(dockerfile: string): number {
  const lines = dockerfile.split('\n');
  const finalFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  let wasted = 0;
  lines.forEach((line, i) => {
    const dd = /\bdd\b.*\bof=(\S+) bs=(\d+) count=(\d+)/.exec(line);
    if (!dd || i < finalFrom) return;
    const [, file, bs, count] = dd;
    if (lines.slice(i + 1).some((later) => later.includes(`rm ${file}`) || later.includes(`> ${file}`))) wasted += Number(bs) * Number(count);
  });
  return wasted;
}

/** A row of the page's layer table. */
interface PageRow {
  row: number;
  line: string;
  size: string;
  wasted: string;
  createdBy: string;
  shown: string;
  group: string;
}

async function pageRows(frame: Frame): Promise<PageRow[]> {
  const rows = await frame.locator('tr.layer-row').evaluateAll((elements) =>
    elements.map((element) => {
      const row = element as unknown as RowNode;
      const cells = row.querySelectorAll('td');
      return {
        row: Number(row.getAttribute('data-row')),
        line: row.getAttribute('data-line') ?? '',
        size: row.getAttribute('data-size') ?? '',
        wasted: row.getAttribute('data-wasted') ?? '',
        createdBy: row.querySelector('td.instr')?.getAttribute('title') ?? '',
        shown: (cells[2]?.textContent ?? '').trim(),
        group: row.parentElement?.id ?? '',
      };
    }),
  );
  return rows.sort((a, b) => a.row - b.row);
}

interface RowNode {
  textContent: string | null;
  parentElement: RowNode | null;
  id: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): RowNode | null;
  querySelectorAll(selector: string): ArrayLike<RowNode>;
}

/** Differences between the page's rows and the engine's history, one line each. */
function compareWithHistory(rows: PageRow[], history: HistoryRow[]): string[] {
  const problems: string[] = [];
  if (rows.length !== history.length) problems.push(`the page has ${rows.length} rows, docker history ${history.length}`);
  const firstOwn = history.findIndex((row) => row.line !== null);
  history.forEach((want, i) => {
    const got = rows[i];
    if (!got) return;
    const where = `row ${i} (${JSON.stringify(want.createdBy)})`;
    if (got.createdBy !== want.createdBy) problems.push(`${where}: the page's instruction is ${JSON.stringify(got.createdBy)}`);
    if (Number(got.size) !== want.bytes) problems.push(`${where}: data-size ${got.size}, docker history ${want.bytes} bytes`);
    // A metadata row (CMD, ENV...) has no layer: the page says so, docker history says 0B.
    const shownOk = got.shown === 'no layer' ? want.bytes === 0 : sameSize(got.shown, want.shown);
    if (!shownOk) problems.push(`${where}: the page shows ${JSON.stringify(got.shown)}, docker history ${JSON.stringify(want.shown)}`);
    if (got.line !== (want.line === null ? '' : String(want.line))) problems.push(`${where}: data-line ${JSON.stringify(got.line)}, the Dockerfile line is ${want.line}`);
    const group = firstOwn !== -1 && i >= firstOwn ? 'own-layers' : 'base-layers';
    if (got.group !== group) problems.push(`${where}: listed under #${got.group}, expected #${group}`);
  });
  return problems;
}

export const buildAndLayerSizes: Scenario = {
  id: '06-build-and-layer-sizes',
  title: 'Build Image on the real engine; Show Layer Sizes matches docker history; wasted space; inline sizes',
  workspace: ['layers-busybox'],
  firstFile: 'Dockerfile',
  needsEngine: true,
  // The DOM renderer keeps the task terminal's text in the page (the others draw on a canvas).
  settings: { 'dockerfileOptimizer.engine.path': DOCKER, 'terminal.integrated.gpuAcceleration': 'off' },
  async run({ wb, workspace, step, log }) {
    const page = wb.page;
    const text = readFileSync(join(workspace, 'Dockerfile'), 'utf8');
    const lines = text.split('\n');
    const wastedBytes = knownWastedBytes(text);
    assert(wastedBytes > 0, 'the fixture writes no known wasted bytes');
    await docker(['rmi', '-f', TAG]).catch(() => undefined);
    try {
      const editor = await step('open the fixture Dockerfile', () => wb.openFile('Dockerfile', 'FROM busybox:1.36 AS build'));

      await step('Build Image from the palette: final stage, tag, no build args', async () => {
        await wb.runCommand('Dockerfile Optimizer: Build Image');
        const stages = await quickPickByPlaceholder(page, 'Target stage');
        const rows = (await stages.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
        assert(rows.length === 2 && /final · FROM busybox/.test(rows[0]) && /^build/.test(rows[1]) && !/final/.test(rows[1]), `the stage pick offers ${JSON.stringify(rows)}`);
        await page.keyboard.press('Enter');
        const tag = await quickInput(page, 'Build Image: tag');
        await tag.locator('input').fill(TAG);
        await page.keyboard.press('Enter');
        const args = await quickInput(page, 'Build Image: build args');
        assert((await args.locator('input').inputValue()) === '', 'the build args box is not empty');
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      });

      const imageId = await step('the build finishes and reports success', async () => {
        const toast = await notificationToast(page, `Built ${TAG}`, BUILD_TIMEOUT_MS);
        const { message, buttons } = await toastContents(toast);
        const id = (await docker(['image', 'inspect', '--format', '{{.Id}}', TAG])).trim();
        const short = id.replace(/^sha256:/, '').slice(0, 12);
        assert(new RegExp(`^Built ${TAG.replace(/[.:]/g, '\\$&')} \\(${short}\\) in \\d+\\.\\d s\\.$`).test(message), `the notification says ${JSON.stringify(message)}; the image is ${short}`);
        assert(buttons.includes('Show Layer Sizes') && buttons.includes('Measure Image'), `the notification offers ${JSON.stringify(buttons)}`);
        // The task's terminal ends with the verdict line.
        await page.locator('.terminal-wrapper .xterm-rows', { hasText: `Build ${TAG}: done in` }).first().waitFor();
        log(`built ${TAG} as ${short}: ${message}`);
        return id;
      });

      const history = await imageHistory(TAG, text);
      log(`docker history: ${history.map((row) => `${row.shown}${row.line ? ` L${row.line}` : ''}`).join(', ')}`);
      const own = history.filter((row) => row.line !== null);
      assert(own.length > 0 && own.some((row) => row.bytes > 0), `no row of docker history maps to the final stage: ${JSON.stringify(history)}`);

      await step('inline sizes above the final stage layer lines', async () => {
        // The build's terminal takes half the height: close the panel so every line shows.
        await wb.runCommand('View: Hide Panel');
        const ownBytes = own.reduce((sum, row) => sum + row.bytes, 0);
        const expected = new Map<number, string>([[1, `${TAG}: ${humanSize(ownBytes)} added by this Dockerfile`]]);
        for (const row of own) if (LAYER_KEYWORDS.has(row.keyword ?? '')) expected.set(row.line!, `${row.shown} layer`);
        // The language server has lenses of its own ("final stage", "used by: ..."): keep the sizes.
        let shown: { line: number; text: string }[] = [];
        const sizeLenses = async () =>
          (await codeLenses(editor.root)).flatMap((lens) =>
            lens.text
              .split('|')
              .map((part) => part.trim())
              .filter((part) => / layer$| added by this Dockerfile /.test(part))
              .map((part) => ({ line: lens.line, text: part })),
          );
        const agrees = () =>
          shown.length === expected.size &&
          shown.every((lens) => {
            const want = expected.get(lens.line);
            if (want === undefined) return false;
            if (lens.line === 1) {
              const total = new RegExp(`^${TAG.replace(/[.:]/g, '\\$&')}: (.+) added by this Dockerfile \\(built .+\\)$`).exec(lens.text);
              return total !== null && sameSize(total[1], humanSize(ownBytes));
            }
            const size = /^(.+) layer$/.exec(lens.text);
            return size !== null && sameSize(size[1], want.replace(/ layer$/, ''));
          });
        try {
          await waitFor('the inline sizes', async () => {
            shown = await sizeLenses();
            return agrees();
          });
        } catch (error) {
          throw new Error(`${(error as Error).message}\nexpected: ${JSON.stringify([...expected])}\nshown: ${JSON.stringify(shown)}`);
        }
      });

      const frame = await step('Show Layer Sizes opens its page', async () => {
        await wb.runCommand('Dockerfile Optimizer: Show Layer Sizes');
        const found = await webviewFrame(page, '#layers tr.layer-row');
        await page.locator('.tab', { hasText: 'Layers: Dockerfile' }).first().waitFor();
        return found;
      });

      await step('the rows match docker history', async () => {
        const rows = await pageRows(frame);
        const problems = compareWithHistory(rows, history);
        assert(problems.length === 0, `the layer table disagrees with docker history:\n${problems.join('\n')}\npage rows: ${JSON.stringify(rows, null, 1)}`);
        const inspected = Number((await docker(['image', 'inspect', '--format', '{{.Size}}', imageId])).trim());
        const total = frame.locator('#total-size');
        const totalBytes = Number(await total.getAttribute('data-value'));
        const totalShown = (await total.innerText()).trim();
        assert(totalBytes === inspected && sameSize(totalShown, humanSize(inspected)), `#total-size shows ${totalShown} (${totalBytes} bytes); docker image inspect: ${inspected} bytes`);
        const historyTotal = history.reduce((sum, row) => sum + row.bytes, 0);
        assert(historyTotal === inspected, `docker history adds up to ${historyTotal} bytes, docker image inspect says ${inspected}`);
      });

      await step('wasted space is the fixture known bytes', async () => {
        const figure = frame.locator('#wasted-bytes');
        const value = Number(await figure.getAttribute('data-value'));
        const shown = (await figure.innerText()).trim();
        assert(value === wastedBytes && sameSize(shown, humanSize(wastedBytes)), `#wasted-bytes shows ${shown} (${value} bytes); the fixture wastes ${wastedBytes} bytes (${humanSize(wastedBytes)})`);
        // The rows that carry it: the layers whose files a later layer removes or overwrites.
        const rows = await pageRows(frame);
        const perRow = rows.reduce((sum, row) => sum + Number(row.wasted), 0);
        assert(perRow === wastedBytes, `the rows' wasted bytes add up to ${perRow}, not ${wastedBytes}`);
        const total = history.reduce((sum, row) => sum + row.bytes, 0);
        const efficiency = (await frame.locator('#efficiency').innerText()).trim();
        const wantEfficiency = `${(((total - wastedBytes) / total) * 100).toFixed(1)}%`;
        assert(efficiency === wantEfficiency, `#efficiency shows ${efficiency}, expected ${wantEfficiency} (${total - wastedBytes} of ${total} bytes visible)`);
        assert(parseSize(shown) !== null, `#wasted-bytes is not a size: ${shown}`);
      });

      for (const needle of ['of=/app/scratch.bin', 'artifact.bin ./artifact.bin']) {
        const want = history.find((row) => row.createdBy.includes(needle));
        assert(want?.line, `no history row of the final stage with ${needle}`);
        const lineText = lines[want.line - 1];
        await step(`clicking the row of line ${want.line} reveals it`, async () => {
          await frame.locator('tr.layer-row', { hasText: needle }).first().click();
          let cursor: Awaited<ReturnType<typeof cursorPosition>> = null;
          let rendered: Awaited<ReturnType<typeof renderedCursorLine>> = null;
          try {
            await waitFor(`the cursor on line ${want.line} with the line selected`, async () => {
              // The status bar shows the cursor only while the text editor is the active one;
              // when the page keeps the focus, the editor's own line numbers and selection tell.
              cursor = await cursorPosition(page);
              if (cursor) return cursor.line === want.line && cursor.selected === lineText.length;
              rendered = await renderedCursorLine(editor.root);
              return rendered?.line === want.line && rendered.selectedOnLine;
            });
          } catch (error) {
            throw new Error(`${(error as Error).message}; the status bar shows ${JSON.stringify(cursor)}, the editor ${JSON.stringify(rendered)} (line ${want.line} is ${JSON.stringify(lineText)})`);
          }
          await editor.line(lineText.slice(0, 40)).waitFor();
        });
      }
    } finally {
      await docker(['rmi', '-f', TAG]).catch(() => undefined);
    }
  },
};
