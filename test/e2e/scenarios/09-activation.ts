// Scenario 9: the extension activates on a Dockerfile and on a Containerfile (each in its own
// workbench, since activation happens once), not on unrelated files; its output channel then
// holds no error.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRows, engineFindings } from '../harness/findings';
import { assert, type Scenario, type ScenarioContext } from '../harness/scenario';

const EXTENSION = 'Dockerfile Optimizer';
const CHANNEL = 'Dockerfile Optimizer';
// What an error looks like in a language client's channel ("[Error - 10:00:00] ...") or in what
// the server logs ("Unexpected error: ...", "... failed: ...").
const ERROR_LINE = /\b(error|exception|failed|cannot|couldn't)\b/i;

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
        const logged = channelLog(ctx).filter((line) => ERROR_LINE.test(line));
        assert(logged.length === 0, `the "${CHANNEL}" channel logged errors:\n${logged.join('\n')}`);
      });
    },
  };
}

/** The channel's whole content, from the extension host's log folder (the view shows only what fits). */
function channelLog(ctx: ScenarioContext): string[] {
  const logs = join(ctx.server.dirs.userData, 'logs');
  const files = existsSync(logs)
    ? readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith(`-${CHANNEL}.log`))
    : [];
  assert(files.length > 0, `no "${CHANNEL}" output channel log under ${logs}`);
  return files.flatMap((path) => readFileSync(join(logs, path), 'utf8').split('\n'));
}

export const activationDockerfile = activationScenario('09a-activation-dockerfile', 'Dockerfile', 'FROM node:20');
export const activationContainerfile = activationScenario('09b-activation-containerfile', 'Containerfile', 'FROM python:3.12');
