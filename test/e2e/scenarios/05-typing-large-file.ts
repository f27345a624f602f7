// Scenario 5: typing in the 5,000-line Dockerfile of the shared corpus. Adding `COPY . .` before
// an install makes the copy-before-deps finding appear, deleting a character makes it go, the
// typed text shows at once (the workbench stays responsive). Measures open-to-first-diagnostic
// and keystroke-to-update in the workbench, with the default debounce and with none.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverFindings } from '../harness/findings';
import { assertNoChannelErrors } from '../harness/output-channel';
import { LatencyProbe, percentile, type ProbeResult } from '../harness/latency';
import { assert, fixture, writeWorkspaceSettings, type Scenario, type ScenarioContext } from '../harness/scenario';
import { corpusDir } from '../harness/tools';
import { waitFor } from '../harness/wait';
import type { ProblemCounts, Severity } from '../harness/workbench';

interface EditSpec {
  corpusFile: string;
  firstLine: string;
  /** One-based line of the install the new line goes above. */
  line: number;
  lineText: string;
  insert: string;
  rule: string;
  samples: number;
}

const FILE = 'large-5k.Dockerfile';
const EDITOR = `.editor-group-container .monaco-editor[data-uri$="/${FILE}"]`;
const DEFAULT_DEBOUNCE_MS = 150;

/** What the status bar should count for this text: what the server publishes, hints aside. */
async function serverCounts(workspace: string, text: string): Promise<ProblemCounts> {
  const findings = await serverFindings(join(workspace, FILE), text);
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info') };
}

export const typingLargeFile: Scenario = {
  id: '05-typing-large-file',
  title: 'typing in a 5,000-line Dockerfile: the new finding appears, the workbench stays responsive',
  workspace: ['large-5k'],
  needsCorpus: true,
  prepare(workspace) {
    const spec = JSON.parse(fixture('large-5k/edit.json')) as EditSpec;
    copyFileSync(join(corpusDir() ?? '', spec.corpusFile), join(workspace, FILE));
  },
  firstFile: FILE,
  // No suggestion widget may take a typed key.
  settings: { 'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' }, 'editor.wordBasedSuggestions': 'off', 'editor.suggestOnTriggerCharacters': false },
  async run(ctx) {
    const { wb, workspace, step, metric } = ctx;
    const spec = JSON.parse(fixture('large-5k/edit.json')) as EditSpec;
    const original = readFileSync(join(workspace, FILE), 'utf8');
    const lines = original.split('\n');
    assert(lines.length >= 4500, `${FILE} has ${lines.length} lines, expected about 5,000`);
    assert(lines[spec.line - 1] === spec.lineText, `line ${spec.line} of ${spec.corpusFile} is ${JSON.stringify(lines[spec.line - 1])}, edit.json expects ${JSON.stringify(spec.lineText)}`);
    const edited = [...lines.slice(0, spec.line - 1), spec.insert, ...lines.slice(spec.line - 1)].join('\n');
    const probe = new LatencyProbe(wb.page);

    await step(`open ${FILE} (${lines.length} lines)`, async () => {
      await probe.arm({ editor: EDITOR, key: 'Enter' });
      await wb.openFile(FILE, spec.firstLine);
      const times = await probe.waitFor(['statusChange'], 'the first diagnostics of the large file (status bar)');
      metric({ name: `open to first diagnostic (${lines.length}-line file)`, value: Math.round(times.statusChange ?? NaN), unit: 'ms', note: 'Enter in Quick Open to the status bar counting its problems; includes activation and server start' });
      await statusBarCounts(ctx, await serverCounts(workspace, original));
    });

    await step(`type "${spec.insert}" above line ${spec.line}`, async () => {
      await wb.editor(FILE).focus(spec.firstLine);
      await wb.goTo(spec.line, 1);
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.press('ArrowUp');
      await wb.page.keyboard.type(spec.insert.slice(0, -1));
      // Enter moved the install line down, but its own squiggle (npm-ci) can stay on this line
      // until the server has published for the text typed since: wait for that, then time the
      // keystroke that completes the line.
      await waitFor(`line ${spec.line} to lose the squiggle of the line Enter moved down`, async () =>
        !(await wb.editor(FILE).squiggles()).some((squiggle) => squiggle.line === spec.line && squiggle.severity === 'warning'),
      );
      const sample = await keystroke(ctx, probe, { key: spec.insert.slice(-1), line: spec.line, severity: 'warning', echo: spec.insert });
      ctx.log(`first update after typing: ${Math.round(sample.lineSquiggle ?? NaN)} ms (echo ${Math.round(sample.echo ?? NaN)} ms)`);
      await statusBarCounts(ctx, await serverCounts(workspace, edited));
      await wb.goTo(spec.line, 1);
      const hover = await wb.hoverAtCursor(spec.rule);
      assert(hover.includes(spec.rule), `the hover on line ${spec.line} does not name ${spec.rule}:\n${hover}`);
      await wb.shot('new-finding-hover');
      await wb.dismiss();
      await wb.page.keyboard.press('End');
    });

    const series = async (label: string, severity: Severity, note: string) => {
      const appear: number[] = [];
      const disappear: number[] = [];
      const echo: number[] = [];
      let longestTask = 0;
      for (let i = 0; i < spec.samples; i++) {
        const gone = await keystroke(ctx, probe, { key: 'Backspace', line: spec.line, severity, expectGone: true });
        disappear.push(gone.lineSquiggle ?? NaN);
        const back = await keystroke(ctx, probe, { key: spec.insert.slice(-1), line: spec.line, severity, echo: spec.insert });
        appear.push(back.lineSquiggle ?? NaN);
        echo.push(back.echo ?? NaN);
        longestTask = Math.max(longestTask, gone.longestTask, back.longestTask);
      }
      const round = (ms: number) => Math.round(ms);
      ctx.log(`${label}: appear ${appear.map(round).join(', ')} ms; disappear ${disappear.map(round).join(', ')} ms; echo ${echo.map(round).join(', ')} ms`);
      metric({ name: `keystroke to update, ${label}, median`, value: round(percentile(appear, 50)), unit: 'ms', note: `${note}; ${spec.samples} keystrokes that add the finding` });
      metric({ name: `keystroke to update, ${label}, p95`, value: round(percentile([...appear, ...disappear], 95)), unit: 'ms', note: `${note}; ${spec.samples * 2} keystrokes (finding added and removed)` });
      metric({ name: `keystroke to echo, ${label}, p95`, value: round(percentile(echo, 95)), unit: 'ms', note: 'keydown to the typed character on screen' });
      metric({ name: `longest renderer task while typing, ${label}`, value: round(longestTask), unit: 'ms', note: 'PerformanceObserver longtask' });
    };

    await step(`keystrokes with the default debounce (${DEFAULT_DEBOUNCE_MS} ms)`, () => series('default settings', 'warning', `includes the ${DEFAULT_DEBOUNCE_MS} ms debounce`));

    await step('keystrokes with debounceMs 0', async () => {
      // The severity change shows when the server has read the new settings (both in one read).
      writeWorkspaceSettings(workspace, { 'dockerfileOptimizer.debounceMs': 0, 'dockerfileOptimizer.rules': { [spec.rule]: 'error' } });
      await wb.editor(FILE).waitForSquiggle(spec.line, 'error');
      await series('debounceMs 0', 'error', 'no debounce');
    });

    await step(`open ${FILE} again, with the server running`, async () => {
      writeWorkspaceSettings(workspace, {});
      await wb.runCommand('File: Revert File');
      await wb.runCommand('View: Close Editor');
      await wb.editor(FILE).root.waitFor({ state: 'detached' });
      // Closing the file clears its diagnostics.
      await waitFor('the status bar to count no problem', async () => {
        const counts = await wb.problemCounts();
        return counts.errors + counts.warnings + counts.infos === 0;
      });
      await probe.arm({ editor: EDITOR, key: 'Enter' });
      // The editor comes back scrolled to where it was: at the edited line.
      await wb.openFile(FILE, spec.lineText);
      const times = await probe.waitFor(['statusChange'], 'the diagnostics of the reopened file (status bar)');
      metric({ name: `open to first diagnostic (${lines.length}-line file), server running`, value: Math.round(times.statusChange ?? NaN), unit: 'ms', note: 'reopened after closing; Enter in Quick Open to the status bar counting its problems' });
      await statusBarCounts(ctx, await serverCounts(workspace, original));
    });

    // Typing cancels checks that are under way; that must not log errors.
    await step('the output channel has no error', async () => assertNoChannelErrors(ctx));
  },
};

/** Waits until the status bar counts what the engine finds; says what it counted when it does not. */
async function statusBarCounts(ctx: ScenarioContext, want: ProblemCounts): Promise<void> {
  let shown: ProblemCounts | null = null;
  try {
    await waitFor(`the status bar to count ${JSON.stringify(want)}`, async () => JSON.stringify((shown = await ctx.wb.problemCounts())) === JSON.stringify(want));
  } catch (error) {
    throw new Error(`${(error as Error).message}; it counts ${JSON.stringify(shown)}`);
  }
}

/** Presses `key` and returns the latencies the probe saw (waits for the squiggle change and echo). */
async function keystroke(
  ctx: ScenarioContext,
  probe: LatencyProbe,
  options: { key: string; line: number; severity: Severity; echo?: string; expectGone?: boolean },
): Promise<ProbeResult> {
  const before = (await ctx.wb.editor(FILE).squiggles()).some((s) => s.line === options.line && s.severity === options.severity);
  assert(before === !!options.expectGone, `line ${options.line} ${before ? 'already has' : 'has no'} ${options.severity} squiggle before pressing ${options.key}`);
  await probe.arm({ editor: EDITOR, ...options });
  await ctx.wb.page.keyboard.press(options.key);
  const events = options.echo ? (['lineSquiggle', 'echo'] as const) : (['lineSquiggle'] as const);
  return probe.waitFor([...events], `${options.expectGone ? 'the squiggle to leave' : 'a squiggle on'} line ${options.line} after ${options.key}`);
}
