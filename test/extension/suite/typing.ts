/// <reference types="mocha" />
// Scenario 5 through the API: an edit that puts `COPY . .` above an install makes the
// copy-before-deps finding appear on that line, and taking the line out again makes it go.
// The edit is a WorkspaceEdit (the API's way to type); every wait is bounded (until/WAIT_MS).
// First on the small naive-node Dockerfile with its copy-before-deps already fixed, then on
// the 5,000-line file of the shared corpus (../shared/corpus/large/, bundled beside the suite
// by test/extension/build.mjs when the corpus is there: skipped without it, failing under CI,
// as scenario 5 does).
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, copyFixture, describe, diagnosticsMatching, fixtureJson, FIXTURES, open, ours, requireOrSkip, SOURCE } from '../support';

const RULE = 'copy-before-deps';

/** fixtures/large-5k/edit.json: where scenario 5 types, and what. */
interface EditSpec {
  corpusFile: string;
  /** One-based line of the install the new line goes above. */
  line: number;
  lineText: string;
  insert: string;
  rule: string;
}

const findingAt = (line: number) => (found: vscode.Diagnostic[]) =>
  found.some((d) => codeOf(d) === RULE && d.range.start.line === line && d.range.start.character === 0 && d.severity === vscode.DiagnosticSeverity.Warning && d.source === SOURCE);

/**
 * Inserts `text` as a new line above zero-based `line`, waits for copy-before-deps there,
 * then deletes the line and waits for that finding to go (a large file has others elsewhere).
 */
async function typeAndUndo(document: vscode.TextDocument, line: number, text: string): Promise<void> {
  assert.ok(!findingAt(line)(ours(document.uri)), `${RULE} is on line ${line + 1} before the edit:\n${describe(ours(document.uri))}`);
  const original = document.lineAt(line).text;
  const insert = new vscode.WorkspaceEdit();
  insert.insert(document.uri, new vscode.Position(line, 0), `${text}\n`);
  assert.ok(await vscode.workspace.applyEdit(insert), 'the insertion was not applied');
  assert.equal(document.lineAt(line).text, text);
  await diagnosticsMatching(document.uri, `${RULE} on line ${line + 1} after inserting ${JSON.stringify(text)}`, findingAt(line));

  const remove = new vscode.WorkspaceEdit();
  remove.delete(document.uri, new vscode.Range(line, 0, line + 1, 0));
  assert.ok(await vscode.workspace.applyEdit(remove), 'the deletion was not applied');
  assert.equal(document.lineAt(line).text, original, 'the deletion left another text on the line');
  await diagnosticsMatching(document.uri, `${RULE} to leave line ${line + 1} once the line is deleted`, (found) => found.length > 0 && !findingAt(line)(found));
}

export function typingSuite(): void {
  suite('typing', () => {
    test('COPY . . typed above the install of a small Dockerfile brings copy-before-deps', async () => {
      const folder = copyFixture('naive-node');
      const path = join(folder, 'Dockerfile');
      // The naive file after its copy-before-deps fix: manifests, install, then the rest.
      copyFileSync(join(FIXTURES, 'expected', 'naive-node', 'quick-fix-1-copy-before-deps.Dockerfile'), path);
      const document = await open(path);
      await diagnosticsMatching(document.uri, 'the findings of the fixed file (single-stage, missing-user)', (found) => found.length > 0);
      const install = document.getText().split('\n').indexOf('RUN npm install');
      assert.ok(install > 0, 'the fixture has no "RUN npm install" line');
      await typeAndUndo(document, install, 'COPY . .');
    });

    test('COPY . . typed above an install of the 5,000-line corpus file brings copy-before-deps', async function () {
      const spec = fixtureJson<EditSpec>('large-5k/edit.json');
      assert.equal(spec.rule, RULE);
      const bundled = join(FIXTURES, 'large-5k', spec.corpusFile.split('/').pop()!);
      requireOrSkip(this, existsSync(bundled) ? null : `the shared corpus file ${spec.corpusFile} (test/extension/build.mjs bundles it from ../shared/corpus or DFO_CORPUS_DIR)`);
      const folder = copyFixture('large-5k');
      const document = await open(join(folder, spec.corpusFile.split('/').pop()!));
      assert.ok(document.lineCount >= 4500, `the corpus file has ${document.lineCount} lines, expected about 5,000`);
      assert.equal(document.lineAt(spec.line - 1).text, spec.lineText, `line ${spec.line} is not the install edit.json names`);
      await diagnosticsMatching(document.uri, 'the first findings of the large file', (found) => found.length > 0);
      await typeAndUndo(document, spec.line - 1, spec.insert);
    });
  });
}
