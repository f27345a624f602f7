// Scenario 1: open a naive Node Dockerfile; the Problems panel lists copy-before-deps,
// single-stage and missing-user with source and code, squiggles sit on their lines, and every
// finding of the file reaches the panel. Records the time from opening to the first diagnostic.
import { join } from 'node:path';
import { compareRows, engineFindings, expectedDiagnostics, matches } from '../harness/findings';
import { LatencyProbe } from '../harness/latency';
import { assert, type Scenario } from '../harness/scenario';
import { formatProblems } from '../harness/workbench';

export const diagnostics: Scenario = {
  id: '01-diagnostics',
  title: 'a naive Node Dockerfile: findings in the Problems panel and squiggles on their lines',
  workspace: ['naive-node'],
  firstFile: 'Dockerfile',
  async run({ wb, workspace, step, metric }) {
    const expected = expectedDiagnostics('expected/naive-node/diagnostics.json');
    const probe = new LatencyProbe(wb.page);
    const editor = await step('open the Dockerfile', async () => {
      await probe.arm({ editor: '.editor-group-container .monaco-editor[data-uri$="/Dockerfile"]', key: 'Enter' });
      const opened = await wb.openFile('Dockerfile', 'FROM node:20');
      const times = await probe.waitFor(['anySquiggle'], 'the first squiggle in the Dockerfile');
      metric({ name: 'open to first diagnostic (naive Dockerfile, 7 lines)', value: Math.round(times.anySquiggle ?? NaN), unit: 'ms', note: 'Enter in Quick Open to the first squiggle; includes activation and server start' });
      return opened;
    });

    await step('problems panel lists the findings', async () => {
      await wb.showProblems();
      const rows = await wb.waitForProblems('copy-before-deps, single-stage and missing-user', (problems) => expected.every((e) => problems.some((p) => matches(p, e))));
      // Every finding the engine makes (hints aside, which the panel never lists) is there, and nothing else.
      const difference = compareRows(rows, await engineFindings(join(workspace, 'Dockerfile')));
      assert(difference === null, `the Problems panel disagrees with the engine:\n${difference}\nrows:\n${formatProblems(rows)}`);
    });

    await step('squiggles on the right lines', async () => {
      for (const e of expected) await editor.waitForSquiggle(e.line, e.severity as 'warning');
      const squiggles = await editor.squiggles();
      for (const e of expected) {
        assert(squiggles.some((s) => s.line === e.line && s.severity === e.severity), `no ${e.severity} squiggle on line ${e.line} for ${e.code}: ${JSON.stringify(squiggles)}`);
      }
    });
  },
};
