// Which shell commands install dependencies, for which ecosystem, and what they read.
//
// Rules ask three questions of a RUN's commands:
//   - is this a dependency install (and of which kind: from the project's manifests, a build
//     that downloads on the way, or named packages)?
//   - which manifest files does it read, and does it need the project's sources as well?
//   - where does the ecosystem keep its download cache (for `RUN --mount=type=cache`)?
// The answers are tables of public facts about the tools; an unknown command is no install.
import { flagValue, hasFlag, positionalArgs } from './commands';
import type { BuildContextFiles } from './env';
import type { DockerfileModel, RunInfo } from './model';
import { memoKey } from './memo';
import type { ShellCommand } from './shell';
import type { Instruction, Stage } from './types';

export type Ecosystem =
  | 'npm' | 'yarn' | 'pnpm'
  | 'pip' | 'poetry' | 'pipenv' | 'uv'
  | 'go' | 'maven' | 'gradle' | 'cargo' | 'dotnet'
  | 'bundler' | 'composer'
  | 'apt' | 'apk';

/**
 * - `project`: installs the project's dependencies from its manifests (`npm ci`, `pip install -r`);
 * - `build`: compiles the project and downloads its dependencies on the way (`go build`, `mvn package`);
 * - `packages`: installs packages named on the command line (`apt-get install curl`, `npm install -g pnpm`).
 */
export type InstallKind = 'project' | 'build' | 'packages';

/** One file an install reads: the first of `names` that exists (a lockfile may have two names). */
export interface ManifestRole {
  names: string[];
  /** The command fails without it (package.json for npm; the lockfile for `npm ci`). */
  required: boolean;
}

export interface DependencyInstall {
  ecosystem: Ecosystem;
  kind: InstallKind;
  command: ShellCommand;
  /** Folder of the manifests relative to the command's working directory ('' = that folder),
   *  or null when a flag we do not follow moves it (`--gemfile`, `--manifest-path`). */
  dir: string | null;
  /** Files the install reads, relative to `dir`. A name may hold a `*` (`*.csproj`). */
  manifests: ManifestRole[];
  /** Files that change what the install does when present (`.npmrc`); copied when the context has them. */
  extras: string[];
  /** Why the command reads the project's sources besides its manifests, or null when the manifests are enough. */
  needsSource: string | null;
  /** For a build: the command that only downloads the dependencies (`go mod download`), or null. */
  fetchCommand: string | null;
  /** A folder the install writes inside the project (`node_modules`, `vendor`). */
  outputDir: string | null;
}

// Flags that take a value, so their value is not read as a subcommand or package.
const NPM_VALUE_FLAGS = ['--prefix', '--cache', '--registry', '-w', '--workspace', '--omit', '--include', '--only', '--loglevel', '--userconfig', '--tag'];
const YARN_VALUE_FLAGS = ['--cwd', '--cache-folder', '--modules-folder', '--network-timeout', '--registry', '--mutex'];
const PNPM_VALUE_FLAGS = ['-C', '--dir', '--store-dir', '--filter', '-F', '--reporter', '--registry'];
const PIP_VALUE_FLAGS = ['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '--cache-dir', '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--trusted-host', '--timeout', '--retries', '--python-version', '--platform', '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--src', '-e', '--editable', '--python', '-p'];
const GO_VALUE_FLAGS = ['-o', '-C', '-ldflags', '-gcflags', '-tags', '-mod', '-p', '-asmflags', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix', '-modfile', '-overlay', '-pkgdir', '-toolexec', '-pgo', '-run', '-timeout', '-coverprofile'];
const MAVEN_VALUE_FLAGS = ['-f', '--file', '-s', '--settings', '-gs', '--global-settings', '-P', '--activate-profiles', '-pl', '--projects', '-T', '--threads', '-rf', '--resume-from', '-l', '--log-file', '-t', '--toolchains', '-b', '--builder'];
const DOTNET_VALUE_FLAGS = ['-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework', '-a', '--arch', '--os', '-s', '--source', '--packages', '-v', '--verbosity', '-p', '--property', '--version-suffix', '--configfile'];
const COMPOSER_VALUE_FLAGS = ['-d', '--working-dir', '--prefer-install'];
const BUNDLE_VALUE_FLAGS = ['--gemfile', '--path', '--jobs', '-j', '--retry', '--without', '--with', '--binstubs'];

const MAVEN_PHASES = new Set(['validate', 'compile', 'test', 'package', 'verify', 'install', 'deploy', 'test-compile', 'integration-test']);
const GRADLE_NON_BUILD = new Set(['--version', '-v', 'help', 'tasks', '--stop', 'wrapper']);

const INSTALL_PROGRAMS = /\b(npm|yarn|pnpm|pip[0-9.]*|python[0-9.]*|poetry|pipenv|uv|go|mvnw?|gradlew?|cargo|dotnet|bundler?|composer(\.phar)?|apt-get|apt|apk)\b/;

/** A cheap text test: false when a RUN's text names no installer, so it need not be parsed. */
export function mayInstall(text: string): boolean {
  return INSTALL_PROGRAMS.test(text);
}

export interface RunInstalls {
  info: RunInfo;
  /** For each command of `info.commands`, the install it performs or null. */
  installs: (DependencyInstall | null)[];
}

const RUN_INSTALLS = memoKey<Map<Instruction, RunInstalls>>('installs by RUN');

/**
 * The RUN's parsed commands and the install each performs, or null when its text names no
 * installer. Kept per instruction object, so the rules that ask about the same model share it.
 */
export function runInstalls(model: DockerfileModel, instruction: Instruction): RunInstalls | null {
  if (!mayInstall(instruction.text)) return null;
  const byRun = model.memo(RUN_INSTALLS, () => new Map());
  let cached = byRun.get(instruction);
  if (!cached) {
    const info = model.run(instruction);
    cached = { info, installs: info.commands.map(classifyInstall) };
    byRun.set(instruction, cached);
  }
  return cached;
}

const STAGES_WITH_INSTALLS = memoKey<Map<Stage, boolean>>('whether each stage installs dependencies');

/** Whether a RUN of the stage installs dependencies (cheap to ask first: most stages do not). */
export function stageInstalls(model: DockerfileModel, stage: Stage): boolean {
  const byStage = model.memo(STAGES_WITH_INSTALLS, () => new Map());
  let answer = byStage.get(stage);
  if (answer === undefined) {
    answer = stage.instructions.some((instruction) => instruction.keyword === 'RUN' && runInstalls(model, instruction)?.installs.some(Boolean) === true);
    byStage.set(stage, answer);
  }
  return answer;
}

/** The dependency installs among the commands of one RUN, in order. */
export function dependencyInstalls(commands: readonly ShellCommand[]): DependencyInstall[] {
  const installs: DependencyInstall[] = [];
  for (const command of commands) {
    const install = classifyInstall(command);
    if (install) installs.push(install);
  }
  return installs;
}

/** The install a command performs, or null when it installs nothing we know of. */
export function classifyInstall(command: ShellCommand): DependencyInstall | null {
  switch (command.name) {
    case 'npm':
      return npmInstall(command);
    case 'yarn':
      return yarnInstall(command);
    case 'pnpm':
      return pnpmInstall(command);
    case 'pip':
    case 'pip3':
      return pipInstall(command, 'pip', positionalArgs(command, PIP_VALUE_FLAGS));
    case 'python':
    case 'python3': {
      // `python -m pip install ...`
      const at = command.args.findIndex((arg) => arg.value === '-m');
      if (at === -1 || !/^pip3?$/.test(command.args[at + 1]?.value ?? '')) return null;
      const rest = { ...command, args: command.args.slice(at + 2) };
      return pipInstall(rest, 'pip', positionalArgs(rest, PIP_VALUE_FLAGS), command);
    }
    case 'poetry':
      return poetryInstall(command);
    case 'pipenv':
      return pipenvInstall(command);
    case 'uv':
      return uvInstall(command);
    case 'go':
      return goInstall(command);
    case 'mvn':
    case 'mvnw':
      return mavenInstall(command);
    case 'gradle':
    case 'gradlew':
      return gradleInstall(command);
    case 'cargo':
      return cargoInstall(command);
    case 'dotnet':
      return dotnetInstall(command);
    case 'bundle':
    case 'bundler':
      return bundleInstall(command);
    case 'composer':
    case 'composer.phar':
      return composerInstall(command);
    case 'apt-get':
    case 'apt':
      return /^(install|update|upgrade|dist-upgrade|full-upgrade|build-dep)$/.test(positionalArgs(command, ['-o', '-t', '-c'])[0]?.value ?? '')
        ? packages('apt', command)
        : null;
    case 'apk':
      return positionalArgs(command, ['-X', '--repository', '-p', '--root', '-t', '--virtual'])[0]?.value === 'add' ? packages('apk', command) : null;
    default:
      return null;
  }
}

function base(ecosystem: Ecosystem, kind: InstallKind, command: ShellCommand): DependencyInstall {
  return { ecosystem, kind, command, dir: '', manifests: [], extras: [], needsSource: null, fetchCommand: null, outputDir: null };
}

function packages(ecosystem: Ecosystem, command: ShellCommand): DependencyInstall {
  return { ...base(ecosystem, 'packages', command), dir: null };
}

const required = (...names: string[]): ManifestRole => ({ names, required: true });
const optional = (...names: string[]): ManifestRole => ({ names, required: false });

/** `dir` joined with a flag's folder (`--prefix app` -> `app`); null for an absolute or variable path. */
function relativeDir(value: string | null): string | null {
  if (value === null) return '';
  if (value.startsWith('/') || value.includes('$')) return null;
  return normalizeRelative(value);
}

/** A `.` or `..` segment. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
const SLASH = 47;

export function normalizeRelative(path: string): string {
  // Most paths have no empty, `.` or `..` segment: only a leading and a trailing slash go.
  if (!path.includes('//') && !DOT_SEGMENT.test(path)) {
    const start = path.charCodeAt(0) === SLASH ? 1 : 0;
    const end = path.length > start && path.charCodeAt(path.length - 1) === SLASH ? path.length - 1 : path.length;
    return path.slice(start, end);
  }
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

// ---------------------------------------------------------------------------------------
// JavaScript

function npmInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, NPM_VALUE_FLAGS);
  const sub = positional[0]?.value;
  const isCi = sub === 'ci' || sub === 'clean-install' || sub === 'install-clean';
  const isInstall = sub === 'install' || sub === 'i' || sub === 'add';
  if (!isCi && !isInstall) return null;
  if (hasFlag(command, '-g', '--global') || (isInstall && positional.length > 1)) return packages('npm', command);
  return {
    ...base('npm', 'project', command),
    dir: relativeDir(flagValue(command, '--prefix')),
    manifests: [required('package.json'), { names: ['package-lock.json', 'npm-shrinkwrap.json'], required: isCi }],
    extras: ['.npmrc'],
    outputDir: 'node_modules',
  };
}

function yarnInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, YARN_VALUE_FLAGS);
  const sub = positional[0]?.value;
  if (sub === 'global' && positional[1]?.value === 'add') return packages('yarn', command);
  if (sub === 'add') return packages('yarn', command);
  if (sub !== undefined && sub !== 'install') return null;
  const frozen = hasFlag(command, '--frozen-lockfile', '--immutable');
  return {
    ...base('yarn', 'project', command),
    dir: relativeDir(flagValue(command, '--cwd')),
    manifests: [required('package.json'), { names: ['yarn.lock'], required: frozen }],
    extras: ['.npmrc', '.yarnrc'],
    outputDir: 'node_modules',
  };
}

function pnpmInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, PNPM_VALUE_FLAGS);
  const sub = positional[0]?.value;
  if (sub === 'add') return packages('pnpm', command);
  if (sub !== 'install' && sub !== 'i' && sub !== 'fetch') return null;
  if (hasFlag(command, '-g', '--global')) return packages('pnpm', command);
  const frozen = hasFlag(command, '--frozen-lockfile') || sub === 'fetch';
  return {
    ...base('pnpm', 'project', command),
    dir: relativeDir(flagValue(command, '-C', '--dir')),
    manifests: sub === 'fetch' ? [required('pnpm-lock.yaml')] : [required('package.json'), { names: ['pnpm-lock.yaml'], required: frozen }],
    extras: ['.npmrc', '.pnpmfile.cjs'],
    outputDir: 'node_modules',
  };
}

// ---------------------------------------------------------------------------------------
// Python

/** Requirement files named by `-r`/`-c` (and their long forms), in order. */
export function requirementFiles(command: ShellCommand): string[] {
  const files: string[] = [];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    const match = /^(-r|--requirement|-c|--constraint)(?:=(.*))?$/.exec(value) ?? /^(-r|-c)(.+)$/.exec(value);
    if (!match) continue;
    const file = match[2] ?? args[++i]?.value;
    if (file) files.push(file);
  }
  return files;
}

function pipInstall(command: ShellCommand, ecosystem: Ecosystem, positional: { value: string }[], original = command): DependencyInstall | null {
  if (positional[0]?.value !== 'install') return null;
  const requirements = requirementFiles(command);
  const locals = positional.slice(1).filter((arg) => isLocalPath(arg.value));
  const editable = hasFlag(command, '-e', '--editable');
  if (requirements.length === 0) {
    return locals.length > 0 || editable
      ? { ...base(ecosystem, 'build', original), dir: null, needsSource: 'it installs the project itself from its sources' }
      : packages(ecosystem, original);
  }
  return {
    ...base(ecosystem, 'project', original),
    manifests: requirements.map((file) => required(file)),
    needsSource: locals.length > 0 || editable ? 'it also installs the project itself from its sources' : null,
  };
}

function isLocalPath(value: string): boolean {
  return value === '.' || value.startsWith('./') || value.startsWith('../') || value.startsWith('/') || value.startsWith('file:');
}

function poetryInstall(command: ShellCommand): DependencyInstall | null {
  const sub = positionalArgs(command, ['--only', '--with', '--without', '-E', '--extras', '-C', '--directory', '-P', '--project'])[0]?.value;
  if (sub !== 'install' && sub !== 'sync') return null;
  const noRoot = hasFlag(command, '--no-root');
  return {
    ...base('poetry', 'project', command),
    dir: relativeDir(flagValue(command, '-C', '--directory', '-P', '--project')),
    manifests: [required('pyproject.toml'), optional('poetry.lock')],
    extras: ['poetry.toml'],
    needsSource: noRoot || hasFlag(command, '--only-root') ? null : 'without --no-root it installs the project itself, which needs its sources',
  };
}

function pipenvInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, ['--python', '--pypi-mirror', '--categories']);
  const sub = positional[0]?.value;
  if (sub !== 'install' && sub !== 'sync') return null;
  if (sub === 'install' && positional.length > 1) return packages('pipenv', command);
  const locked = sub === 'sync' || hasFlag(command, '--deploy', '--ignore-pipfile');
  return {
    ...base('pipenv', 'project', command),
    manifests: [required('Pipfile'), { names: ['Pipfile.lock'], required: locked }],
  };
}

function uvInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, ['--python', '-p', '--directory', '--project', '--extra', '--group', '--only-group', '--no-group', '--package', '--cache-dir', '-r', '--requirement', '-c', '--constraint', '--index-url', '--extra-index-url']);
  const sub = positional[0]?.value;
  if (sub === 'pip') {
    const pipSub = positional[1]?.value;
    if (pipSub === 'install') return pipInstall(command, 'uv', positional.slice(1));
    if (pipSub === 'sync' && positional[2]) {
      return { ...base('uv', 'project', command), manifests: [required(positional[2].value)] };
    }
    return null;
  }
  if (sub !== 'sync') return null;
  const locked = hasFlag(command, '--locked', '--frozen');
  const noProject = hasFlag(command, '--no-install-project', '--no-install-workspace', '--only-dev');
  return {
    ...base('uv', 'project', command),
    dir: relativeDir(flagValue(command, '--directory', '--project')),
    manifests: [required('pyproject.toml'), { names: ['uv.lock'], required: locked }],
    extras: ['.python-version', 'uv.toml'],
    needsSource: noProject ? null : 'without --no-install-project it installs the project itself, which needs its sources',
    outputDir: '.venv',
  };
}

// ---------------------------------------------------------------------------------------
// Go, JVM, Rust, .NET

function goInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, GO_VALUE_FLAGS);
  const sub = positional[0]?.value;
  const dir = relativeDir(flagValue(command, '-C'));
  const manifests = [required('go.mod'), optional('go.sum')];
  if (sub === 'mod' && positional[1]?.value === 'download') {
    // `go mod download <module>@<version>` fetches named modules, not the project's.
    if (positional.length > 2) return packages('go', command);
    return { ...base('go', 'project', command), dir, manifests };
  }
  if (sub !== 'build' && sub !== 'install' && sub !== 'test' && sub !== 'vet') return null;
  // `go install tool@v1.2` installs a tool, not the project.
  if (positional.slice(1).some((arg) => arg.value.includes('@'))) return packages('go', command);
  // Vendored modules are not downloaded.
  if (flagValue(command, '-mod') === 'vendor') return null;
  return {
    ...base('go', 'build', command),
    dir,
    manifests,
    needsSource: 'it compiles the sources',
    fetchCommand: 'go mod download',
  };
}

function mavenInstall(command: ShellCommand): DependencyInstall | null {
  const goals = positionalArgs(command, MAVEN_VALUE_FLAGS).map((arg) => arg.value).filter((goal) => !goal.startsWith('-D'));
  if (goals.length === 0) return null;
  const fileFlag = flagValue(command, '-f', '--file');
  const dir = fileFlag === null ? '' : fileFlag.endsWith('pom.xml') ? relativeDir(fileFlag.slice(0, -'pom.xml'.length) || '.') : null;
  const downloadOnly = goals.every((goal) => /^(dependency:(go-offline|resolve|resolve-plugins|resolve-sources)|de\.qaware\.maven:go-offline-maven-plugin:resolve-dependencies)$/.test(goal));
  const builds = goals.some((goal) => MAVEN_PHASES.has(goal) || goal.includes(':'));
  if (!downloadOnly && !builds) return null;
  const wrapper = command.name === 'mvnw';
  const settings = flagValue(command, '-s', '--settings', '-gs', '--global-settings');
  return {
    ...base('maven', downloadOnly ? 'project' : 'build', command),
    dir,
    manifests: wrapper ? [required('pom.xml'), required('mvnw')] : [required('pom.xml')],
    needsSource: downloadOnly ? null : 'it compiles the sources',
    // The wrapper needs its .mvn folder and a settings file must be copied too: no short fetch step then.
    fetchCommand: downloadOnly || wrapper || settings !== null ? null : 'mvn -B dependency:go-offline',
  };
}

function gradleInstall(command: ShellCommand): DependencyInstall | null {
  const tasks = positionalArgs(command, ['-p', '--project-dir', '-b', '--build-file', '-c', '--settings-file', '-x', '--exclude-task', '-g', '--gradle-user-home']).map((arg) => arg.value);
  if (tasks.length === 0 || tasks.every((task) => GRADLE_NON_BUILD.has(task))) return null;
  return {
    ...base('gradle', 'build', command),
    manifests: [optional('build.gradle', 'build.gradle.kts'), optional('settings.gradle', 'settings.gradle.kts')],
    // Gradle has no reliable "download only" task: a cache mount is the better answer.
    needsSource: 'it compiles the sources',
  };
}

function cargoInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, ['--manifest-path', '--target', '--target-dir', '-p', '--package', '--bin', '--features', '-F', '-j', '--jobs', '--profile', '--root', '--version', '--git', '--branch', '--tag', '--rev', '--path']);
  const sub = positional[0]?.value;
  const dir = flagValue(command, '--manifest-path') === null ? '' : null;
  if (sub === 'install') {
    return hasFlag(command, '--path') ? { ...base('cargo', 'build', command), dir: null, needsSource: 'it compiles the sources' } : packages('cargo', command);
  }
  if (sub !== 'build' && sub !== 'fetch' && sub !== 'test' && sub !== 'b') return null;
  return {
    ...base('cargo', sub === 'fetch' ? 'project' : 'build', command),
    dir,
    manifests: [required('Cargo.toml'), optional('Cargo.lock')],
    // Even `cargo fetch` reads the targets (src/main.rs, src/lib.rs) while parsing Cargo.toml.
    needsSource: sub === 'fetch' ? 'cargo reads the crate targets (src/main.rs, src/lib.rs) even to fetch' : 'it compiles the sources',
  };
}

function dotnetInstall(command: ShellCommand): DependencyInstall | null {
  const positional = positionalArgs(command, DOTNET_VALUE_FLAGS);
  const sub = positional[0]?.value;
  if (sub !== 'restore' && sub !== 'build' && sub !== 'publish' && sub !== 'test' && sub !== 'pack') return null;
  if (sub !== 'restore' && hasFlag(command, '--no-restore')) return null;
  const project = positional[1]?.value ?? null;
  let dir: string | null = '';
  let manifests: ManifestRole[] = [required('*.csproj')];
  let fetchArg = '';
  if (project !== null) {
    if (/\.(cs|fs|vb)proj$/.test(project) && !project.includes('$')) {
      manifests = [required(project.replace(/^\.\//, ''))];
      fetchArg = ' ' + project;
    } else if (/\.slnx?$/.test(project) || project.includes('$') || project.startsWith('/')) {
      dir = null; // a solution lists projects in other folders
    } else {
      dir = relativeDir(project);
      fetchArg = ' ' + project;
    }
  }
  const runtime = flagValue(command, '-r', '--runtime');
  const runtimeArg = runtime && !runtime.includes('$') ? ' -r ' + runtime : '';
  return {
    ...base('dotnet', sub === 'restore' ? 'project' : 'build', command),
    dir,
    manifests,
    extras: ['NuGet.config', 'nuget.config', 'NuGet.Config', 'Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props', 'global.json'],
    needsSource: sub === 'restore' ? null : 'it compiles the sources',
    fetchCommand: sub === 'restore' || dir !== '' ? null : `dotnet restore${fetchArg}${runtimeArg}`,
  };
}

// ---------------------------------------------------------------------------------------
// Ruby, PHP

function bundleInstall(command: ShellCommand): DependencyInstall | null {
  const sub = positionalArgs(command, BUNDLE_VALUE_FLAGS)[0]?.value;
  if (sub !== undefined && sub !== 'install') return null;
  const frozen = hasFlag(command, '--deployment', '--frozen');
  return {
    ...base('bundler', 'project', command),
    dir: flagValue(command, '--gemfile') === null ? '' : null,
    manifests: [required('Gemfile'), { names: ['Gemfile.lock'], required: frozen }],
  };
}

function composerInstall(command: ShellCommand): DependencyInstall | null {
  const sub = positionalArgs(command, COMPOSER_VALUE_FLAGS)[0]?.value;
  if (sub !== 'install' && sub !== 'i') return null;
  // Scripts (post-install-cmd, post-autoload-dump) and the class-map autoloader read the sources.
  const noScripts = hasFlag(command, '--no-scripts');
  const noAutoloader = hasFlag(command, '--no-autoloader');
  return {
    ...base('composer', 'project', command),
    dir: relativeDir(flagValue(command, '-d', '--working-dir')),
    manifests: [required('composer.json'), optional('composer.lock')],
    extras: ['auth.json'],
    needsSource: noScripts && noAutoloader ? null : 'composer runs the project\'s scripts and builds its autoloader unless given --no-scripts --no-autoloader',
    outputDir: 'vendor',
  };
}

// ---------------------------------------------------------------------------------------
// Reading the build context

export type ManifestResolution =
  | { ok: true; files: string[] }
  | { ok: false; reason: string };

/**
 * The manifest files to copy before the install, relative to the install's folder.
 * With a build context (`context` reads `contextDir` + path), only files that exist are
 * listed and the files' contents are checked for things that need more than the manifests
 * (install scripts, workspaces, local path dependencies). Without one, required files are
 * named plainly and optional ones with a trailing `*`, which cannot fail the build when the
 * file is absent (a COPY wildcard may match nothing as long as another source matches).
 */
export function resolveManifests(install: DependencyInstall, context: BuildContextFiles | undefined, contextDir: string): ManifestResolution {
  const at = (file: string) => joinPath(contextDir, file);
  if (!context) {
    const files: string[] = [];
    for (const role of install.manifests) files.push(role.required ? role.names[0] : role.names[0] + '*');
    return files.some((file) => !file.endsWith('*')) ? { ok: true, files } : { ok: false, reason: 'no manifest is known to exist without the build context' };
  }
  const files: string[] = [];
  for (const role of install.manifests) {
    const found = role.names.find((name) => name.includes('*') || context.exists(at(name)));
    if (found) files.push(found);
    else if (role.required) return { ok: false, reason: `${role.names[0]} is not in the build context at ${at(role.names[0]) || '.'}` };
  }
  if (files.length === 0) return { ok: false, reason: 'none of its manifests is in the build context' };
  const reason = contentReason(install, context, at, files);
  if (reason) return { ok: false, reason };
  for (const extra of install.extras) if (context.exists(at(extra)) && !files.includes(extra)) files.push(extra);
  if (install.ecosystem === 'pip' || install.ecosystem === 'uv') {
    const nested = nestedRequirements(files, context, at);
    if (typeof nested === 'string') return { ok: false, reason: nested };
    for (const file of nested) if (!files.includes(file)) files.push(file);
  }
  if (install.ecosystem === 'bundler' && /\.ruby-version/.test(context.readText(at('Gemfile')) ?? '') && context.exists(at('.ruby-version'))) {
    files.push('.ruby-version');
  }
  return { ok: true, files };
}

function contentReason(install: DependencyInstall, context: BuildContextFiles, at: (file: string) => string, files: string[]): string | null {
  const read = (file: string) => context.readText(at(file)) ?? '';
  switch (install.ecosystem) {
    case 'npm':
    case 'yarn':
    case 'pnpm':
      if (install.ecosystem === 'yarn' && context.exists(at('.yarnrc.yml'))) return 'Yarn 2+ (.yarnrc.yml) also needs its .yarn folder';
      if (install.ecosystem === 'pnpm' && context.exists(at('pnpm-workspace.yaml'))) return 'a pnpm workspace also needs every member\'s package.json';
      return packageJsonReason(read('package.json'), hasFlag(install.command, '--ignore-scripts'));
    case 'bundler':
      return /^\s*(gemspec\b|gem\b.*\bpath\s*(:|=>))|^\s*path\b/m.test(read('Gemfile')) ? 'the Gemfile loads a gemspec or a local path, which are part of the sources' : null;
    case 'pipenv':
      return /\bpath\s*=/.test(read('Pipfile')) ? 'the Pipfile installs a local path, which is part of the sources' : null;
    case 'uv':
    case 'poetry':
      if (files.includes('pyproject.toml') && /^\[tool\.uv\.workspace\]/m.test(read('pyproject.toml'))) return 'a uv workspace also needs every member\'s pyproject.toml';
      return null;
    case 'maven':
      return /<modules>/.test(read('pom.xml')) ? 'a multi-module build also needs every module\'s pom.xml' : null;
    case 'go':
      if (context.exists(at('vendor/modules.txt'))) return 'the modules are vendored, so nothing is downloaded';
      if (context.exists(at('go.work'))) return 'a Go workspace also needs every module\'s go.mod';
      return /^\s*replace\s.*=>\s*\.{1,2}\//m.test(read('go.mod')) ? 'go.mod replaces a module with a local folder, which is part of the sources' : null;
    default:
      return null;
  }
}

/** Why a package.json needs more than itself to install, or null. */
export function packageJsonReason(text: string, ignoreScripts: boolean): string | null {
  let json: { scripts?: Record<string, unknown>; workspaces?: unknown; [key: string]: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    return 'package.json could not be read';
  }
  if (json.workspaces) return 'workspaces also need every member\'s package.json';
  if (!ignoreScripts) {
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      if (json.scripts?.[script]) return `its "${script}" script runs during the install and may read the sources`;
    }
  }
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = json[field];
    if (deps && typeof deps === 'object') {
      for (const spec of Object.values(deps as Record<string, unknown>)) {
        if (typeof spec === 'string' && /^(file|link|workspace|portal):/.test(spec)) return 'a dependency points at a local folder, which is part of the sources';
      }
    }
  }
  return null;
}

/** Requirement files included by other requirement files (`-r base.txt`), or why they cannot be copied. */
function nestedRequirements(files: string[], context: BuildContextFiles, at: (file: string) => string): string[] | string {
  const result: string[] = [];
  const queue = [...files];
  const seen = new Set(files);
  while (queue.length > 0 && seen.size < 50) {
    const file = queue.shift()!;
    const text = context.readText(at(file));
    if (text === undefined) continue;
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (const rawLine of text.split(/\r?\n/)) {
      const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
      if (/^(-e|--editable)\b/.test(line) || isLocalPath(line) || /@\s*file:/.test(line)) return `${file} installs a local path, which is part of the sources`;
      const include = /^(-r|--requirement|-c|--constraint)[=\s]+(\S+)$/.exec(line);
      if (!include) continue;
      const nested = normalizeRelative(folder ? folder + '/' + include[2] : include[2]);
      if (nested.startsWith('..') || seen.has(nested)) continue;
      seen.add(nested);
      result.push(nested);
      queue.push(nested);
    }
  }
  return result;
}

export function joinPath(folder: string, file: string): string {
  return normalizeRelative(folder ? folder + '/' + file : file);
}

// ---------------------------------------------------------------------------------------
// Download caches

export interface CacheTarget {
  target: string;
  /** `locked` for tools that take a lock on their cache (apt). */
  sharing?: 'locked';
}

/** Looks up an environment variable as the RUN sees it: a value, null when set but unknown, undefined when unset. */
export type EnvLookup = (name: string) => string | null | undefined;

/**
 * The cache folders worth mounting for an install, for the root user; null when the
 * location cannot be known (a variable with an unknown value, a project-local install path).
 * `image` is the official image name of the stage's root (`golang`, `rust`), or null.
 */
export function cacheTargets(install: DependencyInstall, env: EnvLookup, image: string | null): CacheTarget[] | null {
  const command = install.command;
  // The command's own `NAME=value` prefixes win over the stage's ENV.
  const lookup: EnvLookup = (name) => {
    const assignment = command.assignments.find((a) => a.startsWith(name + '='));
    if (assignment !== undefined) return assignment.slice(name.length + 1);
    return env(name);
  };
  const fromEnv = (name: string, suffix = ''): string | null | undefined => {
    const value = lookup(name);
    if (value === undefined) return undefined;
    return value === null || value === '' || !value.startsWith('/') ? null : value.replace(/\/+$/, '') + suffix;
  };
  const pick = (...candidates: (string | null | undefined)[]): CacheTarget[] | null => {
    for (const candidate of candidates) {
      if (candidate === undefined) continue;
      return candidate === null ? null : [{ target: candidate }];
    }
    return null;
  };
  switch (install.ecosystem) {
    case 'npm':
      return pick(flagValue(command, '--cache') ?? undefined, fromEnv('npm_config_cache'), fromEnv('NPM_CONFIG_CACHE'), '/root/.npm');
    case 'yarn':
      return pick(flagValue(command, '--cache-folder') ?? undefined, fromEnv('YARN_CACHE_FOLDER'), '/usr/local/share/.cache/yarn');
    case 'pnpm':
      return pick(flagValue(command, '--store-dir') ?? undefined, fromEnv('PNPM_HOME', '/store'), fromEnv('XDG_DATA_HOME', '/pnpm/store'), '/root/.local/share/pnpm/store');
    case 'pip':
      return pick(flagValue(command, '--cache-dir') ?? undefined, fromEnv('PIP_CACHE_DIR'), fromEnv('XDG_CACHE_HOME', '/pip'), '/root/.cache/pip');
    case 'poetry':
      return pick(fromEnv('POETRY_CACHE_DIR'), fromEnv('XDG_CACHE_HOME', '/pypoetry'), '/root/.cache/pypoetry');
    case 'uv':
      return pick(flagValue(command, '--cache-dir') ?? undefined, fromEnv('UV_CACHE_DIR'), fromEnv('XDG_CACHE_HOME', '/uv'), '/root/.cache/uv');
    case 'go': {
      const modules = pick(fromEnv('GOMODCACHE'), fromEnv('GOPATH', '/pkg/mod'), image === 'golang' ? '/go/pkg/mod' : '/root/go/pkg/mod');
      if (!modules) return null;
      // `go mod download` only fills the module cache; building commands also use the build cache.
      if (positionalArgs(command, GO_VALUE_FLAGS)[0]?.value === 'mod') return modules;
      const buildCache = pick(fromEnv('GOCACHE'), fromEnv('XDG_CACHE_HOME', '/go-build'), '/root/.cache/go-build');
      return buildCache ? [...modules, ...buildCache] : null;
    }
    case 'maven':
      if (command.args.some((arg) => arg.value.startsWith('-Dmaven.repo.local='))) return null;
      return [{ target: '/root/.m2' }];
    case 'gradle':
      return pick(flagValue(command, '-g', '--gradle-user-home') ?? undefined, fromEnv('GRADLE_USER_HOME'), '/root/.gradle');
    case 'cargo':
      return pick(fromEnv('CARGO_HOME', '/registry'), image === 'rust' ? '/usr/local/cargo/registry' : '/root/.cargo/registry');
    case 'bundler':
      // Bundler keeps downloaded .gem files in $GEM_HOME/cache; a project-local path moves them.
      if (lookup('BUNDLE_PATH') !== undefined || lookup('BUNDLE_DEPLOYMENT') !== undefined || hasFlag(command, '--path', '--deployment')) return null;
      return pick(fromEnv('GEM_HOME', '/cache'), image === 'ruby' ? '/usr/local/bundle/cache' : null);
    case 'composer':
      return pick(fromEnv('COMPOSER_CACHE_DIR'), fromEnv('COMPOSER_HOME', '/cache'), image === 'composer' ? '/tmp/cache' : '/root/.composer/cache');
    case 'apt':
      return [
        { target: '/var/cache/apt', sharing: 'locked' },
        { target: '/var/lib/apt', sharing: 'locked' },
      ];
    case 'apk':
      return [{ target: '/var/cache/apk' }];
    default:
      // .NET restores into ~/.nuget/packages, which later builds read: not a cache to mount.
      return null;
  }
}

/** The `--mount` flag text for a cache target. */
export function cacheMountFlag(target: CacheTarget): string {
  return `--mount=type=cache,target=${target.target}${target.sharing ? ',sharing=' + target.sharing : ''}`;
}
