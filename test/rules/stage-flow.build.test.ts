// Real builds for the stage-flow rules (copy-from-missing-path, dev-deps-missing-for-build,
// dev-deps-in-final, root-home-non-root): each original Dockerfile is shown to break for real
// on the local engine (test/support/engine.ts) — the build fails, the runtime user cannot read
// its packages, or the image holds the dev dependencies — and the rule's fixed text is shown
// to build and to work.
//
// The engine's base images are BusyBox with stand-in toolchains. Two behaviours of the real
// images that the stand-ins lack are added here, in images derived from them for these tests
// only (nothing in scripts/ci changes):
//   - dfo-test/stage-flow-node: an `npm` that installs `dependencies` and, unless told to omit
//     them, `devDependencies` into node_modules (a folder per package, `node_modules/.bin/tsc`
//     for typescript), prunes them, and runs scripts with node_modules/.bin on PATH; `tsc` is
//     not on the image's PATH, as in the real node images;
//   - dfo-test/stage-flow-python: `/root` at mode 700, as in the real Debian-based images.
// The fixtures name the real images (node:20, python:3.12-slim); the derived tags are put in
// just before building, after the rule and its fix have seen the text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Rule } from '../../server/src/analysis/rule';
import { copyFromMissingPath } from '../../server/src/rules/copy-from-missing-path';
import { devDepsInFinal } from '../../server/src/rules/dev-deps-in-final';
import { devDepsMissingForBuild } from '../../server/src/rules/dev-deps-missing-for-build';
import { rootHomeNonRoot } from '../../server/src/rules/root-home-non-root';
import { buildDockerfile, containerEngine, removeImage, requireEngineOrSkip, runInImage, type BuildResult, type ContextFile } from '../support/engine';
import { findingsOf, fixWith } from '../support/rule-tester';
import { contextEnv } from '../support/virtual-context';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const NODE_IMAGE = `dfo-test/stage-flow-node-${process.pid}:20`;
const PYTHON_SLIM_IMAGE = `dfo-test/stage-flow-python-${process.pid}:3.12-slim`;

// npm with dev dependencies, for the derived node image (see the header).
const NPM_WITH_DEV_DEPENDENCIES = lines(
  '#!/bin/sh',
  '# npm stand-in that knows dependencies from devDependencies (stage-flow tests).',
  '. /usr/local/lib/shim.sh',
  'keys() { [ -f package.json ] || return 0; awk -v s="\\"$1\\"" \'index($0, s) && /\\{/ { on = 1; next } on && /\\}/ { on = 0 } on && match($0, /"[^"]+"/) { print substr($0, RSTART + 1, RLENGTH - 2) }\' package.json; }',
  'bin_of() { case $1 in typescript) echo tsc ;; *) echo "$1" ;; esac; }',
  'add() { mkdir -p "node_modules/$1" node_modules/.bin; echo "{\\"name\\":\\"$1\\"}" >"node_modules/$1/package.json"; b=$(bin_of "$1"); [ -x "/usr/local/lib/stand-in/$b" ] && ln -sf "/usr/local/lib/stand-in/$b" "node_modules/.bin/$b"; return 0; }',
  'omit= include= cmd= script=',
  'for a; do',
  '  case $a in',
  '    --omit=dev|--only=prod|--only=production|--production|--production=true) omit=1 ;;',
  '    --include=dev|--production=false) include=1 ;;',
  '    -*) ;;',
  '    *) if [ -z "$cmd" ]; then cmd=$a; elif [ -z "$script" ]; then script=$a; fi ;;',
  '  esac',
  'done',
  '[ "$NODE_ENV" = production ] && [ -z "$include" ] && omit=1',
  'case $cmd in',
  '  ci|install|i)',
  '    need package.json "no package.json in $(pwd)"',
  '    [ "$cmd" != ci ] || [ -e package-lock.json ] || die "npm ci needs package-lock.json"',
  '    rm -rf node_modules && mkdir -p node_modules/.bin',
  '    for p in $(keys dependencies); do add "$p"; done',
  '    if [ -z "$omit" ]; then for p in $(keys devDependencies); do add "$p"; done; fi',
  '    say "installed${omit:+ without dev dependencies}" ;;',
  '  prune)',
  '    if [ -n "$omit" ]; then for p in $(keys devDependencies); do rm -rf "node_modules/$p" "node_modules/.bin/$(bin_of "$p")"; done; fi',
  '    say "pruned" ;;',
  '  run|run-script)',
  '    text=$(sed -n "s/.*\\"$script\\": *\\"\\([^\\"]*\\)\\".*/\\1/p" package.json | head -n 1)',
  '    [ -n "$text" ] || die "Missing script: \\"$script\\""',
  '    PATH="$(pwd)/node_modules/.bin:$PATH" sh -c "$text" ;;',
  '  *) exec /usr/local/lib/stand-in/npm "$@" ;;',
  'esac',
);

const TS_PROJECT: Record<string, ContextFile> = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: 'tsc -p .' }, dependencies: { express: '^4.19.0' }, devDependencies: { typescript: '^5.6.0' } }, null, 2) + '\n',
  'package-lock.json': '{ "name": "app", "lockfileVersion": 3 }\n',
  'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }\n',
  'src/index.ts': 'console.log("hello");\n',
};

const PY_PROJECT: Record<string, ContextFile> = {
  'requirements.txt': 'flask==3.0.3\n',
  'app.py': 'print("hello")\n',
};

function contextOf(files: Record<string, ContextFile>) {
  return contextEnv(Object.fromEntries(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? content : ''])));
}

/** The original text is flagged by the rule, and its fix is what we build next. */
function flaggedAndFixed(rule: Rule, text: string, files: Record<string, ContextFile>): string {
  const env = contextOf(files);
  assert.ok(findingsOf(rule, text, env).length > 0, `${rule.meta.id} does not flag the original`);
  const fixed = fixWith(rule, text, env);
  assert.notEqual(fixed, text, `${rule.meta.id} offers no fix`);
  assert.deepEqual(findingsOf(rule, fixed, env), [], 'the fixed text is still flagged');
  return fixed;
}

const withImages = (text: string) => text.replace(/^FROM node:20 /gm, `FROM ${NODE_IMAGE} `).replace(/^FROM python:3\.12-slim$/gm, `FROM ${PYTHON_SLIM_IMAGE}`);

async function build(text: string, files: Record<string, ContextFile>, keep = false): Promise<BuildResult> {
  return buildDockerfile(withImages(text), files, { keepImage: keep, timeoutMs: 300_000 });
}

async function listing(image: string, path: string, user?: string): Promise<{ ok: boolean; output: string }> {
  const run = await runInImage(image, ['ls', '-a', path], { user });
  return { ok: run.exitCode === 0, output: run.output };
}

describe('stage-flow rules, built for real', { timeout: 1_800_000 }, () => {
  const images: string[] = [];

  before(async () => {
    if (!(await containerEngine()).available) return;
    const node = await buildDockerfile(
      lines('FROM node:20', 'RUN mkdir -p /usr/local/lib/stand-in && mv /usr/local/bin/tsc /usr/local/bin/npm /usr/local/lib/stand-in/', 'COPY npm /usr/local/bin/npm'),
      { npm: { content: NPM_WITH_DEV_DEPENDENCIES, mode: 0o755 } },
      { tag: NODE_IMAGE, keepImage: true },
    );
    assert.ok(node.ok, node.output);
    images.push(NODE_IMAGE);
    const python = await buildDockerfile(lines('FROM python:3.12-slim', 'RUN chmod 700 /root'), {}, { tag: PYTHON_SLIM_IMAGE, keepImage: true });
    assert.ok(python.ok, python.output);
    images.push(PYTHON_SLIM_IMAGE);
  });

  after(async () => {
    for (const image of images) await removeImage(image);
  });

  it('copy-from-missing-path: the original fails ("not found"), the fixed one builds and runs', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = { ...TS_PROJECT, 'package.json': JSON.stringify({ name: 'app', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } }) };
    const text = lines(
      'FROM node:20-slim AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN tsc -p .',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=build /app/dist ./dist',
      'CMD ["node", "dist/index.js"]',
    );
    const fixed = flaggedAndFixed(copyFromMissingPath, text, files);
    assert.match(fixed, /^COPY --from=build \/src\/dist \.\/dist$/m);
    const original = await build(text, files);
    assert.equal(original.ok, false, 'the original built although /app/dist does not exist in the build stage');
    assert.match(original.output, /\/app\/dist.*not found|not found.*\/app\/dist|no such file or directory/i);
    const result = await build(fixed, files, true);
    assert.ok(result.ok, result.output);
    try {
      const run = await runInImage(result.tag, ['node', 'dist/index.js']);
      assert.equal(run.exitCode, 0, run.output);
    } finally {
      await removeImage(result.tag);
    }
  });

  it('dev-deps-missing-for-build: the original fails (tsc: not found), the fixed one builds and ships production dependencies only', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const text = lines(
      'FROM node:20 AS build',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'COPY . .',
      'RUN npm run build',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
      'CMD ["node", "dist/index.js"]',
    );
    const fixed = flaggedAndFixed(devDepsMissingForBuild, text, TS_PROJECT);
    const original = await build(text, TS_PROJECT);
    assert.equal(original.ok, false, 'the original built although tsc is a dev dependency');
    assert.match(original.output, /tsc: not found/);
    const result = await build(fixed, TS_PROJECT, true);
    assert.ok(result.ok, result.output);
    try {
      const modules = await listing(result.tag, '/app/node_modules');
      assert.ok(modules.ok, modules.output);
      assert.match(modules.output, /express/);
      assert.doesNotMatch(modules.output, /typescript/, 'the dev dependencies reached the runtime image');
      const run = await runInImage(result.tag, ['node', 'dist/index.js']);
      assert.equal(run.exitCode, 0, run.output);
    } finally {
      await removeImage(result.tag);
    }
  });

  it('dev-deps-in-final: the original image holds the dev dependencies, the fixed one does not', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const text = lines(
      'FROM node:20 AS build',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
      'CMD ["node", "dist/index.js"]',
    );
    const fixed = flaggedAndFixed(devDepsInFinal, text, TS_PROJECT);
    assert.match(fixed, /^RUN npm run build\nRUN npm prune --omit=dev\nFROM node:20-slim$/m);
    const original = await build(text, TS_PROJECT, true);
    assert.ok(original.ok, original.output);
    try {
      const modules = await listing(original.tag, '/app/node_modules');
      assert.match(modules.output, /typescript/, 'the original image should hold the dev dependency');
    } finally {
      await removeImage(original.tag);
    }
    const result = await build(fixed, TS_PROJECT, true);
    assert.ok(result.ok, result.output);
    try {
      const modules = await listing(result.tag, '/app/node_modules');
      assert.ok(modules.ok, modules.output);
      assert.match(modules.output, /express/);
      assert.doesNotMatch(modules.output, /typescript/);
      const run = await runInImage(result.tag, ['node', 'dist/index.js']);
      assert.equal(run.exitCode, 0, run.output);
    } finally {
      await removeImage(result.tag);
    }
  });

  it('root-home-non-root: the app user cannot read its packages in the original, can in the fixed image', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const text = lines(
      'FROM python:3.12 AS builder',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --user --no-cache-dir -r requirements.txt',
      'FROM python:3.12-slim',
      'RUN useradd -r app',
      'COPY --from=builder /root/.local /root/.local',
      'ENV PATH=/root/.local/bin:$PATH',
      'WORKDIR /app',
      'COPY app.py .',
      'USER app',
      'CMD ["python", "app.py"]',
    );
    const fixed = flaggedAndFixed(rootHomeNonRoot, text, PY_PROJECT);
    const original = await build(text, PY_PROJECT, true);
    assert.ok(original.ok, original.output);
    try {
      const packages = await listing(original.tag, '/root/.local/lib/python3.12/site-packages');
      assert.equal(packages.ok, false, `the app user could read /root/.local: ${packages.output}`);
      assert.match(packages.output, /Permission denied/i);
    } finally {
      await removeImage(original.tag);
    }
    const result = await build(fixed, PY_PROJECT, true);
    assert.ok(result.ok, result.output);
    try {
      assert.equal(result.config?.User, 'app');
      const packages = await listing(result.tag, '/usr/local/lib/python3.12/site-packages');
      assert.ok(packages.ok, packages.output);
      assert.match(packages.output, /stand_in_pkg/);
      assert.ok(result.config?.Env?.some((entry) => entry.startsWith('PATH=/usr/local/bin:')), JSON.stringify(result.config?.Env));
      const run = await runInImage(result.tag, ['python', 'app.py']);
      assert.equal(run.exitCode, 0, run.output);
    } finally {
      await removeImage(result.tag);
    }
  });
});
