/// <reference types="mocha" />
// Scenario 9 through the API: a Containerfile is a Dockerfile to the extension (language and
// findings); files of other kinds get nothing from it.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFixture, describe, diagnosticsMatching, open, ours, productExtension } from '../support';

export function activationSuite(): void {
  suite('activation', () => {
    test('a Containerfile is checked like a Dockerfile', async () => {
      const document = await open(join(copyFixture('mixed'), 'Containerfile'));
      assert.equal(document.languageId, 'dockerfile');
      const found = await diagnosticsMatching(document.uri, 'findings in the Containerfile', (diagnostics) => diagnostics.some((d) => d.message.includes('python:3.12')));
      assert.ok(found.length > 0, describe(found));
      assert.ok(productExtension().isActive, 'the extension is not active after opening a Containerfile');
    });

    test('files of other kinds get no findings', async () => {
      const folder = copyFixture('mixed');
      const others = [];
      for (const name of ['README.md', 'app.py', 'settings.json', 'requirements.txt']) {
        const document = await open(join(folder, name));
        assert.notEqual(document.languageId, 'dockerfile', `${name} is treated as a Dockerfile`);
        others.push(document);
      }
      // The server answers in order: once the Dockerfile opened after them has its findings,
      // any finding for the other files would have arrived too.
      const dockerfile = await open(join(folder, 'Dockerfile'));
      await diagnosticsMatching(dockerfile.uri, 'findings in the Dockerfile', (diagnostics) => diagnostics.length > 0);
      for (const document of others) assert.equal(ours(document.uri).length, 0, `${document.uri.fsPath} got findings:\n${describe(ours(document.uri))}`);
    });
  });
}
