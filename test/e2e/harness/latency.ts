// Latency as the user sees it, measured inside the page with one clock (performance.now()):
// from a keydown (the Enter that opens a file, the key that completes a line) to the DOM change
// it causes: the first squiggle, a squiggle on a given line, the status bar's problem count,
// the typed text on screen. A MutationObserver notes each moment as the DOM changes, so the
// figures do not include the harness's polling.
import type { Page } from 'playwright-core';
import type { Severity } from './workbench';
import { waitFor } from './wait';

export interface ProbeOptions {
  /** CSS selector of the editor to watch. */
  editor: string;
  /** The key whose next keydown starts the clock (`Enter`, `.`). */
  key: string;
  /** Line (one-based) that should get a squiggle starting at column 1, and its severity. */
  line?: number;
  severity?: Severity;
  /** Text the line must show (the keystroke's echo). */
  echo?: string;
  /** Wait for that line to lose its column-1 squiggle instead (the finding goes away). */
  expectGone?: boolean;
}

/** Milliseconds from the keydown to each event, null when it has not happened (yet). */
export interface ProbeResult {
  /** The keydown was seen. */
  started: boolean;
  /** Any squiggle in the editor. */
  anySquiggle: number | null;
  /** The squiggle on `line` appeared (or, with expectGone, disappeared). */
  lineSquiggle: number | null;
  /** The status bar's problems item changed. */
  statusChange: number | null;
  /** The line shows the `echo` text. */
  echo: number | null;
  /** The longest main-thread task of the page meanwhile (ms), if the browser reports them. */
  longestTask: number;
}

// Plain JavaScript (not compiled by tsx, which would add helpers the page lacks).
const PROBE_SOURCE = String.raw`(() => {
  if (window.__dfoProbe) return;
  const state = { options: null, start: null, marks: {}, longest: 0, observer: null };
  const statusLabel = () => document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? '';
  const lineRows = (editor, line) => {
    let top = null;
    for (const row of editor.querySelectorAll('.margin-view-overlays > div')) {
      if (row.querySelector('.line-numbers')?.textContent?.trim() === String(line)) top = row.style.top;
    }
    if (top === null) return null;
    const overlay = [...editor.querySelectorAll('.view-overlays > div')].find((row) => row.style.top === top) ?? null;
    const text = [...editor.querySelectorAll('.view-lines > .view-line')].find((row) => row.style.top === top) ?? null;
    return { overlay, text };
  };
  const check = () => {
    const o = state.options;
    if (!o || state.start === null) return;
    const now = performance.now() - state.start;
    const editor = document.querySelector(o.editor);
    if (!editor) return;
    const mark = (name) => { if (state.marks[name] === undefined) state.marks[name] = now; };
    if (editor.querySelector('[class*="squiggly-"]')) mark('anySquiggle');
    if (statusLabel() !== state.status) mark('statusChange');
    if (o.line) {
      const rows = lineRows(editor, o.line);
      if (rows) {
        const squiggle = [...(rows.overlay?.querySelectorAll('.squiggly-' + (o.severity ?? 'warning')) ?? [])]
          .some((node) => parseFloat(node.style.left || '0') < 1);
        if (squiggle !== !!o.expectGone) mark('lineSquiggle');
        if (o.echo !== undefined && rows.text && rows.text.textContent.replace(/\u00a0/g, ' ').includes(o.echo)) mark('echo');
      }
    }
  };
  try {
    new PerformanceObserver((list) => {
      if (state.start === null) return;
      for (const entry of list.getEntries()) if (entry.startTime >= state.start) state.longest = Math.max(state.longest, entry.duration);
    }).observe({ type: 'longtask' });
  } catch {}
  window.addEventListener('keydown', (event) => {
    if (state.options && state.start === null && event.key === state.options.key) {
      state.start = performance.now();
      queueMicrotask(check);
    }
  }, true);
  window.__dfoProbe = {
    arm(options) {
      state.observer?.disconnect();
      state.options = options; state.start = null; state.marks = {}; state.longest = 0; state.status = statusLabel();
      state.observer = new MutationObserver(check);
      state.observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    result() {
      const m = state.marks;
      const get = (name) => (m[name] === undefined ? null : m[name]);
      return { started: state.start !== null, anySquiggle: get('anySquiggle'), lineSquiggle: get('lineSquiggle'),
        statusChange: get('statusChange'), echo: get('echo'), longestTask: state.longest };
    },
    disarm() { state.observer?.disconnect(); state.observer = null; state.options = null; },
  };
})()`;

export type ProbeEvent = 'anySquiggle' | 'lineSquiggle' | 'statusChange' | 'echo';

export class LatencyProbe {
  constructor(private readonly page: Page) {}

  /** Starts watching; the clock starts at the next keydown of `options.key`. */
  async arm(options: ProbeOptions): Promise<void> {
    await this.page.evaluate(PROBE_SOURCE);
    await this.page.evaluate(`window.__dfoProbe.arm(${JSON.stringify(options)})`);
  }

  async result(): Promise<ProbeResult> {
    return (await this.page.evaluate('window.__dfoProbe.result()')) as ProbeResult;
  }

  /** Waits until every one of `fields` has a time, returns the whole result, and stops watching. */
  async waitFor(fields: ProbeEvent[], what: string, timeoutMs?: number): Promise<ProbeResult> {
    try {
      return await waitFor(what, async () => {
        const result = await this.result();
        return fields.every((field) => result[field] !== null) ? result : null;
      }, timeoutMs, 50);
    } finally {
      await this.page.evaluate('window.__dfoProbe.disarm()').catch(() => undefined);
    }
  }
}

/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
