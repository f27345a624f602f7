// The CLI's V8 code cache: where it lives, that only a private directory holds it, that the
// real CLI writes it once (after checking files) and then runs from it with the same output,
// and that a broken, foreign or switched-off cache changes nothing but speed.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cacheDirectory, cacheFileName, CODE_CACHE_ENV, isPrivateDirectory } from '../../server/src/cli/code-cache';
import { PROGRAM_ONLY_BUILTINS } from '../../server/src/cli/v8-tuning';
import { CLI, CLI_PROGRAM, REPO_ROOT, runCli } from './cli-harness';

let scratch: string;
before(() => (scratch = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-code-cache-'))));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('cacheDirectory', () => {
  it('is under XDG_CACHE_HOME when that is an absolute path, else under ~/.cache', () => {
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/me'), join('/var/cache/me', 'dockerfile-optimizer'));
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: 'relative/cache' }, '/home/me'), join('/home/me', '.cache', 'dockerfile-optimizer'));
    assert.equal(cacheDirectory({}, '/home/me'), join('/home/me', '.cache', 'dockerfile-optimizer'));
  });

  it('is null when switched off or when there is no home', () => {
    for (const off of ['off', '0', 'false', 'OFF']) assert.equal(cacheDirectory({ [CODE_CACHE_ENV]: off }, '/home/me'), null);
    assert.equal(cacheDirectory({}, null), null);
  });
});

describe('isPrivateDirectory', () => {
  it('creates the directory for its owner only', () => {
    const dir = join(scratch, 'new', 'cache');
    assert.equal(isPrivateDirectory(dir, true), true);
    if (process.platform !== 'win32') assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('refuses a directory others can write to, a file, and a missing directory it may not create', { skip: process.platform === 'win32' }, () => {
    const shared = join(scratch, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    assert.equal(isPrivateDirectory(shared, true), false);
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    assert.equal(isPrivateDirectory(file, true), false);
    assert.equal(isPrivateDirectory(join(scratch, 'missing'), false), false);
  });
});

describe('cacheFileName', () => {
  it('differs between program texts and names the Node version', () => {
    assert.notEqual(cacheFileName('a'), cacheFileName('b'));
    assert.ok(cacheFileName('a').includes(process.version));
  });
});

describe('the CLI with its code cache', () => {
  const examples = join(REPO_ROOT, 'examples');
  const checkArgs = ['check', '--format', 'json', examples];
  const cacheFiles = (home: string) => {
    const dir = join(home, 'dockerfile-optimizer');
    return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.v8cache')).map((name) => join(dir, name)) : [];
  };

  it('writes the cache on the first check, then runs from it with the same output', () => {
    const home = join(scratch, 'first-run');
    const env = { XDG_CACHE_HOME: home };
    const withoutCache = runCli(checkArgs, REPO_ROOT, { [CODE_CACHE_ENV]: 'off' });

    assert.equal(runCli(['--version'], REPO_ROOT, env).status, 0);
    assert.deepEqual(cacheFiles(home), [], '--version checks no file and writes no cache');

    const first = runCli(checkArgs, REPO_ROOT, env);
    assert.equal(first.stdout, withoutCache.stdout);
    assert.equal(first.status, withoutCache.status);
    const [file] = cacheFiles(home);
    assert.ok(file, 'no cache written after a check');
    const written = statSync(file);
    assert.ok(written.size > 100_000, `a cache of ${written.size} bytes holds little of the program`);

    const second = runCli(checkArgs, REPO_ROOT, env);
    assert.equal(second.stdout, withoutCache.stdout);
    assert.equal(second.stderr, withoutCache.stderr);
    assert.deepEqual(cacheFiles(home), [file]);
    assert.equal(statSync(file).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');
  });

  it('runs as without a cache when the cache is garbage, and replaces it', () => {
    const home = join(scratch, 'garbage');
    const env = { XDG_CACHE_HOME: home };
    runCli(checkArgs, REPO_ROOT, env);
    const [file] = cacheFiles(home);
    const garbage = Buffer.from('not V8 bytecode at all '.repeat(100));
    writeFileSync(file, garbage);

    const run = runCli(checkArgs, REPO_ROOT, env);
    assert.equal(run.stdout, runCli(checkArgs, REPO_ROOT, { [CODE_CACHE_ENV]: 'off' }).stdout);
    assert.notDeepEqual(readFileSync(file), garbage, 'a rejected cache is rewritten');
  });

  it("drops an older program's cache for the same Node when it writes a new one", () => {
    const home = join(scratch, 'older');
    const dir = join(home, 'dockerfile-optimizer');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const older = join(dir, cacheFileName('an older build of the program'));
    const otherNode = join(dir, 'cli-v0.0.0-x64-0123456789abcdef.v8cache');
    writeFileSync(older, 'old');
    writeFileSync(otherNode, 'other');
    runCli(checkArgs, REPO_ROOT, { XDG_CACHE_HOME: home });
    assert.equal(existsSync(older), false);
    assert.equal(existsSync(otherNode), true);
    assert.equal(cacheFiles(home).length, 2);
  });

  it('neither reads nor writes a cache in a directory others can write to, nor when switched off', { skip: process.platform === 'win32' }, () => {
    const home = join(scratch, 'shared');
    mkdirSync(join(home, 'dockerfile-optimizer'), { recursive: true });
    chmodSync(join(home, 'dockerfile-optimizer'), 0o777);
    const shared = runCli(checkArgs, REPO_ROOT, { XDG_CACHE_HOME: home });
    assert.deepEqual(cacheFiles(home), []);

    const offHome = join(scratch, 'off');
    const off = runCli(checkArgs, REPO_ROOT, { XDG_CACHE_HOME: offHome, [CODE_CACHE_ENV]: 'off' });
    assert.equal(existsSync(offHome), false);
    assert.equal(shared.stdout, off.stdout);
  });
});

describe('the launcher and the program bundle', () => {
  const builtinsRequiredBy = (bundle: string): Set<string> =>
    new Set([...readFileSync(bundle, 'utf8').matchAll(/require\("(node:[a-z_/]+)"\)/g)].map((match) => match[1]));

  it('load every Node module the program needs before the V8 flags change (PROGRAM_ONLY_BUILTINS)', () => {
    const launcher = builtinsRequiredBy(CLI);
    const program = builtinsRequiredBy(CLI_PROGRAM);
    const missing = [...program].filter((name) => !launcher.has(name) && !PROGRAM_ONLY_BUILTINS.includes(name));
    assert.deepEqual(missing, [], 'add these to PROGRAM_ONLY_BUILTINS (server/src/cli/v8-tuning.ts)');
    const stale = PROGRAM_ONLY_BUILTINS.filter((name) => !program.has(name) || launcher.has(name));
    assert.deepEqual(stale, [], 'the program no longer needs these, or the launcher loads them anyway');
  });
});
