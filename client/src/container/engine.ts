// The container engine CLI: finding it, asking whether it answers (bounded to 2 s), building
// argument vectors for builds, and running them. Every process is spawned with an argument
// vector and `shell: false`, so no tag, build arg or path can inject a command. No VS Code
// API here: the commands wrap it, the tests drive it against a real engine.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import type { BuilderKind } from '../../../server/src/analysis/build-context';

export type EngineKind = 'docker' | 'buildx' | 'podman' | 'nerdctl';
export type EngineKindSetting = 'auto' | EngineKind;
export type BuildKitSetting = 'auto' | 'on' | 'off';

export interface EngineSettings {
  /** Executable name or path (`docker`, `/usr/bin/docker`, `podman`, `nerdctl`). */
  path: string;
  kind: EngineKindSetting;
  buildKit: BuildKitSetting;
  /** Extra argv elements put before the context folder (never split or shell-parsed). */
  extraBuildFlags: string[];
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = { path: 'docker', kind: 'auto', buildKit: 'auto', extraBuildFlags: [] };

// ------------------------------------------------------------------------------ processes

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the process (SIGKILL) and resolve after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Output as it arrives (both streams, decoded as UTF-8). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Keep at most this many characters of each stream (the tail). Default 4 MiB. */
  maxOutput?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Both streams interleaved as they came. */
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  /** Set when the process could not be started (ENOENT, EACCES, ...). */
  spawnError?: NodeJS.ErrnoException;
  durationMs: number;
}

/**
 * Runs `executable` with `args` (no shell) and resolves when it ends, when it times out, or
 * when `signal` aborts: the timer resolves the promise itself, so a process that ignores
 * SIGKILL for a while cannot stretch the bound. Never rejects.
 */
export function runProcess(executable: string, args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  const started = performance.now();
  const limit = options.maxOutput ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let output = '';
    let settled = false;
    let timedOut = false;
    let cancelled = false;
    const keep = (text: string) => (text.length > limit ? text.slice(text.length - limit) : text);
    const child = spawn(executable, [...args], {
      shell: false,
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const finish = (exitCode: number | null, spawnError?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, stdout, stderr, output, timedOut, cancelled, spawnError, durationMs: performance.now() - started });
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
          finish(null);
        }, options.timeoutMs)
      : undefined;
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
      // A build that ignores SIGTERM is killed a little later.
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout = keep(stdout + text);
      output = keep(output + text);
      options.onOutput?.(text, 'stdout');
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = keep(stderr + text);
      output = keep(output + text);
      options.onOutput?.(text, 'stderr');
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

/** The absolute path of an executable: `name` as given when it has a `/`, else searched on PATH. */
export function findExecutable(name: string, pathVariable = process.env.PATH ?? ''): string | null {
  const candidates = name.includes('/') || isAbsolute(name) ? [name] : pathVariable.split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there or not executable: try the next
    }
  }
  return null;
}

// ------------------------------------------------------------------------------ detection

export type EngineProblem = 'executable-missing' | 'daemon-down' | 'timeout' | 'permission' | 'failed';

export interface EngineInfo {
  kind: EngineKind;
  executable: string;
  clientVersion: string;
  serverVersion: string;
  /** Whether builds can use BuildKit, and through what. */
  buildKit: { available: boolean; via: 'builtin' | 'buildx' | 'buildah' | 'nerdctl' | null; reason: string };
}

export type Detection =
  | { ok: true; engine: EngineInfo; elapsedMs: number }
  | { ok: false; problem: EngineProblem; message: string; elapsedMs: number };

/** The whole detection's bound: under the 2 s promised for a message, with room to show it. */
export const DETECTION_TIMEOUT_MS = 1800;

/** The engine kind a setting means: `auto` reads the executable's name. */
export function engineKind(settings: Pick<EngineSettings, 'path' | 'kind'>): EngineKind {
  if (settings.kind !== 'auto') return settings.kind;
  const name = basename(settings.path).replace(/\.exe$/i, '').toLowerCase();
  if (name.startsWith('podman')) return 'podman';
  if (name.startsWith('nerdctl')) return 'nerdctl';
  return 'docker';
}

const SETTING = 'dockerfileOptimizer.engine.path';

/**
 * Whether the configured engine is there and answers, within `timeoutMs` (2 s) in total,
 * whatever the daemon does (a dead or hung socket ends in a message, not a hang).
 */
export async function detectEngine(settings: EngineSettings, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Detection> {
  const started = performance.now();
  const budget = options.timeoutMs ?? DETECTION_TIMEOUT_MS;
  const left = () => Math.max(50, budget - (performance.now() - started));
  const elapsed = () => performance.now() - started;
  const kind = engineKind(settings);
  const env = options.env ?? process.env;
  const executable = findExecutable(settings.path, env.PATH ?? '');
  if (!executable) {
    const what = settings.path.includes('/') ? `No executable at ${settings.path}` : `\`${settings.path}\` was not found on PATH`;
    return {
      ok: false,
      problem: 'executable-missing',
      message: `${what}. Install Docker or Podman, or set \`${SETTING}\` to the engine's executable (for example /usr/bin/docker or podman).`,
      elapsedMs: elapsed(),
    };
  }
  const versionArgs = kind === 'podman' ? ['version', '--format', 'json'] : ['version', '--format', '{{json .}}'];
  const version = await runProcess(executable, versionArgs, { timeoutMs: left(), env });
  const info = parseVersion(version.stdout);
  if (version.spawnError) {
    return { ok: false, problem: 'executable-missing', message: `${executable} could not be started: ${version.spawnError.message}. Check \`${SETTING}\`.`, elapsedMs: elapsed() };
  }
  if (version.timedOut) {
    return {
      ok: false,
      problem: 'timeout',
      message: `The ${kind} engine did not answer within ${(budget / 1000).toFixed(1)} s (\`${basename(executable)} version\`). Its daemon may be hung or starting; check that it runs (\`${basename(executable)} info\`) and try again.`,
      elapsedMs: elapsed(),
    };
  }
  // Docker prints the client's half and exits 1 when the daemon is away; podman has no daemon
  // to ask, and nerdctl names containerd's version under Server.Components only.
  if (version.exitCode !== 0 || ((kind === 'docker' || kind === 'buildx') && !info.server)) {
    return { ...explainFailure(kind, executable, version.stderr || version.stdout), elapsedMs: elapsed() };
  }
  const engine: EngineInfo = {
    kind,
    executable,
    clientVersion: info.client,
    serverVersion: info.server || info.client,
    buildKit: { available: false, via: null, reason: '' },
  };
  engine.buildKit = await buildKitSupport(engine, settings, left(), env);
  return { ok: true, engine, elapsedMs: elapsed() };
}

function parseVersion(stdout: string): { client: string; server: string } {
  try {
    const json = JSON.parse(stdout.trim().split('\n')[0] || '{}') as {
      Client?: { Version?: string };
      Server?: { Version?: string; Components?: { Version?: string }[] } | null;
    };
    return { client: json.Client?.Version ?? '', server: json.Server?.Version ?? json.Server?.Components?.[0]?.Version ?? '' };
  } catch {
    return { client: '', server: '' };
  }
}

function explainFailure(kind: EngineKind, executable: string, text: string): { ok: false; problem: EngineProblem; message: string } {
  const detail = text.trim().split('\n').filter(Boolean).slice(-2).join(' ');
  if (/permission denied/i.test(text)) {
    return {
      ok: false,
      problem: 'permission',
      message: `${basename(executable)} may not talk to its daemon (permission denied). Add your user to the \`docker\` group (then log in again), or use rootless Docker or Podman. (${detail})`,
    };
  }
  if (/cannot connect|is the docker daemon running|connection refused|no such file or directory|failed to dial|dial unix/i.test(text)) {
    const start = kind === 'podman' ? 'start the Podman service' : 'start Docker (Docker Desktop, or `sudo systemctl start docker`)';
    return { ok: false, problem: 'daemon-down', message: `The ${kind} daemon is not running or not reachable: ${detail} — ${start}, or check DOCKER_HOST / the Docker context.` };
  }
  return { ok: false, problem: 'failed', message: `\`${basename(executable)} version\` failed: ${detail || 'no output'}` };
}

function majorVersion(version: string): number {
  return Number.parseInt(/^\D*(\d+)/.exec(version)?.[1] ?? '0', 10);
}

/** Can this engine build with BuildKit? Docker clients from 23 on need the buildx plugin for it. */
async function buildKitSupport(engine: EngineInfo, settings: EngineSettings, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<EngineInfo['buildKit']> {
  if (engine.kind === 'podman') return { available: true, via: 'buildah', reason: 'Podman builds with Buildah (RUN --mount supported).' };
  if (engine.kind === 'nerdctl') return { available: true, via: 'nerdctl', reason: 'nerdctl builds with BuildKit (buildkitd must run).' };
  const clientMajor = majorVersion(engine.clientVersion);
  if (engine.kind === 'docker' && clientMajor > 0 && clientMajor < 23 && settings.buildKit !== 'off') {
    return { available: true, via: 'builtin', reason: `Docker client ${engine.clientVersion} has BuildKit built in.` };
  }
  if (settings.buildKit === 'off' && engine.kind === 'docker') return { available: false, via: null, reason: 'BuildKit is off in the settings.' };
  const buildx = await runProcess(engine.executable, ['buildx', 'version'], { timeoutMs, env });
  if (buildx.exitCode === 0) return { available: true, via: 'buildx', reason: `buildx: ${buildx.stdout.trim()}` };
  return {
    available: false,
    via: null,
    reason: `${engine.executable} (client ${engine.clientVersion || 'unknown'}) has no buildx plugin, and Docker clients from version 23 on need it to build with BuildKit.`,
  };
}

// ------------------------------------------------------------------------------ builds

export interface BuildRequest {
  dockerfile: string;
  contextDir: string;
  tag?: string;
  target?: string;
  buildArgs?: [string, string][];
  noCache?: boolean;
  /** File the engine writes the image id to. */
  iidFile?: string;
}

export interface BuildCommand {
  executable: string;
  args: string[];
  /** Environment additions (DOCKER_BUILDKIT). */
  env: Record<string, string>;
  builder: BuilderKind;
}

export type BuilderChoice = { ok: true; builder: BuilderKind } | { ok: false; message: string };

/**
 * The builder a build uses: BuildKit when on (or auto and available), the legacy builder when
 * off; a Dockerfile that needs BuildKit (`RUN --mount`, heredocs...) cannot use the legacy one.
 * `needsBuildKit` names what needs it ("line 4: RUN --mount"), or is null.
 */
export function chooseBuilder(engine: EngineInfo, setting: BuildKitSetting, needsBuildKit: string | null): BuilderChoice {
  if (engine.kind === 'podman') return { ok: true, builder: 'podman' };
  if (engine.kind === 'nerdctl' || engine.kind === 'buildx') {
    if (engine.kind === 'buildx' && !engine.buildKit.available) return { ok: false, message: `The engine kind is "buildx" but ${engine.buildKit.reason} Install the buildx plugin, or set dockerfileOptimizer.engine.kind to "docker".` };
    return { ok: true, builder: 'buildkit' };
  }
  const fix = `Install the buildx plugin, point \`dockerfileOptimizer.engine.path\` at a Docker client with BuildKit built in (20.10–22.x, e.g. /usr/bin/docker from Debian's docker.io), or set \`dockerfileOptimizer.engine.buildKit\` to "off" to use the legacy builder`;
  if (setting === 'on' && !engine.buildKit.available) {
    return { ok: false, message: `BuildKit is wanted (\`dockerfileOptimizer.engine.buildKit\` is "on") but unavailable: ${engine.buildKit.reason} ${fix}${needsBuildKit ? ` (this Dockerfile needs BuildKit: ${needsBuildKit})` : ''}.` };
  }
  if (setting === 'off') {
    if (needsBuildKit) return { ok: false, message: `This Dockerfile needs BuildKit (${needsBuildKit}), but \`dockerfileOptimizer.engine.buildKit\` is "off" and the legacy builder rejects it. Set it to "auto" or "on".` };
    return { ok: true, builder: 'legacy' };
  }
  if (engine.buildKit.available) return { ok: true, builder: 'buildkit' };
  if (needsBuildKit) return { ok: false, message: `This Dockerfile needs BuildKit (${needsBuildKit}) but it is unavailable: ${engine.buildKit.reason} ${fix.replace(/, or set .*$/, '')}.` };
  return { ok: true, builder: 'legacy' };
}

/**
 * The argument vector of a build. Each value is one argv element in `--flag=value` form, so a
 * value that starts with `-` is never read as a flag; paths are absolute, so the context is
 * never `-` (stdin).
 */
export function buildCommand(engine: Pick<EngineInfo, 'kind' | 'executable'>, builder: BuilderKind, request: BuildRequest, extraFlags: readonly string[] = []): BuildCommand {
  if (!isAbsolute(request.dockerfile) || !isAbsolute(request.contextDir)) throw new Error('buildCommand needs absolute Dockerfile and context paths');
  const args: string[] = engine.kind === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
  args.push(`--file=${request.dockerfile}`);
  if (request.tag) args.push(`--tag=${request.tag}`);
  if (request.target) args.push(`--target=${request.target}`);
  for (const [key, value] of request.buildArgs ?? []) args.push(`--build-arg=${key}=${value}`);
  if (request.noCache) args.push('--no-cache');
  if (request.iidFile) args.push(`--iidfile=${request.iidFile}`);
  if (builder === 'buildkit' && engine.kind !== 'podman') args.push('--progress=plain');
  args.push(...extraFlags, request.contextDir);
  const env: Record<string, string> = {};
  if (engine.kind === 'docker') env.DOCKER_BUILDKIT = builder === 'buildkit' ? '1' : '0';
  return { executable: engine.executable, args, env, builder };
}

/** Runs a build (streaming its output), and reads the image id from the iid file. */
export async function runBuild(command: BuildCommand, options: RunOptions = {}): Promise<ProcessResult> {
  return runProcess(command.executable, command.args, { ...options, env: { ...(options.env ?? process.env), ...command.env } });
}
