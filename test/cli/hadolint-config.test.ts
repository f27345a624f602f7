// The CLI reads .hadolint.yaml when no .dockerfile-optimizer.json applies: `ignored` and
// `override` change the findings, `failure-threshold` and `no-fail` the exit code, and stderr
// says which file was used. Runs the bundled CLI on real temporary folders.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findShellcheck } from '../../server/src/analysis/shellcheck';
import { allRules } from '../../server/src/rules';
import { runCli, type CliRun } from './cli-harness';

const root = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-hadolint-'));
after(() => rmSync(root, { recursive: true, force: true }));
/** No user-wide hadolint file of this machine may leak in. */
const noUserConfig = mkdtempSync(join(root, 'xdg-'));

// Every rule but the two under test, by our ids (a hadolint file takes them as well as codes),
// so that new rules do not move the results.
const UNDER_TEST = ['apt-no-recommends', 'no-sudo']; // DL3015 (warning), DL3004 (error)
const OTHERS = allRules.map((rule) => rule.meta.id).filter((id) => !UNDER_TEST.includes(id));
const DOCKERFILE = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN sudo true\n';

function project(yaml: string | null, files: Record<string, string> = { Dockerfile: DOCKERFILE }): string {
  const dir = mkdtempSync(join(root, 'case-'));
  if (yaml !== null) writeFileSync(join(dir, '.hadolint.yaml'), yaml);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** `ignored:` with every other rule, then `extra` lines. */
const yamlWith = (ignored: string[], extra = '') => `ignored:\n${[...OTHERS, ...ignored].map((code) => `  - ${code}\n`).join('')}${extra}`;

function check(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): CliRun & { findings: string[] } {
  const run = runCli(['check', '--format', 'json', ...args, '.'], dir, { XDG_CONFIG_HOME: noUserConfig, ...env });
  const findings = run.stdout ? (JSON.parse(run.stdout) as { ruleId: string; severity: string }[]).map((f) => `${f.ruleId}:${f.severity}`) : [];
  return { ...run, findings };
}

describe('CLI with a .hadolint.yaml', () => {
  it('ignored removes findings, and stderr names the file and what it set', () => {
    const both = check(project(yamlWith([])));
    assert.deepEqual(both.findings, ['apt-no-recommends:warning', 'no-sudo:error']);
    assert.equal(both.status, 1, both.stderr);
    assert.match(both.stderr, /^dockerfile-optimizer: using \.hadolint\.yaml at \.hadolint\.yaml \(no \.dockerfile-optimizer\.json\): ignored \d+ rules/m);

    const noSudo = check(project(yamlWith(['DL3004'])));
    assert.deepEqual(noSudo.findings, ['apt-no-recommends:warning']);
    assert.equal(noSudo.status, 0, 'only a warning left: our default threshold is error');
  });

  it('override changes levels (style is hint)', () => {
    const run = check(project(yamlWith([], 'override:\n  error: [DL3015]\n  style: [DL3004]\n')));
    assert.deepEqual(run.findings, ['apt-no-recommends:error', 'no-sudo:hint']);
    assert.equal(run.status, 1);
  });

  it('failure-threshold decides which level exits 1', () => {
    const warningOnly = (extra: string) => check(project(yamlWith(['DL3004'], extra))).status;
    assert.equal(warningOnly(''), 0);
    assert.equal(warningOnly('failure-threshold: warning\n'), 1);
    assert.equal(warningOnly('failure-threshold: info\n'), 1);
    assert.equal(warningOnly('failure-threshold: none\n'), 1, 'none: any finding fails, as in hadolint');
    assert.equal(warningOnly('failure-threshold: error\n'), 0);
    const hintOnly = (extra: string) => check(project(yamlWith(['DL3004'], `override:\n  style: [DL3015]\n${extra}`))).status;
    assert.equal(hintOnly('failure-threshold: info\n'), 0);
    assert.equal(hintOnly('failure-threshold: style\n'), 1);
  });

  it('no-fail: findings never exit 1', () => {
    const run = check(project(yamlWith([], 'no-fail: true\n')));
    assert.deepEqual(run.findings, ['apt-no-recommends:warning', 'no-sudo:error']);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /no-fail \(CLI only\)/);
  });

  it('each Dockerfile uses the config above it; the exit code follows each file\'s threshold', () => {
    const dir = project(null, { 'strict/Dockerfile': DOCKERFILE.replace('RUN sudo true\n', ''), 'lax/Dockerfile': DOCKERFILE.replace('RUN sudo true\n', '') });
    writeFileSync(join(dir, 'strict', '.hadolint.yaml'), yamlWith(['DL3004'], 'failure-threshold: warning\n'));
    writeFileSync(join(dir, 'lax', '.hadolint.yml'), yamlWith(['DL3004', 'DL3015']));
    const run = check(dir);
    assert.deepEqual(run.findings, ['apt-no-recommends:warning']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr.match(/: using \.hadolint\.y/g)?.length, 2, run.stderr);
    rmSync(join(dir, 'strict', 'Dockerfile'));
    assert.equal(check(dir).status, 0);
  });

  it('a .dockerfile-optimizer.json further up wins over a nearer .hadolint.yaml', () => {
    const dir = project(null, { 'service/Dockerfile': DOCKERFILE });
    writeFileSync(join(dir, 'service', '.hadolint.yaml'), yamlWith(['DL3015', 'DL3004']));
    writeFileSync(join(dir, '.dockerfile-optimizer.json'), JSON.stringify({ rules: Object.fromEntries(OTHERS.map((id) => [id, 'off'])) }));
    const run = check(dir);
    assert.deepEqual(run.findings, ['apt-no-recommends:warning', 'no-sudo:error']);
    assert.doesNotMatch(run.stderr, /hadolint/);
  });

  it('--config FILE.yaml reads hadolint\'s format', () => {
    const dir = project(null);
    writeFileSync(join(dir, 'lint.yaml'), yamlWith(['DL3004']));
    const run = check(dir, ['--config', 'lint.yaml']);
    assert.deepEqual(run.findings, ['apt-no-recommends:warning']);
    assert.match(run.stderr, /using lint\.yaml at lint\.yaml \(given with --config\)/);
  });

  it("hadolint's user file ($XDG_CONFIG_HOME/hadolint.yaml) when nothing is found upward", () => {
    const xdg = mkdtempSync(join(root, 'user-'));
    writeFileSync(join(xdg, 'hadolint.yaml'), yamlWith(['DL3015']));
    const run = check(project(null), [], { XDG_CONFIG_HOME: xdg });
    assert.deepEqual(run.findings, ['no-sudo:error']);
    assert.match(run.stderr, /using hadolint\.yaml at .*hadolint\.yaml \(no \.dockerfile-optimizer\.json\)/);
  });

  it('warns about what it cannot apply and goes on', () => {
    const run = check(project(yamlWith(['DL3005'], 'shellcheck-options: -x\n')));
    assert.deepEqual(run.findings, ['apt-no-recommends:warning', 'no-sudo:error']);
    assert.match(run.stderr, /\.hadolint\.yaml: unknown key "shellcheck-options" ignored/);
    assert.match(run.stderr, /\.hadolint\.yaml: DL3005: no rule here has this code; skipped/);
  });

  it('broken YAML: exit 2 with a clear message', () => {
    const run = check(project('ignored: [DL3008\n'));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /dockerfile-optimizer: invalid configuration: .*\.hadolint\.yaml: not valid YAML \(.*line \d+, column \d+\)/);
    assert.equal(run.stdout, '');
  });

  const noShellcheck = findShellcheck() === null && process.env.CI !== 'true' ? 'shellcheck is not installed' : false;
  it('SC codes: ignored and override apply to ShellCheck findings of that code only', { skip: noShellcheck }, () => {
    const files = { Dockerfile: 'FROM debian:12\nRUN echo $foo\nRUN cd /tmp\n' };
    const sc = (yaml: string) => {
      const run = runCli(['check', '--format', 'json', '.'], project(yaml, files), { XDG_CONFIG_HOME: noUserConfig });
      return (JSON.parse(run.stdout) as { ruleId: string; severity: string; message: string }[])
        .filter((f) => f.ruleId === 'shellcheck')
        .map((f) => `${f.message.split(':')[0]}:${f.severity}`)
        .sort();
    };
    const base = `ignored:\n${allRules.map((rule) => `  - ${rule.meta.id}\n`).join('')}`;
    assert.deepEqual(sc(base), ['SC2086:info', 'SC2154:warning', 'SC2164:warning']);
    assert.deepEqual(sc(`${base}  - SC2086\noverride:\n  error: [SC2164]\n`), ['SC2154:warning', 'SC2164:error']);
  });
});
