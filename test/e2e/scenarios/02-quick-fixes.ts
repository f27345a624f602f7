// Scenario 2: Ctrl+. on copy-before-deps, then single-stage (the rewrite to two stages), then
// missing-user; after each fix and save, the file on disk equals the expected text exactly
// and that finding is gone.
import { expectedQuickFixes, matches } from '../harness/findings';
import { assert, describeDifference, fixture, readWorkspaceFile, type Scenario } from '../harness/scenario';
import { waitFor } from '../harness/wait';
import { formatProblems } from '../harness/workbench';

export const quickFixes: Scenario = {
  id: '02-quick-fixes',
  title: 'quick fixes through Ctrl+. for copy-before-deps, single-stage and missing-user',
  workspace: ['naive-node'],
  firstFile: 'Dockerfile',
  async run({ wb, workspace, step }) {
    const editor = await step('open the Dockerfile', () => wb.openFile('Dockerfile', 'FROM node:20'));
    await wb.showProblems();
    for (const fix of expectedQuickFixes('expected/naive-node/quick-fixes.json')) {
      assert(fix.fixTitle, `${fix.code} has no fix title in quick-fixes.json`);
      const title = fix.fixTitle;
      await step(`fix ${fix.code} with Ctrl+.`, async () => {
        await wb.waitForProblems(`${fix.code} on line ${fix.line}`, (problems) => problems.some((p) => matches(p, fix)));
        await editor.focus('FROM');
        await wb.goTo(fix.line, fix.column);
        const offered = await wb.applyQuickFix(title, `quick-fix-menu-${fix.code}`);
        assert(offered.some((t) => t.includes(title)), `Ctrl+. did not offer "${title}": ${JSON.stringify(offered)}`);
      });
      await step(`save after ${fix.code}`, async () => {
        const expected = fixture(fix.after);
        await wb.save();
        let onDisk = '';
        try {
          await waitFor(`the saved file to equal ${fix.after}`, () => (onDisk = readWorkspaceFile(workspace, 'Dockerfile')) === expected);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${describeDifference(expected, onDisk)}`);
        }
        const rows = await wb.waitForProblems(`no ${fix.code} row`, (problems) => !problems.some((p) => p.code === fix.code));
        assert(!rows.some((p) => p.code === fix.code), `${fix.code} is still listed:\n${formatProblems(rows)}`);
      });
    }
  },
};
