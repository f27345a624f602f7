// What the engine knows about common base images without pulling them: which OS family an
// image is built on (so a fix can use the right user-management commands), which images run
// as a non-root user out of the box, and which "full" variants have a much smaller sibling.
// Everything here is a table of public facts about the images; keep it conservative: an
// image the tables do not know gets no automatic fix.
import { runtimeImageFor } from './ecosystem';
import type { ImageRef } from './types';

export type OsFamily = 'debian' | 'alpine' | 'busybox' | 'rhel' | 'distroless' | 'scratch' | 'windows' | 'unknown';

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `node` for `node:20`, `library/node` or `docker.io/library/node`; null outside Docker Hub's official images. */
export function officialImageName(image: ImageRef): string | null {
  if (image.registry !== null && !DOCKER_HUB.has(image.registry)) return null;
  return image.name.includes('/') || image.name === '' ? null : image.name;
}

function isDotnetImage(image: ImageRef): boolean {
  return image.registry === 'mcr.microsoft.com' && image.name.startsWith('dotnet/');
}

function isDistrolessImage(image: ImageRef): boolean {
  return image.registry === 'gcr.io' && image.name.startsWith('distroless/');
}

const WINDOWS_HINT = /(^|[-/])(windows|nanoserver|servercore|windowsservercore|ltsc\d*)/;
// Tags of Red Hat-like or vendor variants whose user tools we do not assume.
const OTHER_OS_HINT = /(^|-)(ubi\d*|oraclelinux\d*|oracle|amazoncorretto|corretto|al2\d*|azurelinux[\d.]*|cbl-mariner[\d.]*|minimal|micro|centos\d*|rockylinux\d*)(-|$)/;
const DEBIAN_HINT = /(^|-)(trixie|bookworm|bullseye|buster|stretch|jessie|sid|noble|jammy|focal|bionic|xenial|slim)(-|$)/;

// Official images whose default variant is Debian or Ubuntu based.
const DEBIAN_BASED = new Set([
  'debian', 'ubuntu', 'node', 'python', 'pypy', 'ruby', 'golang', 'rust', 'perl', 'php', 'buildpack-deps', 'gcc',
  'nginx', 'httpd', 'redis', 'postgres', 'eclipse-temurin', 'maven', 'gradle', 'elixir', 'erlang', 'haskell',
  'julia', 'mongo', 'rabbitmq', 'tomcat', 'memcached', 'ghost', 'drupal', 'swift', 'r-base',
]);
const RHEL_BASED = new Set(['centos', 'rockylinux', 'almalinux']);
const RED_HAT_REGISTRIES = new Set(['registry.access.redhat.com', 'registry.redhat.io']);

/** The OS family of an image, from its name and tag; `unknown` when not sure. */
export function osFamily(image: ImageRef): OsFamily {
  if (image.name === 'scratch' && image.registry === null) return 'scratch';
  const tag = (image.tag ?? '').toLowerCase();
  if (WINDOWS_HINT.test(image.name) || WINDOWS_HINT.test(tag)) return 'windows';
  if (isDistrolessImage(image)) return 'distroless';
  if (isDotnetImage(image) && tag.includes('chiseled')) return 'distroless';
  const official = officialImageName(image);
  if (official === 'alpine' || /(^|-)alpine/.test(tag)) return 'alpine';
  if (official === 'busybox') return 'busybox';
  if (RED_HAT_REGISTRIES.has(image.registry ?? '')) {
    // ubi8, ubi9/ubi: full UBI has shadow-utils; -minimal and -micro do not.
    return /^ubi\d+(\/ubi)?$/.test(image.name) ? 'rhel' : 'unknown';
  }
  if (OTHER_OS_HINT.test(tag)) return 'unknown';
  if (DEBIAN_HINT.test(tag)) return official || isDotnetImage(image) ? 'debian' : 'unknown';
  if (official && RHEL_BASED.has(official)) return 'rhel';
  if (official === 'openjdk') return 'unknown'; // newer default tags are Oracle Linux, older Debian
  if (official && DEBIAN_BASED.has(official)) return 'debian';
  if (isDotnetImage(image)) return 'debian';
  return 'unknown';
}

/** Images documented to run as an unprivileged user by default. */
export function runsAsNonRootByDefault(image: ImageRef): boolean {
  const tag = (image.tag ?? '').toLowerCase();
  if (isDistrolessImage(image)) return /(^|-)nonroot$/.test(tag);
  if (image.registry === 'cgr.dev') return true; // Chainguard images default to uid 65532
  if (isDotnetImage(image)) return tag.includes('chiseled');
  const hubName = image.registry === null || DOCKER_HUB.has(image.registry) ? image.name : null;
  if (hubName === 'nginxinc/nginx-unprivileged' || hubName === 'jenkins/jenkins') return true;
  if (hubName?.startsWith('jupyter/') || (image.registry === 'quay.io' && image.name.startsWith('jupyter/'))) return true;
  return false;
}

// Official images whose entrypoint starts as root to prepare data folders, then runs the
// server as its own user (gosu / su-exec / setpriv).
const ENTRYPOINT_DROPS_ROOT = new Set([
  'postgres', 'mysql', 'mariadb', 'percona', 'redis', 'mongo', 'rabbitmq', 'couchdb', 'cassandra', 'influxdb', 'neo4j',
]);
// Servers whose master process runs as root (ports below 1024, logs, pid files) and serves
// from unprivileged workers: a plain USER line breaks them.
const ROOT_MASTER_SERVERS = new Set(['nginx', 'httpd', 'wordpress', 'drupal', 'joomla', 'nextcloud']);

export type RootByDesign = 'entrypoint-drops-root' | 'server-drops-root';

/** Images that are meant to start as root and drop privileges themselves; null for the others. */
export function startsAsRootByDesign(image: ImageRef): RootByDesign | null {
  const official = officialImageName(image);
  if (!official) return null;
  if (ENTRYPOINT_DROPS_ROOT.has(official)) return 'entrypoint-drops-root';
  if (ROOT_MASTER_SERVERS.has(official)) return 'server-drops-root';
  if (official === 'php' && /(^|-)(apache|fpm)(-|$)/.test(image.tag ?? '')) return 'server-drops-root';
  return null;
}

/** An unprivileged user the image already has, meant for running the app. */
export function builtInAppUser(image: ImageRef): string | null {
  if (officialImageName(image) === 'node') return 'node';
  if (isDotnetImage(image)) {
    // .NET 8 and later images define the `app` user (uid 1654).
    const major = /^(\d+)\./.exec(image.tag ?? '');
    if (major && Number(major[1]) >= 8) return 'app';
  }
  return null;
}

/** The RUN line that creates a system user and group `name`, or null when the family has no known tools. */
export function createUserCommand(os: OsFamily, name: string): string | null {
  switch (os) {
    case 'debian':
    case 'rhel':
      return `RUN groupadd -r ${name} && useradd -r -g ${name} ${name}`;
    case 'alpine':
    case 'busybox':
      return `RUN addgroup -S ${name} && adduser -S -G ${name} ${name}`;
    default:
      return null;
  }
}

/** distroless's `nonroot` user; on scratch a bare number needs no /etc/passwd entry. */
export const DISTROLESS_NONROOT_USER = '65532:65532';

// ---------------------------------------------------------------------------------------
// Heavy final bases and their lighter siblings. Sizes are rough uncompressed amd64 sizes.
// node, python and the JDKs map through ecosystem.ts's runtimeImageFor (one mapping for every
// rule); ruby, perl, pypy and debian, which no toolchain rule needs, are mapped here.

export type HeavyKind = 'full-variant' | 'jdk' | 'toolchain';

export interface LighterBase {
  /** The full reference to write after FROM, e.g. `node:20-slim`, `eclipse-temurin:17-jre`. */
  ref: string;
  /** Its tag, and whether it is a tag of the same repository (only the tag changes). */
  tag: string;
  sameRepository: boolean;
  size: string;
  /** False when the lighter image is built on another distribution (package commands may differ). */
  sameOs: boolean;
}

export interface HeavyBase {
  family: string;
  kind: HeavyKind;
  size: string;
  /** The sibling that serves the same runtime, or null when none can be named safely. */
  lighter: LighterBase | null;
  /** For toolchains: the kind of image their output runs on, for advice. */
  runtimeHint: string | null;
}

interface SlimFamily {
  size: string;
  slimSize: string;
  /** debian appends `-slim` (bookworm-slim); ruby, perl and pypy put it before the distro (3.3-slim-bookworm). */
  slimBeforeDistro: boolean;
}

const SLIM_FAMILIES: Record<string, SlimFamily> = {
  node: { size: '~1.1 GB', slimSize: '~200 MB', slimBeforeDistro: false },
  python: { size: '~1.0 GB', slimSize: '~150 MB', slimBeforeDistro: true },
  pypy: { size: '~1.0 GB', slimSize: '~200 MB', slimBeforeDistro: true },
  ruby: { size: '~1.0 GB', slimSize: '~220 MB', slimBeforeDistro: true },
  perl: { size: '~900 MB', slimSize: '~150 MB', slimBeforeDistro: true },
  debian: { size: '~120 MB', slimSize: '~75 MB', slimBeforeDistro: false },
};

const TOOLCHAINS: Record<string, { size: string; runtimeHint: string }> = {
  golang: { size: '~800 MB', runtimeHint: 'gcr.io/distroless/static-debian12 or alpine' },
  rust: { size: '~1.5 GB', runtimeHint: 'debian:bookworm-slim or distroless' },
  gcc: { size: '~1.4 GB', runtimeHint: 'debian:bookworm-slim or distroless' },
  maven: { size: '~500 MB', runtimeHint: 'a JRE image such as eclipse-temurin:21-jre' },
  gradle: { size: '~700 MB', runtimeHint: 'a JRE image such as eclipse-temurin:21-jre' },
  'buildpack-deps': { size: '~800 MB', runtimeHint: 'debian:bookworm-slim' },
};

// Java majors that have an eclipse-temurin JRE image.
const TEMURIN_MAJORS = /^(8|11|1[6-9]|2\d)$/;
const DEBIAN_CODENAME = '(?:trixie|bookworm|bullseye|buster|stretch)';
// `3.3`, `5.38.2`, optionally `-bookworm`; or a codename alone (`bookworm`); debian also `-20240311`.
const VERSION_AND_DISTRO = new RegExp(`^(?:(?!${DEBIAN_CODENAME}$)([a-z0-9][a-z0-9.]*?)(?:-(${DEBIAN_CODENAME}))?|(${DEBIAN_CODENAME}))(?:-(\\d{8}))?$`);
const DEBIAN_SUITES = /^(\d+(\.\d+)?|stable|oldstable|oldoldstable|testing|unstable|sid)$/;

/** The heavy variant an image is, with its lighter sibling; null when the image is not a known heavy one. */
export function heavyBaseOf(image: ImageRef): HeavyBase | null {
  const official = officialImageName(image);
  if (!official || image.unresolved) return null;
  const tag = (image.tag ?? 'latest').toLowerCase();
  if (WINDOWS_HINT.test(tag)) return null;
  const slim = SLIM_FAMILIES[official];
  if (slim) {
    if (/(^|-)(slim|alpine)(\d|-|$)/.test(tag)) return null;
    const lighter = official === 'node' || official === 'python' ? fromRuntime(image, official, slim.slimSize) : slimSibling(image, tag, official, slim);
    return { family: official, kind: 'full-variant', size: slim.size, lighter, runtimeHint: null };
  }
  const toolchain = TOOLCHAINS[official];
  if (toolchain) {
    // The Alpine toolchains are smaller; the advice stands, the size would mislead.
    const size = /(^|-)alpine/.test(tag) ? '' : toolchain.size;
    return { family: official, kind: 'toolchain', size, lighter: null, runtimeHint: toolchain.runtimeHint };
  }
  if ((official === 'openjdk' || official === 'eclipse-temurin') && !/(^|-)jre(-|$)/.test(tag)) {
    const major = /^(\d+)/.exec(tag)?.[1];
    const lighter = major && TEMURIN_MAJORS.test(major) ? fromRuntime(image, 'java', '~270 MB') : null;
    return { family: official, kind: 'jdk', size: official === 'openjdk' && tag.includes('slim') ? '~400 MB' : '~470 MB', lighter, runtimeHint: null };
  }
  return null;
}

function repositoryOf(reference: string): string {
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? reference.slice(0, colon) : reference;
}

function fromRuntime(image: ImageRef, toolchain: 'node' | 'python' | 'java', size: string): LighterBase | null {
  // Ask about the resolved reference; FROM lines that use build arguments are handled by the fix.
  const runtime = image.tag === null || image.tag === 'latest' ? null : runtimeImageFor({ ...image, raw: image.resolved }, toolchain);
  if (!runtime || runtime.ref === image.resolved) return null;
  const tag = runtime.ref.slice(repositoryOf(runtime.ref).length + 1);
  const sameRepository = repositoryOf(runtime.ref) === repositoryOf(image.resolved);
  // temurin JREs are Ubuntu based; openjdk images were Debian or Oracle Linux.
  return { ref: runtime.ref, tag, sameRepository, size, sameOs: sameRepository };
}

function slimSibling(image: ImageRef, tag: string, family: string, sizes: SlimFamily): LighterBase | null {
  if (tag === 'latest' || image.digest) return null; // pinning comes first (latest-tag); a digest names one image
  const match = VERSION_AND_DISTRO.exec(tag);
  if (!match) return null;
  const [, version = '', withDistro = '', distroAlone = '', date = ''] = match;
  const distro = withDistro || distroAlone;
  let slimTag: string | null;
  if (family === 'debian') {
    // debian: `12`, `stable`, `bookworm`, `bookworm-20240311` have a `-slim` twin.
    if (withDistro || (version && !DEBIAN_SUITES.test(version))) return null;
    slimTag = `${version || distro}${date ? '-' + date : ''}-slim`;
  } else if (date) {
    slimTag = null;
  } else if (!distro) {
    slimTag = `${version}-slim`;
  } else if (sizes.slimBeforeDistro) {
    slimTag = version ? `${version}-slim-${distro}` : `slim-${distro}`;
  } else {
    slimTag = version ? `${version}-${distro}-slim` : `${distro}-slim`;
  }
  if (!slimTag) return null;
  return { ref: `${repositoryOf(image.resolved)}:${slimTag}`, tag: slimTag, sameRepository: true, size: sizes.slimSize, sameOs: true };
}
