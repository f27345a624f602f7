/// <reference types="mocha" />
// Scenarios 2 and 3 through the API: each quick fix (copy-before-deps, single-stage,
// missing-user) in turn, and fix-all (source.fixAll.dockerfileOptimizer), leave exactly the
// expected text on disk.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  apply,
  codeActions,
  codeOf,
  copyFixture,
  diagnosticsMatching,
  fixture,
  fixtureJson,
  matches,
  open,
  rangeOf,
  saveAndRead,
  type ExpectedDiagnostic,
  type ExpectedQuickFix,
} from '../support';

export function quickFixesSuite(): void {
  suite('quick fixes', () => {
    test('copy-before-deps, single-stage and missing-user, one after the other', async () => {
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      for (const fix of fixtureJson<ExpectedQuickFix[]>('expected/naive-node/quick-fixes.json')) {
        const diagnostics = await diagnosticsMatching(document.uri, `${fix.code} at ${fix.line}:${fix.column}`, (found) => found.some((d) => matches(d, fix)));
        const actions = await codeActions(document.uri, rangeOf(fix, diagnostics), vscode.CodeActionKind.QuickFix.value);
        const action = actions.find((a) => a.title === fix.fixTitle);
        assert.ok(action, `no "${fix.fixTitle}" action for ${fix.code}; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
        await apply(action);
        assert.equal(await saveAndRead(document), fixture(fix.after), `the file after the ${fix.code} fix`);
        await diagnosticsMatching(document.uri, `${fix.code} to be gone`, (found) => !found.some((d) => codeOf(d) === fix.code));
      }
    });

    test('fix all (source.fixAll.dockerfileOptimizer)', async () => {
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      const first = fixtureJson<ExpectedDiagnostic[]>('expected/naive-node/diagnostics.json')[0];
      await diagnosticsMatching(document.uri, first.code, (found) => found.some((d) => matches(d, first)));
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = await codeActions(document.uri, whole, 'source.fixAll.dockerfileOptimizer');
      assert.equal(actions.length, 1, `expected one fix-all action, got ${JSON.stringify(actions.map((a) => a.title))}`);
      await apply(actions[0]);
      assert.equal(await saveAndRead(document), fixture('expected/naive-node/fix-all.Dockerfile'));
    });

    // While VS Code waits for code actions it cancels the request when any extension registers
    // or disposes any code action provider, if a provider for the document was left out for not
    // offering the kind asked for (getCodeActions in VS Code's codeAction.ts). So a save that
    // came as an extension activated left the file unfixed (e2e scenario 3, in CI). A quick-fix
    // provider of ours beside the language client's was such a provider; VS Code's own snippet
    // "Surround With" providers, on every file, are others, so the test turns them off (the
    // setting editor.snippets.codeActions.enabled) and then only our provider matters.
    test('fix all survives other extensions registering code action providers meanwhile', async () => {
      // In the workspace's settings, as the other suites do (code-server's user settings file
      // is the harness's).
      const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      const editorConfig = () => vscode.workspace.getConfiguration('editor');
      await editorConfig().update('snippets.codeActions.enabled', false, target);
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      const first = fixtureJson<ExpectedDiagnostic[]>('expected/naive-node/diagnostics.json')[0];
      await diagnosticsMatching(document.uri, first.code, (found) => found.some((d) => matches(d, first)));
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const churning = churnDuringFixAll(document.uri);
      try {
        for (let round = 1; round <= 3; round++) {
          const actions = await codeActions(document.uri, whole, 'source.fixAll.dockerfileOptimizer');
          assert.equal(actions.length, 1, `round ${round}: expected the fix-all action, got ${JSON.stringify(actions.map((a) => a.title))}`);
        }
        assert.ok(churning.changes >= 30, `the churn ran ${churning.changes} times`);
      } finally {
        churning.dispose();
        await editorConfig().update('snippets.codeActions.enabled', undefined, target);
      }
    });

    test('no-dockerignore offers the scaffold among the quick fixes, complete without the server', async () => {
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      const isNoDockerignore = (d: vscode.Diagnostic) => codeOf(d) === 'no-dockerignore';
      const finding = (await diagnosticsMatching(document.uri, 'no-dockerignore', (found) => found.some(isNoDockerignore))).find(isNoDockerignore)!;
      // executeCodeActionProvider resolves the actions it returns; a resolve sent to the server
      // for this one would fail (the server knows only its own actions).
      const actions = await codeActions(document.uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const scaffold = actions.find((a) => a.title === 'Scaffold a .dockerignore for this build context…');
      assert.ok(scaffold, `no scaffold action; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(scaffold.command?.command, 'dockerfileOptimizer.scaffoldDockerignore');
      assert.equal(String(scaffold.command?.arguments?.[0]), String(document.uri));
      const fixAllOnly = await codeActions(document.uri, finding.range, 'source.fixAll.dockerfileOptimizer');
      assert.ok(!fixAllOnly.some((a) => a.title === scaffold.title), 'the scaffold is offered for source.fixAll');
    });
  });
}

/**
 * A fix-all provider for `uri` that returns nothing, but only after registering and disposing a
 * provider for another language ten times, 20 ms apart, as an extension activating does. Being
 * asked for the same kind as ours, it makes each fix-all request last that long, and the
 * registrations land while VS Code waits for our answer.
 */
function churnDuringFixAll(uri: vscode.Uri): vscode.Disposable & { changes: number } {
  const churning = {
    changes: 0,
    registration: vscode.languages.registerCodeActionsProvider(
      { pattern: uri.fsPath },
      {
        provideCodeActions: async () => {
          for (let i = 0; i < 10; i++) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            vscode.languages.registerCodeActionsProvider({ language: 'plaintext' }, { provideCodeActions: () => [] }).dispose();
            churning.changes++;
          }
          return [];
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.SourceFixAll.append('dockerfileOptimizer')] },
    ),
    dispose: () => churning.registration.dispose(),
  };
  return churning;
}
