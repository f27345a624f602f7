/// <reference types="mocha" />
// dockerfileOptimizer.hideDuplicates in the extension host: a diagnostic collection of this test
// stands in for another extension (hadolint's shape: no source, `[hadolint] ` message, DL code
// with its wiki page, the whole line; then Docker DX's), and our finding with that alias on the
// same line leaves the Problems panel while the setting is on, comes back when it is off or the
// other extension's diagnostic goes, and its code actions stay reachable on the peer's range.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeActions, codeOf, describe, diagnosticsMatching, open, ours, until } from '../support';

const DOCKERFILE = 'FROM busybox:latest\nWORKDIR /app\nCMD sh -c "echo hi"\n';

let files = 0;
function writeDockerfile(text: string): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? tmpdir();
  const folder = join(root, '.extension-tests', `duplicates-${process.pid}-${++files}`);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'Dockerfile');
  writeFileSync(path, text);
  return path;
}

function lineRange(document: vscode.TextDocument, line: number): vscode.Range {
  return document.lineAt(line).range;
}

const has = (code: string) => (found: vscode.Diagnostic[]) => found.some((d) => codeOf(d) === code);
const lacks = (code: string) => (found: vscode.Diagnostic[]) => found.length > 0 && !found.some((d) => codeOf(d) === code);

export function duplicatesSuite(): void {
  suite('hide duplicates of other extensions', () => {
    const config = () => vscode.workspace.getConfiguration('dockerfileOptimizer');
    const target = () => (vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    let peer: vscode.DiagnosticCollection | undefined;
    teardown(async () => {
      peer?.dispose();
      peer = undefined;
      await config().update('hideDuplicates', undefined, target());
    });

    test("hadolint's DL3007 hides our latest-tag on that line while the setting is on", async () => {
      await config().update('hideDuplicates', true, target());
      const document = await open(writeDockerfile(DOCKERFILE));
      await diagnosticsMatching(document.uri, 'latest-tag before any other extension reports', has('latest-tag'));

      peer = vscode.languages.createDiagnosticCollection('hadolint');
      const dl3007 = new vscode.Diagnostic(lineRange(document, 0), '[hadolint] the :latest tag moves; pin a version', vscode.DiagnosticSeverity.Warning);
      dl3007.code = { value: 'DL3007', target: vscode.Uri.parse('https://github.com/hadolint/hadolint/wiki/DL3007') };
      peer.set(document.uri, [dl3007]);
      await diagnosticsMatching(document.uri, 'latest-tag to be hidden behind DL3007', lacks('latest-tag'));
      assert.ok(
        vscode.languages.getDiagnostics(document.uri).some((d) => codeOf(d) === 'DL3007'),
        `the other extension's DL3007 stays:\n${describe(vscode.languages.getDiagnostics(document.uri))}`,
      );

      // Our code actions for the hidden finding are offered on the peer's diagnostic.
      const actions = await codeActions(document.uri, dl3007.range, vscode.CodeActionKind.QuickFix.value);
      assert.ok(
        actions.some((a) => a.title === 'Ignore latest-tag for this line'),
        `no action of the hidden latest-tag; offered: ${JSON.stringify(actions.map((a) => a.title))}`,
      );

      // A new check of the document (an edit) keeps it hidden.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(3, 0), '# edited\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await until('the edit to reach the document', () => document.getText().includes('# edited'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await diagnosticsMatching(document.uri, 'latest-tag to stay hidden after an edit', lacks('latest-tag'));

      await config().update('hideDuplicates', false, target());
      await diagnosticsMatching(document.uri, 'latest-tag back with the setting off', has('latest-tag'));
      await config().update('hideDuplicates', true, target());
      await diagnosticsMatching(document.uri, 'latest-tag hidden again with the setting on', lacks('latest-tag'));

      peer.clear();
      await diagnosticsMatching(document.uri, 'latest-tag back once the other extension no longer reports DL3007', has('latest-tag'));
    });

    test('with the setting off, ours stays beside the same problem of another extension', async () => {
      await config().update('hideDuplicates', false, target());
      const document = await open(writeDockerfile(DOCKERFILE));
      peer = vscode.languages.createDiagnosticCollection('hadolint');
      const dl3007 = new vscode.Diagnostic(lineRange(document, 0), '[hadolint] the :latest tag moves; pin a version', vscode.DiagnosticSeverity.Warning);
      dl3007.source = 'hadolint';
      dl3007.code = 'DL3007';
      peer.set(document.uri, [dl3007]);
      await diagnosticsMatching(document.uri, 'latest-tag beside hadolint', has('latest-tag'));
      // Still there once the server checked again with the peer's diagnostic in place.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(has('latest-tag')(ours(document.uri)), `latest-tag went:\n${describe(ours(document.uri))}`);
    });

    test("Docker DX's JSONArgsRecommended hides our shell-form-cmd, not the rest", async () => {
      await config().update('hideDuplicates', true, target());
      const document = await open(writeDockerfile(DOCKERFILE));
      await diagnosticsMatching(document.uri, 'shell-form-cmd and latest-tag', (found) => has('shell-form-cmd')(found) && has('latest-tag')(found));
      peer = vscode.languages.createDiagnosticCollection('dockerLanguageClient');
      const json = new vscode.Diagnostic(lineRange(document, 2), 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals', vscode.DiagnosticSeverity.Warning);
      json.source = 'Docker DX (docker-language-server)';
      json.code = { value: 'JSONArgsRecommended', target: vscode.Uri.parse('https://docs.docker.com/go/dockerfile/rule/json-args-recommended/') };
      peer.set(document.uri, [json]);
      await diagnosticsMatching(document.uri, 'shell-form-cmd hidden, latest-tag kept', (found) => !has('shell-form-cmd')(found) && has('latest-tag')(found));
    });
  });
}
