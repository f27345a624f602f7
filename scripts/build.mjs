// Bundles the client, the language server and the CLI (launcher and program) under dist/.
// `vscode` stays external: the extension host provides it.
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode'],
  // Node's own conditions only. esbuild adds `module` by default, which made a CommonJS
  // require() of vscode-languageserver-types (by dockerfile-ast) get the ESM build behind two
  // layers of getters: every Range.create or Position.create went through both.
  conditions: [],
  logLevel: 'warning',
};

// `--bench`: the benchmark, bundled like the server and the CLI so that it measures the engine
// as shipped. Its peers stay outside the bundle and load their own copy of dockerfile-ast.
if (process.argv.includes('--bench')) {
  await build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js', external: ['vscode', 'dockerfile-utils', 'dockerfilelint'] });
  process.exit(0);
}

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The CLI: a small launcher (the `bin`) and the program it runs through V8's code cache.
  build({ ...common, entryPoints: ['server/src/cli-launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-program.js' }),
]);
