// Scenario 8 (the part that exists so far): in an untrusted workspace (workspace trust on, "No,
// I don't trust the authors" chosen in the startup dialog) diagnostics still appear.
// The container-engine parts (Build Image refused or not offered when untrusted; a stopped
// engine gives a clear message within 2 s) come with the client commands of issue 3.
import { join } from 'node:path';
import { compareRows, engineFindings } from '../harness/findings';
import { assert, type Scenario } from '../harness/scenario';

export const untrustedWorkspace: Scenario = {
  id: '08-untrusted-workspace',
  title: 'untrusted workspace: diagnostics still appear',
  workspace: ['naive-node'],
  firstFile: 'Dockerfile',
  workspaceTrust: true,
  // Ask on every start, so the dialog is there to answer.
  settings: { 'security.workspace.trust.startupPrompt': 'always' },
  async run({ wb, workspace, step }) {
    await step('answer the trust dialog: do not trust', async () => {
      const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors of the files in this folder?' });
      await dialog.waitFor();
      await dialog.locator('.monaco-button', { hasText: "No, I don't trust the authors" }).click();
      await dialog.waitFor({ state: 'hidden' });
      const trust = wb.page.locator('[id="status.workspaceTrust"]');
      await trust.waitFor();
      const label = (await trust.getAttribute('aria-label')) ?? '';
      assert(label.startsWith('Restricted Mode'), `the status bar does not show Restricted Mode: ${JSON.stringify(label)}`);
    });
    await step('diagnostics in Restricted Mode', async () => {
      const editor = await wb.openFile('Dockerfile', 'FROM node:20');
      await wb.showProblems();
      const expected = await engineFindings(join(workspace, 'Dockerfile'));
      await wb.waitForProblems('the findings of the Dockerfile', (problems) => compareRows(problems, expected) === null);
      await editor.waitForSquiggle(expected[0].line, expected[0].severity as 'warning');
    });
  },
};
