// How long a command takes to say something, as the user sees it: from the Enter that runs it
// (in the command palette) to a notification toast whose message matches a pattern. Measured
// inside the page with one clock (performance.now()); a MutationObserver notes the moment the
// toast is in the DOM, so the figure does not include the harness's polling.
import type { Page } from 'playwright-core';
import { waitFor } from './wait';

export interface MessageTime {
  /** Milliseconds from the Enter to the matching toast. */
  ms: number;
  /** The toast's message as shown. */
  message: string;
}

interface ClockState {
  start: number | null;
  shown: number | null;
  message: string | null;
}

// Plain JavaScript (not compiled by tsx, which would add helpers the page lacks).
const CLOCK_SOURCE = String.raw`((source, flags) => {
  const old = window.__dfoMessageClock;
  if (old) { old.observer.disconnect(); document.removeEventListener('keydown', old.onKey, true); }
  const pattern = new RegExp(source, flags);
  const state = { start: null, shown: null, message: null, observer: null, onKey: null };
  const look = () => {
    if (state.start === null || state.shown !== null) return;
    for (const message of document.querySelectorAll('.notifications-toasts .notification-toast .notification-list-item-message')) {
      const text = message.innerText || message.textContent || '';
      if (pattern.test(text)) {
        state.shown = performance.now();
        state.message = text;
        return;
      }
    }
  };
  state.onKey = (event) => {
    if (event.key === 'Enter' && state.start === null) state.start = performance.now();
  };
  document.addEventListener('keydown', state.onKey, true);
  state.observer = new MutationObserver(look);
  state.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  window.__dfoMessageClock = state;
})`;

/**
 * Starts the clock: the next Enter starts it, the first toast matching `pattern` after that
 * stops it. Arm it before the command is typed into the palette.
 */
export async function armMessageClock(page: Page, pattern: RegExp): Promise<void> {
  await page.evaluate(`${CLOCK_SOURCE}(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)})`);
}

/** Waits (up to `timeoutMs`) for the armed clock to see its toast; a hang fails here. */
export async function waitForMessage(page: Page, what: string, timeoutMs: number): Promise<MessageTime> {
  const read = () => page.evaluate<ClockState>(`(() => { const s = window.__dfoMessageClock; return { start: s.start, shown: s.shown, message: s.message }; })()`);
  const seen: { last: ClockState | null } = { last: null };
  try {
    const done = await waitFor(what, async () => {
      const state = await read();
      seen.last = state;
      return state.shown !== null && state.start !== null ? state : null;
    }, timeoutMs, 50);
    return { ms: (done.shown ?? NaN) - (done.start ?? NaN), message: done.message ?? '' };
  } catch (error) {
    const shown = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts().catch(() => []);
    const started = seen.last?.start != null ? 'the Enter was seen' : 'no Enter was seen';
    throw new Error(`${(error as Error).message} (${started}); toasts shown: ${JSON.stringify(shown)}`);
  }
}
