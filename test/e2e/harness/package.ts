// The artifacts under test: the extension's .vsix exactly as `npm run package` makes it, and
// the test-host extension (test/extension) that runs the Mocha suite inside the extension host.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tools';

export interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main?: string;
  icon?: string;
  bin?: Record<string, string>;
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    grammars?: { path: string }[];
    languages?: { configuration?: string; icon?: { light?: string; dark?: string } }[];
    snippets?: { path: string }[];
  };
}

export function readManifest(folder = ROOT): Manifest {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
}

/** Runs `npm run package` and copies the .vsix it wrote to `dest`. */
export function packageExtension(dest: string): void {
  const result = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`npm run package failed (exit ${result.status ?? result.signal}):\n${output.slice(-4000)}`);
  const vsix = /Packaged: (.+\.vsix)/.exec(output)?.[1]?.trim() ?? join(ROOT, 'dockerfile-optimizer.vsix');
  if (!existsSync(vsix)) throw new Error(`npm run package said it succeeded but ${vsix} is missing:\n${output.slice(-2000)}`);
  copyFileSync(vsix, dest);
}

/** Builds the test-host extension (test/extension/build.mjs) into a .vsix at `dest`. */
export function packageTestHost(dest: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'test', 'extension', 'build.mjs'), '--vsix', dest], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0 || !existsSync(dest)) {
    throw new Error(`test/extension/build.mjs --vsix failed (exit ${result.status ?? result.signal}):\n${`${result.stdout}${result.stderr}`.slice(-4000)}`);
  }
}

/** The folder code-server installed the extension into. */
export function installedExtensionDir(extensionsDir: string, manifest: Manifest): string {
  const prefix = `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase();
  const found = readdirSync(extensionsDir).find((name) => name.toLowerCase().startsWith(prefix));
  if (!found) throw new Error(`no ${prefix}* folder in ${extensionsDir} after --install-extension (found: ${readdirSync(extensionsDir).join(', ')})`);
  return join(extensionsDir, found);
}

/**
 * Checks that the installed package holds every file the extension needs at run time: what its
 * manifest points to, the language server the client starts, and a docs page for every rule
 * docs/rules/ documents (the hover and the "Show Rule Documentation" command open them).
 * A `.vscodeignore` mistake fails here with the missing paths named.
 */
export function checkInstalledPackage(installedDir: string): string[] {
  const manifest = readManifest(installedDir);
  const needed = new Set<string>();
  const add = (path: string | undefined) => path && needed.add(path.replace(/^\.\//, ''));
  add(manifest.main);
  add(manifest.icon);
  for (const grammar of manifest.contributes?.grammars ?? []) add(grammar.path);
  for (const language of manifest.contributes?.languages ?? []) {
    add(language.configuration);
    add(language.icon?.light);
    add(language.icon?.dark);
  }
  for (const snippet of manifest.contributes?.snippets ?? []) add(snippet.path);
  // The client starts the server from here (client/src/extension.ts: context.asAbsolutePath).
  add('dist/server.js');
  // The CLI: its launcher (the bin) runs the program beside it (server/src/cli-launcher.ts).
  for (const bin of Object.values(manifest.bin ?? {})) add(bin);
  add('dist/cli-program.js');
  const docs = join(ROOT, 'docs', 'rules');
  if (existsSync(docs)) for (const page of readdirSync(docs).filter((name) => name.endsWith('.md'))) add(`docs/rules/${page}`);
  const missing = [...needed].filter((path) => {
    const file = join(installedDir, path);
    return !existsSync(file) || statSync(file).size === 0;
  });
  if (missing.length > 0) throw new Error(`the installed package lacks files the extension needs (check .vscodeignore):\n  ${missing.join('\n  ')}`);
  return [...needed].sort();
}
