// Stage flow: what each build stage is known to contain, where it works and who it runs as,
// and what later stages take from it. Rules that follow files and users from stage to stage
// (copy-from-missing-path, dev-deps-*, root-home-non-root, ...) and the editor's stage lens
// and graph read it.
//
// Per stage, from its own instructions (a stage's lineage, the stages it builds FROM, is
// walked by the queries):
//   - the working directory and USER before each instruction, and the end state (ENV, PATH);
//   - paths it is known to create: COPY/ADD destinations (mirroring a build-context path or a
//     path of another stage), WORKDIRs, `mkdir`/`touch`/`cp`/`curl -o` targets, and the outputs
//     of the build and install commands we understand (`go build -o`, `npm ci` -> node_modules,
//     `tsc --outDir`, `mvn package` -> target, `gradle build` -> build/libs, `cargo build
//     --release` -> target/release, `pip install --user|--prefix|--target`, `python -m venv`,
//     `pip wheel -w`, `dotnet publish -o`);
//   - where it may have written things we cannot name: the folder a build tool ran in, paths a
//     RUN mentions, or anywhere for commands we do not know (a script, `curl | sh`). Such
//     "unknown" writes make existence questions answer `maybe`, and a rule that needs
//     certainty stays quiet: no findings from guessing.
//   - npm/yarn/pnpm installs (with or without dev dependencies), prunes and script runs.
//
// Computed lazily, once per stage and model (its stage views included), in one pass over
// the stage's instructions; RUNs are parsed through model.run(), which is cached.
import { officialImageName } from './base-images';
import { ContextMatcher, parseDockerignore } from './build-context';
import { findFlag, flagValue, positionalArgs } from './commands';
import { normalizeRelative } from './dependency-installs';
import { applicableDockerignore, type AnalysisEnv, type BuildContextFiles } from './env';
import { substituteVariables } from './image';
import type { DockerfileModel, RunInfo } from './model';
import { memoKey } from './memo';
import type { ShellCommand, ShellWord } from './shell';
import { stageLineage } from './stage-lineage';
import { initialState, applyInstruction, type StageState } from './stage-state';
import type { Instruction, Stage } from './types';

export type Existence = 'yes' | 'no' | 'maybe';

/** What is known to be below a created path. */
export type Contents =
  /** A file, or a folder nothing is known to fill (`mkdir`, `WORKDIR`). */
  | { kind: 'none' }
  /** The build context's `source` (a file or folder); with `into`, the source went *into* the
   *  folder (`COPY src/ a.txt /dest/`): a folder's contents, or a file under its own name. */
  | { kind: 'context'; source: string; into: boolean }
  /** Another stage's (or its lineage's) absolute `source`, copied by `COPY --from`. */
  | { kind: 'stage'; stage: Stage; source: string; into: boolean }
  /** Filled by something we do not follow: an image, an archive, a build tool. */
  | { kind: 'unknown' };

export interface CreatedPath {
  /** Absolute, normalized. */
  path: string;
  contents: Contents;
  instruction: Instruction;
  /** What made it, as people write it: `COPY . .`, `go build -o /out/app`, `npm ci`. */
  label: string;
}

/** Somewhere a command may have written files we cannot name. */
export interface UnknownWrites {
  /** The folder, or null for anywhere (a script, a command we do not know). */
  dir: string | null;
  instruction: Instruction;
  label: string;
  /** Mount targets of the RUN: what is written there is not kept in the layer. */
  except: string[];
}

/** A `COPY --from`, `ADD --from` or `RUN --mount=from=` that reads another stage or an image. */
export interface StageCopy {
  instruction: Instruction;
  /** The stage read from, or null for an image (`COPY --from=nginx:1.27 ...`). */
  from: Stage | null;
  /** The `--from` value as written. */
  ref: string;
  /** Source paths as written, and absolute in the source stage (null when a variable is unknown). */
  sources: { written: string; path: string | null }[];
  /** Absolute destination in this stage, or null when unknown (or a mount). */
  destination: string | null;
  kind: 'copy' | 'mount';
}

export type NodeManager = 'npm' | 'yarn' | 'pnpm';

/** An install of a project's dependencies into `<dir>/node_modules`. */
export interface NodeInstall {
  instruction: Instruction;
  /** Position among the Node.js events of its stage (installs, prunes, script runs), in build order. */
  order: number;
  command: ShellCommand;
  manager: NodeManager;
  /** The project folder (absolute), or null when unknown. */
  dir: string | null;
  /** Whether dev dependencies are installed: `omitted` by a flag or NODE_ENV=production, or `unknown` (a variable). */
  dev: 'included' | 'omitted' | 'unknown';
  /** What omits them: `--omit=dev`, `NODE_ENV=production`, ...; null when included. */
  devReason: string | null;
  /** The flag word that omits them, when it is one word of the command (for fixes). */
  omitWord: ShellWord | null;
  /** True when NODE_ENV=production comes from ENV (not the command or its RUN). */
  omittedByEnv: boolean;
}

/** `npm prune --omit=dev`, `pnpm prune --prod`, `rm -rf node_modules`: dev dependencies gone. */
export interface NodePrune {
  instruction: Instruction;
  /** Position among the Node.js events of its stage (installs, prunes, script runs), in build order. */
  order: number;
  dir: string | null;
  /** `removes`: node_modules deleted altogether. */
  kind: 'prune' | 'removes';
}

/** `npm run build`, `yarn build`, `pnpm run build`. */
export interface NodeScriptRun {
  instruction: Instruction;
  /** Position among the Node.js events of its stage (installs, prunes, script runs), in build order. */
  order: number;
  command: ShellCommand;
  manager: NodeManager;
  script: string;
  dir: string | null;
  /** The words `run build` (or `build`) name the script with, for ranges. */
  scriptWord: ShellWord | null;
}

export interface StageSummary {
  stage: Stage;
  /** Working directory before each instruction (index-aligned with stage.instructions); null when unknown. */
  workdirs: (string | null)[];
  /** USER before each instruction; null while the image's default. */
  users: (string | null)[];
  /** The state after the stage's last instruction (its lineage included): workdir, ENV, USER. */
  end: StageState;
  created: CreatedPath[];
  unknown: UnknownWrites[];
  /** Paths a RUN removes (`rm -rf`, `mv` sources): whatever was there may be gone. */
  removed: { path: string; instruction: Instruction }[];
  /** Outputs written under a cache, tmpfs or bind mount of their RUN: not in the stage. */
  hidden: { created: CreatedPath; mount: string }[];
  /** Packages installed globally by npm/yarn/pnpm (`npm install -g typescript`). */
  nodeGlobals: { instruction: Instruction; packages: string[] }[];
  copies: StageCopy[];
  nodeInstalls: NodeInstall[];
  nodePrunes: NodePrune[];
  nodeScripts: NodeScriptRun[];
  /** Whether the root image's files are known well enough to say a path is not in it. */
  baseKnown: boolean;
}

export interface ExistenceAnswer {
  result: Existence;
  /** What made it exist (yes), or what could have (maybe); null when nothing did. */
  created: CreatedPath | null;
  unknown: UnknownWrites | null;
  /** `maybe` because the base image may have it, or a path was removed. */
  reason: 'created' | 'unknown-writes' | 'removed' | 'base-image' | 'context' | 'none';
}

// --------------------------------------------------------------------------- cache

interface FlowCache {
  env: AnalysisEnv;
  summaries: Map<number, StageSummary>;
  existence: Map<string, ExistenceAnswer>;
  ignore: ContextMatcher | null | undefined;
}

// Kept for the whole file, which its stage views share (incremental.ts): rules that run stage
// by stage in the editor share one set of summaries per check.
const FLOW_CACHE = memoKey<{ current: FlowCache | null }>('stage flow summaries');

function cacheFor(model: DockerfileModel, env: AnalysisEnv): FlowCache {
  const slot = model.memo(FLOW_CACHE, () => ({ current: null }));
  // Rules of one check share the env object; another env (a test, another context) starts over.
  if (!slot.current || slot.current.env !== env) {
    slot.current = { env, summaries: new Map(), existence: new Map(), ignore: undefined };
  }
  return slot.current;
}

/** The stage's summary (its own instructions), computed once per model and env. */
export function stageSummary(model: DockerfileModel, stage: Stage, env: AnalysisEnv = {}): StageSummary {
  const cache = cacheFor(model, env);
  let summary = cache.summaries.get(stage.index);
  if (!summary) {
    summary = summarize(model, stage, env);
    cache.summaries.set(stage.index, summary);
  }
  return summary;
}

/** Summaries of the stage's lineage, the stage first, its root stage last. */
export function lineageSummaries(model: DockerfileModel, stage: Stage, env: AnalysisEnv = {}): StageSummary[] {
  return stageLineage(stage).map((member) => stageSummary(model, member, env));
}

// --------------------------------------------------------------------------- paths

/** `/a/b/../c` -> `/a/c`; relative paths are joined to `base` (null when it is unknown). */
export function absolutePath(base: string | null, path: string): string | null {
  if (path.startsWith('/')) return '/' + normalizeRelative(path);
  if (base === null) return null;
  const joined = normalizeRelative(base + '/' + path);
  return joined.startsWith('..') ? '/' : '/' + joined;
}

/** Whether `path` is `dir` or inside it. */
export function within(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/');
}

/** `path` relative to `dir` (which contains it); '' for the folder itself. */
function relativePart(path: string, dir: string): string {
  if (path === dir) return '';
  return dir === '/' ? path.slice(1) : path.slice(dir.length + 1);
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** The folder part of a glob (`/app/target/*.jar` -> `/app/target`). */
export function globFolder(path: string): string {
  const first = path.search(/[*?[]/);
  if (first === -1) return path;
  const slash = path.lastIndexOf('/', first);
  return slash <= 0 ? '/' : path.slice(0, slash);
}

// Top-level folders (and a few app folders below them) that base images commonly have: a path
// there may come from the image, so nothing is claimed about it.
const SYSTEM_TOP = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run',
  'sbin', 'srv', 'sys', 'tmp', 'usr', 'var', 'go', 'data', 'docker-entrypoint.d', 'docker-entrypoint-initdb.d', 'nix',
  'snap', 'workspace', 'licenses', 'kaniko', 'cnb', 'layers', 'platform', 'lifecycle',
]);
// App folders below system folders that no base image we know has.
const APP_FOLDERS = ['/usr/src/app', '/usr/app', '/opt/app', '/srv/app', '/home/app'];

function mayComeFromImage(path: string): boolean {
  if (APP_FOLDERS.some((folder) => within(path, folder))) return false;
  const top = path.split('/')[1] ?? '';
  return top === '' || SYSTEM_TOP.has(top);
}

// Official images whose files we know well enough to say an app folder is not among them, and
// their default working directory when it is not `/`.
const KNOWN_IMAGES = new Set([
  'node', 'python', 'pypy', 'golang', 'rust', 'maven', 'gradle', 'eclipse-temurin', 'openjdk', 'amazoncorretto',
  'ibm-semeru-runtimes', 'sapmachine', 'debian', 'ubuntu', 'alpine', 'busybox', 'fedora', 'centos', 'rockylinux',
  'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'buildpack-deps', 'gcc', 'ruby', 'php', 'perl', 'nginx',
  'httpd', 'tomcat', 'elixir', 'erlang', 'haskell', 'clojure', 'julia', 'bash', 'swift', 'dart', 'denoland/deno',
  'oven/bun',
]);
const DEFAULT_WORKDIR: Record<string, string> = { golang: '/go', php: '/var/www/html', tomcat: '/usr/local/tomcat', httpd: '/usr/local/apache2' };
const ROOT_WORKDIR_IMAGES = new Set(['node', 'python', 'pypy', 'rust', 'debian', 'ubuntu', 'alpine', 'busybox', 'eclipse-temurin', 'buildpack-deps', 'gcc', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux']);

function rootStage(stage: Stage): Stage {
  const lineage = stageLineage(stage);
  return lineage[lineage.length - 1];
}

/** Whether the root image is known well enough to say a non-system path is not in it. */
function baseIsKnown(stage: Stage): boolean {
  // `FROM stage-${VARIANT}` or `FROM ${IMAGE}`: a build argument may pick another stage or
  // image than the default's (a variable in the tag, `golang:${GO_VERSION}`, keeps the family).
  if (stageLineage(stage).some((member) => nameFromVariable(member))) return false;
  const root = rootStage(stage);
  if (root.isScratch) return true;
  const base = root.base;
  // An unresolved tag (`golang:${GO_VERSION}`) still names the family; onbuild images copy the app in.
  if (base.name === '' || /onbuild/i.test(base.tag ?? '')) return false;
  const official = officialImageName(base);
  if (official && KNOWN_IMAGES.has(official)) return true;
  if (base.registry === null && KNOWN_IMAGES.has(base.name)) return true;
  if (base.registry === 'gcr.io' && base.name.startsWith('distroless/')) return true;
  if (base.registry === 'mcr.microsoft.com' && base.name.startsWith('dotnet/')) return true;
  return base.registry === 'cgr.dev';
}

function nameFromVariable(stage: Stage): boolean {
  const raw = stage.from.args[0]?.value ?? '';
  if (!raw.includes('$')) return false;
  if (stage.baseStage) return true;
  const slash = raw.lastIndexOf('/');
  const colon = raw.indexOf(':', slash + 1);
  return raw.slice(0, colon === -1 ? raw.length : colon).includes('$');
}

/** The working directory the root image starts in, or null when we do not know it. */
function imageWorkdir(stage: Stage): string | null {
  const root = rootStage(stage);
  if (root.isScratch) return '/';
  const base = root.base;
  if (base.unresolved) return null;
  const official = officialImageName(base);
  if (official) {
    if (DEFAULT_WORKDIR[official]) return DEFAULT_WORKDIR[official];
    return ROOT_WORKDIR_IMAGES.has(official) ? '/' : null;
  }
  return base.registry === 'gcr.io' && base.name.startsWith('distroless/') ? '/' : null;
}

/** stage-state's workdir (`?` for the image's default, `?<n>` for a variable) as an absolute path or null. */
function absoluteWorkdir(workdir: string, imageDefault: string | null): string | null {
  if (!workdir.startsWith('?')) return workdir;
  const match = /^\?(\/.*)?$/.exec(workdir);
  if (!match || imageDefault === null) return null;
  return absolutePath(imageDefault, (match[1] ?? '').replace(/^\//, '') || '.');
}

// --------------------------------------------------------------------------- summarizing a stage

// Commands that write only to system folders or caches (or nowhere), besides redirections,
// which the scan of mentioned paths covers.
const SYSTEM_ONLY = new Set([
  'apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'dpkg', 'rpm', 'pacman', 'emerge',
  'useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'groupmod', 'userdel', 'groupdel', 'deluser', 'delgroup',
  'passwd', 'chpasswd', 'chmod', 'chown', 'chgrp', 'echo', 'printf', 'true', 'false', 'test', '[', '[[', 'set', 'export',
  'unset', 'cd', 'ls', 'pwd', 'sleep', 'which', 'type', 'id', 'whoami', 'update-ca-certificates', 'ldconfig',
  'locale-gen', 'localedef', 'update-alternatives', 'dpkg-reconfigure', 'sed', 'grep', 'egrep', 'awk', 'cat', 'head', 'tail',
  'wc', 'sort', 'uniq', 'tr', 'cut', 'date', 'uname', 'du', 'df', 'stat', 'file', 'readlink', 'realpath', 'dirname',
  'basename', 'exit', 'ulimit', 'umask', 'hash', 'getent', 'sync', 'setcap', 'strip', 'upx', 'sha256sum', 'md5sum',
  'sha1sum', 'sha512sum', 'gpg', 'gpgconf', 'ssh-keyscan', 'ssh-keygen', 'locale', 'fc-cache', 'tzdata', 'timedatectl',
  'ln', 'mkdir', 'touch', 'rm', 'rmdir', 'cp', 'mv', 'install', 'tee', 'curl', 'wget', 'tar', 'unzip', 'gunzip', 'git',
  'corepack', 'gem', 'update-mime-database', 'a2enmod', 'a2ensite', 'a2dismod', 'docker-php-ext-install',
  'docker-php-ext-configure', 'docker-php-ext-enable', 'pecl', 'rustup', 'sdk', 'nvm', 'envsubst', 'xz', 'gzip', 'bzip2',
  'command', 'wait', 'trap', 'read', 'shift', 'return', 'break', 'continue', 'local', 'declare', 'readonly', 'let',
  // Tools that only read and print.
  'nm', 'ldd', 'objdump', 'readelf', 'strings', 'printenv', 'whereis', 'tree', 'diff', 'cmp', 'xxd', 'od', 'hexdump', 'nproc',
]);

// BuildKit's automatic platform arguments: values like `linux/amd64`, never a folder of the stage.
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

// Build tools: they write inside the folder they run in (and their caches), as far as we know.
const FOLDER_BUILD_TOOLS = new Set([
  'npm', 'npx', 'yarn', 'pnpm', 'tsc', 'go', 'cargo', 'mvn', 'mvnw', 'gradle', 'gradlew', 'dotnet', 'make', 'cmake',
  'ninja', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'javac', 'jar', 'rustc', 'pip', 'pip3', 'poetry', 'pipenv',
  'uv', 'bundle', 'bundler', 'composer', 'composer.phar', 'sbt', 'lein', 'mix', 'rebar3', 'cabal', 'stack', 'swift',
  'dart', 'flutter', 'bun', 'deno', 'ng', 'vite', 'webpack', 'next', 'nuxt', 'esbuild', 'rollup', 'parcel', 'tsup',
  'autoreconf', 'configure', 'meson', 'bazel', 'ant', 'python', 'python3', 'node', 'java', 'kotlinc', 'scalac', 'zig',
]);
// Of those, interpreters run scripts that may write anywhere unless they run a known module.
const INTERPRETERS = new Set(['python', 'python3', 'node', 'java', 'bun', 'deno']);

interface RunContext {
  model: DockerfileModel;
  env: AnalysisEnv;
  summary: StageSummary;
  instruction: Instruction;
  state: StageState;
  workdir: string | null;
  except: string[];
  isRoot: boolean;
}

function summarize(model: DockerfileModel, stage: Stage, env: AnalysisEnv): StageSummary {
  const state = initialState(model, stage);
  const imageDefault = imageWorkdir(stage);
  const summary: StageSummary = {
    stage,
    workdirs: [],
    users: [],
    end: state,
    created: [],
    unknown: [],
    removed: [],
    hidden: [],
    nodeGlobals: [],
    copies: [],
    nodeInstalls: [],
    nodePrunes: [],
    nodeScripts: [],
    baseKnown: baseIsKnown(stage),
  };
  for (const instruction of stage.instructions) {
    const workdir = absoluteWorkdir(state.workdir, imageDefault);
    summary.workdirs.push(workdir);
    summary.users.push(state.user);
    try {
      readInstruction(model, env, summary, instruction, state, workdir);
    } catch {
      // One odd instruction costs what it would have told, not the stage.
      summary.unknown.push({ dir: null, instruction, label: instruction.keyword, except: [] });
    }
    applyInstruction(model, state, instruction);
  }
  return summary;
}

function readInstruction(model: DockerfileModel, env: AnalysisEnv, summary: StageSummary, instruction: Instruction, state: StageState, workdir: string | null): void {
  switch (instruction.keyword) {
    case 'WORKDIR': {
      const raw = unquote(instruction.args.map((arg) => arg.value).join(' '));
      const { value, unresolved } = substituteVariables(raw, state.env);
      const path = unresolved || raw === '' ? null : absolutePath(workdir, value);
      if (path) summary.created.push({ path, contents: { kind: 'none' }, instruction, label: `WORKDIR ${raw}` });
      else summary.unknown.push({ dir: null, instruction, label: `WORKDIR ${raw}`, except: [] });
      break;
    }
    case 'COPY':
    case 'ADD':
      readCopy(model, summary, instruction, state, workdir);
      break;
    case 'RUN':
      readRun({ model, env, summary, instruction, state, workdir, except: [], isRoot: isRootUser(state.user) });
      break;
    case 'VOLUME':
      // Whether the folder is made in the image differs between builders: say nothing.
      for (const word of instruction.jsonStrings ?? instruction.args.map((arg) => arg.value)) {
        const path = absolutePath(workdir, unquote(word));
        summary.unknown.push({ dir: path, instruction, label: 'VOLUME', except: [] });
      }
      break;
  }
}

function isRootUser(user: string | null): boolean {
  if (user === null) return true;
  const name = user.split(':')[0];
  return name === 'root' || name === '0';
}

function substitute(text: string, env: Map<string, string | null>): string | null {
  if (!text.includes('$')) return text;
  const result = substituteVariables(text, env);
  return result.unresolved ? null : result.value;
}

function readCopy(model: DockerfileModel, summary: StageSummary, instruction: Instruction, state: StageState, workdir: string | null): void {
  const words = (instruction.jsonStrings ?? instruction.args.map((arg) => unquote(arg.value))).filter((word) => word !== '');
  if (words.length < 2) return;
  const fromRef = instruction.flags.find((flag) => flag.name === 'from')?.value ?? null;
  const fromStage = fromRef ? model.stageByRef(fromRef, summary.stage.index) : null;
  const written = words.slice(0, -1);
  const destWritten = words[words.length - 1];
  const destText = substitute(destWritten, state.env);
  const destination = destText === null ? null : absolutePath(workdir, destText);
  const label = `${instruction.keyword}${fromRef ? ' --from=' + fromRef : ''} ${words.join(' ')}`;
  if (fromRef) {
    summary.copies.push({
      instruction,
      from: fromStage,
      ref: fromRef,
      sources: written.map((source) => {
        const text = substitute(source, state.env);
        return { written: source, path: text === null ? null : absolutePath('/', text) };
      }),
      destination,
      kind: 'copy',
    });
  }
  if (destination === null) {
    summary.unknown.push({ dir: null, instruction, label, except: [] });
    return;
  }
  // A file copied onto an existing folder (`COPY app /usr/local/bin`, `COPY a.txt .`) goes into
  // it under its own name, a folder's contents go into the destination: both are looked up.
  const into = true;
  for (const source of written) {
    const text = substitute(source, state.env);
    if (text === null || source.startsWith('<<')) {
      summary.created.push({ path: destination, contents: { kind: 'unknown' }, instruction, label });
      continue;
    }
    let contents: Contents;
    if (fromRef) {
      contents = fromStage ? { kind: 'stage', stage: fromStage, source: absolutePath('/', text)!, into } : { kind: 'unknown' };
    } else if (instruction.keyword === 'ADD' && /^(https?|git|ssh):\/\/|^git@/.test(text)) {
      // A URL: a file (or a git checkout) at the destination or under its own name in it.
      const path = into && !/\.git$|^git/.test(text) ? absolutePath(destination, basename(text.replace(/[?#].*$/, '')))! : destination;
      summary.created.push({ path, contents: { kind: 'unknown' }, instruction, label });
      continue;
    } else if (instruction.keyword === 'ADD' && /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/i.test(text)) {
      contents = { kind: 'unknown' }; // a local archive is unpacked into the destination
    } else {
      contents = { kind: 'context', source: normalizeRelative(text), into };
    }
    if (hasGlob(text)) contents = { kind: 'unknown' };
    summary.created.push({ path: destination, contents, instruction, label });
  }
}

// ---- RUN

function readRun(ctx: RunContext): void {
  const { model, summary, instruction, state } = ctx;
  const run = model.run(instruction);
  ctx.except = run.mounts.map((mount) => mount.target).filter((target): target is string => target !== null).map((target) => absolutePath(ctx.workdir, target) ?? target);
  for (const mount of run.mounts) {
    const from = mount.options.from;
    if (!from) continue;
    const source = mount.options.source ?? mount.options.src ?? '/';
    summary.copies.push({
      instruction,
      from: model.stageByRef(from, summary.stage.index),
      ref: from,
      sources: [{ written: source, path: absolutePath('/', source) }],
      destination: null,
      kind: 'mount',
    });
  }
  if (!run.posixShell || (run.commands.length === 0 && instruction.args.length > 0)) {
    unknownAt(ctx, null, 'RUN');
    return;
  }
  scanMentionedPaths(ctx, run);
  let dir = ctx.workdir;
  const exported = new Map<string, string | null>();
  for (const command of run.commands) {
    if (command.name === 'cd') {
      const to = command.args.find((arg) => !arg.value.startsWith('-'))?.value;
      const target = to === undefined || to === '~' ? (ctx.isRoot ? '/root' : null) : to === '-' ? null : substitute(to, state.env);
      dir = command.connector === '||' || command.connector === '|' || command.connector === '&' || target === null ? null : absolutePath(dir, target);
      continue;
    }
    if (command.name === 'export' || command.name === '') {
      const assignments = command.name === '' ? command.assignments : command.args.map((arg) => arg.value).filter((value) => value.includes('='));
      for (const assignment of assignments) {
        const at = assignment.indexOf('=');
        exported.set(assignment.slice(0, at), substitute(assignment.slice(at + 1), state.env));
      }
      continue;
    }
    readCommand(ctx, command, dir, exported);
  }
}

/** Absolute paths a RUN's script mentions (arguments, redirections, assignments): it may have written there. */
function scanMentionedPaths(ctx: RunContext, run: RunInfo): void {
  const { instruction, state } = ctx;
  const firstArg = instruction.args[0];
  let text = instruction.jsonStrings ? instruction.jsonStrings.join(' ') : instruction.text;
  if (!instruction.jsonStrings && firstArg) text = text.slice(ctx.model.index.offsetAt(firstArg.range.start) - ctx.model.startOffsetOf(instruction));
  if (!text.includes('/') && !text.includes('$')) return;
  // Variables the Dockerfile sets without a known value could name any folder when they start
  // a word; `/staging${src}` or `app-${TARGETARCH}` stay under what precedes them, and the
  // platform arguments are never folders.
  for (const match of text.matchAll(/(^|[\s='"(:,])\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[2];
    if (PLATFORM_ARGS.has(name)) continue;
    if (state.env.has(name) && state.env.get(name) === null) {
      unknownAt(ctx, null, `RUN (uses $${name}, whose value is unknown)`);
      return;
    }
  }
  const expanded = text.includes('$') ? substituteVariables(text, state.env).value : text;
  const seen = new Set<string>();
  for (const match of expanded.matchAll(/(?:^|[\s='"(>:,])(\/[A-Za-z0-9._@+\-/]*[A-Za-z0-9._@+\-])/g)) {
    const path = absolutePath('/', match[1]);
    if (!path || seen.has(path) || path === '/') continue;
    seen.add(path);
    unknownAt(ctx, path, `RUN mentions ${path}`);
  }
  void run;
}

function unknownAt(ctx: RunContext, dir: string | null, label: string): void {
  ctx.summary.unknown.push({ dir, instruction: ctx.instruction, label, except: ctx.except });
}

function created(ctx: RunContext, path: string | null, label: string, contents: Contents = { kind: 'unknown' }): void {
  if (path === null) {
    unknownAt(ctx, null, label);
    return;
  }
  const entry = { path, contents, instruction: ctx.instruction, label };
  // What is written under a cache, tmpfs or bind mount is not in the layer.
  const mount = ctx.except.find((target) => within(path, target));
  if (mount !== undefined) ctx.summary.hidden.push({ created: entry, mount });
  else ctx.summary.created.push(entry);
}

function lookupEnv(ctx: RunContext, command: ShellCommand, exported: Map<string, string | null>, name: string): string | null | undefined {
  const assignment = command.assignments.find((a) => a.startsWith(name + '='));
  if (assignment !== undefined) return substitute(assignment.slice(name.length + 1), ctx.state.env);
  if (exported.has(name)) return exported.get(name);
  return ctx.state.env.has(name) ? ctx.state.env.get(name)! : undefined;
}

function pathArg(ctx: RunContext, dir: string | null, value: string): string | null {
  const text = substitute(value, ctx.state.env);
  if (text === null || hasGlob(text)) return null;
  if (text === '~' || text.startsWith('~/')) return ctx.isRoot ? absolutePath('/root', text.slice(2) || '.') : null;
  return absolutePath(dir, text);
}

function readCommand(ctx: RunContext, command: ShellCommand, dir: string | null, exported: Map<string, string | null>): void {
  const name = command.name;
  const label = command.words.map((word) => word.value).join(' ');
  const args = command.args.map((arg) => arg.value);
  const operands = positionalArgs(command);
  switch (name) {
    case 'mkdir':
    case 'touch':
      for (const operand of operands) created(ctx, pathArg(ctx, dir, operand.value), label, { kind: 'none' });
      return;
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln': {
      const paths = positionalArgs(command, ['-t', '--target-directory', '-m', '--mode', '-o', '--owner', '-g', '--group', '-S', '--suffix']);
      const targetDir = flagValue(command, '-t', '--target-directory');
      if (paths.length === 0) return;
      const sources = targetDir !== null ? paths : paths.slice(0, -1);
      const destWord = targetDir ?? paths[paths.length - 1].value;
      const destination = pathArg(ctx, dir, destWord);
      if (name === 'mv') {
        for (const source of sources) {
          const path = pathArg(ctx, dir, source.value);
          if (path) ctx.summary.removed.push({ path, instruction: ctx.instruction });
          if (path && path.endsWith('/node_modules')) {
            ctx.summary.nodePrunes.push({ instruction: ctx.instruction, order: nextOrder(ctx), dir: path.slice(0, -'/node_modules'.length) || '/', kind: 'removes' });
          }
          else if (hasGlob(source.value)) {
            const folder = pathArg(ctx, dir, globFolder(source.value));
            if (folder) ctx.summary.removed.push({ path: folder, instruction: ctx.instruction });
          }
        }
      }
      if (destination === null) {
        unknownAt(ctx, null, label);
        return;
      }
      created(ctx, destination, label);
      // `cp a b /dest/`, `cp -r dist /srv/`: the sources may also land under their own names.
      unknownAt(ctx, destination, label);
      return;
    }
    case 'rm':
    case 'rmdir':
      for (const operand of operands) {
        const path = pathArg(ctx, dir, hasGlob(operand.value) ? globFolder(operand.value) : operand.value);
        if (path) ctx.summary.removed.push({ path, instruction: ctx.instruction });
        else unknownAt(ctx, null, label);
        if (path && /(^|\/)node_modules\/?$/.test(operand.value)) {
          ctx.summary.nodePrunes.push({ instruction: ctx.instruction, order: nextOrder(ctx), dir: path.replace(/\/node_modules$/, ''), kind: 'removes' });
        }
      }
      return;
    case 'curl':
    case 'wget': {
      if (command.connector === '|') {
        unknownAt(ctx, null, label); // `curl ... | sh`: an installer script
        return;
      }
      const output = name === 'curl' ? flagValue(command, '-o', '--output') : flagValue(command, '-O', '--output-document');
      const prefix = name === 'wget' ? flagValue(command, '-P', '--directory-prefix') : null;
      if (output !== null && output !== '-') created(ctx, pathArg(ctx, dir, output), label, { kind: 'none' });
      else if (prefix !== null) unknownAt(ctx, pathArg(ctx, dir, prefix), label);
      else if (name === 'wget' || findFlag(command, '-O', '--remote-name', '-J')) unknownAt(ctx, dir, label);
      return;
    }
    case 'tar': {
      const target = flagValue(command, '-C', '--directory');
      unknownAt(ctx, target !== null ? pathArg(ctx, dir, target) : dir, label);
      return;
    }
    case 'unzip': {
      const target = flagValue(command, '-d');
      unknownAt(ctx, target !== null ? pathArg(ctx, dir, target) : dir, label);
      return;
    }
    case 'git': {
      if (operands[0]?.value !== 'clone') return;
      const target = operands[2]?.value;
      if (target) created(ctx, pathArg(ctx, dir, target), label);
      else unknownAt(ctx, dir, label);
      return;
    }
    case 'tee':
      for (const operand of operands) created(ctx, pathArg(ctx, dir, operand.value), label, { kind: 'none' });
      return;
  }
  // `find` prints paths; with -exec, -delete or -fprint it does more than read.
  if (name === 'find' && !command.args.some((arg) => /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/.test(arg.value))) return;
  if (readNodeCommand(ctx, command, dir, exported, label)) return;
  if (readBuildOutputs(ctx, command, dir, exported, label, args)) return;
  if (SYSTEM_ONLY.has(name)) return;
  if (FOLDER_BUILD_TOOLS.has(name) && !(INTERPRETERS.has(name) && !runsModule(command))) {
    unknownAt(ctx, dir, label);
    return;
  }
  unknownAt(ctx, null, label);
}

/** `python -m pip ...`, `python -m venv`, `node -e`: an interpreter running something known. */
function runsModule(command: ShellCommand): boolean {
  const first = command.args[0]?.value;
  return first === '-m' || first === '-c' || first === '-e' || first === '--version' || first === '-V' || first === '-v';
}

// ---- Node.js

function nextOrder(ctx: RunContext): number {
  const summary = ctx.summary;
  return summary.nodeInstalls.length + summary.nodePrunes.length + summary.nodeScripts.length;
}

const NPM_VALUE_FLAGS = ['--prefix', '--cache', '--registry', '-w', '--workspace', '--omit', '--include', '--only', '--loglevel', '--userconfig', '--tag'];

function readNodeCommand(ctx: RunContext, command: ShellCommand, dir: string | null, exported: Map<string, string | null>, label: string): boolean {
  const name = command.name;
  if (name !== 'npm' && name !== 'yarn' && name !== 'pnpm') return false;
  const manager = name as NodeManager;
  const positional = positionalArgs(command, manager === 'npm' ? NPM_VALUE_FLAGS : ['--cwd', '-C', '--dir', '--filter', '-F', '--cache-folder', '--modules-folder']);
  const sub = positional[0]?.value;
  const prefix = manager === 'npm' ? flagValue(command, '--prefix') : manager === 'yarn' ? flagValue(command, '--cwd') : flagValue(command, '-C', '--dir');
  const projectDir = prefix === null ? dir : pathArg(ctx, dir, prefix);
  const global = findFlag(command, '-g', '--global') !== null || (manager === 'yarn' && sub === 'global');
  const isCi = manager === 'npm' && (sub === 'ci' || sub === 'clean-install' || sub === 'install-clean' || sub === 'ic');
  const isInstall = sub === undefined ? manager === 'yarn' && !findFlag(command, '-v', '--version', '-h', '--help') : ['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isntall', 'add'].includes(sub);
  const namesPackages = (sub === 'add' || positional.length > 1) && !isCi;
  // Installed under a mount of the RUN (a bind mount of the sources, a cache): not kept.
  const mounted = projectDir !== null && ctx.except.some((target) => within(projectDir, target));
  if (!global && !mounted && (isCi || (isInstall && !namesPackages))) {
    const dev = devDependencyState(ctx, command, manager, exported);
    ctx.summary.nodeInstalls.push({ instruction: ctx.instruction, order: nextOrder(ctx), command, manager, dir: projectDir, ...dev });
    created(ctx, projectDir === null ? null : absolutePath(projectDir, 'node_modules'), label);
    unknownAt(ctx, projectDir, label); // install scripts, lockfiles
    return true;
  }
  if (global) {
    // Into the image's global folders; their commands are on PATH for later RUNs.
    const names = positional.slice(manager === 'yarn' ? 2 : 1).map((word) => word.value.replace(/(.)@.*$/, '$1'));
    ctx.summary.nodeGlobals.push({ instruction: ctx.instruction, packages: names });
    return true;
  }
  if (sub === 'prune') {
    const omits = manager === 'pnpm' ? findFlag(command, '--prod', '-P', '--production') !== null : omitsDevByFlag(command, exported, ctx) === 'omitted';
    if (omits) ctx.summary.nodePrunes.push({ instruction: ctx.instruction, order: nextOrder(ctx), dir: projectDir, kind: 'prune' });
    return true;
  }
  const script = sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn' ? positional[1] : manager !== 'npm' && sub !== undefined && !isInstall && !KNOWN_SUBCOMMANDS.has(sub) ? positional[0] : undefined;
  if (script) {
    ctx.summary.nodeScripts.push({ instruction: ctx.instruction, order: nextOrder(ctx), command, manager, script: script.value, dir: projectDir, scriptWord: script });
  }
  unknownAt(ctx, projectDir, label);
  return true;
}

// yarn and pnpm subcommands that are not script names.
const KNOWN_SUBCOMMANDS = new Set([
  'install', 'add', 'remove', 'upgrade', 'up', 'update', 'cache', 'config', 'global', 'link', 'unlink', 'pack', 'publish',
  'info', 'why', 'list', 'ls', 'outdated', 'audit', 'exec', 'dlx', 'create', 'init', 'set', 'plugin', 'workspaces',
  'workspace', 'fetch', 'import', 'rebuild', 'store', 'env', 'licenses', 'version', 'versions', 'bin', 'node', 'prune',
  'dedupe', 'deploy', 'patch', 'help', 'login', 'logout', 'tag', 'owner', 'team', 'policies', 'autoclean', 'check',
  'generate-lock-entry', 'import', 'start', 'test', 'run', 'run-script',
]);

function omitsDevByFlag(command: ShellCommand, exported: Map<string, string | null>, ctx: RunContext): 'omitted' | 'included' | null {
  void exported;
  void ctx;
  const args = command.args.map((arg) => arg.value);
  const omit = [flagValue(command, '--omit'), ...args.filter((a) => a.startsWith('--omit=')).map((a) => a.slice(7))].filter((v): v is string => v !== null);
  const include = [flagValue(command, '--include'), ...args.filter((a) => a.startsWith('--include=')).map((a) => a.slice(10))].filter((v): v is string => v !== null);
  if (include.includes('dev') || args.includes('--production=false') || args.includes('--prod=false') || args.includes('--dev')) return 'included';
  const only = flagValue(command, '--only');
  if (omit.includes('dev') || only === 'prod' || only === 'production' || args.includes('--production') || args.includes('--production=true') || args.includes('--prod') || (command.name === 'pnpm' && args.includes('-P'))) return 'omitted';
  return null;
}

function omitWordOf(command: ShellCommand): ShellWord | null {
  return command.args.find((arg) => /^(--omit=dev|--production(=true)?|--only=prod(uction)?|--prod|-P)$/.test(arg.value)) ?? null;
}

function devDependencyState(ctx: RunContext, command: ShellCommand, manager: NodeManager, exported: Map<string, string | null>): Pick<NodeInstall, 'dev' | 'devReason' | 'omitWord' | 'omittedByEnv'> {
  const byFlag = omitsDevByFlag(command, exported, ctx);
  if (byFlag === 'included') return { dev: 'included', devReason: null, omitWord: null, omittedByEnv: false };
  if (byFlag === 'omitted') {
    const word = omitWordOf(command);
    return { dev: 'omitted', devReason: word?.value ?? '--omit=dev', omitWord: word, omittedByEnv: false };
  }
  // npm reads npm_config_* in any case; NODE_ENV=production makes all three managers skip dev.
  if (manager === 'npm') {
    for (const name of ['npm_config_omit', 'NPM_CONFIG_OMIT', 'npm_config_production', 'NPM_CONFIG_PRODUCTION']) {
      const value = lookupEnv(ctx, command, exported, name);
      if (value === null) return { dev: 'unknown', devReason: null, omitWord: null, omittedByEnv: false };
      if (value !== undefined && (value === 'dev' || value === 'true')) return { dev: 'omitted', devReason: `${name}=${value}`, omitWord: null, omittedByEnv: !command.assignments.some((a) => a.startsWith(name + '=')) && !exported.has(name) };
    }
  }
  const nodeEnv = lookupEnv(ctx, command, exported, 'NODE_ENV');
  if (nodeEnv === null) return { dev: 'unknown', devReason: null, omitWord: null, omittedByEnv: false };
  if (nodeEnv === 'production') {
    const fromEnv = !command.assignments.some((a) => a.startsWith('NODE_ENV=')) && !exported.has('NODE_ENV');
    return { dev: 'omitted', devReason: 'NODE_ENV=production', omitWord: null, omittedByEnv: fromEnv };
  }
  return { dev: 'included', devReason: null, omitWord: null, omittedByEnv: false };
}

// ---- build and install outputs

function readBuildOutputs(ctx: RunContext, command: ShellCommand, dir: string | null, exported: Map<string, string | null>, label: string, args: string[]): boolean {
  const name = command.name;
  const env = (key: string) => lookupEnv(ctx, command, exported, key);
  if (name === 'go') {
    const sub = positionalArgs(command, ['-o', '-C', '-ldflags', '-gcflags', '-tags', '-mod', '-p'])[0]?.value;
    const moved = flagValue(command, '-C');
    const goDir = moved === null ? dir : pathArg(ctx, dir, moved);
    if (sub === 'build') {
      const out = flagValue(command, '-o');
      if (out !== null && out !== '' && !out.endsWith('/')) created(ctx, pathArg(ctx, goDir, out), label, { kind: 'none' });
      else unknownAt(ctx, out ? pathArg(ctx, goDir, out) : goDir, label);
      return true;
    }
    if (sub === 'install') {
      const gobin = env('GOBIN');
      const gopath = env('GOPATH');
      const bin = gobin ? pathArg(ctx, dir, gobin) : gopath ? pathArg(ctx, dir, gopath.split(':')[0] + '/bin') : rootStage(ctx.summary.stage).base.name === 'golang' ? '/go/bin' : ctx.isRoot ? '/root/go/bin' : null;
      unknownAt(ctx, bin, label);
      return true;
    }
    unknownAt(ctx, goDir, label);
    return true;
  }
  if (name === 'cargo') {
    const sub = positionalArgs(command, ['--target-dir', '--target', '--profile', '-p', '--package', '--bin', '--features', '-F', '-j', '--jobs', '--manifest-path', '--root'])[0]?.value;
    if (sub === 'build' || sub === 'b') {
      const targetDir = flagValue(command, '--target-dir') ?? env('CARGO_TARGET_DIR') ?? 'target';
      const base = targetDir === null ? null : pathArg(ctx, dir, targetDir);
      const triple = flagValue(command, '--target');
      const profileFlag = flagValue(command, '--profile');
      const profile = profileFlag !== null ? (profileFlag === 'dev' ? 'debug' : profileFlag) : findFlag(command, '--release', '-r') ? 'release' : 'debug';
      if (base && !flagValue(command, '--manifest-path') && (triple === null || !triple.includes('$'))) {
        created(ctx, absolutePath(base, (triple ? triple + '/' : '') + profile), label);
      }
      unknownAt(ctx, base, label);
    } else if (sub === 'install') {
      const root = flagValue(command, '--root');
      const home = env('CARGO_HOME');
      unknownAt(ctx, root !== null ? pathArg(ctx, dir, root) : home ? pathArg(ctx, dir, home) : ctx.isRoot ? '/root/.cargo' : null, label);
    }
    unknownAt(ctx, dir, label);
    return true;
  }
  if (name === 'mvn' || name === 'mvnw') {
    const file = flagValue(command, '-f', '--file');
    const projectDir = file === null ? dir : pathArg(ctx, dir, file.endsWith('.xml') ? file + '/..' : file);
    if (positionalArgs(command, ['-f', '--file', '-s', '--settings', '-P', '-pl', '--projects', '-T', '-D']).some((goal) => /^(package|install|verify|deploy)$/.test(goal.value))) {
      created(ctx, projectDir === null ? null : absolutePath(projectDir, 'target'), label);
    }
    unknownAt(ctx, projectDir, label);
    unknownAt(ctx, dir, label);
    return true;
  }
  if (name === 'gradle' || name === 'gradlew') {
    const projectDir = flagValue(command, '-p', '--project-dir');
    const base = projectDir === null ? dir : pathArg(ctx, dir, projectDir);
    const tasks = positionalArgs(command, ['-p', '--project-dir', '-x', '--exclude-task', '-D', '-P', '-g', '--gradle-user-home']);
    if (tasks.some((task) => /^(:?[\w-]+:)*(build|assemble|jar|bootJar|shadowJar)$/.test(task.value) && !task.value.includes(':'))) {
      created(ctx, base === null ? null : absolutePath(base, 'build/libs'), label);
    }
    unknownAt(ctx, base, label);
    return true;
  }
  if (name === 'dotnet') {
    const sub = positionalArgs(command, ['-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework'])[0]?.value;
    const out = flagValue(command, '-o', '--output');
    if ((sub === 'publish' || sub === 'build') && out !== null) created(ctx, pathArg(ctx, dir, out), label);
    unknownAt(ctx, dir, label);
    return true;
  }
  if (name === 'tsc' || (name === 'npx' && command.args[0]?.value === 'tsc')) {
    const out = flagValue(command, '--outDir', '--outdir');
    if (out !== null) created(ctx, pathArg(ctx, dir, out), label);
    else {
      const outDir = tsconfigOutDir(ctx, dir, flagValue(command, '-p', '--project'));
      if (outDir) created(ctx, outDir, `${label} (outDir from tsconfig.json)`);
    }
    unknownAt(ctx, dir, label);
    return true;
  }
  if (isPip(command)) {
    readPip(ctx, command, dir, env, label);
    return true;
  }
  if ((name === 'python' || name === 'python3' || /^python\d/.test(name)) && args[0] === '-m' && (args[1] === 'venv' || args[1] === 'virtualenv')) {
    const target = positionalArgs({ ...command, args: command.args.slice(2) }, ['--prompt'])[0]?.value;
    created(ctx, target ? pathArg(ctx, dir, target) : null, label);
    return true;
  }
  if (name === 'virtualenv') {
    const target = positionalArgs(command, ['-p', '--python', '--prompt'])[0]?.value;
    created(ctx, target ? pathArg(ctx, dir, target) : null, label);
    return true;
  }
  return false;
}

function isPip(command: ShellCommand): boolean {
  if (/^pip\d?(\.\d+)?$/.test(command.name)) return true;
  return /^python\d?(\.\d+)?$/.test(command.name) && command.args[0]?.value === '-m' && /^pip\d?$/.test(command.args[1]?.value ?? '');
}

function readPip(ctx: RunContext, command: ShellCommand, dir: string | null, env: (key: string) => string | null | undefined, label: string): void {
  const pipCommand = /^python/.test(command.name) ? { ...command, args: command.args.slice(2) } : command;
  const sub = positionalArgs(pipCommand, ['-r', '--requirement', '-c', '--constraint', '-t', '--target', '--prefix', '--root', '-w', '--wheel-dir', '-d', '--dest', '-i', '--index-url', '--extra-index-url', '-f', '--find-links'])[0]?.value;
  if (sub === 'wheel' || sub === 'download') {
    const out = flagValue(pipCommand, '-w', '--wheel-dir', '-d', '--dest');
    if (out !== null) created(ctx, pathArg(ctx, dir, out), label);
    else unknownAt(ctx, dir, label);
    return;
  }
  if (sub !== 'install') {
    if (sub === 'cache' || sub === 'config' || sub === 'freeze' || sub === 'list' || sub === 'show' || sub === '--version' || sub === undefined) return;
    unknownAt(ctx, dir, label);
    return;
  }
  const target = flagValue(pipCommand, '-t', '--target') ?? flagValue(pipCommand, '--prefix') ?? flagValue(pipCommand, '--root');
  const userBase = env('PYTHONUSERBASE');
  if (target !== null) created(ctx, pathArg(ctx, dir, target), label);
  else if (findFlag(pipCommand, '--user') || env('PIP_USER') === '1' || env('PIP_USER') === 'true') {
    created(ctx, userBase ? pathArg(ctx, dir, userBase) : ctx.isRoot ? '/root/.local' : null, label);
  }
  // `pip install .` / `-e .` build in the project folder.
  if (pipCommand.args.some((arg) => /^(\.|\.\/|\.\.\/)/.test(arg.value)) || findFlag(pipCommand, '-e', '--editable')) unknownAt(ctx, dir, label);
}

/** `compilerOptions.outDir` of the tsconfig.json the build context puts at `dir`. */
function tsconfigOutDir(ctx: RunContext, dir: string | null, project: string | null): string | null {
  if (!ctx.env.context || dir === null) return null;
  const file = project === null ? 'tsconfig.json' : project.endsWith('.json') ? project : project + '/tsconfig.json';
  const path = absolutePath(dir, file);
  if (!path) return null;
  const origin = contextFileIn(ctx.model, ctx.summary.stage, path, ctx.env, ctx.summary);
  const config = origin ? parseJsonWithComments(ctx.env.context.readText(origin)) : null;
  const options = config?.compilerOptions as Record<string, unknown> | undefined;
  if (!config || typeof options?.outDir !== 'string') return null;
  return absolutePath(absolutePath(path, '..'), options.outDir);
}

/** JSON, or JSON with comments and trailing commas (tsconfig.json); null when it is neither. */
export function parseJsonWithComments(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  const parse = (source: string) => {
    const value = JSON.parse(source) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  };
  try {
    return parse(text);
  } catch {
    const stripped = text
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, string: string | undefined) => string ?? '')
      .replace(/,(\s*[}\]])/g, '$1');
    try {
      return parse(stripped);
    } catch {
      return null;
    }
  }
}

// --------------------------------------------------------------------------- queries

const MAX_DEPTH = 8;

/**
 * Whether `path` (absolute) exists at the end of `stage`, following its lineage and, through
 * `COPY --from`, the stages it copied from: `yes` when an instruction is known to create it,
 * `no` when nothing could have (no instruction, no unknown write, and the base image cannot
 * have it), else `maybe`. Globs answer for their folder part.
 */
export function pathExistence(model: DockerfileModel, stage: Stage, path: string, env: AnalysisEnv = {}, depth = 0): ExistenceAnswer {
  const cache = cacheFor(model, env);
  const key = `${stage.index}\u0000${path}`;
  let answer = cache.existence.get(key);
  if (!answer) {
    answer = depth > MAX_DEPTH ? maybe('unknown-writes') : computeExistence(model, stage, path, env, depth);
    cache.existence.set(key, answer);
  }
  return answer;
}

/**
 * False when `path` can never be answered `no` in the stage, whatever its instructions do:
 * the base image may have it. Lets a rule that only acts on `no` skip the stage's summary.
 */
export function canBeAbsent(stage: Stage, path: string): boolean {
  const folder = hasGlob(path) ? globFolder(path) : path;
  if (folder === '/' || !baseIsKnown(stage)) return false;
  return rootStage(stage).isScratch || !mayComeFromImage(folder);
}

function maybe(reason: ExistenceAnswer['reason'], created: CreatedPath | null = null, unknown: UnknownWrites | null = null): ExistenceAnswer {
  return { result: 'maybe', created, unknown, reason };
}

function computeExistence(model: DockerfileModel, stage: Stage, rawPath: string, env: AnalysisEnv, depth: number): ExistenceAnswer {
  const path = hasGlob(rawPath) ? globFolder(rawPath) : rawPath;
  if (path === '/') return { result: 'yes', created: null, unknown: null, reason: 'created' };
  const summaries = lineageSummaries(model, stage, env);
  for (const summary of summaries) {
    const removed = summary.removed.find((entry) => within(path, entry.path));
    if (removed) return { result: 'maybe', created: null, unknown: null, reason: 'removed' };
  }
  let uncertain: ExistenceAnswer | null = null;
  for (const summary of summaries) {
    for (let i = summary.created.length - 1; i >= 0; i--) {
      const entry = summary.created[i];
      if (within(entry.path, path)) return { result: 'yes', created: entry, unknown: null, reason: 'created' };
      if (!within(path, entry.path)) continue;
      const inside = contentsExistence(model, entry, relativePart(path, entry.path), env, depth);
      if (inside === 'yes') return { result: 'yes', created: entry, unknown: null, reason: 'created' };
      if (inside === 'maybe' && !uncertain) uncertain = maybe(entry.contents.kind === 'context' ? 'context' : 'created', entry);
    }
  }
  if (uncertain) return uncertain;
  for (const summary of summaries) {
    // The latest writer first: it is the one a reader would look at.
    for (let i = summary.unknown.length - 1; i >= 0; i--) {
      const unknown = summary.unknown[i];
      if (unknown.dir !== null && !within(path, unknown.dir) && !within(unknown.dir, path)) continue;
      if (unknown.except.some((target) => within(path, target))) continue;
      return maybe('unknown-writes', null, unknown);
    }
  }
  const root = summaries[summaries.length - 1];
  if (!summaries[0].baseKnown || (!root.stage.isScratch && mayComeFromImage(path))) return maybe('base-image');
  return { result: 'no', created: null, unknown: null, reason: 'none' };
}

function contentsExistence(model: DockerfileModel, entry: CreatedPath, rel: string, env: AnalysisEnv, depth: number): Existence {
  const contents = entry.contents;
  switch (contents.kind) {
    case 'none':
      return 'no';
    case 'unknown':
      return 'maybe';
    case 'context':
      return mirrored(rel, contents.source, contents.into, (relative) => contextExistence(model, env, relative), (relative) => contextIsFile(env, relative));
    case 'stage':
      return mirrored(
        rel,
        contents.source,
        contents.into,
        (absolute) => pathExistence(model, contents.stage, absolute, env, depth + 1).result,
        () => null,
        true,
      );
  }
}

/** A path under a copy's destination, looked up in what was copied. */
function mirrored(rel: string, source: string, into: boolean, lookup: (path: string) => Existence, isFile: (path: string) => boolean | null, absolute = false): Existence {
  const join = (a: string, b: string) => (absolute ? absolutePath(a, b)! : normalizeRelative(a ? a + '/' + b : b));
  const inside = lookup(join(source, rel));
  if (!into || inside === 'yes') return inside;
  // `COPY a.txt /dest/` puts a file under its own name; a folder's contents go in directly.
  const [first, ...rest] = rel.split('/');
  if (first !== basename(source) || basename(source) === '' || basename(source) === '.') return inside;
  if (rest.length > 0) return inside === 'no' && lookup(join(source, rest.join('/'))) === 'no' ? 'no' : 'maybe';
  const file = isFile(source);
  if (file === true) return 'yes';
  return inside === 'no' && lookup(source) === 'no' ? 'no' : 'maybe';
}

function ignoreMatcher(model: DockerfileModel, env: AnalysisEnv): ContextMatcher | null {
  const cache = cacheFor(model, env);
  if (cache.ignore === undefined) {
    const file = applicableDockerignore(env);
    const text = file === null ? undefined : env.context?.readText(file);
    cache.ignore = text === undefined ? null : new ContextMatcher(parseDockerignore(text));
  }
  return cache.ignore;
}

function contextExistence(model: DockerfileModel, env: AnalysisEnv, relative: string): Existence {
  const context = env.context;
  if (!context) return 'maybe';
  const path = normalizeRelative(relative);
  if (path.startsWith('..')) return 'maybe';
  if (path === '') return 'yes';
  if (ignoreMatcher(model, env)?.excludes(path)) return 'no';
  return context.exists(path) ? 'yes' : 'no';
}

function contextIsFile(env: AnalysisEnv, relative: string): boolean | null {
  const context = env.context;
  if (!context) return null;
  const path = normalizeRelative(relative);
  if (!context.exists(path)) return null;
  return context.readText(path) !== undefined ? true : null;
}

/**
 * The build-context file that ended up at `path` in the stage (the last COPY from the context
 * that covers it), as a context-relative path; null when it did not come from the context or
 * the context is unknown. Follows `COPY --from` into earlier stages.
 */
export function contextFileIn(model: DockerfileModel, stage: Stage, path: string, env: AnalysisEnv, own?: StageSummary, depth = 0): string | null {
  const context = env.context;
  if (!context || depth > MAX_DEPTH) return null;
  const summaries = stageLineage(stage).map((member) => (own && member === stage ? own : stageSummary(model, member, env)));
  for (const summary of summaries) {
    for (let i = summary.created.length - 1; i >= 0; i--) {
      const entry = summary.created[i];
      if (!within(path, entry.path)) continue;
      const rel = relativePart(path, entry.path);
      const contents = entry.contents;
      if (contents.kind === 'context') {
        const candidates = [normalizeRelative(contents.source ? contents.source + '/' + rel : rel)];
        if (contents.into && rel.split('/')[0] === basename(contents.source)) candidates.push(normalizeRelative(contents.source + '/' + rel.split('/').slice(1).join('/')));
        if (contents.into && rel === basename(contents.source)) candidates.push(contents.source);
        for (const candidate of candidates) {
          if (candidate && !candidate.startsWith('..') && context.readText(candidate) !== undefined) return candidate;
        }
        // This copy did not bring it (the context has no such file): an earlier one may have.
        continue;
      }
      if (contents.kind === 'stage') {
        const source = absolutePath(contents.source, rel);
        return source ? contextFileIn(model, contents.stage, source, env, undefined, depth + 1) : null;
      }
      if (contents.kind === 'unknown' || entry.path === path) return null;
    }
  }
  return null;
}

/** What the lineage created that covers `path`, nearest last instruction first (for hovers). */
export function creatorsOf(model: DockerfileModel, stage: Stage, path: string, env: AnalysisEnv = {}): CreatedPath[] {
  const found: CreatedPath[] = [];
  for (const summary of lineageSummaries(model, stage, env)) {
    for (let i = summary.created.length - 1; i >= 0; i--) {
      const entry = summary.created[i];
      if (within(path, entry.path) || within(entry.path, path)) found.push(entry);
    }
  }
  return found;
}

/** The state (workdir, user, ENV) at the end of the stage, its lineage included. */
export function endState(model: DockerfileModel, stage: Stage, env: AnalysisEnv = {}): StageState {
  return stageSummary(model, stage, env).end;
}

/** The stage's working directory at its end, absolute, or null when unknown. */
export function endWorkdir(model: DockerfileModel, stage: Stage, env: AnalysisEnv = {}): string | null {
  return absoluteWorkdir(endState(model, stage, env).workdir, imageWorkdir(stage));
}

/** Every stage that reads `stage`'s files: by FROM (its lineage children) or COPY/mount --from, with what. */
export interface StageUse {
  stage: Stage;
  how: 'from' | 'copy' | 'mount';
  /** For copies: the source paths as written. */
  paths: string[];
}

export function usesOf(model: DockerfileModel, stage: Stage, env: AnalysisEnv = {}): StageUse[] {
  const uses: StageUse[] = [];
  for (const other of model.stages) {
    if (other.index <= stage.index) continue;
    if (other.baseStage === stage) uses.push({ stage: other, how: 'from', paths: [] });
    if (!other.copiesFrom.includes(stage)) continue;
    for (const copy of stageSummary(model, other, env).copies) {
      if (copy.from !== stage) continue;
      const existing = uses.find((use) => use.stage === other && use.how === copy.kind);
      const paths = copy.sources.map((source) => source.written);
      if (existing) existing.paths.push(...paths.filter((p) => !existing.paths.includes(p)));
      else uses.push({ stage: other, how: copy.kind, paths });
    }
  }
  return uses;
}

/** Stages whose files reach the final image (through FROM or COPY --from, transitively). */
export function stagesReachingFinal(model: DockerfileModel): Set<Stage> {
  const reached = new Set<Stage>();
  const final = model.finalStage;
  const queue = final ? [final] : [];
  while (queue.length > 0) {
    const stage = queue.pop()!;
    if (reached.has(stage)) continue;
    reached.add(stage);
    if (stage.baseStage) queue.push(stage.baseStage);
    for (const source of stage.copiesFrom) queue.push(source);
  }
  return reached;
}

export type { BuildContextFiles };

/** What the image runs: ENTRYPOINT and CMD of the stage's lineage as one list of words. */
export interface EntryCommand {
  /** Exec-form words; for the shell form, the script split at blanks. */
  words: string[];
  viaShell: boolean;
  /** The ENTRYPOINT and CMD instructions it comes from. */
  instructions: Instruction[];
}

export function entryCommandOf(stage: Stage): EntryCommand | null {
  const last = (keyword: string): Instruction | null => {
    for (const member of stageLineage(stage)) {
      for (let i = member.instructions.length - 1; i >= 0; i--) if (member.instructions[i].keyword === keyword) return member.instructions[i];
    }
    return null;
  };
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const wordsOf = (instruction: Instruction) => instruction.jsonStrings ?? instruction.args.map((arg) => unquote(arg.value));
  const instructions = [entrypoint, cmd].filter((instruction): instruction is Instruction => instruction !== null);
  if (instructions.length === 0) return null;
  if (entrypoint && !entrypoint.jsonStrings) return { words: wordsOf(entrypoint), viaShell: true, instructions: [entrypoint] };
  const words = [...(entrypoint ? wordsOf(entrypoint) : []), ...(cmd ? wordsOf(cmd) : [])];
  return { words, viaShell: (cmd !== null && !cmd.jsonStrings && !entrypoint) || false, instructions };
}

/** `usesOf` for every stage at once (one pass over the copies): stage -> its readers. */
export function usesByStage(model: DockerfileModel, env: AnalysisEnv = {}): Map<Stage, StageUse[]> {
  const uses = new Map<Stage, StageUse[]>(model.stages.map((stage) => [stage, []]));
  for (const other of model.stages) {
    if (other.baseStage) uses.get(other.baseStage)?.push({ stage: other, how: 'from', paths: [] });
    if (other.copiesFrom.length === 0) continue;
    for (const copy of stageSummary(model, other, env).copies) {
      if (!copy.from) continue;
      const list = uses.get(copy.from);
      if (!list) continue;
      const paths = copy.sources.map((source) => source.written);
      const existing = list.find((use) => use.stage === other && use.how === copy.kind);
      if (existing) existing.paths.push(...paths.filter((path) => !existing.paths.includes(path)));
      else list.push({ stage: other, how: copy.kind, paths });
    }
  }
  return uses;
}
