// The workbench as a user sees it, through Playwright: Quick Open, the editor, squiggles, the
// Problems panel and status bar, Ctrl+. quick fixes, hovers, the command palette and saving.
// Selectors are those of VS Code 1.139 (code-server 4.139.1), see ../shared/e2e/README.md.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SETTINGS_APPLIED_TITLE } from './code-server';
import { waitFor } from './wait';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A marker row of the Problems panel. */
export interface Problem {
  /** As the row's aria-label names it: Error, Warning, Info. */
  severity: string;
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

/** The counts the status bar shows (its problems item). */
export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export class Workbench {
  private shotCount = 0;

  constructor(
    readonly page: Page,
    /** Folder for this scenario's screenshots. */
    private readonly artifacts: string,
    private readonly log: (message: string) => void,
  ) {
    mkdirSync(artifacts, { recursive: true });
  }

  /** Loads the workbench on `folder` and waits until the explorer lists `expectFile`. */
  async open(url: string, folder: string, expectFile: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench').waitFor();
    await this.explorerRow(expectFile).waitFor();
    await waitFor('the workbench to apply the user settings', async () => (await this.page.title()) === SETTINGS_APPLIED_TITLE);
  }

  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  }

  /** Screenshot into the scenario's artifacts, numbered in order. */
  async shot(name: string): Promise<string> {
    this.shotCount++;
    const file = join(this.artifacts, `${String(this.shotCount).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    this.log(`screenshot ${file}`);
    return file;
  }

  /**
   * Opens a workspace file with Quick Open (Ctrl+P), as a user does, and waits until the editor
   * shows `firstLineText`. `relPath` is relative to the workspace folder, with `/`.
   */
  async openFile(relPath: string, firstLineText: string): Promise<Editor> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relPath);
    const name = relPath.split('/').pop() ?? relPath;
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const editor = this.editor(relPath);
    await editor.line(firstLineText).waitFor();
    return editor;
  }

  editor(relPath: string): Editor {
    return new Editor(this.page, this.page.locator(`.editor-group-container .monaco-editor[data-uri$="/${relPath}"]`).first());
  }

  /** Shows the Problems panel (Ctrl+Shift+M toggles, so only when it is not shown). */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }

  /** The marker rows the Problems panel shows now (file and related-information rows left out). */
  async problems(): Promise<Problem[]> {
    const rows = await this.page
      .locator('.markers-panel .monaco-list-row')
      .evaluateAll((elements) => elements.map((element) => [(element as unknown as { innerText: string }).innerText, element.getAttribute('aria-label') ?? '']));
    return rows.map(([text, label]) => parseProblemRow(text, label)).filter((problem): problem is Problem => problem !== null);
  }

  /** Waits until the Problems panel's rows satisfy `check`, and returns them. */
  async waitForProblems(what: string, check: (problems: Problem[]) => boolean, timeoutMs?: number): Promise<Problem[]> {
    let last: Problem[] = [];
    try {
      return await waitFor(`the Problems panel to show ${what}`, async () => {
        last = await this.problems();
        return check(last) ? last : null;
      }, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nProblems panel rows:\n${formatProblems(last)}`);
    }
  }

  /** The counts of the status bar's problems item. */
  async problemCounts(): Promise<ProblemCounts> {
    const label = (await this.page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
    return parseProblemCounts(label);
  }

  /**
   * Runs a command from the palette (F1) by its title. The palette lists what the workbench
   * knew when it opened: an extension's commands appear once its manifest is read, so a palette
   * opened too early is closed and opened again until the command is there.
   */
  async runCommand(title: string, timeoutMs?: number): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await waitFor(`the command "${title}" in the palette`, async () => {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ timeout: 3000 });
        return true;
      } catch {
        await this.page.keyboard.press('Escape');
        await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
        return false;
      }
    }, timeoutMs);
    await this.page.keyboard.press('Enter');
    // A command that asks something (a pick, an input box) reuses the widget at once, so the
    // palette may never be seen hidden: wait until it is hidden or no longer shows this command.
    const widget = this.page.locator('.quick-input-widget');
    await waitFor(`the palette to close after "${title}"`, async () => !(await widget.isVisible()) || (await input.inputValue()) !== `>${title}`, timeoutMs);
  }

  /** Moves the cursor of the focused editor with Go to Line (Ctrl+G), `line` and `column` one-based. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // Ctrl+G opens Quick Open in "go to line" mode, whose prefix is ':'.
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    // The editor takes the focus back a moment later; keys pressed before then are lost.
    await this.page.locator('.editor-group-container .monaco-editor.focused').first().waitFor();
  }

  /**
   * The titles of the code actions Ctrl+. offers at the cursor; the menu stays open. A Ctrl+.
   * pressed just after Go to Line can reach an editor that has not taken the focus back, or ask
   * before the actions for the new cursor are known; the menu then never shows (a CI run waited
   * 60 s on one press with the light bulb in view), so it is asked for again, as a user would.
   */
  async openQuickFixMenu(expectTitle: string): Promise<string[]> {
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: expectTitle }).first();
    await waitFor(`the quick fix menu to offer "${expectTitle}"`, async () => {
      await this.page.keyboard.press('Control+.');
      try {
        await row.waitFor({ timeout: 5000 });
        return true;
      } catch {
        await this.page.keyboard.press('Escape');
        return false;
      }
    });
    return (await this.page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((text) => text.trim());
  }

  /** Ctrl+. at the cursor, then the action titled `title`; a screenshot of the open menu when `shotName` is given. */
  async applyQuickFix(title: string, shotName?: string): Promise<string[]> {
    const titles = await this.openQuickFixMenu(title);
    if (shotName) await this.shot(shotName);
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await row.click();
    await row.waitFor({ state: 'hidden' });
    return titles;
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  /** Whether the active editor's tab shows unsaved changes. */
  async activeTabIsDirty(): Promise<boolean> {
    return (await this.page.locator('.tabs-container .tab.active.dirty').count()) > 0;
  }

  /**
   * Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it shows every one of
   * `expectTexts` (or, after 15 s, whatever it shows, for the caller's assertion to name what is
   * missing). The hover's parts (the diagnostic's message, each provider's content) can render
   * one after the other.
   */
  async hoverAtCursor(...expectTexts: string[]): Promise<string> {
    const anyHover = this.page.locator('.monaco-hover:not(.hidden)').first();
    let complete = this.page.locator('.monaco-hover:not(.hidden)');
    for (const text of expectTexts) complete = complete.filter({ hasText: text });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      // No hover at all means the keys were lost (as a Ctrl+. once was in CI): press them again.
      // Not while one shows: the same keys then move the focus into it.
      if (!(await anyHover.isVisible())) {
        await this.page.keyboard.press('Control+K');
        await this.page.keyboard.press('Control+I');
      }
      try {
        await complete.first().waitFor({ state: 'visible', timeout: 3000 });
        return await complete.first().innerText();
      } catch {
        // not complete yet, or no hover: look again
      }
    }
    await anyHover.waitFor({ state: 'visible' });
    return anyHover.innerText();
  }

  /** The names "Developer: Show Running Extensions" lists (activated extensions); closes it again. */
  async runningExtensions(): Promise<string[]> {
    await this.runCommand('Developer: Show Running Extensions');
    const editor = this.page.locator('.runtime-extensions-editor');
    const rows = editor.locator('.monaco-list-row');
    // The list fills in once the extension host answers; built-in extensions are always there.
    await rows.first().waitFor();
    // The list renders only the rows in view: page through it with the keyboard.
    const names = new Map<number, string>();
    await rows.first().click();
    for (let page = 0; page < 50; page++) {
      const seen = await rows.evaluateAll((elements) =>
        elements.map((element) => ({
          position: Number(element.getAttribute('aria-posinset')),
          size: Number(element.getAttribute('aria-setsize')),
          name: ((element as unknown as { innerText: string }).innerText ?? '').split('\n')[0].trim(),
        })),
      );
      for (const row of seen) names.set(row.position, row.name);
      const size = seen[0]?.size ?? 0;
      if (names.size >= size) break;
      await this.page.keyboard.press('PageDown');
    }
    // Escape closes the modal editor it opens in.
    await this.page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    return [...names.values()];
  }

  /** Shows the Output view; returns the channels its "Switch Output" list offers. */
  async outputChannels(): Promise<string[]> {
    await this.runCommand('Output: Focus on Output View');
    const select = this.outputSwitch();
    await select.waitFor();
    return select.locator('option').allInnerTexts();
  }

  private outputSwitch(): Locator {
    return this.page.locator('select.monaco-select-box[aria-label="Switch Output"]').filter({ visible: true }).first();
  }

  /** Switches the Output view to `channel` and returns the lines it shows. */
  async outputChannelLines(channel: string): Promise<string[]> {
    await this.outputChannels();
    await this.outputSwitch().selectOption(channel);
    const lines = this.page.locator('[id="workbench.parts.panel"] .monaco-editor .view-line');
    await lines.first().waitFor({ state: 'attached' });
    return lines.allInnerTexts();
  }

  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

/** One editor on the page: its lines and its squiggles. */
export class Editor {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  line(text: string): Locator {
    return this.root.locator('.view-line', { hasText: text }).first();
  }

  /** Focuses the editor by clicking a line of it. */
  async focus(text: string): Promise<void> {
    await this.line(text).click();
  }

  /**
   * The squiggles rendered in the visible part of the editor, as {line, severity}: a squiggle
   * sits in an overlay row whose top matches the line number's row in the margin.
   */
  async squiggles(): Promise<{ line: number; severity: Severity }[]> {
    return this.root.evaluate((element) => {
      const editor = element as unknown as DomNode;
      const lineAtTop = new Map<string, number>();
      for (const row of Array.from(editor.querySelectorAll('.margin-view-overlays > div'))) {
        const number = row.querySelector('.line-numbers')?.textContent?.trim();
        if (number) lineAtTop.set(row.style.top, Number(number));
      }
      const found: { line: number; severity: Severity }[] = [];
      for (const row of Array.from(editor.querySelectorAll('.view-overlays > div'))) {
        for (const squiggle of Array.from(row.querySelectorAll('[class*="squiggly-"]'))) {
          const severity = /squiggly-(error|warning|info|hint)/.exec(squiggle.className)?.[1] as Severity | undefined;
          const line = lineAtTop.get(row.style.top);
          if (severity && line !== undefined) found.push({ line, severity });
        }
      }
      return found.sort((a, b) => a.line - b.line);
    });
  }

  async waitForSquiggle(line: number, severity: Severity, timeoutMs?: number): Promise<void> {
    await waitFor(`a ${severity} squiggle on line ${line}`, async () => (await this.squiggles()).some((s) => s.line === line && s.severity === severity), timeoutMs);
  }

  /** The text of the visible lines, in order (for messages). */
  async visibleText(): Promise<string> {
    return (await this.root.locator('.view-line').allInnerTexts()).join('\n');
  }
}

/** The little of the DOM that page functions here use (the project compiles without lib.dom). */
interface DomNode {
  className: string;
  textContent: string | null;
  style: { top: string };
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

export function parseProblemRow(text: string, ariaLabel = ''): Problem | null {
  const parts = text.split('\n').map((part) => part.trim());
  const where = /^\[Ln (\d+), Col (\d+)\]$/.exec(parts[parts.length - 1] ?? '');
  if (!where || parts.length < 4) return null;
  // A related-information row reads `file\n[Ln..]\n:\nmessage`; a marker row ends with [Ln..].
  // A marker row's aria-label starts with its severity: `Warning: <message> at line ...`.
  return {
    severity: /^(Error|Warning|Info|Hint):/.exec(ariaLabel)?.[1] ?? '',
    message: parts.slice(0, parts.length - 3).join('\n'),
    source: parts[parts.length - 3],
    code: parts[parts.length - 2],
    line: Number(where[1]),
    column: Number(where[2]),
  };
}

export function parseProblemCounts(label: string): ProblemCounts {
  const count = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos') };
}

export function formatProblems(problems: Problem[]): string {
  return problems.length === 0 ? '  (none)' : problems.map((p) => `  ${p.line}:${p.column} ${p.severity} ${p.source} ${p.code}: ${p.message}`).join('\n');
}
