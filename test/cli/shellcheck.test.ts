// `check` runs ShellCheck on RUN scripts when it is installed (after the other rules, with
// one ShellCheck process for all files), with the file's levels and pragmas.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findShellcheck } from '../../server/src/analysis/shellcheck';
import { allRules } from '../../server/src/rules';
import { runCli } from './cli-harness';

const IN_CI = process.env.CI === 'true';
const skip = findShellcheck() === null && !IN_CI ? 'shellcheck is not installed (apt-get install shellcheck)' : false;
const root = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-shellcheck-'));
after(() => rmSync(root, { recursive: true, force: true }));

function project(shellcheckLevel: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'case-'));
  const rules = { ...Object.fromEntries(allRules.map((rule) => [rule.meta.id, 'off'])), shellcheck: shellcheckLevel };
  writeFileSync(join(dir, '.dockerfile-optimizer.json'), JSON.stringify({ rules }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('CLI ShellCheck', { skip }, () => {
  it('needs shellcheck under CI', () => assert.ok(findShellcheck(), 'shellcheck must be installed under CI (.ci/run installs it)'));

  it('reports SC findings at their Dockerfile lines, for every file, honouring pragmas', () => {
    const dir = project('warning', {
      'a/Dockerfile': 'FROM scratch\nRUN echo $foo\n',
      'b/Dockerfile': 'FROM scratch\n# hadolint ignore=SC2086,SC2154\nRUN echo $foo\nRUN cd /tmp\n',
    });
    const run = runCli(['check', '--format', 'json', '.'], dir);
    const findings = JSON.parse(run.stdout) as { file: string; ruleId: string; line: number; column: number; message: string }[];
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message.split(':')[0]}`).sort(),
      ['a/Dockerfile:2:10 SC2086', 'a/Dockerfile:2:10 SC2154', 'b/Dockerfile:4:5 SC2164'],
    );
  });

  it('is off when its level is off', () => {
    const dir = project('off', { Dockerfile: 'FROM scratch\nRUN echo $foo\n' });
    assert.deepEqual(JSON.parse(runCli(['check', '--format', 'json', '.'], dir).stdout), []);
  });
});
