// The build context resolver and report: Docker's .dockerignore semantics, checked against
// what a real engine receives (a `FROM scratch` + `COPY . /ctx/` image, read back with
// `docker save`) for BuildKit, the legacy builder and podman.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ContextMatcher,
  cleanPattern,
  contextFolder,
  parseDockerignore,
  resolveBuildContext,
  scanBuildContext,
  type BuilderKind,
} from '../../server/src/analysis/build-context';
import createIgnore from '@balena/dockerignore';
import { readImageArchive } from '../../client/src/container/image-archive';
import { requireEngineOrSkip, DOCKER } from '../support/engine';

function tree(files: Record<string, string | { link: string }>): string {
  const root = mkdtempSync(join(tmpdir(), 'dfo-ctx-'));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'string') writeFileSync(path, content);
    else symlinkSync(content.link, path);
  }
  return root;
}

describe('parseDockerignore', () => {
  it('reads lines as moby does: comments, trimming, cleaning, leading slash, exceptions', () => {
    const text = '\uFEFF# comment\n  .git  \n/tmp/\n!  keep.log\n./a/../b\n\n #not a comment\n!\nsub//x/\n';
    assert.deepEqual(parseDockerignore(text), ['.git', 'tmp', '!keep.log', 'b', '#not a comment', '!', 'sub/x']);
    assert.equal(cleanPattern('/'), '/');
    assert.equal(cleanPattern('!/a/'), '!a');
  });
});

describe('ContextMatcher', () => {
  const cases: [string[], string, boolean][] = [
    [['*.log'], 'x.log', true],
    [['*.log'], 'sub/x.log', false], // `*` does not cross folders
    [['**/*.log'], 'sub/deep/x.log', true],
    [['**/*.log'], 'x.log', true],
    [['node_modules'], 'node_modules/a/b.js', true], // a folder excludes its contents
    [['node_modules'], 'app/node_modules/a.js', false],
    [['**/node_modules'], 'app/deep/node_modules/a.js', true],
    [['*.log', '!keep.log'], 'keep.log', false], // the last matching pattern wins
    [['!keep.log', '*.log'], 'keep.log', true],
    [['docs', '!docs/README.md'], 'docs/README.md', false],
    [['Readme.md'], 'README.md', false], // case-sensitive, like Linux
    [['a?c'], 'abc', true],
    [['[a-c].txt'], 'b.txt', true],
    [['[a-c].txt'], 'd.txt', false],
    [['*'], 'anything/at/all', true],
    [['*', '!src'], 'src/main.go', false],
    [[], 'x', false],
  ];
  for (const [patterns, path, excluded] of cases) {
    it(`${JSON.stringify(patterns)} ${excluded ? 'excludes' : 'keeps'} ${path}`, () => {
      assert.equal(new ContextMatcher(patterns).excludes(path), excluded);
    });
  }
  it('decides exactly as the library does, path by path (per-folder caching changes nothing)', () => {
    // A seeded mix of patterns and paths: globstars, classes, exceptions, nesting.
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const parts = ['a', 'b', 'node_modules', 'src', 'x.log', 'keep.log', 'c.txt', 'build', 'deep'];
    const patternPool = ['**/node_modules', '*.log', '!keep.log', '**/*.log', 'build', '!build/keep', 'a/*/c.txt', '[ab]', '!a/b', 'src/**/x.log', '**', '!**/c.txt', 'deep/**/b', '?'];
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + random(5) }, () => patternPool[random(patternPool.length)]);
      const reference = createIgnore({ ignorecase: false }).add(patterns);
      const matcher = new ContextMatcher(patterns);
      for (let i = 0; i < 30; i++) {
        const path = Array.from({ length: 1 + random(4) }, () => parts[random(parts.length)]).join('/');
        assert.equal(matcher.excludes(path), reference.ignores(path), `${JSON.stringify(patterns)} ${path}`);
      }
    }
  });
  it('walks into an excluded folder only when an exception starts with its path', () => {
    const matcher = new ContextMatcher(['build', '!build/keep.txt', 'secret', '!**/id.pub']);
    assert.equal(matcher.entersExcludedDir('build'), true);
    assert.equal(matcher.entersExcludedDir('secret'), false);
  });
});

describe('resolveBuildContext', () => {
  it('picks <Dockerfile>.dockerignore for BuildKit, the context root file for legacy, .containerignore for podman', () => {
    const root = tree({ 'api.Dockerfile': 'FROM scratch\n', 'api.Dockerfile.dockerignore': 'a\n', '.dockerignore': 'b\n', '.containerignore': 'c\n' });
    try {
      const dockerfile = join(root, 'api.Dockerfile');
      const bk = resolveBuildContext(dockerfile);
      assert.equal(bk.ignoreFile, join(root, 'api.Dockerfile.dockerignore'));
      assert.equal(bk.ignoreOrigin, 'dockerfile');
      assert.equal(resolveBuildContext(dockerfile, { builder: 'legacy' }).ignoreFile, join(root, '.dockerignore'));
      assert.equal(resolveBuildContext(dockerfile, { builder: 'podman' }).ignoreFile, join(root, '.containerignore'));
      assert.equal(resolveBuildContext(join(root, 'Dockerfile')).ignoreFile, join(root, '.dockerignore'));
      assert.equal(resolveBuildContext(join(root, 'Dockerfile')).ignoreOrigin, 'context');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it('resolves the context path setting against the Dockerfile folder', () => {
    assert.equal(contextFolder('/w/app/Dockerfile', ''), '/w/app');
    assert.equal(contextFolder('/w/app/Dockerfile', '..'), '/w');
    assert.equal(contextFolder('/w/app/Dockerfile', '/abs/ctx/'), '/abs/ctx/');
    assert.equal(contextFolder('/w/app/docker/Dockerfile', ' ../ '), '/w/app');
  });
});

// A context that exercises the pattern semantics: exceptions, `**`, excluded folders with and
// without exceptions under them, case, whitespace, leading slash, symlinks, the Dockerfile.
const CONTEXT_FILES: Record<string, string | { link: string }> = {
  'Dockerfile': 'FROM scratch\nCOPY . /ctx/\n',
  'app.js': 'console.log(1)\n',
  'keep.log': 'kept\n',
  'drop.log': 'dropped\n',
  'sub/deep.log': 'deep log, not matched by *.log\n',
  'sub/deeper/x.tmp': 'tmp',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/objects/ab/cdef': 'x'.repeat(4000),
  'node_modules/pkg/index.js': 'y'.repeat(3000),
  'web/node_modules/pkg/index.js': 'z'.repeat(2000),
  'web/src/main.ts': 'export {}\n',
  'build/out.bin': 'b'.repeat(5000),
  'build/keep/me.txt': 'me\n',
  'secret/id_rsa': 'PRIVATE',
  'secret/id.pub': 'PUBLIC',
  'docs/a.md': '# a\n',
  'docs/README.md': '# readme\n',
  'docs/deep/b.md': '# b\n',
  'docs/deep/c.txt': 'c\n',
  'Upper.TXT': 'case\n',
  'spaced.txt': 'trimmed pattern\n',
  'tmp/t': 't',
  'sub/tmp/t': 'not the root tmp',
  'env.example': 'A=1\n',
  '.env': 'SECRET=1\n',
  '.env.local': 'SECRET=2\n',
  'link-to-app': { link: 'app.js' },
  'dangling': { link: 'nowhere' },
};
const IGNORE = [
  '# comment',
  '.git',
  '**/node_modules',
  '*.log',
  '!keep.log',
  '**/*.tmp',
  'build',
  '!build/keep',
  'secret/',
  '!**/id.pub',
  'docs/**/*.md',
  '!docs/README.md',
  '/tmp',
  '  spaced.txt  ',
  'upper.txt',
  '.env*',
  'dangling',
].join('\n');

async function savedFiles(program: string, args: string[]): Promise<Map<string, number>> {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.on('exit', (code) => code !== 0 && child.stdout.destroy(new Error(`${program} ${args.join(' ')}: ${stderr}`)));
  const archive = await readImageArchive(child.stdout);
  const files = new Map<string, number>();
  for (const layer of archive.layers) {
    for (const file of layer.files) if (file.path.startsWith('ctx/')) files.set(file.path.slice(4), file.size);
  }
  return files;
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(program, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
  assert.equal(r.status, 0, `${program} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('the context report equals what the engine receives', { timeout: 600_000 }, () => {
  let root = '';
  before(() => {
    root = tree({ ...CONTEXT_FILES, '.dockerignore': IGNORE });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const builder of ['buildkit', 'legacy'] as BuilderKind[]) {
    it(`docker, ${builder} builder`, async (t) => {
      if (!(await requireEngineOrSkip(t))) return;
      const tag = `dfo-ctx-test-${builder}:${process.pid}`;
      try {
        run(DOCKER, ['build', '-q', `--tag=${tag}`, root], { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' });
        const received = await savedFiles(DOCKER, ['save', tag]);
        const report = await scanBuildContext(resolveBuildContext(join(root, 'Dockerfile'), { builder }), { listSent: true });
        assert.deepEqual(report.sentPaths, [...received.keys()].sort());
        assert.equal(report.sent.files, received.size);
        assert.equal(report.sent.bytes, [...received.values()].reduce((a, b) => a + b, 0));
        assert.equal(report.all.files, Object.keys(CONTEXT_FILES).length + 1);
        assert.ok(report.saved.bytes >= 4000 + 3000 + 2000 + 5000, 'the excluded folders count as saved');
        assert.ok(report.largestExcluded.some((entry) => entry.path === 'build/' ) === false, 'build/ is walked into (an exception names build/keep)');
        assert.ok(report.largestExcluded.some((entry) => entry.path === 'secret/'), 'secret/ is excluded whole');
      } finally {
        spawnSync(DOCKER, ['rmi', '-f', tag]);
      }
    });
  }

  it('docker BuildKit with <Dockerfile>.dockerignore next to the Dockerfile', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const ctx = tree({ ...CONTEXT_FILES, '.dockerignore': IGNORE, 'api.Dockerfile': 'FROM scratch\nCOPY . /ctx/\n', 'api.Dockerfile.dockerignore': '*.log\nsub\n' });
    const tag = `dfo-ctx-test-specific:${process.pid}`;
    try {
      run(DOCKER, ['build', '-q', `--tag=${tag}`, `--file=${join(ctx, 'api.Dockerfile')}`, ctx], { DOCKER_BUILDKIT: '1' });
      const received = await savedFiles(DOCKER, ['save', tag]);
      const report = await scanBuildContext(resolveBuildContext(join(ctx, 'api.Dockerfile')), { listSent: true });
      assert.equal(report.ignoreOrigin, 'dockerfile');
      assert.deepEqual(report.sentPaths, [...received.keys()].sort());
      assert.ok(received.has('.git/HEAD'), 'the context .dockerignore does not apply');
    } finally {
      spawnSync(DOCKER, ['rmi', '-f', tag]);
      rmSync(ctx, { recursive: true, force: true });
    }
  });

  it('podman (buildah) reads .containerignore first', async (t) => {
    const podman = spawnSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).stdout.trim();
    if (!podman) {
      if (process.env.CI === 'true') assert.fail('podman is not installed (scripts/ci/engine.sh installs it with INSTALL_PODMAN=1)');
      t.skip('podman is not installed');
      return;
    }
    const ctx = tree({ ...CONTEXT_FILES, '.dockerignore': '*\n', '.containerignore': IGNORE });
    const tag = `localhost/dfo-ctx-test-podman:${process.pid}`;
    try {
      run(podman, ['build', '-q', '--pull=never', `--tag=${tag}`, ctx]);
      const received = await savedFiles(podman, ['save', tag]);
      const report = await scanBuildContext(resolveBuildContext(join(ctx, 'Dockerfile'), { builder: 'podman' }), { listSent: true });
      assert.deepEqual(report.sentPaths, [...received.keys()].sort());
    } finally {
      spawnSync(podman, ['rmi', '-f', tag]);
      rmSync(ctx, { recursive: true, force: true });
    }
  });
});
