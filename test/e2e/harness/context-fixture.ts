// The workspace of scenario 7 and of the extension-host suite's scaffold and context tests
// (test/extension/suite/dockerignore-context.ts): fixtures/dockerignore-node plus what a
// working folder has, and what the engine receives from it with a .dockerignore's patterns,
// computed here by walking the folder (not taken from the extension). Node built-ins and
// @balena/dockerignore only, so the extension-host bundle can use it too.
import createIgnore from '@balena/dockerignore';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A working folder's untracked files: dependencies, test output, VCS data, logs, secrets. */
export function prepareWorkingFolder(workspace: string): void {
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(dirname(join(workspace, rel)), { recursive: true });
    writeFileSync(join(workspace, rel), content);
  };
  const filler = (bytes: number, seed: string) => Buffer.from(seed.repeat(Math.ceil(bytes / seed.length)).slice(0, bytes));
  write('node_modules/left-pad/package.json', '{ "name": "left-pad", "version": "1.3.0", "main": "index.js" }\n');
  write('node_modules/left-pad/index.js', filler(2_345, 'module.exports = leftPad;\n'));
  write('node_modules/.cache/babel/cache.json', filler(301_000, '{"k":"v"},'));
  write('coverage/lcov.info', filler(52_500, 'DA:1,1\n'));
  write('coverage/lcov-report/index.html', filler(12_300, '<tr><td>x</td></tr>\n'));
  write('.git/HEAD', 'ref: refs/heads/main\n');
  write('.git/objects/pack/pack-0001.pack', filler(123_456, 'PACK'));
  write('npm-debug.log', filler(4_100, 'verbose stack Error\n'));
  write('logs/server.log', filler(8_800, 'GET / 200\n'));
  write('.env', 'API_TOKEN=not-a-real-token\n');
}

/** The patterns of a .dockerignore as Docker reads them (comments and blank lines dropped). */
export function patternsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export interface Tally {
  files: number;
  bytes: number;
}

export interface ContextFigures {
  sent: Tally;
  all: Tally;
  /** Per top-level entry of the context: what is sent and what is excluded. */
  folders: Map<string, { sent: Tally; excluded: Tally }>;
}

/**
 * What the engine receives with these patterns: every regular file of the folder, excluded
 * when a pattern matches it or a folder above it (@balena/dockerignore, a port of Docker's
 * matcher; the patterns have no `!` exceptions, so no excluded folder is walked into).
 */
export function contextFigures(folder: string, patterns: string[]): ContextFigures {
  const matcher = createIgnore({ ignorecase: false }).add(patterns);
  const figures: ContextFigures = { sent: { files: 0, bytes: 0 }, all: { files: 0, bytes: 0 }, folders: new Map() };
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = statSync(join(dir, name));
      if (stat.isDirectory()) {
        walk(join(dir, name), path);
        continue;
      }
      const top = path.split('/')[0];
      const entry = figures.folders.get(top) ?? { sent: { files: 0, bytes: 0 }, excluded: { files: 0, bytes: 0 } };
      figures.folders.set(top, entry);
      const excluded = matcher.ignores(path);
      for (const tally of [figures.all, excluded ? entry.excluded : entry.sent, ...(excluded ? [] : [figures.sent])]) {
        tally.files++;
        tally.bytes += stat.size;
      }
    }
  };
  walk(folder, '');
  return figures;
}
