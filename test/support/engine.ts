// Test helper: builds Dockerfiles for real with the local Docker engine.
//
// The engine and its base images come from `bash scripts/ci/engine.sh` (run as root; .ci/run
// does it in CI). Nothing can be pulled on our machines, so node:20, golang:1.22,
// gcr.io/distroless/... are tiny BusyBox images with stand-in scripts for npm, go, mvn, cargo,
// pip, apt-get, apk, useradd... (scripts/ci/base-images.txt lists them and their flavours).
// The stand-ins fail like the real tools when an input is missing (npm ci without
// package.json, apt-get install without apt-get update, RUN on distroless: no shell), so a
// wrongly fixed Dockerfile really fails to build here.
//
// Usage in a node:test file:
//   test('fixed Dockerfile builds', async (t) => {
//     if (!(await requireEngineOrSkip(t))) return;   // skips outside CI, throws under CI=true
//     const r = await buildDockerfile(text, { 'package.json': '{}', 'package-lock.json': '{}' });
//     assert.ok(r.ok, r.output);
//     assert.equal(r.config?.User, 'node');
//   });
//
// Only node built-ins; every docker call is an argument vector, never a shell string.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import type { TestContext } from 'node:test';

/** Debian's docker client (20.10): BuildKit built in. `DFO_DOCKER` overrides it. */
export const DOCKER = process.env.DFO_DOCKER || '/usr/bin/docker';
/** The list of base images that scripts/ci/engine.sh imports. */
export const BASE_IMAGES_FILE = resolve(__dirname, '../../scripts/ci/base-images.txt');
const ENGINE_HINT = 'run `bash scripts/ci/engine.sh` as root (installs docker.io, starts dockerd, imports the base images)';

export type Engine = { available: true; docker: string } | { available: false; reason: string };
export type AvailableEngine = Extract<Engine, { available: true }>;

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they came. */
  output: string;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs the docker client with an argument vector; never rejects (a missing binary gives exitCode null). */
export function runDocker(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let output = '';
    let timedOut = false;
    const child = spawn(DOCKER, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => ((stdout += s), (output += s)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => ((stderr += s), (output += s)));
    const finish = (exitCode: number | null, extra = '') => {
      clearTimeout(timer);
      if (timedOut) extra += `\n[killed: docker ${args[0]} ran longer than ${opts.timeoutMs ?? 60_000} ms]`;
      done({ exitCode, stdout, stderr: stderr + extra, output: output + extra, timedOut });
    };
    child.on('error', (err) => finish(null, `\n[${DOCKER}: ${err.message}]`));
    child.on('close', (code) => finish(code));
  });
}

/** Names from scripts/ci/base-images.txt (node:20, gcr.io/distroless/static-debian12:nonroot, ...). */
export function baseImageNames(): string[] {
  return readFileSync(BASE_IMAGES_FILE, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/)[0])
    .filter((name): name is string => Boolean(name));
}

let probed: Promise<Engine> | undefined;

/**
 * Whether a Docker engine answers (`docker info` within ~5 s) and has every base image.
 * Probed once per process.
 */
export function containerEngine(): Promise<Engine> {
  probed ??= probeEngine();
  return probed;
}

async function probeEngine(): Promise<Engine> {
  try {
    accessSync(DOCKER, constants.X_OK);
  } catch {
    return { available: false, reason: `no docker client at ${DOCKER}: ${ENGINE_HINT}` };
  }
  let info = await runDocker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 5_000 });
  // one more try when a busy machine made it slow
  if (info.timedOut) info = await runDocker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 5_000 });
  if (info.exitCode !== 0) {
    const why = info.timedOut ? 'did not answer within 5 s' : `failed: ${info.stderr.trim().split('\n').slice(-2).join(' ')}`;
    return { available: false, reason: `\`${DOCKER} info\` ${why}; ${ENGINE_HINT}` };
  }
  const names = baseImageNames();
  const inspect = await runDocker(['image', 'inspect', '--format', '{{.Id}}', ...names], { timeoutMs: 20_000 });
  if (inspect.exitCode !== 0) {
    const missing = [...inspect.stderr.matchAll(/No such image: (\S+)/g)].map((m) => m[1]);
    const what = missing.length > 0 ? `missing base images: ${missing.join(', ')}` : inspect.stderr.trim();
    return { available: false, reason: `${what}; ${ENGINE_HINT}` };
  }
  return { available: true, docker: DOCKER };
}

function inCI(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/**
 * For a test that needs the engine: returns it, or when there is none, skips the test
 * (`t.skip(reason)`; the caller must then return) — except under CI=true, where it throws,
 * so a missing engine fails CI instead of hiding behind skips.
 */
export async function requireEngineOrSkip(t: TestContext): Promise<AvailableEngine | undefined> {
  const engine = await containerEngine();
  if (engine.available) return engine;
  if (inCI()) throw new Error(`container engine required under CI=true but unavailable: ${engine.reason}`);
  t.skip(`no container engine: ${engine.reason}`);
  return undefined;
}

/** A file of the build context: its text, or bytes and a mode (e.g. 0o755 for a script). */
export type ContextFile = string | Uint8Array | { content: string | Uint8Array; mode?: number };

export interface BuildOptions {
  /** BuildKit (DOCKER_BUILDKIT=1, needed for RUN --mount) or the legacy builder. Default true. */
  buildkit?: boolean;
  target?: string;
  /** Tag to build as; default a unique dfo-test/build-... name. Removed afterwards unless keepImage. */
  tag?: string;
  buildArgs?: Record<string, string>;
  /** BuildKit secrets for RUN --mount=type=secret,id=ID: id -> content (written outside the context). */
  secrets?: Record<string, string>;
  /** Path of the Dockerfile inside the context (default "Dockerfile"); passed as -f. */
  dockerfileName?: string;
  noCache?: boolean;
  /** Keep the image (caller removes it with removeImage); by default it is removed after inspection. */
  keepImage?: boolean;
  /** Kill the build after this long. Default 180 000 ms. */
  timeoutMs?: number;
}

/** The parts of `docker image inspect`'s .Config that tests look at. */
export interface ImageConfig {
  User?: string;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  ExposedPorts?: Record<string, object> | null;
  Labels?: Record<string, string> | null;
  Healthcheck?: { Test?: string[] } | null;
  [key: string]: unknown;
}

export interface BuildResult {
  ok: boolean;
  exitCode: number | null;
  /** The build's whole output (BuildKit: --progress=plain). */
  output: string;
  timedOut: boolean;
  /** sha256:... when the build succeeded. */
  imageId?: string;
  /** The built image's config (inspected before the image is removed). */
  config?: ImageConfig;
  /** The tag the image was built as (gone unless keepImage). */
  tag: string;
  durationMs: number;
}

let buildCounter = 0;

function contextPath(root: string, rel: string): string {
  const clean = normalize(rel);
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) {
    throw new Error(`build context file outside the context: ${rel}`);
  }
  return join(root, clean);
}

/**
 * Builds `dockerfileText` with `files` as the build context, for real, then removes the
 * context folder and (unless keepImage) the image. Never rejects for a failed build: look at
 * `ok` and `output`.
 */
export async function buildDockerfile(
  dockerfileText: string,
  files: Record<string, ContextFile> = {},
  opts: BuildOptions = {},
): Promise<BuildResult> {
  const started = Date.now();
  const buildkit = opts.buildkit ?? true;
  const tag = opts.tag ?? `dfo-test/build-${process.pid}-${++buildCounter}-${Math.random().toString(36).slice(2, 8)}:latest`;
  const work = await mkdtemp(join(tmpdir(), 'dfo-build-'));
  const context = join(work, 'context');
  const dockerfileName = opts.dockerfileName ?? 'Dockerfile';
  try {
    await mkdir(context);
    if (Object.prototype.hasOwnProperty.call(files, dockerfileName)) {
      throw new Error(`files must not contain ${dockerfileName}: it is the dockerfileText argument`);
    }
    const all: Record<string, ContextFile> = { ...files, [dockerfileName]: dockerfileText };
    for (const [rel, file] of Object.entries(all)) {
      const path = contextPath(context, rel);
      await mkdir(dirname(path), { recursive: true });
      const spec = typeof file === 'string' || file instanceof Uint8Array ? { content: file } : file;
      await writeFile(path, spec.content, spec.mode !== undefined ? { mode: spec.mode } : {});
    }
    const iidFile = join(work, 'iid');
    const args = ['build', '--iidfile', iidFile, '-t', tag, '-f', contextPath(context, dockerfileName)];
    if (buildkit) args.push('--progress=plain');
    else args.push('--force-rm');
    if (opts.target) args.push('--target', opts.target);
    if (opts.noCache) args.push('--no-cache');
    for (const [key, value] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
    for (const [id, content] of Object.entries(opts.secrets ?? {})) {
      const src = join(work, `secret-${Object.keys(opts.secrets ?? {}).indexOf(id)}`);
      await writeFile(src, content, { mode: 0o600 });
      args.push('--secret', `id=${id},src=${src}`);
    }
    args.push(context);
    const run = await runDocker(args, {
      timeoutMs: opts.timeoutMs ?? 180_000,
      env: { ...process.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' },
    });
    const result: BuildResult = {
      ok: run.exitCode === 0 && !run.timedOut,
      exitCode: run.exitCode,
      output: run.output,
      timedOut: run.timedOut,
      tag,
      durationMs: 0,
    };
    if (result.ok) {
      result.imageId = (await readFile(iidFile, 'utf8').catch(() => '')).trim() || undefined;
      result.config = await imageConfig(result.imageId ?? tag).catch(() => undefined);
    }
    if (!opts.keepImage) await removeImage(tag);
    result.durationMs = Date.now() - started;
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `docker image inspect` .Config of an image (id or name). */
export async function imageConfig(image: string): Promise<ImageConfig> {
  const r = await runDocker(['image', 'inspect', '--format', '{{json .Config}}', image], { timeoutMs: 30_000 });
  if (r.exitCode !== 0) throw new Error(`docker image inspect ${image} failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as ImageConfig;
}

/** The image's USER ('' when it runs as root by default). */
export async function imageUser(image: string): Promise<string> {
  return (await imageConfig(image)).User ?? '';
}

/** Runs a command in a container of the image (`docker run --rm --network=none`); never rejects. */
export function runInImage(image: string, command: string[], opts: RunOptions & { user?: string } = {}): Promise<RunResult> {
  const args = ['run', '--rm', '--network=none'];
  if (opts.user !== undefined) args.push('--user', opts.user);
  return runDocker([...args, image, ...command], { timeoutMs: opts.timeoutMs ?? 60_000, env: opts.env });
}

/** Removes an image by tag or id (kept with keepImage); ignores one that is already gone. */
export async function removeImage(image: string): Promise<void> {
  await runDocker(['rmi', '--force', image], { timeoutMs: 60_000 });
}
