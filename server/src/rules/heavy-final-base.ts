import { heavyBaseOf, type HeavyBase } from '../analysis/base-images';
import { isCall } from '../analysis/commands';
import { buildStepOf, installedPackages, pipInstall } from '../analysis/ecosystem';
import { replace } from '../analysis/edits';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';
import { lineageInstructions, rootStageOf, stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Stage, TextEdit } from '../analysis/types';

// Development container images (VS Code Dev Containers) are workbenches, not what ships.
const DEV_CONTAINER = /(^|[\\/])\.devcontainer[\\/]/;

// Programs the full variants get from buildpack-deps and the -slim ones lack.
const FULL_ONLY_PROGRAMS = new Set([
  'git', 'gcc', 'g++', 'cc', 'c++', 'make', 'curl', 'wget', 'ssh', 'scp', 'svn', 'hg', 'bzr', 'autoconf', 'automake',
  'libtool', 'pkg-config', 'patch', 'unzip', 'bzip2', 'gpg', 'file', 'ps', 'convert', 'identify', 'node-gyp',
]);
// Packages that bring those programs back (`apt-get install -y curl` before using curl is fine on -slim).
const PROGRAMS_OF_PACKAGE: Record<string, string[]> = {
  'build-essential': ['gcc', 'g++', 'cc', 'c++', 'make'],
  gcc: ['gcc', 'cc'],
  'g++': ['g++', 'c++'],
  'openssh-client': ['ssh', 'scp'],
  subversion: ['svn'],
  mercurial: ['hg'],
  pkgconf: ['pkg-config'],
  gnupg: ['gpg'],
  procps: ['ps'],
  imagemagick: ['convert', 'identify'],
};
// Programs of a JDK (or its build tools) that a JRE does not have.
const JDK_ONLY_PROGRAMS = new Set(['javac', 'jar', 'jlink', 'jdeps', 'jpackage', 'jshell', 'jarsigner', 'javadoc', 'mvn', 'mvnw', 'gradle', 'gradlew']);

/** Installers that may compile native extensions, which needs the full image's compilers and headers. */
function compilesNativeCode(command: ShellCommand): boolean {
  return (
    isCall(command, 'npm', 'install|i|ci|rebuild|add') ||
    isCall(command, ['yarn', 'pnpm']) ||
    pipInstall(command) ||
    isCall(command, ['poetry', 'pipenv'], 'install|sync') ||
    isCall(command, 'gem', 'install') ||
    isCall(command, 'bundle', 'install') ||
    isCall(command, ['cpanm', 'cpan'])
  );
}

function describeImage(stage: Stage): string {
  return stage.base.resolved || stage.base.raw;
}

export const heavyFinalBase: Rule = {
  meta: {
    id: 'heavy-final-base',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'The final stage should run on a slim, JRE or distroless variant rather than a full or build image.',
    fixable: true,
    aliases: [],
    docs: `The default tags of the official language images are built for *building*: \`node:20\`,
\`python:3.12\` and \`ruby:3.3\` are Debian plus compilers, headers, git, curl and dozens of
\`-dev\` libraries (buildpack-deps). The image you run rarely needs any of that, and every
extra package is size to pull and CVEs to patch. Rough uncompressed sizes:

| full | size | lighter | size |
| --- | --- | --- | --- |
| \`node:20\` | ~1.1 GB | \`node:20-slim\` | ~200 MB |
| \`python:3.12\` | ~1.0 GB | \`python:3.12-slim\` | ~150 MB |
| \`ruby:3.3\` | ~1.0 GB | \`ruby:3.3-slim\` | ~220 MB |
| \`perl:5.38\` | ~900 MB | \`perl:5.38-slim\` | ~150 MB |
| \`pypy:3.10\` | ~1.0 GB | \`pypy:3.10-slim\` | ~200 MB |
| \`debian:bookworm\` | ~120 MB | \`debian:bookworm-slim\` | ~75 MB |
| \`openjdk:17\`, \`eclipse-temurin:17\` (JDK) | ~470 MB | \`eclipse-temurin:17-jre\` | ~270 MB |
| \`golang:1.22\` | ~800 MB | \`gcr.io/distroless/static-debian12\` | ~2 MB |

**Flagged:** the final stage (or the image at the root of the stages it builds FROM) is
- a full variant of node, python, ruby, perl, pypy or debian (no \`-slim\` or \`-alpine\`);
- a JDK image (\`openjdk\`, \`eclipse-temurin\` without \`jre\`);
- a toolchain image (\`golang\`, \`rust\`, \`gcc\`, \`maven\`, \`gradle\`, \`buildpack-deps\`):
  build in an earlier stage and copy the result into a small runtime image.

A final stage that itself runs a build step (\`npm run build\`, \`go build\`, \`mvn package\`,
...) is left to the \`single-stage\` rule, whose fix splits it onto a small runtime base.

**Not flagged:** \`ubuntu\` (~80 MB and no slim variant; moving to another distribution is
a decision, not a size fix), Alpine and slim variants, images outside Docker Hub's official
library (a private mirror's tags are unknown here), and Dockerfiles under \`.devcontainer/\`
(development images want the tools).

**Fix** (switches the tag, e.g. \`node:20\` → \`node:20-slim\`, \`python:3.12-bookworm\` →
\`python:3.12-slim-bookworm\`, \`eclipse-temurin:21-jdk\` → \`eclipse-temurin:21-jre\`), offered
only when it is safe:
- the stages built on that image use no program the slim variant lacks (\`git\`, \`gcc\`,
  \`make\`, \`curl\`, \`wget\`, \`gpg\`, \`unzip\`, ...) unless they install it first with the
  package manager (which the slim variants keep);
- they run no installer that may compile native code (\`npm ci\`, \`yarn\`, \`pip install\`,
  \`gem install\`, \`bundle install\`, \`cpanm\`) unless they install \`build-essential\` first;
- for python, ruby, perl and pypy, the final stage copies nothing from a stage that runs
  such installers: compiled extensions may link libraries only the full image has
  (Node.js addons link only libc and libstdc++, which slim has);
- for a JDK: the image runs \`java\` (its \`ENTRYPOINT\`/\`CMD\` starts with \`java\`) and no step
  uses \`javac\`, \`jar\`, \`jlink\`, \`jshell\`, Maven or Gradle. \`openjdk\` → \`eclipse-temurin\`
  changes the distribution, so it is only offered when the stages have no \`RUN\` and never
  mention \`JAVA_HOME\` or openjdk paths; only Java versions with a Temurin JRE are mapped;
- no other stage builds FROM the same stages (it would change too), the image is not pinned
  by digest, and a tag built from a build argument can only gain a suffix
  (\`node:\${NODE_VERSION}\` → \`node:\${NODE_VERSION}-slim\`).

**No fix** for toolchains (moving the build to its own stage is a bigger change), for
\`latest\` or untagged images (pin first, see latest-tag), and when any check above fails;
the message then says what to switch to. Alpine variants are smaller still, but switch
libc (musl), which breaks prebuilt native binaries, so the fix never picks them.`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final || DEV_CONTAINER.test(env.dockerfilePath ?? '')) return;
    const root = rootStageOf(final);
    if (root.isScratch) return;
    const heavy = heavyBaseOf(root.base);
    if (!heavy) return;
    const imageArg = root.from.args[0];
    if (!imageArg) return;
    const lineage = stageLineage(final);
    if (buildsInFinalStage(model, final)) return;
    const where = root === final ? 'The final stage runs on' : `The final stage builds on stage '${root.name ?? root.index}', which runs on`;
    report({
      range: imageArg.range,
      message: `${where} ${describeImage(root)}, ${describeHeavy(heavy, root.base.tag === null || root.base.tag === 'latest')}`,
      fixTitle: heavy.lighter ? `Switch to ${heavy.lighter.ref}` : undefined,
      fix: heavy.lighter ? () => switchToLighter(model, root, lineage, heavy) : undefined,
    });
  },
};

/**
 * A final stage that compiles (`npm run build`, `go build`, `mvn package`...) is the
 * single-stage rule's case: its fix splits the stage onto a small runtime base. A plain
 * `pip install` is no such step there, so it stays ours.
 */
function buildsInFinalStage(model: DockerfileModel, final: Stage): boolean {
  return final.instructions.some(
    (instruction) =>
      instruction.keyword === 'RUN' &&
      model.run(instruction).commands.some((command) => {
        const step = buildStepOf(command);
        return step !== null && step.ecosystem !== 'python';
      }),
  );
}

function describeHeavy(heavy: HeavyBase, tagless: boolean): string {
  switch (heavy.kind) {
    case 'full-variant': {
      const what =
        heavy.family === 'debian'
          ? `the full Debian image (${heavy.size}, with documentation, man pages and locales)`
          : `a full image with compilers and build libraries (${heavy.size})`;
      if (heavy.lighter) return `${what}; ${heavy.lighter.ref} (${heavy.lighter.size}) is the same system without them.`;
      return `${what}; use a -slim variant of it${tagless ? ' and pin its version' : ''}.`;
    }
    case 'jdk':
      return heavy.lighter
        ? `a full JDK (${heavy.size}); a JRE such as ${heavy.lighter.ref} (${heavy.lighter.size}) runs the application.`
        : `a full JDK (${heavy.size}); run the application on a JRE image (eclipse-temurin:<version>-jre) or a jlink runtime.`;
    case 'toolchain':
      return `a build toolchain${heavy.size ? ` (${heavy.size})` : ''}; build in an earlier stage and copy the result into ${heavy.runtimeHint}.`;
  }
}

function switchToLighter(model: DockerfileModel, root: Stage, lineage: Stage[], heavy: HeavyBase): TextEdit[] | null {
  const lighter = heavy.lighter!;
  if (!onlyLineageBuildsOn(model, root, lineage)) return null;
  const steps = stepsOf(model, lineage);
  if (!steps) return null;
  const safe = heavy.kind === 'jdk' ? jreServes(model, lineage, steps, lighter.sameOs) : slimServes(model, heavy, lineage, steps);
  if (!safe) return null;
  const imageArg = root.from.args[0];
  const raw = imageArg.value;
  const oldTag = root.base.tag ?? '';
  let newText: string;
  if (!raw.includes('$')) {
    newText = lighter.sameRepository ? raw.slice(0, raw.length - oldTag.length) + lighter.tag : lighter.ref;
    if (lighter.sameRepository && !raw.endsWith(':' + oldTag)) return null;
  } else {
    // A build argument in the reference: only a pure suffix stays right for its other values.
    if (!lighter.sameRepository || !lighter.tag.startsWith(oldTag) || root.base.digest) return null;
    newText = raw + lighter.tag.slice(oldTag.length);
  }
  return [replace(imageArg.range, newText)];
}

/** Changing the root's FROM changes every stage that builds on it: only the final lineage may. */
function onlyLineageBuildsOn(model: DockerfileModel, root: Stage, lineage: Stage[]): boolean {
  const members = new Set(lineage);
  return model.stages.every((stage) => members.has(stage) || !stageLineage(stage).includes(root));
}

interface Steps {
  runs: Instruction[];
  commands: ShellCommand[];
}

/** The RUN commands of the lineage in build order; null when one is not POSIX shell (unknown commands). */
function stepsOf(model: DockerfileModel, lineage: Stage[]): Steps | null {
  const runs = lineageInstructions(lineage[0]).filter((instruction) => instruction.keyword === 'RUN');
  const commands: ShellCommand[] = [];
  for (const run of runs) {
    const info = model.run(run);
    if (!info.posixShell && !info.execForm) return null;
    commands.push(...info.commands);
  }
  return { runs, commands };
}

function slimServes(model: DockerfileModel, heavy: HeavyBase, lineage: Stage[], steps: Steps): boolean {
  if (heavy.family === 'debian') return true; // debian's -slim only drops docs, man pages and locales
  const installed = new Set<string>();
  for (const command of steps.commands) {
    const packages = installedPackages(command);
    if (packages) {
      for (const name of packages) {
        installed.add(name);
        for (const program of PROGRAMS_OF_PACKAGE[name] ?? []) installed.add(program);
      }
      continue;
    }
    if (FULL_ONLY_PROGRAMS.has(command.name) && !installed.has(command.name)) return false;
    if (heavy.family === 'node' && /^python3?$/.test(command.name) && !installed.has('python3')) return false;
    if (compilesNativeCode(command) && !installed.has('build-essential')) return false;
  }
  if (heavy.family === 'node') return true;
  // Extensions compiled in another stage may link libraries of the full image.
  return !lineage.some((stage) => stage.copiesFrom.some((source) => stageInstallsPackages(model, source)));
}

function stageInstallsPackages(model: DockerfileModel, stage: Stage): boolean {
  return lineageInstructions(stage).some(
    (instruction) => instruction.keyword === 'RUN' && model.run(instruction).commands.some(compilesNativeCode),
  );
}

function jreServes(model: DockerfileModel, lineage: Stage[], steps: Steps, sameOs: boolean): boolean {
  if (steps.commands.some((command) => JDK_ONLY_PROGRAMS.has(command.name))) return false;
  if (!sameOs) {
    if (steps.runs.length > 0) return false;
    const mentionsJdkPaths = lineageInstructions(lineage[0]).some(
      (instruction) => instruction.keyword !== 'FROM' && /JAVA_HOME|openjdk/i.test(instruction.text),
    );
    if (mentionsJdkPaths) return false;
  }
  return runsJava(lineage);
}

/** The container's command starts with `java` (ENTRYPOINT, or CMD when there is none). */
function runsJava(lineage: Stage[]): boolean {
  const instructions = lineageInstructions(lineage[0]);
  const entrypoint = instructions.filter((instruction) => instruction.keyword === 'ENTRYPOINT').pop();
  const start = entrypoint ?? instructions.filter((instruction) => instruction.keyword === 'CMD').pop();
  if (!start) return false;
  const program = start.jsonStrings ? start.jsonStrings[0] : start.args[0]?.value;
  return program !== undefined && /^(\/[\w/.-]*\/)?java$/.test(program);
}
