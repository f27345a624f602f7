// What the engine commands show besides the editor: webview pages (two iframes deep in
// code-server), notification toasts, the status bar's cursor position, the CodeLens lines
// above editor lines, and quick inputs (picks and input boxes) by their title.
import type { Frame, Locator, Page } from 'playwright-core';
import { waitFor } from './wait';

/**
 * The frame of the webview page that holds `selector`. Webviews are nested iframes
 * (`iframe.webview` > `iframe#active-frame`) whose URLs change between versions, so the
 * frames are searched for the element instead. A page re-rendered by the extension gets a new
 * frame: look it up again after each command that renders it.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs?: number): Promise<Frame> {
  return waitFor(
    `a webview page showing ${selector}`,
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.isDetached()) continue;
        if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      }
      return null;
    },
    timeoutMs,
  );
}

/** The notification toast whose message matches `text`; waits until it is shown. */
export async function notificationToast(page: Page, text: string | RegExp, timeoutMs?: number): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast', { has: page.locator('.notification-list-item-message', { hasText: text }) }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** A toast's message and the titles of its buttons. */
export async function toastContents(toast: Locator): Promise<{ message: string; buttons: string[] }> {
  const message = (await toast.locator('.notification-list-item-message').innerText()).trim();
  const buttons = (await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((t) => t.trim());
  return { message, buttons };
}

export interface CursorPosition {
  line: number;
  column: number;
  /** Characters selected (0 without a selection). */
  selected: number;
}

/** The active editor's cursor as the status bar shows it: `Ln 12, Col 5 (40 selected)`. */
export async function cursorPosition(page: Page): Promise<CursorPosition | null> {
  const item = page.locator('[id="status.editor.selection"]');
  if ((await item.count()) === 0) return null;
  const text = (await item.innerText()).trim();
  const match = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]), selected: Number(match[3] ?? 0) } : null;
}

/**
 * The cursor line of `editor` (its `.monaco-editor` root) as its line numbers show it, and
 * whether text is selected on that line. Unlike the status bar, this does not depend on the
 * editor having the focus: a webview that reveals a line may keep the focus itself.
 */
export async function renderedCursorLine(editor: Locator): Promise<{ line: number; selectedOnLine: boolean } | null> {
  return editor.evaluate((element) => {
    const root = element as unknown as LensDomNode;
    const active = root.querySelector('.margin-view-overlays .line-numbers.active-line-number');
    if (!active) return null;
    const line = Number((active.textContent ?? '').trim());
    const box = active.getBoundingClientRect();
    const selectedOnLine = Array.from(root.querySelectorAll('.view-overlays .selected-text')).some((node) => {
      const selection = node.getBoundingClientRect();
      return selection.width > 0 && selection.top < box.bottom && selection.bottom > box.top;
    });
    return { line, selectedOnLine };
  });
}

/** A CodeLens line as the editor renders it: the text of its lenses and the line below it. */
export interface RenderedLens {
  /** One-based line the lens sits above. */
  line: number;
  text: string;
}

/** The CodeLens lines rendered in the visible part of `editor` (its `.monaco-editor` root). */
export async function codeLenses(editor: Locator): Promise<RenderedLens[]> {
  return editor.evaluate((element) => {
    const root = element as unknown as LensDomNode;
    // A lens is a view zone above its line: the line is the first one whose top is at or
    // below the lens's bottom.
    const lines = Array.from(root.querySelectorAll('.margin-view-overlays .line-numbers'))
      .map((node) => ({ line: Number((node.textContent ?? '').trim()), top: node.getBoundingClientRect().top }))
      .filter((entry) => entry.line > 0)
      .sort((a, b) => a.top - b.top);
    return Array.from(root.querySelectorAll('.codelens-decoration')).map((node) => {
      const box = node.getBoundingClientRect();
      const below = lines.find((entry) => entry.top >= box.bottom - 2);
      return { line: below?.line ?? 0, text: (node.textContent ?? '').replace(/\u00a0/g, ' ').trim() };
    });
  });
}

/** The DOM this file's page functions use (the project compiles without lib.dom). */
interface LensDomNode {
  textContent: string | null;
  getBoundingClientRect(): { top: number; bottom: number; width: number };
  querySelector(selector: string): LensDomNode | null;
  querySelectorAll(selector: string): ArrayLike<LensDomNode>;
}

/** The quick input (pick or input box) titled `title`, once shown. */
export async function quickInput(page: Page, title: string, timeoutMs?: number): Promise<Locator> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  return widget;
}

/** The quick pick whose input shows the placeholder `placeholder`, once its rows are listed. */
export async function quickPickByPlaceholder(page: Page, placeholder: string, timeoutMs?: number): Promise<Locator> {
  const widget = page.locator('.quick-input-widget').filter({ has: page.locator(`input[placeholder*="${placeholder.replace(/"/g, '\\"')}"]`) });
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  return widget;
}
