/// <reference types="mocha" />
// Scenario 4 through the API: the hover shows the rule's docs, "Ignore ... for this line"
// writes the pragma and the finding goes, a severity set in the settings changes it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
  productExtension,
  rangeOf,
  saveAndRead,
  type ExpectedDiagnostic,
} from '../support';

function expectedFor(code: string): ExpectedDiagnostic {
  const found = fixtureJson<ExpectedDiagnostic[]>('expected/naive-node/diagnostics.json').find((e) => e.code === code);
  assert.ok(found, `diagnostics.json has no ${code}`);
  return found;
}

/** The description and the first sentence of the docs, from docs/rules/<id>.md in the installed extension. */
function ruleDocs(ruleId: string): string[] {
  const lines = readFileSync(join(productExtension().extensionPath, 'docs', 'rules', `${ruleId}.md`), 'utf8').split('\n');
  const heading = lines.indexOf(`# ${ruleId}`);
  const description = lines.slice(heading + 1).find((line) => line.trim() !== '')?.trim() ?? '';
  const tableEnd = lines.findIndex((line, i) => i > heading && line.startsWith('|') && !(lines[i + 1] ?? '').startsWith('|'));
  const paragraph = lines.slice(tableEnd + 1).find((line) => line.trim() !== '')?.trim() ?? '';
  return [description, /^(.*?[.!?])(\s|$)/.exec(paragraph)?.[1] ?? paragraph];
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

export function hoverIgnoreSeveritySuite(): void {
  suite('hover, ignore pragma, severity', () => {
    const config = () => vscode.workspace.getConfiguration('dockerfileOptimizer');
    const target = () => (vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    teardown(async () => {
      await config().update('rules', undefined, target());
    });

    test('the hover on missing-user shows its docs', async () => {
      const missingUser = expectedFor('missing-user');
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      const diagnostics = await diagnosticsMatching(document.uri, 'missing-user', (found) => found.some((d) => matches(d, missingUser)));
      const position = rangeOf(missingUser, diagnostics).start;
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
      const text = hoverText(hovers);
      for (const want of ['missing-user', ...ruleDocs('missing-user')]) assert.ok(text.includes(want), `the hover lacks ${JSON.stringify(want)}:\n${text}`);
    });

    test('"Ignore copy-before-deps for this line" writes the pragma and the finding goes', async () => {
      const copy = expectedFor('copy-before-deps');
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      const diagnostics = await diagnosticsMatching(document.uri, 'copy-before-deps', (found) => found.some((d) => matches(d, copy)));
      const actions = await codeActions(document.uri, rangeOf(copy, diagnostics), vscode.CodeActionKind.QuickFix.value);
      const ignore = actions.find((a) => a.title === 'Ignore copy-before-deps for this line');
      assert.ok(ignore, `no ignore action; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      await apply(ignore);
      assert.equal(await saveAndRead(document), fixture('expected/naive-node/ignore-copy-before-deps.Dockerfile'));
      await diagnosticsMatching(document.uri, 'copy-before-deps to be gone', (found) => !found.some((d) => codeOf(d) === 'copy-before-deps'));
    });

    test('a severity from the settings: missing-user as error, then off', async () => {
      const missingUser = expectedFor('missing-user');
      const document = await open(join(copyFixture('naive-node'), 'Dockerfile'));
      await diagnosticsMatching(document.uri, 'missing-user', (found) => found.some((d) => matches(d, missingUser)));
      await config().update('rules', { 'missing-user': 'error' }, target());
      await diagnosticsMatching(document.uri, 'missing-user as an error', (found) => found.some((d) => matches(d, { ...missingUser, severity: 'error' })));
      await config().update('rules', { 'missing-user': 'off' }, target());
      await diagnosticsMatching(document.uri, 'missing-user to be gone', (found) => !found.some((d) => codeOf(d) === 'missing-user') && found.length > 0);
    });
  });
}
