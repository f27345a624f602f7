// One file's job as the CLI runs it (in the main thread or a worker): the build context is the
// Dockerfile's folder, config levels apply, a rule that throws costs only its own findings,
// and fix mode returns the fixed text without writing it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Rule } from '../../server/src/analysis/rule';
import { runFileJob } from '../../server/src/cli/file-job';
import { aptNoRecommends } from '../../server/src/rules/apt-no-recommends';

/** Reports what the engine tells rules about the outside world. */
const contextProbe: Rule = {
  meta: { id: 'context-probe', category: 'correctness', severity: 'warning', description: 'probe', docs: 'probe', fixable: false, aliases: [] },
  check({ model, env, report }) {
    const manifest = env.context?.readText('package.json') ?? '<none>';
    report({ range: model.instructions[0].range, message: `path=${env.dockerfilePath} manifest=${manifest.trim()}` });
  },
};

const throwing: Rule = {
  meta: { id: 'throws', category: 'correctness', severity: 'error', description: 'throws', docs: 'throws', fixable: false, aliases: [] },
  check() {
    throw new Error('boom');
  },
};

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-job-'));
  mkdirSync(join(dir, 'svc'));
  writeFileSync(join(dir, 'package.json'), '{"name":"outer"}\n');
  writeFileSync(join(dir, 'svc', 'package.json'), '{"name":"inner"}\n');
  writeFileSync(join(dir, 'svc', 'Dockerfile'), 'FROM debian:12\nRUN apt-get install -y curl\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('runFileJob', () => {
  it("gives rules the Dockerfile's path and its folder as the build context", () => {
    const file = join(dir, 'svc', 'Dockerfile');
    const outcome = runFileJob({ file, mode: 'check', settings: null }, [contextProbe]);
    assert.deepEqual(outcome.findings.map((f) => f.message), [`path=${file} manifest={"name":"inner"}`]);
  });

  it('applies config levels, with one-based spans', () => {
    const file = join(dir, 'svc', 'Dockerfile');
    const outcome = runFileJob({ file, mode: 'check', settings: { DL3015: 'error' } }, [aptNoRecommends]);
    assert.deepEqual(
      outcome.findings.map(({ ruleId, severity, line, column, endLine, endColumn, fixable }) => ({ ruleId, severity, line, column, endLine, endColumn, fixable })),
      [{ ruleId: 'apt-no-recommends', severity: 'error', line: 2, column: 5, endLine: 2, endColumn: 12, fixable: true }],
    );
  });

  it('a rule that throws is reported and loses only its own findings', () => {
    const outcome = runFileJob({ file: join(dir, 'svc', 'Dockerfile'), mode: 'check', settings: null }, [throwing, aptNoRecommends]);
    assert.deepEqual(outcome.ruleErrors, ['throws: boom']);
    assert.deepEqual(outcome.findings.map((f) => f.ruleId), ['apt-no-recommends']);
  });

  it('fix mode returns the fixed text and what is left, and writes nothing', () => {
    const file = join(dir, 'svc', 'Dockerfile');
    const outcome = runFileJob({ file, mode: 'fix', settings: null }, [aptNoRecommends]);
    assert.deepEqual(outcome.fix, {
      original: 'FROM debian:12\nRUN apt-get install -y curl\n',
      fixed: 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n',
      applied: 1,
    });
    assert.deepEqual(outcome.findings, []);
    assert.equal(readFileSync(file, 'utf8'), 'FROM debian:12\nRUN apt-get install -y curl\n');
  });

  it('an unreadable path becomes an error outcome, not an exception', () => {
    const outcome = runFileJob({ file: join(dir, 'nope', 'Dockerfile'), mode: 'check', settings: null }, [aptNoRecommends]);
    assert.equal(outcome.error, 'no such file or folder');
    assert.deepEqual(outcome.findings, []);
  });
});
