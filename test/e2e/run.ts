// `npm run test:e2e`: the extension as users install it (the .vsix of `npm run package`) in a
// real VS Code workbench (code-server from npm) driven by Playwright in Debian's Chromium.
// Each scenario of scenarios/index.ts gets its own code-server, user-data folder, extensions
// folder and workspace. Screenshots, logs and a summary go to artifacts/e2e/.
//
//   npm run test:e2e                     every scenario
//   npm run test:e2e -- 01 05            only the scenarios whose id starts with 01 or 05
//   npm run test:e2e -- --write-benchmarks   also rewrite BENCHMARKS.md's workbench section
//                                            (E2E_WRITE_BENCHMARKS=1 does the same)
//
// Under CI=true it first installs its tools (scripts/e2e/install.sh) and a missing piece fails
// the run; elsewhere it prints one SKIP line when code-server or Chromium is absent.
// Environment: E2E_INSTALL=1 installs the tools outside CI too; E2E_VSIX=FILE tests that
// package instead of running `npm run package`; E2E_STEP_TIMEOUT_MS (default 60000);
// KEEP_TMP=1 keeps each scenario's folders; HEADED=1 shows the browser; ARTIFACTS=DIR.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CodeServer, QUIET_SETTINGS } from './harness/code-server';
import { checkInstalledPackage, installedExtensionDir, packageExtension, packageTestHost, readManifest } from './harness/package';
import { updateBenchmarks } from './harness/benchmarks';
import { copyFixture, type Metric, type Scenario, type ScenarioContext } from './harness/scenario';
import { corpusDir, findTools, IN_CI, installTools, ROOT, type Tools } from './harness/tools';
import { seconds, STEP_TIMEOUT_MS } from './harness/wait';
import { Workbench } from './harness/workbench';
import { scenarios } from './scenarios/index';
import { containerEngine } from '../support/engine';

const ARTIFACTS = resolve(process.env.ARTIFACTS ? join(process.env.ARTIFACTS, 'e2e') : join(ROOT, 'artifacts', 'e2e'));

interface ScenarioResult {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  seconds: number;
  error?: string;
  steps: { name: string; seconds: number }[];
  metrics: Metric[];
  /** 1-minute load average at the scenario's start and end. */
  load: [number, number];
}

const log = (message: string) => console.log(`[e2e] ${message}`);

async function main(): Promise<number> {
  const started = Date.now();
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const selected = scenarios.filter((s) => filters.length === 0 || filters.some((f) => s.id.startsWith(f)));
  if (selected.length === 0) {
    console.error(`no scenario matches ${filters.join(' ')}; ids: ${scenarios.map((s) => s.id).join(', ')}`);
    return 2;
  }

  const parts: Record<string, number> = {};
  if (IN_CI || process.env.E2E_INSTALL === '1') Object.assign(parts, installTools());
  const { tools, missing } = findTools();
  if (!tools) {
    const why = `the workbench tests need ${missing.join(', ')}; install them with: bash scripts/e2e/install.sh`;
    if (IN_CI) {
      console.error(`[e2e] FAIL: ${why}`);
      return 1;
    }
    console.log(`SKIP: ${why}`);
    return 0;
  }
  log(`code-server ${tools.codeServerVersion}, ${tools.node}, ${tools.chromium}`);

  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const packages = join(mkdtempSync(join(tmpdir(), 'dfo-e2e-packages-')));
  const vsix = join(packages, 'dockerfile-optimizer.vsix');
  let t = Date.now();
  if (process.env.E2E_VSIX) cpSync(resolve(process.env.E2E_VSIX), vsix);
  else packageExtension(vsix);
  parts['npm run package'] = (Date.now() - t) / 1000;
  log(`packaged ${vsix} in ${seconds(Date.now() - t)}`);
  const testHostVsix = join(packages, 'dockerfile-optimizer-tests.vsix');
  if (selected.some((s) => s.testHost)) {
    t = Date.now();
    packageTestHost(testHostVsix);
    parts['test-host package'] = (Date.now() - t) / 1000;
    log(`packaged the test-host extension in ${seconds(Date.now() - t)}`);
  }

  const browser = await chromium.launch({
    executablePath: tools.chromium,
    headless: !process.env.HEADED,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      results.push(await runScenario(scenario, tools, browser, { vsix, testHostVsix }));
    }
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(packages, { recursive: true, force: true });
  }

  const total = (Date.now() - started) / 1000;
  writeSummary(results, parts, total, tools);
  if (process.argv.includes('--write-benchmarks') || process.env.E2E_WRITE_BENCHMARKS === '1') writeBenchmarks(results, tools);
  const failed = results.filter((r) => r.status === 'fail');
  log(failed.length === 0 ? `PASS in ${total.toFixed(1)} s` : `FAIL: ${failed.map((r) => r.id).join(', ')} (${total.toFixed(1)} s)`);
  return failed.length === 0 ? 0 : 1;
}

async function runScenario(scenario: Scenario, tools: Tools, browser: Browser, packages: { vsix: string; testHostVsix: string }): Promise<ScenarioResult> {
  const result: ScenarioResult = { id: scenario.id, title: scenario.title, status: 'pass', seconds: 0, steps: [], metrics: [], load: [loadavg()[0], 0] };
  const started = Date.now();
  const say = (message: string) => log(`${scenario.id}: ${message}`);
  say(scenario.title);
  const corpus = corpusDir();
  if (scenario.needsCorpus && !corpus) {
    const why = 'the shared corpus (../shared/corpus, or DFO_CORPUS_DIR) is absent';
    if (IN_CI) return { ...result, status: 'fail', error: why };
    say(`SKIP: ${why}`);
    return { ...result, status: 'skip', error: why };
  }
  const engine = scenario.needsEngine ? await containerEngine() : null;
  if (engine && !engine.available) {
    const why = `no container engine: ${engine.reason}`;
    if (IN_CI) return { ...result, status: 'fail', error: why };
    say(`SKIP: ${why}`);
    return { ...result, status: 'skip', error: why };
  }

  const artifacts = join(ARTIFACTS, scenario.id);
  mkdirSync(artifacts, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), `dfo-e2e-${scenario.id}-`));
  const dirs = { root, userData: join(root, 'user-data'), extensions: join(root, 'extensions'), workspace: join(root, 'workspace') };
  const server = new CodeServer(tools, dirs, join(artifacts, 'code-server.log'));
  let wb: Workbench | undefined;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    for (const name of scenario.workspace) copyFixture(name, dirs.workspace);
    scenario.prepare?.(dirs.workspace);
    const settings: Record<string, unknown> = { ...QUIET_SETTINGS, ...scenario.settings };
    if (scenario.workspaceTrust) delete settings['security.workspace.trust.enabled'];
    server.writeUserSettings(settings);
    say(server.installExtension(packages.vsix));
    const installed = installedExtensionDir(dirs.extensions, readManifest());
    const files = checkInstalledPackage(installed);
    say(`installed package holds the ${files.length} files the extension needs`);
    if (scenario.testHost) say(server.installExtension(packages.testHostVsix));
    const url = await server.start({ workspaceTrust: scenario.workspaceTrust, env: scenario.serverEnv?.(root) });
    say(`code-server on ${url} (pid ${server.pid})`);

    const page = await context.newPage();
    page.on('pageerror', (error) => say(`page error: ${error.message}`));
    wb = new Workbench(page, artifacts, say);
    const workbench = wb;
    const ctx: ScenarioContext = {
      wb: workbench,
      server,
      workspace: dirs.workspace,
      corpus,
      log: say,
      metric: (metric) => {
        result.metrics.push(metric);
        say(`metric ${metric.name}: ${metric.value} ${metric.unit}${metric.note ? ` (${metric.note})` : ''}`);
      },
      step: async (name, action) => {
        const t0 = Date.now();
        say(`step: ${name}`);
        const value = await action();
        result.steps.push({ name, seconds: (Date.now() - t0) / 1000 });
        await workbench.shot(name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
        return value;
      },
    };
    await ctx.step('workbench loaded', () => workbench.open(url, dirs.workspace, scenario.firstFile));
    await scenario.run(ctx);
  } catch (error) {
    result.status = 'fail';
    result.error = (error as Error)?.stack ?? String(error);
    console.error(`[e2e] ${scenario.id}: FAIL: ${result.error}`);
    if (wb) await wb.shot('failure').catch(() => undefined);
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
    // The extension host's logs, the extension's output channel among them.
    const logs = join(dirs.userData, 'logs');
    if (existsSync(logs)) cpSync(logs, join(artifacts, 'logs'), { recursive: true });
    if (process.env.KEEP_TMP) say(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - started) / 1000;
  result.load[1] = loadavg()[0];
  say(`${result.status.toUpperCase()} in ${result.seconds.toFixed(1)} s`);
  return result;
}

function writeSummary(results: ScenarioResult[], parts: Record<string, number>, total: number, tools: Tools): void {
  const lines = [
    `# Workbench tests (code-server ${tools.codeServerVersion})`,
    '',
    '| Part | Result | Time |',
    '| --- | --- | --- |',
    ...Object.entries(parts).map(([name, secs]) => `| ${name} | done | ${secs.toFixed(1)} s |`),
    ...results.map((r) => `| ${r.id} ${r.title} | ${r.status} | ${r.seconds.toFixed(1)} s |`),
    `| total | ${results.every((r) => r.status !== 'fail') ? 'pass' : 'fail'} | ${total.toFixed(1)} s |`,
  ];
  const metrics = results.flatMap((r) => r.metrics.map((m) => `| ${r.id} | ${m.name} | ${m.value} ${m.unit} | ${m.note ?? ''} |`));
  if (metrics.length > 0) lines.push('', '| Scenario | Measurement | Value | Note |', '| --- | --- | --- | --- |', ...metrics);
  const text = lines.join('\n') + '\n';
  writeFileSync(join(ARTIFACTS, 'summary.md'), text);
  writeFileSync(join(ARTIFACTS, 'summary.json'), JSON.stringify({ parts, results, total }, null, 2));
  console.log('\n' + text);
}

/** Rewrites the workbench section of BENCHMARKS.md with the measurements of the scenarios that passed. */
function writeBenchmarks(results: ScenarioResult[], tools: Tools): void {
  const path = join(ROOT, 'BENCHMARKS.md');
  const info = { date: new Date().toISOString().slice(0, 10), cores: availableParallelism(), codeServerVersion: tools.codeServerVersion };
  writeFileSync(path, updateBenchmarks(readFileSync(path, 'utf8'), results, info));
  const written = results.filter((r) => r.status === 'pass' && r.metrics.length > 0).map((r) => r.id);
  log(`BENCHMARKS.md: workbench section rewritten with the measurements of ${written.join(', ') || 'no scenario'}; other scenarios keep their earlier rows`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] FAIL: ${(error as Error)?.stack ?? error}`);
    process.exit(1);
  },
);
