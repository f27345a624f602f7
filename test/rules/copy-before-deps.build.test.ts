// Real builds of Dockerfiles fixed by copy-before-deps and cache-mount, on the local engine
// (test/support/engine.ts: busybox images under real names with stand-in toolchains that fail
// like the real ones when an input is missing). They check that a fixed file builds, and
// that the fix does what it is for: after a source change the install step comes from the
// layer cache, while the original file reruns it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisEnv } from '../../server/src/analysis/env';
import type { Rule } from '../../server/src/analysis/rule';
import { cacheMount } from '../../server/src/rules/cache-mount';
import { copyBeforeDeps } from '../../server/src/rules/copy-before-deps';
import { buildDockerfile, removeImage, requireEngineOrSkip, runInImage, type BuildOptions, type ContextFile } from '../support/engine';
import { fixWith } from '../support/rule-tester';
import { virtualContext } from '../support/virtual-context';

// A fresh value per test run, so an earlier run's build cache cannot make a step look cached.
const nonce = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** The fix of `rule` applied with the files as build context; asserts that it changed something. */
function fixed(rule: Rule, dockerfile: string, files: Record<string, string>): string {
  const env: AnalysisEnv = { context: virtualContext(files) };
  const text = fixWith(rule, dockerfile, env);
  assert.notEqual(text, dockerfile, 'the rule offered no fix');
  return text;
}

async function build(dockerfile: string, files: Record<string, ContextFile>, opts: BuildOptions = {}) {
  const result = await buildDockerfile(dockerfile, files, opts);
  assert.ok(result.ok, `build failed:\n${dockerfile}\n${result.output.slice(-3000)}`);
  return result;
}

/** Whether BuildKit's plain progress output shows the step running `run` as CACHED. */
function stepCached(output: string, run: string): boolean {
  const escaped = run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const step = new RegExp(`^#(\\d+) \\[[^\\]]*\\] ${escaped}\\s*$`, 'm').exec(output);
  assert.ok(step, `no step '${run}' in the build output:\n${output.slice(-2000)}`);
  return new RegExp(`^#${step[1]} CACHED`, 'm').test(output);
}

/** Builds twice, the second time with one source file changed; returns both outputs. */
async function buildBeforeAndAfterEdit(dockerfile: string, files: Record<string, string>, edited: string) {
  // The first image stays until the second build is done, so its layers stay in the cache.
  const first = await build(dockerfile, files, { keepImage: true });
  try {
    const second = await build(dockerfile, { ...files, [edited]: files[edited] + `\n// edited ${nonce}\n` });
    return { first, second };
  } finally {
    await removeImage(first.tag);
  }
}

/** Files under `dir` in the image (a cache mount leaves only its empty mount point behind). */
async function filesUnder(image: string, dir: string): Promise<string> {
  const listing = await runInImage(image, ['ls', '-A', dir]);
  return listing.exitCode === 0 ? listing.stdout.trim() : '';
}

describe('copy-before-deps fixes build for real', () => {
  const nodeApp = {
    'package.json': JSON.stringify({ name: 'app', scripts: { build: 'node build.js' } }),
    'package-lock.json': '{"lockfileVersion":3}',
    'index.js': `console.log("hello ${nonce}")`,
  };
  const nodeDockerfile = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n';

  it('npm: the fixed file builds, and a source edit keeps npm ci cached (the original reruns it)', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const text = fixed(copyBeforeDeps, nodeDockerfile, nodeApp);
    assert.equal(
      text,
      'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/index.js"]\n',
    );
    const fixedBuilds = await buildBeforeAndAfterEdit(text, nodeApp, 'index.js');
    assert.ok(stepCached(fixedBuilds.second.output, 'RUN npm ci'), 'npm ci should come from the cache after a source edit');
    assert.ok(!stepCached(fixedBuilds.second.output, 'RUN npm run build'), 'the build step must rerun after a source edit');
    const originalBuilds = await buildBeforeAndAfterEdit(nodeDockerfile, nodeApp, 'index.js');
    assert.ok(!stepCached(originalBuilds.second.output, 'RUN npm ci && npm run build'), 'the original reruns npm ci');
  });

  it('go: the download step is cached after a source edit, and the build still runs', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = { 'go.mod': 'module example.com/hello\n\ngo 1.22\n', 'go.sum': '', 'main.go': `package main\n// ${nonce}\nfunc main() {}\n` };
    const original = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/hello .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/hello /hello\nENTRYPOINT ["/hello"]\n';
    const text = fixed(copyBeforeDeps, original, files);
    assert.match(text, /COPY go\.mod go\.sum \.\/\nRUN go mod download\nCOPY \. \.\n/);
    const { second } = await buildBeforeAndAfterEdit(text, files, 'main.go');
    assert.ok(stepCached(second.output, 'RUN go mod download'));
    assert.ok(!stepCached(second.output, 'RUN CGO_ENABLED=0 go build -o /out/hello .'));
  });

  it('pip: nested requirement files found in the context are copied too', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = { 'requirements/prod.txt': '-r base.txt\ngunicorn\n', 'requirements/base.txt': 'flask\n', 'app.py': `print("${nonce}")\n` };
    const original = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements/prod.txt\nCMD ["python", "app.py"]\n';
    const text = fixed(copyBeforeDeps, original, files);
    assert.match(text, /COPY requirements\/prod\.txt requirements\/base\.txt requirements\/\n/);
    const { second } = await buildBeforeAndAfterEdit(text, files, 'app.py');
    assert.ok(stepCached(second.output, 'RUN pip install --no-cache-dir -r requirements/prod.txt'));
  });

  it('without a context, an optional lockfile is copied by a wildcard that may match nothing, with both builders', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const text = fixWith(copyBeforeDeps, 'FROM node:20\nCOPY . /app\nWORKDIR /app\nRUN yarn install\n');
    assert.equal(text, 'FROM node:20\nCOPY package.json yarn.lock* /app/\nWORKDIR /app\nRUN yarn install\nCOPY . /app\n');
    const files = { 'package.json': '{"name":"app"}', 'index.js': `// ${nonce}\n` };
    await build(text, files, { buildkit: true });
    await build(text, files, { buildkit: false });
  });

  it('bundler and composer: manifests-only installs build', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const ruby = fixed(copyBeforeDeps, 'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n', { Gemfile: "source 'https://rubygems.org'\n", 'Gemfile.lock': '', 'app.rb': '' });
    assert.match(ruby, /COPY Gemfile Gemfile\.lock \.\/\n/);
    // The local images have no ruby:3.3 tag; debian carries the same bundle stand-in.
    await build(ruby.replace('FROM ruby:3.3', 'FROM debian:bookworm'), { Gemfile: "source 'https://rubygems.org'\n", 'Gemfile.lock': '', 'app.rb': `# ${nonce}\n` });
    const php = fixed(
      copyBeforeDeps,
      'FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev --no-scripts --no-autoloader && composer dump-autoload\n',
      { 'composer.json': '{}', 'composer.lock': '{}', 'index.php': '' },
    );
    assert.match(php, /COPY composer\.json composer\.lock \.\/\nRUN composer install --no-dev --no-scripts --no-autoloader\nCOPY \. \.\nRUN composer dump-autoload\n/);
    await build(php, { 'composer.json': '{}', 'composer.lock': '{}', 'index.php': `<?php // ${nonce}\n` });
  });
});

describe('cache-mount fixes build for real with BuildKit', () => {
  it('pip: the mount replaces --no-cache-dir and the cache stays out of the image', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n';
    const text = fixWith(cacheMount, original);
    assert.equal(text, 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n');
    const result = await build(text, { 'requirements.txt': `flask # ${nonce}\n` }, { keepImage: true });
    try {
      assert.equal(await filesUnder(result.tag, '/root/.cache/pip'), '', 'the pip cache ended up in the image');
      const installed = await runInImage(result.tag, ['cat', '/usr/local/lib/python3.12/site-packages/stand-in-installed.txt']);
      assert.equal(installed.exitCode, 0, installed.output);
    } finally {
      await removeImage(result.tag);
    }
  });

  it('apt and npm in one file: mounts added, list cleanup dropped, the image builds', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const original =
      'FROM node:20\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci && npm cache clean --force\n';
    const text = fixWith(cacheMount, original);
    assert.equal(
      text,
      'FROM node:20\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update \\\n && apt-get install -y --no-install-recommends curl\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    );
    const result = await build(text, { 'package.json': `{"name":"app","description":"${nonce}"}`, 'package-lock.json': '{}' }, { keepImage: true });
    try {
      assert.equal(await filesUnder(result.tag, '/root/.npm'), '', 'the npm cache ended up in the image');
      assert.equal(await filesUnder(result.tag, '/var/lib/apt/lists'), '', 'the apt lists ended up in the image');
      const modules = await runInImage(result.tag, ['ls', '/app/node_modules/.installed']);
      assert.equal(modules.exitCode, 0, modules.output);
    } finally {
      await removeImage(result.tag);
    }
  });
});
