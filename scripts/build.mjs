// Bundles the client, the language server and the CLI into one file each under dist/.
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
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
