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
  });
}
