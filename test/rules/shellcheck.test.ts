// The ShellCheck rule: what ShellCheck is told (shell, declared variables), where its findings
// land in the Dockerfile, pragmas with SC codes, one process for many RUNs, the cache, and
// cancellation. Needs the `shellcheck` program: skipped without it, failing under CI=true.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbortedError, analyzeModelAsync } from '../../server/src/analysis/async-rules';
import { DockerfileModel } from '../../server/src/analysis/model';
import { findShellcheck, setSharedShellcheckRunner, ShellcheckRunner } from '../../server/src/analysis/shellcheck';
import type { Finding } from '../../server/src/analysis/types';
import { runScripts, shellcheck } from '../../server/src/rules/shellcheck';

const IN_CI = process.env.CI === 'true';
const available = findShellcheck() !== null;
const skip = !available && !IN_CI ? 'shellcheck is not installed (apt-get install shellcheck)' : false;

async function check(text: string, signal?: AbortSignal): Promise<Finding[]> {
  return analyzeModelAsync(new DockerfileModel(text), { asyncRules: [shellcheck], signal, onRuleError: (_, error) => { throw error; } });
}
const codes = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.aliases[0]}`).sort();

describe('shellcheck rule', { skip }, () => {
  it('needs shellcheck under CI', () => assert.ok(available, 'shellcheck must be installed under CI (.ci/run installs it)'));

  it('maps findings to the Dockerfile line and column, past flags and continuations', async () => {
    const text = 'FROM scratch\nRUN --mount=type=cache,target=/root/.cache \\\n    echo $foo && \\\n    # a comment Docker drops\n    cd /tmp\n';
    assert.deepEqual(codes(await check(text)), ['3:10 SC2086', '3:10 SC2154', '5:5 SC2164']);
  });

  it('declares ARG and ENV (also of the stage it builds FROM) and the proxy variables', async () => {
    const text = 'FROM scratch AS base\nENV base_dir=/x\nFROM base\nARG version\nRUN echo "$version" "$base_dir" "$http_proxy" "$missing"\n';
    assert.deepEqual(codes(await check(text)), ['5:48 SC2154']);
  });

  it('global ARGs need declaring in the stage; ONBUILD RUN sees ENV but not ARG', async () => {
    assert.deepEqual(codes(await check('ARG foo=bar\nFROM scratch\nRUN echo "$foo"\n')), ['3:11 SC2154']);
    assert.deepEqual(codes(await check('FROM scratch\nARG a=1\nENV b=2\nONBUILD RUN echo "$a" "$b"\n')), ['4:19 SC2154']);
  });

  it('reads the shell from SHELL (bash knows $RANDOM), skips non-POSIX shells and the hadolint shell pragma', async () => {
    assert.deepEqual(codes(await check('FROM scratch\nRUN echo "$RANDOM"\n')), ['2:11 SC3028']);
    assert.deepEqual(codes(await check('FROM scratch\nSHELL ["/bin/bash", "-c"]\nRUN echo "$RANDOM"\n')), []);
    assert.deepEqual(codes(await check('FROM scratch\nSHELL ["pwsh", "-c"]\nRUN echo $x\n')), []);
    assert.deepEqual(codes(await check('# hadolint shell=powershell\nFROM mcr.microsoft.com/windows:10\nRUN Get-Item $x\n')), []);
  });

  it('checks heredoc scripts, with their own shebang', async () => {
    assert.deepEqual(codes(await check('FROM scratch\nRUN <<EOF\n#!/bin/bash\necho $lower\nEOF\n')), ['4:6 SC2086', '4:6 SC2154']);
  });

  it('leaves UPPER_CASE names to the environment, but hints at misspellings of declared ones', async () => {
    assert.deepEqual(codes(await check('FROM golang:1.22\nRUN echo "$GOPATH"\n')), []);
    assert.deepEqual(codes(await check('FROM scratch\nARG APP_HOME=/app\nRUN echo "$APP_HOM"\n')), ['3:11 SC2153']);
  });

  it('keeps columns of indented instructions', async () => {
    assert.deepEqual(codes(await check('FROM scratch\n  RUN echo $foo\n')), ['2:12 SC2086', '2:12 SC2154']);
  });

  it('takes SC codes in every ignore pragma', async () => {
    const run = 'RUN echo $foo\n';
    assert.deepEqual(codes(await check(`FROM scratch\n# hadolint ignore=SC2086,SC2154\n${run}`)), []);
    assert.deepEqual(codes(await check(`FROM scratch\n# dockerfile-optimizer ignore=SC2086\n${run}`)), ['3:10 SC2154']);
    assert.deepEqual(codes(await check(`# dockerfile-optimizer global ignore=SC2154\nFROM scratch\n${run}`)), ['3:10 SC2086']);
    assert.deepEqual(codes(await check(`FROM scratch\n# check=skip=SC2086\n${run}`)), ['3:10 SC2154']);
  });

  it('checks many RUNs with one process, and an unchanged RUN from the cache', async () => {
    const runner = new ShellcheckRunner();
    setSharedShellcheckRunner(runner);
    try {
      const text = 'FROM scratch\n' + Array.from({ length: 30 }, (_, i) => `RUN echo $v${i}\n`).join('');
      assert.equal((await check(text)).length, 60);
      assert.equal(runner.processes, 1);
      await check(text + 'RUN echo "$new_one"\n');
      assert.equal(runner.processes, 2, 'only the new RUN is checked');
      await check(text);
      assert.equal(runner.processes, 2, 'all from the cache');
    } finally {
      setSharedShellcheckRunner(null);
    }
  });

  it('is cancelled by an abort', async () => {
    setSharedShellcheckRunner(new ShellcheckRunner());
    try {
      const controller = new AbortController();
      const pending = check('FROM scratch\nRUN echo $a\n', controller.signal);
      controller.abort();
      await assert.rejects(pending, AbortedError);
    } finally {
      setSharedShellcheckRunner(null);
    }
  });
});

describe('shellcheck rule without shellcheck', () => {
  it('is unavailable, says why, and reports nothing', async () => {
    setSharedShellcheckRunner(new ShellcheckRunner(null));
    try {
      assert.match(shellcheck.unavailable() ?? '', /shellcheck is not on PATH/);
      assert.deepEqual(await check('FROM scratch\nRUN echo $foo\n'), []);
    } finally {
      setSharedShellcheckRunner(null);
    }
  });

  it('builds scripts without running anything: positions kept, Docker-dropped lines bridged', () => {
    const [script] = runScripts(new DockerfileModel('FROM scratch\nRUN a \\\n\n# c\n  b\n'));
    assert.equal(script.script.split('\n').slice(2).join('\n'), '    a \\\n\\\n  \\\n  b\n');
    assert.equal(script.firstLine, 1);
  });
});

describe('ShellcheckRunner when a caller gives up', () => {
  it('lets a later caller of the same scripts finish, with no unhandled rejections', async (t) => {
    const runner = new ShellcheckRunner();
    if (!runner.executable) {
      if (process.env.CI === 'true') assert.fail('shellcheck is not installed');
      return t.skip('shellcheck is not installed');
    }
    let unhandled = 0;
    const count = () => unhandled++;
    process.on('unhandledRejection', count);
    try {
      const scripts = Array.from({ length: 50 }, (_, i) => `echo $foo${i}\n`);
      const first = new AbortController();
      const abandoned = runner.check(scripts, first.signal).then(() => 'finished', () => 'aborted');
      first.abort();
      const second = await runner.check(scripts, new AbortController().signal);
      assert.equal(second.length, 50);
      assert.ok(second.every((comments) => comments.length > 0), 'every script has its SC2154-like finding');
      await abandoned;
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(unhandled, 0);
    } finally {
      process.off('unhandledRejection', count);
    }
  });
});
