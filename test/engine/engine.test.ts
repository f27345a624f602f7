// Tests of test/support/engine.ts against the real Docker engine (bash scripts/ci/engine.sh).
// They also pin down what the base images' stand-in tools do, since the quick-fix tests rely
// on a wrongly fixed Dockerfile failing here as it would for real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  baseImageNames,
  buildDockerfile,
  imageConfig,
  imageUser,
  removeImage,
  requireEngineOrSkip,
  runInImage,
} from '../support/engine';

const nodeApp = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: 'tsc', start: 'node dist/index.js' } }),
  'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }),
  'tsconfig.json': '{}',
  'src/index.ts': 'console.log("hi");\n',
};

const goApp = {
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'go.sum': '',
  'cmd/app/main.go': 'package main\n\nfunc main() {}\n',
};

/** Fails with the build output, so a broken build explains itself. */
function assertBuilt(r: { ok: boolean; output: string }): void {
  assert.ok(r.ok, `build failed:\n${r.output.slice(-3000)}`);
}
function assertFailed(r: { ok: boolean; output: string }, why: RegExp): void {
  assert.equal(r.ok, false, `build should have failed:\n${r.output.slice(-3000)}`);
  assert.match(r.output, why);
}

test('the base image list names the images the fixes use', () => {
  const names = baseImageNames();
  for (const name of ['node:20-slim', 'golang:1.22', 'gcr.io/distroless/static-debian12:nonroot', 'alpine:3.20', 'debian:bookworm-slim']) {
    assert.ok(names.includes(name), `${name} missing from scripts/ci/base-images.txt`);
  }
  assert.ok(!names.includes('scratch'), 'scratch needs no image');
});

test('Node: COPY package*.json, npm ci, COPY ., npm run build — builds', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(
    [
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build && test -f dist/index.js && test -f node_modules/.installed',
      'CMD ["node", "dist/index.js"]',
    ].join('\n'),
    nodeApp,
  );
  assertBuilt(r);
  assert.match(r.imageId ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(r.config?.Cmd, ['node', 'dist/index.js']);
  assert.equal(r.config?.WorkingDir, '/app');
});

test('Node: npm ci before any COPY fails (no package.json), so builds can fail', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(['FROM node:20-slim', 'WORKDIR /app', 'RUN npm ci', 'COPY . .', 'RUN npm run build'].join('\n'), nodeApp);
  assertFailed(r, /npm ci: no package\.json in \/app/);
  assert.ok(r.exitCode !== 0);
  assert.equal(r.imageId, undefined);
});

test('Node: npm ci needs the lock file, as the real one', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(['FROM node:22-alpine', 'WORKDIR /app', 'COPY package.json ./', 'RUN npm ci'].join('\n'), nodeApp);
  assertFailed(r, /can only install with an existing package-lock\.json/);
});

test('Go: two stages into distroless static nonroot build', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(
    [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
      '',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    ].join('\n'),
    goApp,
  );
  assertBuilt(r);
  assert.equal(r.config?.User, '65532:65532');
  assert.deepEqual(r.config?.Entrypoint, ['/app']);
});

test('distroless has no shell: a RUN in the final stage fails, as it would for real', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(['FROM gcr.io/distroless/static-debian12', 'RUN echo hi'].join('\n'));
  assertFailed(r, /no such file or directory|not found/i);
});

test('Go: COPY --from of a file the build stage did not make fails', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(
    [
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/server ./cmd/app',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      'COPY --from=build /out/app /app',
    ].join('\n'),
    goApp,
  );
  assertFailed(r, /\/out\/app/);
});

test('RUN --mount=type=cache builds with BuildKit; the legacy builder rejects it', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const dockerfile = [
    'FROM node:20',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm npm ci',
    // the cache went to the mount, not into the layer
    'RUN test ! -e /root/.npm/_cacache',
  ].join('\n');
  assertBuilt(await buildDockerfile(dockerfile, nodeApp));
  assertFailed(await buildDockerfile(dockerfile, nodeApp, { buildkit: false }), /--mount option requires BuildKit/);
});

test('USER node works on node images; the image is kept and inspected on request', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(
    ['FROM node:20', 'WORKDIR /home/node/app', 'COPY --chown=node:node . .', 'USER node', 'RUN test "$(id -u)" = 1000 && test -O package.json && touch /home/node/mine'].join('\n'),
    nodeApp,
    { keepImage: true },
  );
  try {
    assertBuilt(r);
    assert.equal(r.config?.User, 'node');
    assert.equal(await imageUser(r.imageId!), 'node');
    assert.equal((await imageConfig(r.tag)).User, 'node');
    const who = await runInImage(r.tag, ['id', '-un']);
    assert.equal(who.exitCode, 0, who.output);
    assert.equal(who.stdout.trim(), 'node');
  } finally {
    await removeImage(r.tag);
  }
  assert.notEqual((await runInImage(r.tag, ['true'])).exitCode, 0, 'removeImage removed the image');
});

test('alpine: addgroup -S / adduser -S then USER app builds', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile(
    ['FROM alpine:3.20', 'RUN addgroup -S app && adduser -S -G app app', 'USER app', 'RUN test "$(id -un)" = app && test "$(id -gn)" = app'].join('\n'),
  );
  assertBuilt(r);
  assert.equal(r.config?.User, 'app');
});

test('debian-named images: groupadd -r / useradd -r then USER app builds', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  for (const base of ['debian:bookworm-slim', 'python:3.12-slim', 'eclipse-temurin:21-jre']) {
    const r = await buildDockerfile(
      [`FROM ${base}`, 'RUN groupadd -r app && useradd -r -g app app', 'USER app', 'RUN test "$(id -un)" = app && test "$(id -u)" -lt 1000'].join('\n'),
    );
    assertBuilt(r);
    assert.equal(r.config?.User, 'app', base);
  }
});

test('user tools differ by flavour: useradd is not on alpine, BusyBox adduser -S fails on debian', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  assertFailed(await buildDockerfile('FROM node:20-alpine\nRUN useradd -r app'), /useradd: not found/);
  assertFailed(await buildDockerfile('FROM node:20-slim\nRUN adduser -S app'), /Unknown option: S/);
  assertFailed(await buildDockerfile('FROM node:20-slim\nRUN useradd -u 1000 app'), /UID 1000 is not unique/);
});

test('apt-get: install needs update in the image; update + install + clean-up builds', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  assertFailed(await buildDockerfile('FROM debian:bookworm\nRUN apt-get install -y curl'), /Unable to locate package curl/);
  assertFailed(await buildDockerfile('FROM debian:bookworm\nRUN apt-get update && apt-get install curl'), /Abort/);
  const r = await buildDockerfile(
    [
      'FROM ubuntu:24.04',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*',
      'RUN test -z "$(ls /var/lib/apt/lists)" && test ! -e /usr/share/doc/curl-recommends',
    ].join('\n'),
  );
  assertBuilt(r);
});

test('apk add --no-cache leaves no index; without it the index stays', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  assertBuilt(await buildDockerfile('FROM alpine:3.20\nRUN apk add --no-cache curl && test -z "$(ls /var/cache/apk 2>/dev/null)"'));
  assertBuilt(await buildDockerfile('FROM alpine:3.20\nRUN apk add curl && test -n "$(ls /var/cache/apk)"'));
  assertFailed(await buildDockerfile('FROM debian:bookworm\nRUN apk add --no-cache curl'), /apk: not found/);
});

test('build options: target, build args, secrets, Dockerfile name, context file modes', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const dockerfile = [
    'FROM busybox:1.36 AS first',
    'ARG GREETING',
    'COPY run.sh /run.sh',
    'RUN test "$GREETING" = hello && /run.sh',
    'RUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = s3cret',
    'FROM scratch',
    'COPY --from=first /run.sh /never',
    'RUN false',
  ].join('\n');
  const files = { 'run.sh': { content: '#!/bin/sh\necho running\n', mode: 0o755 } };
  const r = await buildDockerfile(dockerfile, files, {
    target: 'first',
    buildArgs: { GREETING: 'hello' },
    secrets: { token: 's3cret' },
    dockerfileName: 'build/api.Dockerfile',
  });
  assertBuilt(r);
  assertFailed(await buildDockerfile(dockerfile, files, { target: 'first', buildArgs: { GREETING: 'bye' }, secrets: { token: 's3cret' } }), /GREETING/);
  await assert.rejects(buildDockerfile('FROM scratch', { '../escape': 'x' }), /outside the context/);
});

test('a build that runs too long is killed', async (t) => {
  if (!(await requireEngineOrSkip(t))) return;
  const r = await buildDockerfile('FROM busybox:1.36\nRUN sleep 120', {}, { timeoutMs: 4_000, noCache: true });
  assert.equal(r.ok, false);
  assert.equal(r.timedOut, true);
  assert.match(r.output, /killed/);
});

test('requireEngineOrSkip: skips without an engine, fails under CI=true', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfo-engine-probe-'));
  try {
    const helper = resolve(__dirname, '../support/engine.ts');
    const file = join(dir, 'probe.test.ts');
    writeFileSync(
      file,
      `const { test } = require('node:test');\nconst { requireEngineOrSkip } = require(${JSON.stringify(helper)});\n` +
        `test('needs engine', async (t) => { if (!(await requireEngineOrSkip(t))) return; throw new Error('engine found?'); });\n`,
    );
    const run = (ci: string | undefined) => {
      const env: NodeJS.ProcessEnv = { ...process.env, DFO_DOCKER: join(dir, 'no-such-docker') };
      delete env.CI;
      if (ci !== undefined) env.CI = ci;
      delete env.NODE_TEST_CONTEXT; // let the child run its own tests
      return spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], { env, encoding: 'utf8' });
    };
    const local = run(undefined);
    assert.equal(local.status, 0, local.stdout + local.stderr);
    assert.match(local.stdout, /no container engine: no docker client at/);
    const ci = run('true');
    assert.notEqual(ci.status, 0, ci.stdout + ci.stderr);
    assert.match(ci.stdout + ci.stderr, /container engine required under CI=true/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
