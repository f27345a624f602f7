// Real builds for the layer-size rules: apt-lists, apk-no-cache, pip-no-cache, package-cache,
// consecutive-run and chown-after-copy (rm-in-later-layer has no fix). Each fixture is fixed
// with fix-all of these rules, compared with the exact expected text, built on the local
// engine (test/support/engine.ts: busybox images with stand-in apt-get, apk, pip, yarn, dnf
// that leave their caches behind like the real tools), and the image is checked for what the
// fix is for: the cache is gone where the original keeps it, merged RUNs make one layer,
// COPY --chown gives the same owners as the chown it replaces, in a smaller image.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fixAll } from '../../server/src/analysis/engine';
import type { AnalysisEnv } from '../../server/src/analysis/env';
import type { Rule } from '../../server/src/analysis/rule';
import { apkNoCache } from '../../server/src/rules/apk-no-cache';
import { aptLists } from '../../server/src/rules/apt-lists';
import { chownAfterCopy } from '../../server/src/rules/chown-after-copy';
import { consecutiveRun } from '../../server/src/rules/consecutive-run';
import { packageCache } from '../../server/src/rules/package-cache';
import { pipNoCache } from '../../server/src/rules/pip-no-cache';
import { buildDockerfile, removeImage, requireEngineOrSkip, runDocker, runInImage, type ContextFile } from '../support/engine';
import { findingsOf } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const rules: Rule[] = [aptLists, apkNoCache, pipNoCache, packageCache, consecutiveRun, chownAfterCopy];
const settings = [Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.severity]))];
const kept: string[] = [];

after(async () => {
  for (const tag of kept) await removeImage(tag);
});

function fixAllOf(text: string, env?: AnalysisEnv): string {
  return fixAll(text, { rules, settings, env }).text;
}

/** Builds (BuildKit) and keeps the image for inspection; removed when the file's tests end. */
async function build(dockerfile: string, files: Record<string, ContextFile> = {}): Promise<string> {
  const result = await buildDockerfile(dockerfile, files, { keepImage: true });
  kept.push(result.tag);
  assert.ok(result.ok, `build failed:\n${dockerfile}\n${result.output.slice(-3000)}`);
  return result.tag;
}

/** Entries under `dir` in the image ('' when empty or absent). */
async function filesUnder(image: string, dir: string): Promise<string> {
  const listing = await runInImage(image, ['sh', '-c', `find ${dir} -type f 2>/dev/null | sort`]);
  assert.equal(listing.exitCode, 0, listing.output);
  return listing.stdout.trim();
}

async function layerCount(image: string): Promise<number> {
  const r = await runDocker(['image', 'inspect', '--format', '{{len .RootFS.Layers}}', image]);
  assert.equal(r.exitCode, 0, r.output);
  return Number(r.stdout.trim());
}

async function imageSize(image: string): Promise<number> {
  const r = await runDocker(['image', 'inspect', '--format', '{{.Size}}', image]);
  assert.equal(r.exitCode, 0, r.output);
  return Number(r.stdout.trim());
}

/** Owner and mode of every file and folder under `dir`, one per line. */
async function ownership(image: string, dir: string): Promise<string> {
  const r = await runInImage(image, ['sh', '-c', `find ${dir} | sort | xargs stat -c '%n %u:%g %a'`]);
  assert.equal(r.exitCode, 0, r.output);
  return r.stdout.trim();
}

describe('apt-lists: fixed files build and leave no package lists', () => {
  it('appends the cleanup; the original keeps the lists', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl\n';
    const text = fixAllOf(original);
    assert.equal(text, 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n');
    const [before, fixed] = await Promise.all([build(original), build(text)]);
    assert.match(await filesUnder(before, '/var/lib/apt/lists'), /_Packages/, 'the stand-in should leave lists without the fix');
    assert.equal(await filesUnder(fixed, '/var/lib/apt/lists'), '');
    assert.ok((await imageSize(fixed)) < (await imageSize(before)) - 200 * 1024, 'the fixed image should be smaller by the lists');
  });

  it('an update-only RUN is merged by consecutive-run first, then cleaned', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM debian:bookworm-slim\nRUN apt-get update\n# tools for the healthcheck\nRUN apt-get install -y --no-install-recommends curl\n';
    const text = fixAllOf(original);
    assert.equal(
      text,
      'FROM debian:bookworm-slim\nRUN apt-get update && \\\n    # tools for the healthcheck\n    apt-get install -y --no-install-recommends curl && \\\n    rm -rf /var/lib/apt/lists/*\n',
    );
    assert.deepEqual(findingsOf(aptLists, text), []);
    const fixed = await build(text);
    assert.equal(await filesUnder(fixed, '/var/lib/apt/lists'), '');
    assert.match(await filesUnder(fixed, '/usr/share/doc'), /curl\/stand-in-payload/, 'curl must still be installed');
  });

  it('a cache mount on the lists (where the rule stays quiet) keeps them out of the image for real', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const text = 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists \\\n    apt-get update && apt-get install -y --no-install-recommends curl\n';
    assert.deepEqual(findingsOf(aptLists, text), []);
    const image = await build(text);
    assert.equal(await filesUnder(image, '/var/lib/apt/lists'), '');
  });
});

describe('apk-no-cache and pip-no-cache: fixed files build without caches', () => {
  it('apk add --no-cache', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM alpine:3.20\nRUN apk add --virtual .deps curl\n';
    const text = fixAllOf(original);
    assert.equal(text, 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl\n');
    const [before, fixed] = await Promise.all([build(original), build(text)]);
    assert.match(await filesUnder(before, '/var/cache/apk'), /APKINDEX/);
    assert.equal(await filesUnder(fixed, '/var/cache/apk'), '');
    assert.match(await filesUnder(fixed, '/usr/share/apk-stand-in'), /curl/);
  });

  it('pip install --no-cache-dir; a cache mount on ~/.cache/pip works too', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = { 'requirements.txt': 'flask==3.0.3\n' };
    const original = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN python3 -m pip install -r requirements.txt\n';
    const text = fixAllOf(original);
    assert.equal(text, 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN python3 -m pip install --no-cache-dir -r requirements.txt\n');
    const mounted = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n';
    assert.deepEqual(findingsOf(pipNoCache, mounted), []);
    const [before, fixed, withMount] = await Promise.all([build(original, files), build(text, files), build(mounted, files)]);
    assert.match(await filesUnder(before, '/root/.cache/pip'), /stand-in/);
    assert.equal(await filesUnder(fixed, '/root/.cache/pip'), '');
    assert.equal(await filesUnder(withMount, '/root/.cache/pip'), '');
  });
});

describe('package-cache: fixed files build and clean their caches', () => {
  it('yarn cache clean', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = { 'package.json': '{"name":"app"}', 'yarn.lock': '# yarn lockfile v1\n' };
    const original = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n';
    const text = fixAllOf(original);
    assert.equal(text, 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile && yarn cache clean\n');
    const [before, fixed] = await Promise.all([build(original, files), build(text, files)]);
    assert.match(await filesUnder(before, '/usr/local/share/.cache/yarn'), /stand-in/);
    assert.equal(await filesUnder(fixed, '/usr/local/share/.cache/yarn'), '');
    assert.match(await filesUnder(fixed, '/app/node_modules'), /\.installed/);
  });

  it('dnf, microdnf and yum clean all; gem --no-document', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    // The stand-ins of the busybox images stand for the real tools whatever the base's name.
    const original = 'FROM debian:bookworm\nRUN dnf install -y git\nRUN set -e; microdnf install -y tar\nRUN yum -y install make \\\n    && gem install rake\n';
    const text = fixAllOf(original);
    assert.equal(
      text,
      'FROM debian:bookworm\nRUN dnf install -y git && dnf clean all\nRUN set -e; microdnf install -y tar && microdnf clean all\nRUN yum -y install make \\\n    && gem install --no-document rake \\\n    && yum clean all\n',
    );
    const [before, fixed] = await Promise.all([build(original), build(text)]);
    assert.match(await filesUnder(before, '/var/cache'), /dnf\/stand-in\.solv[\s\S]*microdnf\/stand-in\.solv[\s\S]*yum\/stand-in\.solv/);
    assert.equal(await filesUnder(fixed, '/var/cache'), '');
  });
});

describe('consecutive-run: merged RUNs build as one layer', () => {
  it('three RUNs and a comment become one RUN; both images have the same files', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM busybox:1.36\nRUN mkdir -p /opt/app\n# config\nRUN echo "port=8080" > /opt/app/app.conf\nRUN chmod 640 /opt/app/app.conf\n';
    const text = fixAllOf(original);
    assert.equal(
      text,
      'FROM busybox:1.36\nRUN mkdir -p /opt/app && \\\n    # config\n    echo "port=8080" > /opt/app/app.conf && \\\n    chmod 640 /opt/app/app.conf\n',
    );
    const [before, fixed] = await Promise.all([build(original), build(text)]);
    assert.equal(await layerCount(fixed), (await layerCount(before)) - 2);
    assert.equal(await ownership(fixed, '/opt/app'), await ownership(before, '/opt/app'));
    const conf = await runInImage(fixed, ['cat', '/opt/app/app.conf']);
    assert.equal(conf.exitCode, 0, conf.output);
    assert.equal(conf.stdout, 'port=8080\n');
  });
});

describe('chown-after-copy: COPY --chown gives the same owners in a smaller image', () => {
  const payload = { content: new Uint8Array(512 * 1024), mode: 0o644 };
  const files: Record<string, ContextFile> = { 'app/data.bin': payload, 'app/run.sh': { content: '#!/bin/sh\necho ok\n', mode: 0o700 }, 'app/lib/x.txt': 'x\n' };

  it('a fresh destination: the RUN goes away', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM node:20-slim\nCOPY app /app\nRUN chown -R node:node /app\n';
    const text = fixAllOf(original);
    assert.equal(text, 'FROM node:20-slim\nCOPY --chown=node:node app /app\n');
    const [before, fixed] = await Promise.all([build(original, files), build(text, files)]);
    assert.equal(await ownership(fixed, '/app'), await ownership(before, '/app'));
    assert.match(await ownership(fixed, '/app'), /^\/app 1000:1000 /);
    assert.ok((await imageSize(fixed)) < (await imageSize(before)) - 400 * 1024, 'the copied files should be stored once');
  });

  it('a WORKDIR-made destination keeps a non-recursive chown for the folder itself', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM node:20-slim\nWORKDIR /app\nCOPY app/ .\nRUN chown -R node:node /app\n';
    const text = fixAllOf(original);
    assert.equal(text, 'FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node app/ .\nRUN chown node:node /app\n');
    const [before, fixed] = await Promise.all([build(original, files), build(text, files)]);
    assert.equal(await ownership(fixed, '/app'), await ownership(before, '/app'));
    assert.ok((await imageSize(fixed)) < (await imageSize(before)) - 400 * 1024);
  });

  it('chmod -R of a folder: --chmod leaves the folder itself alone, so a plain chmod stays for it', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM alpine:3.20\nCOPY app /srv-app\nRUN chmod -R 750 /srv-app\n';
    const text = fixAllOf(original, contextEnv({ 'app/run.sh': '', 'app/lib/x.txt': '' }));
    assert.equal(text, 'FROM alpine:3.20\nCOPY --chmod=750 app /srv-app\nRUN chmod 750 /srv-app\n');
    const [before, fixed] = await Promise.all([build(original, files), build(text, files)]);
    assert.equal(await ownership(fixed, '/srv-app'), await ownership(before, '/srv-app'));
    assert.ok((await imageSize(fixed)) < (await imageSize(before)) - 400 * 1024);
  });

  it('chmod -R of a single file: --chmod covers it and the RUN goes away', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM alpine:3.20\nCOPY app/data.bin /blob.bin\nRUN chmod -R 600 /blob.bin\n';
    const text = fixAllOf(original, contextEnv({ 'app/data.bin': 'bytes' }));
    assert.equal(text, 'FROM alpine:3.20\nCOPY --chmod=600 app/data.bin /blob.bin\n');
    const [before, fixed] = await Promise.all([build(original, files), build(text, files)]);
    assert.equal(await ownership(fixed, '/blob.bin'), await ownership(before, '/blob.bin'));
    assert.match(await ownership(fixed, '/blob.bin'), /^\/blob\.bin 0:0 600$/);
  });
});
