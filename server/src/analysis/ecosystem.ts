// Knowledge about language toolchains that several rules share: which base images are
// toolchain (build) images, which shell commands are build steps, which OS packages are build
// tools, and which minimal image runs the artifacts a toolchain image builds. Pure data and
// small lookups over the model's ImageRef and parsed RUN commands; no rule logic here.
import { findFlag, flagValue, isCall, positionalArgs } from './commands';
import type { ShellCommand } from './shell';
import type { ImageRef } from './types';

/** A language toolchain. `java` is a bare JDK (it runs Maven and Gradle wrappers). */
export type Ecosystem = 'node' | 'go' | 'maven' | 'gradle' | 'java' | 'rust' | 'python' | 'dotnet' | 'c';

export const ECOSYSTEM_LABELS: Record<Ecosystem, string> = {
  node: 'Node.js',
  go: 'Go',
  maven: 'Maven',
  gradle: 'Gradle',
  java: 'Java',
  rust: 'Rust',
  python: 'Python',
  dotnet: '.NET',
  c: 'C/C++',
};

// ------------------------------------------------------------------ toolchain base images

/** Whether the image name is the official image `name` (Docker Hub library or a mirror path ending in it). */
function isImage(image: ImageRef, ...names: string[]): boolean {
  return names.includes(image.name) || names.some((name) => image.name.endsWith('/' + name));
}

/** Tag words that mark a runtime-only variant of an otherwise toolchain repository. */
const JRE_TAG = /(^|-)jre($|-)/;

/**
 * The toolchain a base image brings, or null for images that are not toolchain images.
 * Slim and Alpine variants of node and python count: their toolchains (and the dev
 * dependencies they install) are what a runtime stage leaves behind.
 */
export function toolchainOf(image: ImageRef): Ecosystem | null {
  if (image.unresolved && image.name === '') return null;
  if (isImage(image, 'node')) return 'node';
  if (isImage(image, 'golang')) return 'go';
  if (isImage(image, 'maven')) return 'maven';
  if (isImage(image, 'gradle')) return 'gradle';
  if (isImage(image, 'rust')) return 'rust';
  if (isImage(image, 'python')) return 'python';
  if (isImage(image, 'gcc')) return 'c';
  if (image.name.endsWith('dotnet/sdk')) return 'dotnet';
  if (isImage(image, 'eclipse-temurin', 'openjdk', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes')) {
    return image.tag !== null && JRE_TAG.test(image.tag) ? null : 'java';
  }
  return null;
}

/** What a toolchain image can build besides its own ecosystem (e.g. the JDK runs `./mvnw`). */
export function ecosystemsOfToolchain(toolchain: Ecosystem, image: ImageRef): Ecosystem[] {
  switch (toolchain) {
    case 'java':
      return ['java', 'maven', 'gradle'];
    case 'maven':
      return ['maven', 'java'];
    case 'gradle':
      return ['gradle', 'java'];
    // The Debian-based golang and rust images carry gcc and make (buildpack-deps); Alpine ones do not.
    case 'go':
    case 'rust':
      return isAlpine(image) ? [toolchain] : [toolchain, 'c'];
    default:
      return [toolchain];
  }
}

export function isAlpine(image: ImageRef): boolean {
  return image.name === 'alpine' || image.name.endsWith('/alpine') || (image.tag !== null && /(^|-)alpine/.test(image.tag));
}

// ------------------------------------------------------------------ minimal runtime images

/** The C library an image provides to dynamically linked binaries. */
export type Libc = 'glibc' | 'musl' | 'none';

/**
 * The libc of well-known minimal images, null when unknown. `scratch` and distroless/static
 * have none: only a statically linked binary runs there.
 */
export function libcOf(image: ImageRef, isScratch = image.name === 'scratch'): Libc | null {
  if (isScratch) return 'none';
  if (/(^|\/)distroless\/static/.test(image.name)) return 'none';
  if (/(^|\/)distroless\//.test(image.name) || /(^|\/)chainguard\/(glibc-dynamic|wolfi-base)/.test(image.name)) return 'glibc';
  if (isAlpine(image)) return 'musl';
  if (isImage(image, 'debian', 'ubuntu', 'golang', 'node', 'python', 'rust', 'eclipse-temurin')) return 'glibc';
  return null;
}

/** A runtime base chosen for a toolchain's artifacts, and what it offers a fixed Dockerfile. */
export interface RuntimeImage {
  /** The image reference to write after FROM. */
  ref: string;
  /** Whether it has /bin/sh (shell-form CMD, HEALTHCHECK CMD-SHELL, RUN). */
  hasShell: boolean;
  /** User names its /etc/passwd defines (numeric ids always work). */
  users: readonly string[];
}

const DEBIAN_USERS = ['root', 'daemon', 'bin', 'sys', 'nobody', 'www-data'];
const ALPINE_USERS = ['root', 'daemon', 'bin', 'nobody'];
const DISTROLESS_USERS = ['root', 'nonroot', 'nobody'];
const DEBIAN_SUITES = /^(buster|bullseye|bookworm|trixie)$/;
const VARIANT_SUFFIX = /^(alpine|jammy|focal|noble)$/;

/** `docker.io/library/node:20` -> `docker.io/library/node`: the reference with its tag cut. */
function repository(image: ImageRef): string {
  const colon = image.resolved.lastIndexOf(':');
  return colon > image.resolved.lastIndexOf('/') ? image.resolved.slice(0, colon) : image.resolved;
}

/** Cross-repository mappings only make sense for Docker Hub images; a private mirror is the user's call. */
function onDockerHub(image: ImageRef): boolean {
  return image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io';
}

const NODE_VERSION = /^(\d+(?:\.\d+){0,2}|lts|current|argon|boron|carbon|dubnium|erbium|fermium|gallium|hydrogen|iron|jod|krypton)(?:-(.+))?$/;

function nodeRuntime(image: ImageRef): RuntimeImage | null {
  const match = image.tag ? NODE_VERSION.exec(image.tag) : null;
  if (!match) return null;
  const [, version, variant = ''] = match;
  let tag: string | null = null;
  if (variant === '') tag = `${version}-slim`;
  else if (variant === 'slim' || /^alpine(\d+\.\d+)?$/.test(variant) || /^(bullseye|bookworm|trixie)-slim$/.test(variant)) tag = image.tag;
  else if (DEBIAN_SUITES.test(variant)) tag = `${version}-${variant}-slim`;
  if (tag === null) return null;
  const users = variant.startsWith('alpine') ? [...ALPINE_USERS, 'node'] : [...DEBIAN_USERS, 'node'];
  return { ref: `${repository(image)}:${tag}`, hasShell: true, users };
}

const PYTHON_VERSION = /^(\d+\.\d+(?:\.\d+)?(?:(?:a|b|rc)\d+)?)(?:-(.+))?$/;

function pythonRuntime(image: ImageRef): RuntimeImage | null {
  const match = image.tag ? PYTHON_VERSION.exec(image.tag) : null;
  if (!match) return null;
  const [, version, variant = ''] = match;
  let tag: string | null = null;
  if (variant === '') tag = `${version}-slim`;
  else if (variant === 'slim' || /^alpine(\d+\.\d+)?$/.test(variant) || /^slim-(bullseye|bookworm|trixie)$/.test(variant)) tag = image.tag;
  else if (DEBIAN_SUITES.test(variant)) tag = `${version}-slim-${variant}`;
  if (tag === null) return null;
  return { ref: `${repository(image)}:${tag}`, hasShell: true, users: variant.startsWith('alpine') ? ALPINE_USERS : DEBIAN_USERS };
}

/** The `X.Y` Python version of a python image's tag (`3.12-slim` -> `3.12`), or null. */
export function pythonVersionOf(image: ImageRef): string | null {
  const match = image.tag ? /^(\d+\.\d+)/.exec(image.tag) : null;
  return match ? match[1] : null;
}

function temurinJre(major: string, suffix: string | undefined): RuntimeImage {
  const users = suffix === 'alpine' ? ALPINE_USERS : ['root', 'daemon', 'bin', 'sys', 'nobody', 'www-data'];
  return { ref: `eclipse-temurin:${major}-jre${suffix ? '-' + suffix : ''}`, hasShell: true, users };
}

function javaRuntime(image: ImageRef, toolchain: Ecosystem): RuntimeImage | null {
  const tag = image.tag;
  if (!tag || !onDockerHub(image)) return null;
  if (toolchain === 'maven') {
    // maven:3.9-eclipse-temurin-21, maven:3.9.6-eclipse-temurin-17-alpine, maven:3.8-openjdk-17
    const match = /^(?:[\d.]+-)?(eclipse-temurin|openjdk)-(\d+)(?:-([a-z]+))?$/.exec(tag);
    if (!match) return null;
    const suffix = match[3];
    if (suffix === undefined || VARIANT_SUFFIX.test(suffix)) return temurinJre(match[2], suffix);
    return match[1] === 'openjdk' && suffix === 'slim' ? temurinJre(match[2], undefined) : null;
  }
  if (toolchain === 'gradle') {
    // gradle:8-jdk21, gradle:8.7-jdk17-alpine, gradle:jdk21-jammy (not -graal, -corretto, -ubi)
    const match = /^(?:[\d.]+-)?jdk(\d+)(?:-([a-z]+))?$/.exec(tag);
    if (!match || (match[2] !== undefined && !VARIANT_SUFFIX.test(match[2]))) return null;
    return temurinJre(match[1], match[2]);
  }
  if (isImage(image, 'eclipse-temurin')) {
    // eclipse-temurin:21-jdk, 21, 21.0.3_9-jdk-jammy, 21-jdk-alpine
    const match = /^(\d+(?:[.\d_+]*))(?:-jdk)?(?:-([a-z]+))?$/.exec(tag);
    if (!match || (match[2] !== undefined && !VARIANT_SUFFIX.test(match[2]))) return null;
    return temurinJre(match[1], match[2]);
  }
  if (isImage(image, 'openjdk')) {
    // openjdk:17, openjdk:17-jdk-slim, openjdk:21-jdk-bookworm: the same Java major on a JRE.
    const match = /^(\d+)(?:[.\d]*)(?:-jdk)?(?:-(slim|bullseye|bookworm|slim-bullseye|slim-bookworm|buster|slim-buster))?$/.exec(tag);
    return match ? temurinJre(match[1], undefined) : null;
  }
  return null;
}

function rustRuntime(image: ImageRef): RuntimeImage | null {
  const match = image.tag ? /^1\.(\d+)(?:\.\d+)?(?:-(slim|buster|bullseye|bookworm|trixie|slim-buster|slim-bullseye|slim-bookworm|slim-trixie))?$/.exec(image.tag) : null;
  if (!match || !onDockerHub(image)) return null;
  const suite = match[2]?.replace(/^slim-?/, '') || null;
  // Without a suite, rust:1.N is built on the Debian of its day: bookworm up to 1.88 (older
  // glibc builds run on bookworm too). Later default tags may be newer than bookworm.
  if (suite === null && Number(match[1]) > 88) return null;
  return { ref: `debian:${suite ?? 'bookworm'}-slim`, hasShell: true, users: DEBIAN_USERS };
}

export const DISTROLESS_STATIC = 'gcr.io/distroless/static-debian12';

/**
 * The minimal base that runs what `image` (a toolchain image) builds, or null when the tag is
 * unknown, unresolved or a variant with no safe counterpart: no guessing.
 * Go maps to distroless/static, so the binary must be built with CGO_ENABLED=0.
 */
export function runtimeImageFor(image: ImageRef, toolchain: Ecosystem): RuntimeImage | null {
  // Go's runtime base does not depend on the toolchain's tag; the others need a known one.
  if (image.digest !== null || (image.unresolved && toolchain !== 'go')) return null;
  const runtime = runtimeForResolved(image, toolchain);
  if (!runtime || image.raw === image.resolved || toolchain === 'go') return runtime;
  // `node:${V}-alpine` runs on itself whatever V is; for `node:${V}` the variant to pick
  // depends on the value a --build-arg may give V: no guessing.
  return runtime.ref === image.resolved ? { ...runtime, ref: image.raw } : null;
}

function runtimeForResolved(image: ImageRef, toolchain: Ecosystem): RuntimeImage | null {
  switch (toolchain) {
    case 'node':
      return nodeRuntime(image);
    case 'python':
      return pythonRuntime(image);
    case 'go':
      if (image.tag !== null && /windows|nanoserver/.test(image.tag)) return null;
      return { ref: DISTROLESS_STATIC, hasShell: false, users: DISTROLESS_USERS };
    case 'maven':
    case 'gradle':
    case 'java':
      return javaRuntime(image, toolchain);
    case 'rust':
      return rustRuntime(image);
    default:
      return null;
  }
}

// ------------------------------------------------------------------ OS packages

const INSTALLERS: Record<string, string[]> = {
  'apt-get': ['install'],
  apt: ['install'],
  aptitude: ['install'],
  apk: ['add'],
  yum: ['install'],
  dnf: ['install'],
  microdnf: ['install'],
  zypper: ['install', 'in'],
};

const INSTALLER_OPTIONS_WITH_VALUE = ['-o', '-c', '-t', '--target-release', '--repository', '-X', '--virtual', '-t', '--setopt', '--enablerepo', '--disablerepo'];

/** Package names a command installs (`apt-get install -y gcc make` -> gcc, make), or null if it installs nothing. */
export function installedPackages(command: ShellCommand): string[] | null {
  const subcommands = INSTALLERS[command.name];
  if (!subcommands) return null;
  const words = positionalArgs(command, INSTALLER_OPTIONS_WITH_VALUE);
  if (words.length === 0 || !subcommands.includes(words[0].value)) return null;
  // `apt-get install gcc=4:12.2.0-3`, `apk add gcc~12`: the name before the version.
  return words.slice(1).map((word) => word.value.replace(/[=~<>].*$/, '').replace(/:(amd64|arm64|i386)$/, ''));
}

const REMOVERS: Record<string, RegExp> = {
  'apt-get': /^(purge|remove|autoremove)$/,
  apt: /^(purge|remove|autoremove)$/,
  apk: /^del$/,
  yum: /^(remove|erase|autoremove)$/,
  dnf: /^(remove|erase|autoremove)$/,
  microdnf: /^remove$/,
  zypper: /^(remove|rm)$/,
};

/** Whether a command removes OS packages (`apk del .build-deps`, `apt-get purge --auto-remove`). */
export function removesPackages(command: ShellCommand): boolean {
  const pattern = REMOVERS[command.name];
  return pattern !== undefined && pattern.test(positionalArgs(command, INSTALLER_OPTIONS_WITH_VALUE)[0]?.value ?? '');
}

/** Packages that are only ever needed to build (compilers, headers, VCS, build systems). */
const BUILD_ONLY_PACKAGES = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'gcc-c++', 'cpp', 'make', 'cmake', 'ninja-build', 'clang', 'llvm',
  'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'git', 'musl-dev', 'libc6-dev', 'libc-dev',
  'linux-headers', 'linux-libc-dev', 'python3-dev', 'python-dev', 'gfortran-dev', 'binutils', 'patch', 'upx',
  'protobuf-compiler', 'protoc',
]);

/** Whether a package only serves the build (so a runtime stage may leave it out). */
export function isBuildOnlyPackage(name: string): boolean {
  return BUILD_ONLY_PACKAGES.has(name);
}

/** Packages that install a compiler toolchain, by what they let a Dockerfile build. */
export function toolchainOfPackage(name: string): Ecosystem | null {
  if (/^(nodejs|npm|yarn|yarnpkg|pnpm)$/.test(name)) return 'node';
  if (/^(go|golang|golang-go|golang-\d[\d.]*(-go)?)$/.test(name)) return 'go';
  if (name === 'maven') return 'maven';
  if (name === 'gradle') return 'gradle';
  if (/^(default-jdk|default-jdk-headless|openjdk-?\d+(-jdk)?(-headless)?|openjdk\d+|java-\d+-openjdk-devel|temurin-\d+-jdk)$/.test(name)) return 'java';
  if (/^(cargo|rustc|rust|rustup)$/.test(name)) return 'rust';
  if (/^dotnet-sdk/.test(name)) return 'dotnet';
  if (/^(build-essential|build-base|gcc|g\+\+|gcc-c\+\+|clang|make)$/.test(name)) return 'c';
  return null;
}

// ------------------------------------------------------------------ build steps

export interface BuildStep {
  ecosystem: Ecosystem;
  /** How people name the step, e.g. `npm run build`, `go build`, `mvn package`. */
  label: string;
}

const MAVEN_BUILD_GOALS = /^(package|install|verify|deploy|spring-boot:repackage|assembly:single)$/;
const GRADLE_BUILD_TASKS = /^(:?[\w-]+:)*(build|assemble|jar|bootJar|shadowJar|installDist|distTar|distZip|war|bootWar)$/;

function isNodeBuildScript(name: string | undefined): boolean {
  return name !== undefined && /^build(:[\w:-]+)?$/.test(name);
}

/**
 * The build step a shell command performs, or null. Dependency downloads (`npm ci`,
 * `go mod download`, `mvn dependency:go-offline`) and tests are not build steps.
 */
export function buildStepOf(command: ShellCommand): BuildStep | null {
  const name = command.name;
  switch (name) {
    case 'npm':
    case 'pnpm':
    case 'yarn': {
      const args = positionalValues(command);
      const script = args[0] === 'run' || args[0] === 'run-script' ? args[1] : name !== 'npm' ? args[0] : undefined;
      return isNodeBuildScript(script) ? { ecosystem: 'node', label: `${name} run ${script}` } : null;
    }
    case 'tsc':
      return { ecosystem: 'node', label: 'tsc' };
    case 'npx':
      return positionalValues(command)[0] === 'tsc' ? { ecosystem: 'node', label: 'tsc' } : null;
    case 'go': {
      const [sub, ...packages] = positionalValues(command);
      if (sub === 'build') return { ecosystem: 'go', label: 'go build' };
      // `go install pkg@v1.2.3` or `go install tool` installs a tool; `go install ./cmd/x` builds the app.
      const buildsHere = packages.length === 0 || packages.some((pkg) => /^\.\.?(\/|$)/.test(pkg));
      return sub === 'install' && buildsHere ? { ecosystem: 'go', label: 'go install' } : null;
    }
    case 'mvn':
    case 'mvnw':
      return positionalValues(command).some((goal) => MAVEN_BUILD_GOALS.test(goal)) ? { ecosystem: 'maven', label: `${name} package` } : null;
    case 'gradle':
    case 'gradlew': {
      const task = positionalValues(command).find((arg) => GRADLE_BUILD_TASKS.test(arg));
      return task ? { ecosystem: 'gradle', label: `${name} ${task}` } : null;
    }
    case 'cargo': {
      const sub = positionalValues(command)[0];
      if (sub === 'build') return { ecosystem: 'rust', label: 'cargo build' };
      // `cargo install ripgrep` installs a tool; `cargo install --path .` builds the app.
      return sub === 'install' && findFlag(command, '--path') ? { ecosystem: 'rust', label: 'cargo install' } : null;
    }
    case 'dotnet': {
      const sub = positionalValues(command)[0];
      return sub === 'publish' || sub === 'build' ? { ecosystem: 'dotnet', label: `dotnet ${sub}` } : null;
    }
    case 'make':
    case 'gcc':
    case 'g++':
    case 'cc':
    case 'c++':
    case 'clang':
      return { ecosystem: 'c', label: name };
    case 'cmake':
      return command.args.some((arg) => arg.value === '--build') ? { ecosystem: 'c', label: 'cmake --build' } : null;
    default:
      return pipInstall(command) ? { ecosystem: 'python', label: 'pip install' } : null;
  }
}

function positionalValues(command: ShellCommand): string[] {
  return positionalArgs(command).map((word) => word.value);
}

/** `pip install ...`, `pip3 install ...`, `python -m pip install ...`. */
export function pipInstall(command: ShellCommand): boolean {
  if (isCall(command, ['pip', 'pip3'], 'install')) return true;
  if (!/^python(\d(\.\d+)?)?$/.test(command.name)) return false;
  const args = command.args.map((arg) => arg.value);
  return args[0] === '-m' && /^pip\d?$/.test(args[1] ?? '') && args.slice(2).includes('install');
}

/** The value of `go build -o X` (null when absent). */
export function goOutput(command: ShellCommand): string | null {
  return flagValue(command, '-o');
}
