// The @vscode/test-electron suite of test/extension, run inside code-server's extension host:
// code-server ignores extensionTestsPath, so the test-host extension (installed beside the
// product) contributes a command that runs the suite; this scenario runs it from the palette and
// fails when any of its tests fails or none ran (or, under CI=true, when one was skipped).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, type Scenario } from '../harness/scenario';
import { IN_CI } from '../harness/tools';
import { waitFor } from '../harness/wait';

interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: string; durationMs?: number; error?: string }[];
  durationMs: number;
}

export const extensionHostSuite: Scenario = {
  id: '10-extension-host-suite',
  title: 'the extension-host Mocha suite (test/extension) inside code-server',
  workspace: ['mixed'],
  firstFile: 'Dockerfile',
  testHost: true,
  async run({ wb, workspace, step, log }) {
    const resultsFile = join(workspace, '.extension-tests', 'results.json');
    const results = await step('run the suite from the palette', async () => {
      await wb.runCommand('Dockerfile Optimizer Tests: Run Extension-Host Suite');
      await waitFor('the suite to write .extension-tests/results.json', () => existsSync(resultsFile), 600_000, 500);
      await wb.page.locator('.notification-toast', { hasText: 'extension-host suite' }).first().waitFor();
      return JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
    });
    for (const test of results.tests) log(`  ${test.state === 'passed' ? 'ok  ' : test.state.toUpperCase()} ${test.title}${test.durationMs !== undefined ? ` (${test.durationMs} ms)` : ''}`);
    // A test skips only for a missing piece (no container engine, no shared corpus), and the
    // suite already fails instead under CI=true; a skip is a failure there all the same.
    const failed = results.tests.filter((test) => test.state === 'failed' || (test.state !== 'passed' && IN_CI));
    assert(failed.length === 0 && results.failures === 0, `${failed.length} extension-host test(s) did not pass:\n${failed.map((t) => `${t.title}\n${t.error ?? t.state}`).join('\n\n')}`);
    assert(results.passes > 0, 'the extension-host suite ran no test');
    const skipped = results.tests.filter((test) => test.state === 'pending').length;
    log(`${results.passes} extension-host tests passed${skipped ? `, ${skipped} skipped` : ''} in ${(results.durationMs / 1000).toFixed(1)} s`);
  },
};
