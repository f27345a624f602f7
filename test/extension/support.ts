/// <reference types="mocha" />
// Helpers for the suite that runs inside the extension host (with VS Code desktop through
// @vscode/test-electron, or in code-server through the test-host extension).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'dockerfile-optimizer.dockerfile-optimizer';
export const SOURCE = 'dockerfile-optimizer';
/** Long enough for a cold language server on a loaded machine; a hang still fails. */
export const WAIT_MS = 60_000;

/** test/e2e/fixtures as shipped beside this bundle (dist/../fixtures). */
export const FIXTURES = join(__dirname, '..', 'fixtures');

export interface ExpectedDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  fixTitle: string | null;
}

export interface ExpectedQuickFix extends ExpectedDiagnostic {
  after: string;
}

export function fixture(relPath: string): string {
  return readFileSync(join(FIXTURES, relPath), 'utf8');
}

export function fixtureJson<T>(relPath: string): T {
  return JSON.parse(fixture(relPath)) as T;
}

let copies = 0;
/**
 * A fresh copy of a fixture folder inside the workspace folder (or the OS temp folder without
 * one), so each test starts from the committed files and their build context.
 */
export function copyFixture(name: string): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? require('node:os').tmpdir();
  const dest = join(root, '.extension-tests', `${name}-${process.pid}-${++copies}`);
  mkdirSync(dest, { recursive: true });
  cpSync(join(FIXTURES, name), dest, { recursive: true });
  return dest;
}

export async function open(path: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(path);
  await vscode.window.showTextDocument(document);
  return document;
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITIES: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function matches(diagnostic: vscode.Diagnostic, expected: ExpectedDiagnostic): boolean {
  return (
    diagnostic.source === SOURCE &&
    codeOf(diagnostic) === expected.code &&
    diagnostic.message === expected.message &&
    diagnostic.range.start.line === expected.line - 1 &&
    diagnostic.range.start.character === expected.column - 1 &&
    diagnostic.severity === SEVERITIES[expected.severity]
  );
}

export function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${d.source} ${codeOf(d)}: ${d.message}`).join('\n') || '  (none)';
}

/** Polls until `check` holds (diagnostics arrive asynchronously); fails after WAIT_MS with `what`. */
export async function until<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function diagnosticsMatching(uri: vscode.Uri, what: string, check: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  try {
    return await until(what, () => {
      const found = ours(uri);
      return check(found) ? found : null;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\ndiagnostics now:\n${describe(ours(uri))}`);
  }
}

/** The code actions VS Code's providers offer for `range` (of the given kind), with edits resolved. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 10)) ?? [];
}

/** Applies a code action as the light bulb does: its edit, then its command. */
export async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Saves the document and returns the file's text on disk. */
export async function saveAndRead(document: vscode.TextDocument): Promise<string> {
  assert.ok(await document.save(), `saving ${document.uri.fsPath} failed`);
  return readFileSync(document.uri.fsPath, 'utf8');
}

export function rangeOf(expected: ExpectedDiagnostic, diagnostics: vscode.Diagnostic[]): vscode.Range {
  const found = diagnostics.find((d) => matches(d, expected));
  assert.ok(found, `no ${expected.code} diagnostic at ${expected.line}:${expected.column}:\n${describe(diagnostics)}`);
  return found.range;
}

/** The product extension (not this test host). */
export function productExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

// ------------------------------------------------------------------------------ what a test needs

/** As test/support/engine.ts and the workbench harness decide: a missing piece fails under CI. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Skips the tests of the calling hook or test when `missing` names something absent, except
 * under CI=true, where it fails: CI must run every test.
 */
export function requireOrSkip(context: Mocha.Context, missing: string | null): void {
  if (missing === null) return;
  if (IN_CI) throw new Error(`required under CI=true but unavailable: ${missing}`);
  context.skip();
}

/** Debian's docker client, as test/support/engine.ts uses it; `DFO_DOCKER` overrides it. */
export const DOCKER = process.env.DFO_DOCKER || '/usr/bin/docker';
/** The base image of the engine fixtures (fixtures/layers-busybox), imported by scripts/ci/engine.sh. */
const ENGINE_BASE_IMAGE = 'busybox:1.36';

/** Runs the docker client with an argument vector (no shell); rejects with its stderr on failure. */
export function docker(args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DOCKER, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')} failed: ${String(stderr).trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

let engineProbe: Promise<string | null> | undefined;

/**
 * Null when a Docker engine answers (`docker info` within 5 s, a second try on a busy machine)
 * and has the fixtures' base image; else why not. Probed once per run.
 */
export function engineMissing(): Promise<string | null> {
  engineProbe ??= (async () => {
    const hint = 'run `bash scripts/ci/engine.sh` as root';
    try {
      await docker(['info', '--format', '{{.ServerVersion}}'], 5_000).catch(() => docker(['info', '--format', '{{.ServerVersion}}'], 5_000));
    } catch (error) {
      return `no container engine (${DOCKER}): ${(error as Error).message.split('\n')[0]}; ${hint}`;
    }
    try {
      await docker(['image', 'inspect', '--format', '{{.Id}}', ENGINE_BASE_IMAGE], 20_000);
    } catch {
      return `the engine lacks ${ENGINE_BASE_IMAGE}; ${hint}`;
    }
    return null;
  })();
  return engineProbe;
}

/** Sets a setting of the product for the workspace (or globally without a folder); undefined removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('dockerfileOptimizer').update(key, value, target);
}
