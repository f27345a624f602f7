// The .dockerignore scaffold: ecosystems, the merge that never clobbers, the COPY conflicts,
// and a real build with the scaffolded file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ContextMatcher, parseDockerignore, resolveBuildContext, scanBuildContext } from '../../server/src/analysis/build-context';
import { copyNeeds, detectEcosystems, ignoredNeeds, mergeText, planScaffold } from '../../server/src/analysis/dockerignore-scaffold';
import { DockerfileModel } from '../../server/src/analysis/model';
import { buildDockerfile, requireEngineOrSkip } from '../support/engine';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dfo-scaffold-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

function withTree<T>(files: Record<string, string>, body: (root: string) => T): T {
  const root = tree(files);
  try {
    return body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const plan = (root: string, dockerfile = 'FROM scratch\nCOPY . /app\n') => {
  writeFileSync(join(root, 'Dockerfile'), dockerfile);
  return planScaffold(resolveBuildContext(join(root, 'Dockerfile')), new DockerfileModel(dockerfile));
};

describe('ecosystems', () => {
  const table: [string, Record<string, string>, string[], string[]][] = [
    ['Node.js', { 'package.json': '{}' }, ['node'], ['**/node_modules', 'dist', 'coverage']],
    ['Python (requirements)', { 'requirements-dev.txt': '' }, ['python'], ['**/__pycache__', '.venv', '**/*.py[cod]']],
    ['Python (pyproject)', { 'pyproject.toml': '' }, ['python'], ['.pytest_cache']],
    ['Go', { 'go.mod': 'module x\n' }, ['go'], ['bin', '**/*.test']],
    ['Maven', { 'pom.xml': '<project/>' }, ['maven'], ['target']],
    ['Gradle (Kotlin DSL)', { 'build.gradle.kts': '' }, ['gradle'], ['.gradle', '**/build']],
    ['Rust', { 'Cargo.toml': '' }, ['rust'], ['target']],
    ['Ruby', { Gemfile: '' }, ['ruby'], ['.bundle', 'vendor/bundle']],
    ['PHP', { 'composer.json': '{}' }, ['php'], ['var/cache']],
    ['.NET', { 'src/Api/Api.csproj': '<Project/>' }, ['dotnet'], ['**/bin', '**/obj']],
    ['monorepo one level deep', { 'web/package.json': '{}', 'api/go.mod': 'module y\n' }, ['node', 'go'], ['**/node_modules', 'bin']],
    ['nothing known', { 'README.md': '' }, [], []],
  ];
  for (const [name, files, ids, patterns] of table) {
    it(name, () =>
      withTree(files, (root) => {
        assert.deepEqual(detectEcosystems(root).map((e) => e.id), ids);
        const result = plan(root);
        assert.equal(result.existingText, null);
        for (const pattern of [...patterns, '.git', '.env', '.env.*', '**/*.pem', '.vscode', '**/Dockerfile*', '.dockerignore']) {
          assert.ok(result.added.includes(pattern), `${pattern} missing from ${result.added.join(' ')}`);
        }
        // Each pattern is written once, and the file parses back to what was added.
        assert.deepEqual(parseDockerignore(result.newText), result.added);
        assert.equal(new Set(result.added).size, result.added.length);
      }),
    );
  }
});

describe('merging into an existing file', () => {
  it('never clobbers: the existing text stays as it was, after the added block', () =>
    withTree({ 'package.json': '{}', '.dockerignore': '# mine\nnode_modules\n*.log\n!keep.log\n' }, (root) => {
      const result = plan(root);
      assert.ok(result.newText.endsWith('# mine\nnode_modules\n*.log\n!keep.log\n'), result.newText);
      assert.ok(!result.added.includes('node_modules'));
      // The user's exception still wins over the added **/*.log.
      const matcher = new ContextMatcher(parseDockerignore(result.newText));
      assert.equal(matcher.excludes('keep.log'), false);
      assert.equal(matcher.excludes('other.log'), true);
      assert.equal(matcher.excludes('sub/deep.log'), true);
    }));

  it('adds only what is missing, and a second run adds nothing', () =>
    withTree({ 'package.json': '{}', '.dockerignore': '.git\r\n**/node_modules\r\n' }, (root) => {
      const first = plan(root);
      assert.ok(!first.added.includes('.git') && !first.added.includes('**/node_modules'));
      assert.ok(first.added.length > 10);
      assert.ok(!first.newText.replace(/\r\n/g, '').includes('\n'), 'keeps CRLF line ends');
      writeFileSync(join(root, '.dockerignore'), first.newText);
      const second = plan(root);
      assert.deepEqual(second.added, []);
      assert.equal(second.newText, first.newText);
    }));

  it('writes into the Dockerfile-specific ignore file when that is the one that applies', () =>
    withTree({ 'api.Dockerfile': 'FROM scratch\n', 'api.Dockerfile.dockerignore': '.git\n' }, (root) => {
      const result = planScaffold(resolveBuildContext(join(root, 'api.Dockerfile')), new DockerfileModel('FROM scratch\n'));
      assert.equal(result.target, join(root, 'api.Dockerfile.dockerignore'));
      assert.ok(result.added.includes('api.Dockerfile.dockerignore'));
    }));

  it('merges nothing into an empty set of sections', () => {
    assert.equal(mergeText('x\n', []), 'x\n');
  });
});

describe('COPY needs', () => {
  it('skips a pattern that would exclude a path a COPY needs, and says why', () =>
    withTree({ 'package.json': '{}', 'dist/index.js': 'x', 'build/a': 'y' }, (root) => {
      const result = plan(root, 'FROM node:20\nCOPY package.json ./\nCOPY dist ./dist\nCOPY . .\n');
      assert.ok(!result.added.includes('dist'));
      assert.deepEqual(result.skipped.find((s) => s.pattern === 'dist'), { pattern: 'dist', reason: 'line 3 copies dist (dist)' });
      assert.ok(result.added.includes('build'));
    }));

  it('warns when the existing file excludes what a COPY needs (literal and glob sources)', () =>
    withTree({ 'package.json': '{}', 'config/app.json': '{}', '.dockerignore': '*.json\nconfig\n' }, (root) => {
      const result = plan(root, 'FROM node:20\nCOPY ["package.json", "./"]\nCOPY config/*.json /etc/app/\nCOPY --from=build /x /y\nADD https://example.com/x /x\n');
      assert.deepEqual(
        result.warnings.map((w) => [w.line, w.source, w.excluded, w.all]),
        [
          [1, 'package.json', ['package.json'], true],
          [2, 'config/*.json', ['config/app.json'], true],
        ],
      );
      assert.match(result.warnings[0].message, /Line 2 copies package\.json, but it is excluded by \.dockerignore/);
    }));

  it('lists the sources of COPY and ADD, not --from, URLs, variables or the whole context', () =>
    withTree({ 'a.txt': '', 'src/x.go': '', 'src/y.go': '' }, (root) => {
      const model = new DockerfileModel('FROM x\nCOPY a.txt ./src/*.go /app/\nCOPY --from=0 /b /c\nADD https://x/y /z\nCOPY $X /y\nCOPY . .\nONBUILD COPY a.txt /o\n');
      const needs = copyNeeds(model, root);
      assert.deepEqual(needs.map((n) => [n.line, n.source, n.paths.sort()]), [
        [1, 'a.txt', ['a.txt']],
        [1, './src/*.go', ['src/x.go', 'src/y.go']],
        [6, 'a.txt', ['a.txt']],
      ]);
      assert.deepEqual(ignoredNeeds(['src/x.go'], needs).map((n) => [n.source, n.all]), [['./src/*.go', false]]);
    }));
});

describe('a real build with the scaffolded file', { timeout: 300_000 }, () => {
  it('still builds, and leaves node_modules, .git and .env out of the context', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const files = {
      'package.json': '{"name":"x"}',
      'package-lock.json': '{}',
      'src/index.js': 'console.log(1)\n',
      'node_modules/big/index.js': 'x'.repeat(50_000),
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.env': 'SECRET=1\n',
      'dist/bundle.js': 'built',
    };
    const dockerfile = 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCOPY dist /app/dist\nCMD ["node", "src/index.js"]\n';
    const root = tree(files);
    try {
      const result = plan(root, dockerfile);
      writeFileSync(join(root, '.dockerignore'), result.newText);
      const report = await scanBuildContext(resolveBuildContext(join(root, 'Dockerfile')), { listSent: true });
      assert.deepEqual(report.sentPaths, ['dist/bundle.js', 'package-lock.json', 'package.json', 'src/index.js']);
      const withIgnore = { ...files, '.dockerignore': readFileSync(join(root, '.dockerignore'), 'utf8') };
      const built = await buildDockerfile(dockerfile, withIgnore);
      assert.ok(built.ok, built.output);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
