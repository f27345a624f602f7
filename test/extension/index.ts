/// <reference types="mocha" />
// The extension-host test suite. Two ways in:
// - `run()`: @vscode/test-electron loads this bundle as extensionTestsPath (test/runTest.mjs);
// - `activate()`: as the test-host extension installed beside the product in code-server, it
//   contributes the command "Dockerfile Optimizer Tests: Run Extension-Host Suite", which the
//   workbench tests trigger from the palette (code-server ignores extensionTestsPath). Results go
//   to <workspace>/.extension-tests/results.json and a notification.
// The product extension itself carries no test code: this bundle is built by
// test/extension/build.mjs into out/extension-tests/ and never shipped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { activationSuite } from './suite/activation';
import { diagnosticsSuite } from './suite/diagnostics';
import { dockerignoreContextSuite } from './suite/dockerignore-context';
import { duplicatesSuite } from './suite/duplicates';
import { engineCommandsSuite } from './suite/engine-commands';
import { hoverIgnoreSeveritySuite } from './suite/hover-ignore-severity';
import { quickFixesSuite } from './suite/quick-fixes';
import { typingSuite } from './suite/typing';
import { closeAllEditors, productExtension } from './support';

export const RUN_COMMAND = 'dockerfileOptimizerTests.runSuite';

/**
 * In the order they run; keep them in step with test/e2e/scenarios/ (scenarios 1-7 and 9,
 * then hideDuplicates, which has no workbench scenario).
 *
 * Scenario 8 (an untrusted workspace) cannot be reproduced here: trust is settled by the
 * window before extensions run (the startup dialog, or --disable-workspace-trust, with which
 * code-server runs scenario 10 and test/runTest.mjs runs VS Code), so the suite runs in a
 * trusted extension host, and no `vscode` API takes trust away (`workspace.isTrusted` is
 * read-only). The workbench scenario is the only test of Restricted Mode.
 */
const SUITES = [
  diagnosticsSuite,
  quickFixesSuite,
  hoverIgnoreSeveritySuite,
  typingSuite,
  engineCommandsSuite,
  dockerignoreContextSuite,
  duplicatesSuite,
  activationSuite,
];

export interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
  durationMs: number;
}

/** Runs every suite with Mocha (tdd interface) and reports each test. */
export async function runSuites(): Promise<SuiteResults> {
  const started = Date.now();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  // Defines suite/test/setup... as globals, as Mocha does before it loads test files; the suites
  // are bundled with this file, so they are registered here rather than loaded from disk.
  mocha.suite.emit('pre-require', globalThis, 'extension-tests', mocha);
  suiteSetup(async () => {
    // The product activates on the first Dockerfile; make sure it is there.
    productExtension();
  });
  teardown(closeAllEditors);
  for (const define of SUITES) define();
  const results: SuiteResults = { passes: 0, failures: 0, pending: 0, tests: [], durationMs: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      results.passes++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      results.failures++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error?.stack ?? String(error) });
    });
    runner.on('pending', (test) => {
      results.pending++;
      results.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
  results.durationMs = Date.now() - started;
  return results;
}

/** @vscode/test-electron's entry point: fails when a test fails or none ran. */
export async function run(): Promise<void> {
  const results = await runSuites();
  if (results.failures > 0 || results.passes === 0) {
    throw new Error(`${results.failures} of ${results.passes + results.failures} extension-host tests failed`);
  }
}

/** The test-host extension's entry point (code-server). */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(RUN_COMMAND, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const out = folder ? join(folder, '.extension-tests') : undefined;
      let results: SuiteResults;
      try {
        results = await runSuites();
      } catch (error) {
        results = { passes: 0, failures: 1, pending: 0, durationMs: 0, tests: [{ title: 'running the suite', state: 'failed', error: (error as Error)?.stack ?? String(error) }] };
      }
      if (out) {
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));
      }
      const summary = `Dockerfile Optimizer extension-host suite: ${results.passes} passed, ${results.failures} failed`;
      void (results.failures > 0 ? vscode.window.showErrorMessage(summary) : vscode.window.showInformationMessage(summary));
      return results;
    }),
  );
}

export function deactivate(): void {}
