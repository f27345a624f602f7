/// <reference types="mocha" />
// Scenario 1 of the workbench tests, through the API: the naive Node Dockerfile gets
// copy-before-deps, single-stage and missing-user, with source, code, message and position.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFixture, describe, diagnosticsMatching, fixtureJson, matches, open, productExtension, type ExpectedDiagnostic } from '../support';

export function diagnosticsSuite(): void {
  suite('diagnostics', () => {
    test('a naive Node Dockerfile gets copy-before-deps, single-stage and missing-user', async () => {
      const expected = fixtureJson<ExpectedDiagnostic[]>('expected/naive-node/diagnostics.json');
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      assert.equal(document.languageId, 'dockerfile');
      const found = await diagnosticsMatching(document.uri, expected.map((e) => e.code).join(', '), (diagnostics) => expected.every((e) => diagnostics.some((d) => matches(d, e))));
      for (const e of expected) assert.ok(found.some((d) => matches(d, e)), `missing ${e.code}:\n${describe(found)}`);
      assert.ok(productExtension().isActive, 'the extension is not active after opening a Dockerfile');
    });
  });
}
