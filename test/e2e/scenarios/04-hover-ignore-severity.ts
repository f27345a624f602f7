// Scenario 4: the hover on a finding shows its rule's docs; "Ignore <rule> for this line"
// inserts the pragma and the finding disappears; a severity changed in the settings changes
// the Problems panel (and turning the rule off removes it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedDiagnostics, matches } from '../harness/findings';
import { assert, describeDifference, fixture, readWorkspaceFile, writeWorkspaceSettings, type Scenario } from '../harness/scenario';
import { ROOT } from '../harness/tools';
import { waitFor } from '../harness/wait';

/** The rule's one-line description and the first sentence of its docs, from docs/rules/<id>.md. */
function ruleDocs(ruleId: string): { description: string; firstSentence: string } {
  const lines = readFileSync(join(ROOT, 'docs', 'rules', `${ruleId}.md`), 'utf8').split('\n');
  const heading = lines.indexOf(`# ${ruleId}`);
  assert(heading >= 0, `docs/rules/${ruleId}.md has no "# ${ruleId}" heading`);
  const description = lines.slice(heading + 1).find((line) => line.trim() !== '')?.trim() ?? '';
  // The docs proper start after the metadata table.
  const tableEnd = lines.findIndex((line, i) => i > heading && line.startsWith('|') && !(lines[i + 1] ?? '').startsWith('|'));
  const paragraph = lines.slice(tableEnd + 1).find((line) => line.trim() !== '')?.trim() ?? '';
  const firstSentence = /^(.*?[.!?])(\s|$)/.exec(paragraph)?.[1] ?? paragraph;
  return { description, firstSentence };
}

export const hoverIgnoreSeverity: Scenario = {
  id: '04-hover-ignore-severity',
  title: 'hover shows the rule docs; "ignore for this line" pragma; severity from the settings',
  workspace: ['naive-node'],
  firstFile: 'Dockerfile',
  async run({ wb, workspace, step }) {
    const expected = expectedDiagnostics('expected/naive-node/diagnostics.json');
    const missingUser = expected.find((e) => e.code === 'missing-user');
    const copyBeforeDeps = expected.find((e) => e.code === 'copy-before-deps');
    assert(missingUser && copyBeforeDeps, 'diagnostics.json lacks missing-user or copy-before-deps');
    const editor = await step('open the Dockerfile', async () => {
      const opened = await wb.openFile('Dockerfile', 'FROM node:20');
      await wb.showProblems();
      await wb.waitForProblems('missing-user and copy-before-deps', (problems) => problems.some((p) => matches(p, missingUser)) && problems.some((p) => matches(p, copyBeforeDeps)));
      return opened;
    });

    await step('hover on missing-user shows its docs', async () => {
      const docs = ruleDocs('missing-user');
      await editor.focus('FROM');
      await wb.goTo(missingUser.line, missingUser.column);
      const wanted = ['missing-user', docs.description, docs.firstSentence, missingUser.message];
      const text = await wb.hoverAtCursor(...wanted);
      for (const want of wanted) {
        assert(text.includes(want), `the hover lacks ${JSON.stringify(want)}:\n${text}`);
      }
      await wb.shot('hover');
      await wb.dismiss();
    });

    await step('ignore copy-before-deps for this line', async () => {
      await editor.focus('FROM');
      await wb.goTo(copyBeforeDeps.line, copyBeforeDeps.column);
      await wb.applyQuickFix('Ignore copy-before-deps for this line', 'quick-fix-menu-ignore');
      await editor.line('# dockerfile-optimizer ignore=copy-before-deps').waitFor();
      await wb.waitForProblems('no copy-before-deps row', (problems) => !problems.some((p) => p.code === 'copy-before-deps'));
      await wb.save();
      const want = fixture('expected/naive-node/ignore-copy-before-deps.Dockerfile');
      let onDisk = '';
      try {
        await waitFor('the saved file to carry the pragma', () => (onDisk = readWorkspaceFile(workspace, 'Dockerfile')) === want);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${describeDifference(want, onDisk)}`);
      }
    });

    await step('missing-user set to error in the settings', async () => {
      writeWorkspaceSettings(workspace, { 'dockerfileOptimizer.rules': { 'missing-user': 'error' } });
      await wb.waitForProblems('missing-user as an error', (problems) => problems.some((p) => matches(p, { ...missingUser, severity: 'error' })));
      await editor.waitForSquiggle(missingUser.line, 'error');
      await waitFor('the status bar to count 1 error', async () => (await wb.problemCounts()).errors === 1);
    });

    await step('missing-user turned off in the settings', async () => {
      writeWorkspaceSettings(workspace, { 'dockerfileOptimizer.rules': { 'missing-user': 'off' } });
      await wb.waitForProblems('no missing-user row', (problems) => !problems.some((p) => p.code === 'missing-user'));
      await waitFor('the status bar to count no error', async () => (await wb.problemCounts()).errors === 0);
    });
  },
};
