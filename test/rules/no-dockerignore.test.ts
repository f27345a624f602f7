import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AnalysisEnv, BuildContextFiles } from '../../server/src/analysis/env';
import { envForFile } from '../../server/src/analysis/env';
import { noDockerignore } from '../../server/src/rules/no-dockerignore';
import { findingsOf, ruleTester } from '../support/rule-tester';

/** A build context holding exactly these files. */
function contextWith(...files: string[]): BuildContextFiles {
  const set = new Set(files);
  return { exists: (path) => set.has(path), readText: () => undefined };
}

const bare: AnalysisEnv = { context: contextWith('package.json', 'src/index.js') };
const ignored: AnalysisEnv = { context: contextWith('package.json', '.dockerignore') };

ruleTester(noDockerignore, {
  valid: [
    { name: 'a .dockerignore in the context root', code: 'FROM node:20-slim\nCOPY . .\n', env: ignored },
    { name: 'unknown context: quiet', code: 'FROM node:20-slim\nCOPY . .\n' },
    { name: 'only named files are copied', code: 'FROM node:20-slim\nCOPY package.json package-lock.json ./\nCOPY src/ ./src/\n', env: bare },
    { name: 'copy from another stage', code: 'FROM node:20 AS build\nFROM node:20-slim\nCOPY --from=build . /app\n', env: bare },
    { name: 'heredoc', code: 'FROM alpine\nCOPY <<EOF .\nhello\nEOF\n', env: bare },
    { name: 'half-typed', code: 'FROM alpine\nCOPY .\n', env: bare },
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      env: bare,
      errors: [{ line: 3, message: /COPY \. copies the whole build context, and it has no \.dockerignore/ }],
      output: null,
    },
    { name: 'ADD . /app', code: 'FROM python:3.12-slim\nADD . /app\n', env: bare, errors: [{ line: 2 }] },
    { name: 'JSON form and ./', code: 'FROM alpine\nCOPY ["./", "/src/"]\n', env: bare, errors: [{ line: 2 }] },
    { name: 'ONBUILD COPY', code: 'FROM alpine\nONBUILD COPY * /src/\n', env: bare, errors: [{ line: 2 }] },
    {
      name: 'reported once, later copies are related',
      code: 'FROM node:20 AS build\nCOPY . .\nFROM node:20-slim\nCOPY --chown=node:node . /app\n',
      env: bare,
      errors: [{ line: 2 }],
    },
  ],
});

describe('no-dockerignore: the Dockerfile-specific ignore file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfo-dockerignore-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const code = 'FROM node:20-slim\nCOPY . .\n';

  it('api.Dockerfile.dockerignore next to api.Dockerfile applies (BuildKit reads it first)', () => {
    writeFileSync(join(dir, 'api.Dockerfile.dockerignore'), 'node_modules\n');
    const env = envForFile(join(dir, 'api.Dockerfile'));
    assert.deepEqual(findingsOf(noDockerignore, code, env), []);
  });

  it('does not apply to another Dockerfile in the same folder', () => {
    const env = envForFile(join(dir, 'Dockerfile'));
    const findings = findingsOf(noDockerignore, code, env);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [2]);
  });

  it('the related list names the later whole-context copies', () => {
    const findings = findingsOf(noDockerignore, 'FROM a:1\nCOPY . .\nCOPY ./ /x\n', bare);
    assert.deepEqual(findings[0].related.map((r) => r.range.start.line + 1), [3]);
  });
});
