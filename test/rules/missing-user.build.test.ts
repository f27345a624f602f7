// missing-user's fix, built for real: the fixed Dockerfile must build on each base family and
// the image must be configured to run as the user the fix chose, and really run as non-root.
// Needs the local Docker engine (bash scripts/ci/engine.sh); skips without it, fails under CI=true.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingUser } from '../../server/src/rules/missing-user';
import { buildDockerfile, removeImage, requireEngineOrSkip, runInImage, type ContextFile } from '../support/engine';
import { findingsOf, fixWith } from '../support/rule-tester';

const script: ContextFile = { content: '#!/bin/sh\necho "running as $(id -u)"\n', mode: 0o755 };

interface Fixture {
  name: string;
  dockerfile: string;
  files: Record<string, ContextFile>;
  /** The exact fixed Dockerfile. */
  fixed: string;
  /** The image config's User after the fix. */
  user: string;
  /** Whether the image has a shell to run `id -u` in (distroless and scratch do not). */
  canRunId: boolean;
}

const fixtures: Fixture[] = [
  {
    name: 'node: switches to the image\'s node user',
    dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json server.js ./\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
    files: { 'package.json': '{"name":"app","version":"1.0.0"}', 'server.js': 'console.log("hi");\n' },
    fixed: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json server.js ./\nEXPOSE 3000\nUSER node\nCMD ["node", "server.js"]\n',
    user: 'node',
    canRunId: true,
  },
  {
    name: 'alpine: creates a system user with BusyBox addgroup/adduser',
    dockerfile: 'FROM alpine:3.20\nCOPY app.sh /usr/local/bin/app\nENTRYPOINT ["/usr/local/bin/app"]\n',
    files: { 'app.sh': script },
    fixed: 'FROM alpine:3.20\nCOPY app.sh /usr/local/bin/app\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nENTRYPOINT ["/usr/local/bin/app"]\n',
    user: 'app',
    canRunId: true,
  },
  {
    name: 'debian: creates a system user with groupadd/useradd, after the apt-get step',
    dockerfile:
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nCOPY app.sh /usr/local/bin/app\nCMD ["app"]\n',
    files: { 'app.sh': script },
    fixed:
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nCOPY app.sh /usr/local/bin/app\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nCMD ["app"]\n',
    user: 'app',
    canRunId: true,
  },
  {
    name: 'debian: reuses the user the Dockerfile creates',
    dockerfile: 'FROM debian:bookworm-slim\nRUN useradd --create-home -u 1001 worker\nCOPY app.sh /usr/local/bin/app\nCMD ["app"]\n',
    files: { 'app.sh': script },
    fixed: 'FROM debian:bookworm-slim\nRUN useradd --create-home -u 1001 worker\nCOPY app.sh /usr/local/bin/app\nUSER worker\nCMD ["app"]\n',
    user: 'worker',
    canRunId: true,
  },
  {
    name: 'distroless: the numeric nonroot user (no shell, no RUN)',
    dockerfile: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    files: { app: { content: 'binary', mode: 0o755 } },
    fixed: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
    user: '65532:65532',
    canRunId: false,
  },
  {
    name: 'scratch: a numeric user needs no /etc/passwd',
    dockerfile: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
    files: { app: { content: 'binary', mode: 0o755 } },
    fixed: 'FROM scratch\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n',
    user: '65532:65532',
    canRunId: false,
  },
];

describe('missing-user fix, built with a real engine', () => {
  it('the unfixed image really runs as root (the premise of the rule)', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const fixture = fixtures[1];
    const built = await buildDockerfile(fixture.dockerfile, fixture.files);
    assert.ok(built.ok, `build failed:\n${built.output.slice(-3000)}`);
    assert.equal(built.config?.User ?? '', '');
  });

  for (const fixture of fixtures) {
    it(fixture.name, async (t) => {
      assert.equal(findingsOf(missingUser, fixture.dockerfile).length, 1, 'the fixture is flagged');
      const fixed = fixWith(missingUser, fixture.dockerfile);
      assert.equal(fixed, fixture.fixed);
      if (!(await requireEngineOrSkip(t))) return;
      const built = await buildDockerfile(fixed, fixture.files, { keepImage: fixture.canRunId });
      try {
        assert.ok(built.ok, `the fixed Dockerfile does not build:\n${built.output.slice(-3000)}`);
        assert.equal(built.config?.User, fixture.user);
        if (fixture.canRunId) {
          // `id -u` runs as the command, or as arguments of an ENTRYPOINT script that prints `id -u` itself.
          const run = await runInImage(built.tag, ['id', '-u']);
          assert.equal(run.exitCode, 0, run.output);
          const uid = /(\d+)\s*$/.exec(run.stdout)?.[1];
          assert.ok(uid !== undefined, `no uid in: ${run.output}`);
          assert.notEqual(uid, '0', 'the container still runs as uid 0');
        }
      } finally {
        if (fixture.canRunId) await removeImage(built.tag);
      }
    });
  }
});
