// Scenario 9: the extension activates on a Dockerfile and on a Containerfile (each in its own
// workbench, since activation happens once), not on unrelated files; its output channel then
// holds no error.
import { join } from 'node:path';
import { compareRows, engineFindings } from '../harness/findings';
import { assertNoChannelErrors, CHANNEL, ERROR_LINE } from '../harness/output-channel';
import { assert, type Scenario } from '../harness/scenario';

const EXTENSION = 'Dockerfile Optimizer';

function activationScenario(id: string, file: string, firstLine: string): Scenario {
  return {
    id,
    title: `activation on ${file}, not on unrelated files; no error in the output channel`,
    workspace: ['mixed'],
    firstFile: file,
    async run(ctx) {
      const { wb, step } = ctx;
      await step('unrelated files do not activate it', async () => {
        await wb.openFile('README.md', '# A folder with a Dockerfile');
        await wb.openFile('app.py', 'from http.server import');
        await wb.openFile('settings.json', '"port"');
        const running = await wb.runningExtensions();
        assert(running.length > 0 && !running.includes(EXTENSION), `${EXTENSION} is running before any Dockerfile was opened: ${running.join(', ')}`);
        const channels = await wb.outputChannels();
        assert(!channels.includes(CHANNEL), `the "${CHANNEL}" output channel exists before activation: ${channels.join(', ')}`);
      });

      await step(`opening ${file} activates it`, async () => {
        const editor = await wb.openFile(file, firstLine);
        await wb.showProblems();
        const expected = await engineFindings(join(ctx.workspace, file));
        assert(expected.length > 0, `the engine finds nothing in fixtures/mixed/${file}; the scenario needs a finding`);
        await wb.waitForProblems(`the findings of ${file}`, (problems) => compareRows(problems, expected) === null);
        await editor.waitForSquiggle(expected[0].line, expected[0].severity as 'warning');
        const running = await wb.runningExtensions();
        assert(running.includes(EXTENSION), `${EXTENSION} is not among the running extensions: ${running.join(', ')}`);
      });

      await step('the output channel has no error', async () => {
        const lines = await wb.outputChannelLines(CHANNEL);
        const shown = lines.filter((line) => ERROR_LINE.test(line));
        assert(shown.length === 0, `the "${CHANNEL}" channel shows errors:\n${shown.join('\n')}`);
        assertNoChannelErrors(ctx);
      });
    },
  };
}

export const activationDockerfile = activationScenario('09a-activation-dockerfile', 'Dockerfile', 'FROM node:20');
export const activationContainerfile = activationScenario('09b-activation-containerfile', 'Containerfile', 'FROM python:3.12');
