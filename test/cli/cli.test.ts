// The CLI as users and CI run it: `node dist/cli.js` on temporary folders. Configs switch off
// every rule but the few a test is about, so the results do not move when rules are added.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { allAsyncRules, allRules } from '../../server/src/rules';
import { CLI, REPO_ROOT, ensureCliBuilt, runCli } from './cli-harness';
import { assertValidSarif } from './sarif-shape';

const LATEST = 'FROM node:latest\n';
const APT = 'FROM debian:12\nRUN apt-get install -y curl\n';
const APT_FIXED = 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n';

/** A config that turns off every rule except `levels`' (at the given level). */
function onlyRules(levels: Record<string, string>): string {
  const rules: Record<string, string> = {};
  for (const rule of [...allRules, ...allAsyncRules]) rules[rule.meta.id] = levels[rule.meta.id] ?? 'off';
  return JSON.stringify({ rules }, null, 2);
}

const ONLY_TWO = { 'latest-tag': 'warning', 'apt-no-recommends': 'warning' };

let root: string;
let counter = 0;

/** A fresh folder holding `files` (path -> text); a config file limits the rules unless given. */
function folder(files: Record<string, string>, config: string | null = onlyRules(ONLY_TWO)): string {
  const dir = join(root, `case-${++counter}`);
  const all = config === null ? files : { '.dockerfile-optimizer.json': config, ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function json(run: { stdout: string }) {
  return JSON.parse(run.stdout) as { file: string; ruleId: string; severity: string; line: number }[];
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-cli-'));
  ensureCliBuilt();
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('check output formats', () => {
  it('text: path:line:col  severity  message  [rule-id], then a summary', () => {
    const dir = folder({ Dockerfile: LATEST + 'RUN apt-get install -y curl\n' });
    const run = runCli(['check', 'Dockerfile'], dir);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^Dockerfile:1:6  warning  .*latest.*  \[latest-tag\]$/);
    assert.match(lines[1], /^Dockerfile:2:5  warning  .*--no-install-recommends.*  \[apt-no-recommends\]$/);
    assert.equal(lines[2], '');
    assert.equal(lines[3], '2 problems (0 errors, 2 warnings, 0 info) in 1 of 1 file; 1 fixable with `dockerfile-optimizer fix`.');
  });

  it('text: a clean file says so', () => {
    const dir = folder({ Dockerfile: 'FROM node:20-slim\n' });
    const run = runCli(['check', '.'], dir);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'No problems found in 1 file.\n');
  });

  it('json: an array of findings with one-based positions', () => {
    const dir = folder({ 'app/Dockerfile': LATEST + 'RUN apt-get install -y curl\n' });
    const run = runCli(['check', '--format', 'json', 'app'], dir);
    assert.equal(run.status, 0, run.stderr);
    const findings = JSON.parse(run.stdout);
    assert.deepEqual(
      findings.map((f: Record<string, unknown>) => ({ ...f, message: typeof f.message })),
      [
        { file: 'app/Dockerfile', ruleId: 'latest-tag', severity: 'warning', message: 'string', line: 1, column: 6, endLine: 1, endColumn: 17, fixable: false },
        { file: 'app/Dockerfile', ruleId: 'apt-no-recommends', severity: 'warning', message: 'string', line: 2, column: 5, endLine: 2, endColumn: 12, fixable: true },
      ],
    );
  });

  it('json: --format=json spelling and an empty array for a clean file', () => {
    const dir = folder({ Dockerfile: 'FROM node:20-slim\n' });
    const run = runCli(['check', '--format=json', 'Dockerfile'], dir);
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout), []);
  });

  it('sarif: valid SARIF 2.1.0 for GitHub code scanning, every rule described', () => {
    const dir = folder({ 'svc/api.Dockerfile': LATEST + 'RUN apt-get install -y curl\n', 'Dockerfile': APT });
    const run = runCli(['check', '--format', 'sarif', '.'], dir);
    assert.equal(run.status, 0, run.stderr);
    const log = JSON.parse(run.stdout);
    assertValidSarif(log);
    const sarifRun = log.runs[0];
    assert.equal(sarifRun.tool.driver.name, 'dockerfile-optimizer');
    assert.deepEqual(
      sarifRun.tool.driver.rules.map((r: { id: string }) => r.id),
      [...allRules, ...allAsyncRules].map((rule) => rule.meta.id),
    );
    const results = sarifRun.results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]);
    assert.deepEqual(results, [
      ['apt-no-recommends', 'warning', 'Dockerfile', { startLine: 2, startColumn: 5, endLine: 2, endColumn: 12 }],
      ['latest-tag', 'warning', 'svc/api.Dockerfile', { startLine: 1, startColumn: 6, endLine: 1, endColumn: 17 }],
      ['apt-no-recommends', 'warning', 'svc/api.Dockerfile', { startLine: 2, startColumn: 5, endLine: 2, endColumn: 12 }],
    ]);
    assert.equal(sarifRun.invocations[0].executionSuccessful, true);
    const help = sarifRun.tool.driver.rules.find((r: { id: string }) => r.id === 'latest-tag');
    assert.equal(help.help.markdown, allRules.find((rule) => rule.meta.id === 'latest-tag')!.meta.docs);
    assert.deepEqual(help.properties.tags, ['correctness', 'DL3006', 'DL3007']);
  });

  it('sarif: file names that need escaping become percent-encoded relative URIs', () => {
    const dir = folder({ 'my app/Dockerfile': LATEST });
    const run = runCli(['check', '--format', 'sarif', '.'], dir);
    const log = JSON.parse(run.stdout);
    assertValidSarif(log);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20app/Dockerfile');
  });
});

describe('exit codes', () => {
  it('0 with only warnings, 1 with an error-severity finding', () => {
    const warn = folder({ Dockerfile: LATEST });
    assert.equal(runCli(['check', '.'], warn).status, 0);
    const error = folder({ Dockerfile: LATEST }, onlyRules({ 'latest-tag': 'error' }));
    const run = runCli(['check', '.'], error);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /Dockerfile:1:6  error  .*\[latest-tag\]/);
    assert.match(run.stdout, /1 problem \(1 error, 0 warnings, 0 info\)/);
  });

  it('2 on an unknown flag, with the flag named', () => {
    const dir = folder({ Dockerfile: LATEST });
    const run = runCli(['check', '--strict', '.'], dir);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /unknown option '--strict' for check/);
    assert.match(run.stderr, /--help/);
  });

  it('2 on bad usage: unknown command, unknown format, option without value, fix without path', () => {
    const dir = folder({ Dockerfile: LATEST });
    const cases: [string[], RegExp][] = [
      [['lint', '.'], /unknown command 'lint'/],
      [[], /missing command/],
      [['check', '--format', 'xml', '.'], /unknown format 'xml'/],
      [['check', '--config'], /'--config' needs a value/],
      [['fix'], /fix needs at least one file or folder/],
      [['rules', 'x'], /rules takes no paths/],
      [['check', '--dry-run', '.'], /'--dry-run' does not apply to check/],
      [['check', '--jobs', '0', '.'], /--jobs needs a whole number/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args, dir);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  it('2 on a missing file, still checking the others', () => {
    const dir = folder({ Dockerfile: LATEST });
    const run = runCli(['check', '--format', 'json', 'nope/Dockerfile', 'Dockerfile'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read nope\/Dockerfile: no such file or folder/);
    assert.deepEqual(json(run).map((f) => f.file), ['Dockerfile']);
  });

  it('2 on a dangling symbolic link named on the command line', () => {
    const dir = folder({ Dockerfile: LATEST });
    symlinkSync(join(dir, 'missing'), join(dir, 'Containerfile'));
    const run = runCli(['check', 'Containerfile'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read Containerfile/);
  });

  it('2 when a folder holds no Dockerfile', () => {
    const dir = folder({ 'README.md': '# nothing\n' });
    const run = runCli(['check', '.'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no Dockerfiles found in \./);
  });

  it('2 on a broken config file found next to the Dockerfile, naming the file', () => {
    const dir = folder({ Dockerfile: LATEST }, '{ "rules": { "latest-tag": "loud" } }');
    const run = runCli(['check', '.'], dir);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /invalid configuration: .*\.dockerfile-optimizer\.json: rule "latest-tag" has level "loud"/);
    const notJson = folder({ Dockerfile: LATEST }, '{ rules: ');
    const second = runCli(['check', '.'], notJson);
    assert.equal(second.status, 2);
    assert.match(second.stderr, /\.dockerfile-optimizer\.json: not valid JSON/);
  });

  it('2 when --config names a file that does not exist', () => {
    const dir = folder({ Dockerfile: LATEST });
    const run = runCli(['check', '--config', 'missing.json', '.'], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read .*missing\.json: ENOENT/);
  });
});

describe('configuration', () => {
  it('the nearest .dockerfile-optimizer.json above each Dockerfile applies to it', () => {
    const dir = folder({
      'a/Dockerfile': LATEST,
      'b/Dockerfile': LATEST,
      'b/.dockerfile-optimizer.json': onlyRules({ 'latest-tag': 'error' }),
    });
    const run = runCli(['check', '--format', 'json', '.'], dir);
    assert.equal(run.status, 1);
    assert.deepEqual(
      json(run).map((f) => [f.file, f.severity]),
      [
        ['a/Dockerfile', 'warning'],
        ['b/Dockerfile', 'error'],
      ],
    );
  });

  it('--config FILE replaces the nearest config for every file; keys may be aliases', () => {
    const dir = folder({ 'a/Dockerfile': LATEST, 'strict.json': JSON.stringify({ ...JSON.parse(onlyRules({})).rules, DL3007: 'info' }) });
    const run = runCli(['check', '--format', 'json', '--config', 'strict.json', 'a'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(json(run).map((f) => [f.ruleId, f.severity]), [['latest-tag', 'info']]);
  });
});

describe('folder discovery', () => {
  it('finds Dockerfile, *.Dockerfile, *.dockerfile, Dockerfile.*, Containerfile* recursively; skips node_modules and .git', () => {
    const dir = folder({
      'Dockerfile': LATEST,
      'svc/api.Dockerfile': LATEST,
      'svc/worker.dockerfile': LATEST,
      'svc/deep/er/Dockerfile.dev': LATEST,
      'Containerfile': LATEST,
      'tools/Containerfile.ci': LATEST,
      'Dockerfile.dockerignore': 'node_modules\n',
      'README.md': 'FROM node:latest\n',
      'notes.txt': LATEST,
      'node_modules/pkg/Dockerfile': LATEST,
      '.git/Dockerfile': LATEST,
      'web/node_modules/x/Dockerfile': LATEST,
    });
    const run = runCli(['check', '--format', 'json', '.'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(json(run).map((f) => f.file), [
      'Containerfile',
      'Dockerfile',
      'svc/api.Dockerfile',
      'svc/deep/er/Dockerfile.dev',
      'svc/worker.dockerfile',
      'tools/Containerfile.ci',
    ]);
  });

  it('a file named on the command line is checked whatever its name, and only once', () => {
    const dir = folder({ 'build.txt': LATEST });
    const run = runCli(['check', '--format', 'json', 'build.txt', './build.txt'], dir);
    assert.deepEqual(json(run).map((f) => f.file), ['build.txt']);
  });
});

describe('many files: worker threads', () => {
  it('gives the same results with workers as in one thread', () => {
    // 60 files of ~5 KB: over the size at which the CLI starts workers by itself on a multi-core machine.
    const padding = Array.from({ length: 100 }, (_, line) => `# notes line ${line}: ${'x'.repeat(30)}`).join('\n') + '\n';
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`s${String(i).padStart(2, '0')}/Dockerfile`] = padding + (i % 2 ? LATEST : APT);
    const dir = folder(files);
    const single = runCli(['check', '--format', 'json', '--jobs', '1', '.'], dir);
    const pooled = runCli(['check', '--format', 'json', '--jobs', '2', '.'], dir);
    const auto = runCli(['check', '--format', 'json', '.'], dir);
    assert.equal(single.status, 0, single.stderr);
    assert.equal(pooled.stdout, single.stdout);
    assert.equal(auto.stdout, single.stdout);
    assert.equal(json(single).length, 60);
  });
});

describe('output', () => {
  it('is written whole to a reader that lags behind before the process exits', async () => {
    // Far more than a pipe holds (64 KB on Linux): the CLI must wait for its writes before it exits.
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`s${i}/Dockerfile`] = APT + LATEST;
    const dir = folder(files);
    ensureCliBuilt();
    const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.pause();
    await sleep(500);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const [status] = await once(child, 'close');
    const output = Buffer.concat(chunks).toString('utf8');
    assert.ok(output.length > 128 * 1024, `only ${output.length} bytes: the test proves nothing`);
    assert.equal(status, 0);
    assert.equal(JSON.parse(output).length, 800);
  });
});

describe('async rules (ShellCheck)', () => {
  it('are not started when every file turns them off', () => {
    // A stand-in shellcheck that only leaves a mark: the CLI must not run it for nothing.
    const dir = folder({ Dockerfile: 'FROM debian:12\nRUN echo $foo\n' });
    const mark = join(dir, 'shellcheck-ran');
    const fake = join(dir, 'fake-shellcheck');
    writeFileSync(fake, `#!/bin/sh\ntouch '${mark}'\necho '{"comments":[]}'\n`, { mode: 0o755 });
    runCli(['check', '--format', 'json', 'Dockerfile'], dir, { SHELLCHECK_PATH: fake });
    assert.equal(existsSync(mark), false, 'shellcheck ran although the config turns it off');
    writeFileSync(join(dir, '.dockerfile-optimizer.json'), onlyRules({ shellcheck: 'warning' }));
    runCli(['check', '--format', 'json', 'Dockerfile'], dir, { SHELLCHECK_PATH: fake });
    assert.equal(existsSync(mark), true, 'the stand-in was not used: the test proves nothing');
  });
});

describe('fix', () => {
  it('writes the fixed text in place and reports what it did', () => {
    const dir = folder({ Dockerfile: APT, 'other/Dockerfile': 'FROM debian:12\n' });
    const run = runCli(['fix', '.'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), APT_FIXED);
    assert.equal(readFileSync(join(dir, 'other/Dockerfile'), 'utf8'), 'FROM debian:12\n');
    assert.match(run.stdout, /^Fixed 1 problem in Dockerfile$/m);
    assert.match(run.stdout, /^Fixed 1 problem in 1 of 2 files\.$/m);
    assert.match(run.stdout, /No problems found in 2 files\./);
  });

  it('lists what is left to fix by hand, and exits 1 when errors remain', () => {
    const dir = folder({ Dockerfile: LATEST + 'RUN apt-get install -y curl\n' }, onlyRules({ 'latest-tag': 'error', 'apt-no-recommends': 'warning' }));
    const run = runCli(['fix', 'Dockerfile'], dir);
    assert.equal(run.status, 1);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), LATEST + 'RUN apt-get install --no-install-recommends -y curl\n');
    assert.match(run.stdout, /Left to fix by hand:\nDockerfile:1:6  error  .*\[latest-tag\]/);
  });

  it('--dry-run prints a unified diff that git apply accepts, and writes nothing', () => {
    const dir = folder({ 'app/Dockerfile': APT });
    const run = runCli(['fix', '--dry-run', 'app'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(join(dir, 'app/Dockerfile'), 'utf8'), APT);
    assert.equal(
      run.stdout,
      [
        '--- a/app/Dockerfile',
        '+++ b/app/Dockerfile',
        '@@ -1,2 +1,2 @@',
        ' FROM debian:12',
        '-RUN apt-get install -y curl',
        '+RUN apt-get install --no-install-recommends -y curl',
        '',
      ].join('\n'),
    );
    assert.match(run.stderr, /Would fix 1 problem in 1 of 1 file \(dry run: nothing written\)/);
    const git = spawnSync('git', ['apply', '-'], { cwd: dir, input: run.stdout, encoding: 'utf8' });
    if (git.error) return; // no git here: the exact diff above is still checked
    assert.equal(git.status, 0, git.stderr);
    assert.equal(readFileSync(join(dir, 'app/Dockerfile'), 'utf8'), APT_FIXED);
  });
});

describe('rules and help', () => {
  it('rules lists every rule with category, severity, fixable and aliases', () => {
    const run = runCli(['rules'], root);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^RULE +CATEGORY +SEVERITY +FIXABLE +ALIASES$/m);
    assert.match(run.stdout, /^latest-tag +correctness +warning +no +DL3006, DL3007$/m);
    assert.match(run.stdout, /^apt-no-recommends +size +warning +yes +DL3015$/m);
    assert.match(run.stdout, new RegExp(`^${allRules.length + allAsyncRules.length} rules\\.$`, 'm'));
    assert.match(run.stdout, /^shellcheck +\w+ +\w+ +(yes|no) /m);
  });

  it('rules --format json', () => {
    const run = runCli(['rules', '--format', 'json'], root);
    const rules = JSON.parse(run.stdout);
    assert.equal(rules.length, allRules.length + allAsyncRules.length);
    assert.deepEqual(rules.find((r: { id: string }) => r.id === 'latest-tag'), {
      id: 'latest-tag',
      category: 'correctness',
      severity: 'warning',
      enabledByDefault: true,
      fixable: false,
      aliases: ['DL3006', 'DL3007'],
      description: allRules.find((r) => r.meta.id === 'latest-tag')!.meta.description,
    });
  });

  it('--help and --version', () => {
    const help = runCli(['--help'], root);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: dockerfile-optimizer <command>/);
    const version = runCli(['--version'], root);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(version.stdout, `dockerfile-optimizer ${pkg.version}\n`);
  });
});

describe('npm start: check without a path checks the bundled examples', () => {
  it('exits 0 (warnings only), flags every naive example and leaves the good one clean', () => {
    const run = runCli(['check', '--format', 'json'], REPO_ROOT);
    assert.equal(run.status, 0, `examples must not produce error-severity findings:\n${run.stdout}`);
    assert.match(run.stderr, /checking the bundled examples in examples\//);
    const byFile = new Map<string, string[]>();
    for (const finding of json(run)) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding.ruleId]);
    for (const example of ['node-app', 'go-app', 'python-app', 'java-maven-app']) {
      assert.ok((byFile.get(`examples/${example}/Dockerfile`) ?? []).length > 0, `${example} should have findings`);
    }
    assert.deepEqual(byFile.get('examples/good-multistage/Dockerfile') ?? [], [], 'the good example must stay clean');
  });
});
