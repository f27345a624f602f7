// Builds the extension-host suite (test/extension) into out/extension-tests/:
//   dist/extension.js   one bundle (Mocha included, `vscode` external): run() for
//                       @vscode/test-electron, activate() for the test-host extension
//   fixtures/           test/e2e/fixtures, the expected texts the suite checks, and the
//                       5,000-line corpus file of scenario 5 (fixtures/large-5k/) when the
//                       shared corpus is there (../shared/corpus or DFO_CORPUS_DIR)
//   package.json        the test-host extension's manifest (the command that runs the suite)
//   node test/extension/build.mjs [--vsix FILE]    with --vsix, also packages it (vsce)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'out', 'extension-tests');
const product = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await build({
  entryPoints: [join(ROOT, 'test', 'extension', 'index.ts')],
  outfile: join(OUT, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  // Mocha's parallel mode (worker files found with require.resolve) is never used here.
  logOverride: { 'require-resolve-not-external': 'silent' },
});
cpSync(join(ROOT, 'test', 'e2e', 'fixtures'), join(OUT, 'fixtures'), { recursive: true });
// The typing test of the large file needs it; without it that test skips (fails under CI).
const edit = JSON.parse(readFileSync(join(ROOT, 'test', 'e2e', 'fixtures', 'large-5k', 'edit.json'), 'utf8'));
const corpusFile = join(resolve(process.env.DFO_CORPUS_DIR || join(ROOT, '..', 'shared', 'corpus')), edit.corpusFile);
// Written, not copied: the corpus files are read-only, and the test edits its copy.
if (existsSync(corpusFile)) writeFileSync(join(OUT, 'fixtures', 'large-5k', basename(corpusFile)), readFileSync(corpusFile));
else console.log(`build.mjs: ${corpusFile} is absent; the suite's large-file typing test will skip (fail under CI)`);
writeFileSync(
  join(OUT, 'package.json'),
  JSON.stringify(
    {
      name: 'dockerfile-optimizer-tests',
      displayName: 'Dockerfile Optimizer Tests',
      description: 'Test host: runs the Dockerfile Optimizer extension-host suite (never published).',
      version: product.version,
      publisher: product.publisher,
      license: product.license,
      private: true,
      engines: { vscode: product.engines.vscode },
      main: './dist/extension.js',
      activationEvents: ['onCommand:dockerfileOptimizerTests.runSuite'],
      // The suite opens Dockerfiles and edits settings: it must run in Restricted Mode too.
      capabilities: { untrustedWorkspaces: { supported: true } },
      contributes: {
        commands: [{ command: 'dockerfileOptimizerTests.runSuite', title: 'Run Extension-Host Suite', category: 'Dockerfile Optimizer Tests' }],
      },
    },
    null,
    2,
  ),
);
writeFileSync(join(OUT, 'LICENSE'), readFileSync(join(ROOT, 'LICENSE')));
writeFileSync(join(OUT, 'README.md'), '# Dockerfile Optimizer Tests\n\nRuns the extension-host suite of test/extension. Built by test/extension/build.mjs; not published.\n');

const vsixAt = process.argv.indexOf('--vsix');
if (vsixAt !== -1) {
  const vsix = resolve(process.argv[vsixAt + 1]);
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: OUT, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    process.exit(1);
  }
  console.log(`packaged ${vsix}`);
}
