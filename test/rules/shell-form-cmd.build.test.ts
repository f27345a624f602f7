// shell-form-cmd's fix, built for real: Docker must read the JSON array we write as exactly
// the words /bin/sh would have split the shell form into. Needs the local Docker engine
// (bash scripts/ci/engine.sh); skips without it, fails under CI=true.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellFormCmd } from '../../server/src/rules/shell-form-cmd';
import { buildDockerfile, requireEngineOrSkip } from '../support/engine';
import { fixWith } from '../support/rule-tester';

const cases: { name: string; dockerfile: string; cmd?: string[]; entrypoint?: string[] }[] = [
  {
    name: 'quotes, an exec prefix and a double quote inside single quotes',
    dockerfile: 'FROM alpine:3.20\nCMD exec echo \'say "hi"\' "two words" --flag=1\n',
    cmd: ['echo', 'say "hi"', 'two words', '--flag=1'],
  },
  {
    name: 'continuation lines',
    dockerfile: 'FROM node:20-slim\nENTRYPOINT node \\\n    --enable-source-maps \\\n    server.js\n',
    entrypoint: ['node', '--enable-source-maps', 'server.js'],
  },
  {
    name: 'a single-quoted array',
    dockerfile: "FROM alpine:3.20\nCMD ['sh', '-c', 'echo ok']\n",
    cmd: ['sh', '-c', 'echo ok'],
  },
];

describe('shell-form-cmd fix, built with a real engine', () => {
  for (const testCase of cases) {
    it(testCase.name, async (t) => {
      const fixed = fixWith(shellFormCmd, testCase.dockerfile);
      assert.notEqual(fixed, testCase.dockerfile, 'a fix is offered');
      if (!(await requireEngineOrSkip(t))) return;
      const built = await buildDockerfile(fixed);
      assert.ok(built.ok, `the fixed Dockerfile does not build:\n${built.output.slice(-3000)}`);
      if (testCase.cmd) assert.deepEqual(built.config?.Cmd, testCase.cmd);
      if (testCase.entrypoint) assert.deepEqual(built.config?.Entrypoint, testCase.entrypoint);
      // Before the fix Docker stored these behind /bin/sh -c.
      const original = await buildDockerfile(testCase.dockerfile);
      assert.ok(original.ok, original.output.slice(-3000));
      const before = testCase.cmd ? original.config?.Cmd : original.config?.Entrypoint;
      assert.deepEqual(before?.slice(0, 2), ['/bin/sh', '-c']);
    });
  }
});
