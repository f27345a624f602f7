import { findFlag, flagValue, isCall, positionalArgs } from '../analysis/commands';
import {
  buildStepOf,
  ECOSYSTEM_LABELS,
  ecosystemsOfToolchain,
  installedPackages,
  isBuildOnlyPackage,
  pipInstall,
  pythonVersionOf,
  removesPackages,
  runtimeImageFor,
  toolchainOf,
  toolchainOfPackage,
  type BuildStep,
  type Ecosystem,
  type RuntimeImage,
} from '../analysis/ecosystem';
import { insertLinesBefore, replace } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import { chainOf, disableCgo, goBuildsOf } from '../analysis/go-builds';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';
import { copyPaths, directoryOfCommand, isWithin, relativeTo, resolvePath, workdirsOf } from '../analysis/stage-paths';
import type { Instruction, Stage, TextEdit } from '../analysis/types';

/** A build step found in the final stage. */
interface StepAt {
  instruction: Instruction;
  command: ShellCommand;
  step: BuildStep;
}

/** What the check found; the fix starts from it. */
interface Finding {
  stage: Stage;
  steps: StepAt[];
  /** The toolchain of the stage's base image (null when the stage installs its toolchain). */
  toolchain: Ecosystem | null;
  /** The ecosystem of the build steps when they agree. */
  ecosystem: Ecosystem | null;
}

/** The parts of the rewrite that depend on the ecosystem. */
interface Plan {
  /** Edits inside the build stage (a CGO_ENABLED=0 prefix, a venv). */
  buildEdits: TextEdit[];
  /** Lines appended to the build stage, after its last RUN (pruning dev dependencies). */
  afterBuild: string[];
  /** Lines right after the runtime stage's FROM. */
  prelude: string[];
  /** `COPY --from=build` lines. */
  artifacts: string[];
  /** Replacements inside carried CMD/ENTRYPOINT text (document offsets). */
  rewrites: { start: number; end: number; text: string }[];
}

/** What the ecosystem planners know about the stage. */
interface StageFacts {
  model: DockerfileModel;
  env: AnalysisEnv;
  finding: Finding;
  stage: Stage;
  runtime: RuntimeImage;
  /** Working directory at each instruction (null: the base image's default or a variable). */
  workdirs: (string | null)[];
  /** Index (in stage.instructions) of the last RUN: the build stage ends there. */
  split: number;
  /** The working directory after the split, where the artifacts are copied. */
  splitWorkdir: string | null;
  /** The working directory the container starts in. */
  finalWorkdir: string | null;
  /** `--chown=<user> ` when the build ran as a non-root USER, else ''. */
  chown: string;
  /** RUNs that only create users and groups: repeated in the runtime stage. */
  userRuns: Set<Instruction>;
  entry: EntryCommand | null;
}

/** The command the container runs: ENTRYPOINT + CMD as one argument vector. */
interface EntryCommand {
  argv: string[];
  /** Shell form (needs /bin/sh). */
  viaShell: boolean;
}

const BUILD_NAME = 'build';
// Instructions whose meaning reaches the running container, carried into the runtime stage.
const CARRIED = new Set(['ARG', 'ENV', 'LABEL', 'WORKDIR', 'USER', 'EXPOSE', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'VOLUME', 'SHELL', 'MAINTAINER']);
const ROOT_USER = /^(root|0)(:.*)?$/;
const STANDARD_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export const singleStage: Rule = {
  meta: {
    id: 'single-stage',
    requires: { keywords: ['RUN'] },
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'The final stage builds the application, so compilers, sources and dev dependencies ship in the image.',
    fixable: true,
    aliases: [],
    docs: `An image that is built where it runs carries everything the build needed: the compiler
or SDK (the \`golang\` image is about 800 MB, \`maven\` 500 MB, \`rust\` 1.4 GB, \`node\`
1.1 GB against 200 MB for \`node:X-slim\`), the sources, dev dependencies and build caches.
A multi-stage build compiles in one stage and copies only the artifacts into a small runtime
base; the image shrinks, often by 80-95%, and has fewer packages to patch.

**Flagged:** the final stage (the image you run) when it runs a build step, on a toolchain
base image or after installing a toolchain: \`npm|yarn|pnpm run build\`, \`tsc\`, \`go build\`,
\`go install\`, \`mvn package|install|verify\`, \`gradle build|assemble|bootJar|...\`,
\`cargo build|install\`, \`dotnet publish|build\`, \`make\`/\`gcc\`/\`cmake --build\`. Python
only when the stage installs a C toolchain (\`gcc\`, \`build-essential\`, \`build-base\`)
and then runs \`pip install\`: a plain \`pip install\` is no build step worth a stage. Earlier
stages are never flagged; a final stage that copies its artifacts from a builder is what the
rule asks for.

**Not flagged:** tools installed into the image (\`go install pkg@version\`,
\`cargo install ripgrep\`; \`go install ./cmd/app\` and \`cargo install --path .\` are
builds); a toolchain installed, used and purged in the same RUN (\`apk del .build-deps\`,
\`apt-get purge --auto-remove\`), as the official images do; C/C++ software built and
\`make install\`ed into the image, which is what such a stage is for. A toolchain purged in
a *later* RUN still ships in the layer that installed it, so that is flagged.

**Fix:** rewrites the stage into \`FROM <same base> AS build\`, kept as it was up to its
last RUN, and a runtime stage on a minimal base that carries the instructions that matter
at run time (\`ARG\`, \`ENV\`, \`LABEL\`, \`WORKDIR\`, \`USER\`, \`EXPOSE\`, \`HEALTHCHECK\`,
\`STOPSIGNAL\`, \`VOLUME\`, \`CMD\`, \`ENTRYPOINT\`, COPYs of files outside the build folder,
and RUNs that only create users and groups, on a runtime base with a shell) and copies the
artifacts with \`COPY --from=build\`:
- **Node.js / TypeScript** (npm, pnpm): \`npm prune --omit=dev\` (\`pnpm prune --prod\`)
  ends the build stage; the runtime is \`node:X-slim\` (an Alpine or slim base stays as it
  is). When the output folder is known (\`tsc --outDir\`, or \`outDir\` in \`tsconfig.json\`
  read from the build context, also behind \`npm run build\`) and the command runs a file in
  it, only \`package.json\`, \`node_modules\` and that folder are copied; otherwise the whole
  build folder (sources included) is, which is always safe.
- **Go**: every \`go build -o <path>\` binary, built with \`CGO_ENABLED=0\` (added when missing),
  into \`gcr.io/distroless/static-debian12\`. The CMD/ENTRYPOINT must be exec form and run
  that binary (distroless has no shell).
- **Maven / Gradle / JDK images**: the jar that \`java -jar\` runs (\`target/*.jar\`,
  \`build/libs/*.jar\`), copied as \`app.jar\` into \`eclipse-temurin:N-jre\`; the jar path
  in CMD/ENTRYPOINT is rewritten to \`app.jar\`.
- **Rust**: \`target/<profile>/<name>\` (the name from \`--bin\`, or \`[package] name\` in
  \`Cargo.toml\` read from the build context) into \`debian:<suite>-slim\`, at the same path.
- **Python**: the packages go into a virtual environment (\`/opt/venv\`, created before
  the first \`pip install\` unless the file makes one) that is copied with the application
  folder into \`python:X.Y-slim\`.

There is deliberately **no fix** (the finding stays) when the rewrite could change what the
image does: an unknown or variable tag (\`node:\${V}\`, \`node:latest\`), a stage with
\`ONBUILD\`, heredocs or \`COPY --from\`, a RUN whose effect outside the build folder the
runtime would lose (\`curl ... -o /usr/local/bin/x\`, \`useradd\` for a distroless runtime,
OS packages other than build tools, which may be runtime libraries), a user the runtime
base does not have, a CMD that needs the toolchain (\`npm run dev\`, \`mvn spring-boot:run\`,
\`cargo run\`), a relative artifact path without a WORKDIR, \`go build\` without \`-o\`, an
explicit \`CGO_ENABLED=1\`, a HEALTHCHECK that calls curl or wget (slim bases have neither),
yarn (classic and Berry prune differently), .NET and C/C++ builds (the runtime base depends
on the application). Review the result: files the application reads at run time that are
neither build output nor copied to an absolute path must be added to the runtime stage.

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, env, report }) {
    const finding = findBuildInFinalStage(model);
    if (!finding) return;
    const { stage, steps, toolchain } = finding;
    const last = steps[steps.length - 1];
    const runtime = finding.ecosystem && toolchain ? runtimeImageFor(chainOf(stage)[0].base, toolchainForRuntime(toolchain, finding.ecosystem)) : null;
    const image = stage.baseStage ? `stage '${stage.base.raw}'` : stage.base.raw;
    const ecosystem = ECOSYSTEM_LABELS[finding.ecosystem ?? last.step.ecosystem];
    report({
      range: stage.from.args[0]?.range ?? stage.from.range,
      message:
        `The final stage builds the application ('${last.step.label}', line ${last.instruction.range.start.line + 1}) on ${image}, ` +
        `so the ${ecosystem} toolchain, sources and build dependencies ship in the image. Build in a separate stage and ` +
        `copy only the artifacts into ${runtime ? runtime.ref : 'a minimal runtime base'}.`,
      related: steps
        .filter((at, i) => steps.findIndex((other) => other.instruction === at.instruction) === i)
        .map(({ instruction, step }) => ({ range: instruction.range, message: `build step '${step.label}'` })),
      fixTitle: `Split into a build stage and a ${runtime ? runtime.ref : 'minimal'} runtime stage`,
      fix: () => splitStage(model, env, finding),
    });
  },
};

// ------------------------------------------------------------------ detection

function findBuildInFinalStage(model: DockerfileModel): Finding | null {
  const stage = model.finalStage;
  if (!stage) return null;
  // Most final stages run no build step: say so before following toolchains down the chain.
  const runsBuildStep = (instruction: Instruction) => instruction.keyword === 'RUN' && model.run(instruction).commands.some((command) => buildStepOf(command) !== null);
  if (!stage.instructions.some(runsBuildStep)) return null;
  const chain = chainOf(stage);
  const root = chain[0];
  const toolchain = root.isScratch ? null : toolchainOf(root.base);
  const ofBase = new Set<Ecosystem>(toolchain ? ecosystemsOfToolchain(toolchain, root.base) : []);
  // Toolchains installed so far, and those still in the image (not purged in the RUN that installed them).
  const installed = new Set<Ecosystem>();
  const kept = new Set<Ecosystem>();
  let installsFromSource = false;
  const steps: (StepAt & { via: Ecosystem | null })[] = [];
  for (const member of chain) {
    for (const instruction of member.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const installedHere = new Set<Ecosystem>();
      for (const command of model.run(instruction).commands) {
        for (const name of installedPackages(command) ?? []) {
          const ecosystem = toolchainOfPackage(name);
          const brings: Ecosystem[] = ecosystem === 'java' ? ['java', 'maven', 'gradle'] : ecosystem ? [ecosystem] : [];
          for (const each of brings) installedHere.add(each);
        }
        for (const ecosystem of installedHere) installed.add(ecosystem);
        // Official images install build packages, build, `make install` and purge them in one RUN.
        if (removesPackages(command)) installedHere.clear();
        if (member !== stage) continue;
        if (installsBuiltSoftware(command)) installsFromSource = true;
        const step = buildStepOf(command);
        if (!step) continue;
        // A Python package install is a build only with a compiler the runtime does not need.
        if (step.ecosystem === 'python') {
          if (toolchain === 'python' && installed.has('c')) steps.push({ instruction, command, step, via: 'c' });
        } else if (ofBase.has(step.ecosystem) || installed.has(step.ecosystem)) {
          steps.push({ instruction, command, step, via: ofBase.has(step.ecosystem) ? null : step.ecosystem });
        }
      }
      for (const ecosystem of installedHere) kept.add(ecosystem);
    }
  }
  // A toolchain purged in the RUN that installed it does not ship; software compiled and
  // `make install`ed into the image is what such a stage is for.
  const shipped = steps.filter(({ step, via }) => (via === null || kept.has(via)) && !(step.ecosystem === 'c' && installsFromSource));
  if (shipped.length === 0) return null;
  const ecosystems = new Set(shipped.map(({ step }) => step.ecosystem));
  // `make` in a Node or Go image usually drives the ecosystem's own build.
  if (ecosystems.size > 1) ecosystems.delete('c');
  return { stage, steps: shipped, toolchain, ecosystem: ecosystems.size === 1 ? [...ecosystems][0] : null };
}

/** `make install`, `make install-strip`, `ninja install`, `cmake --install`: software built to live in this image. */
function installsBuiltSoftware(command: ShellCommand): boolean {
  if (command.name === 'cmake') return findFlag(command, '--install') !== null;
  return (command.name === 'make' || command.name === 'ninja') && positionalArgs(command, ['-C', '-f', '-j']).some(({ value }) => /^install/.test(value));
}

/** The toolchain whose runtime image fits the build (`./mvnw package` on a JDK image: the JDK's). */
function toolchainForRuntime(toolchain: Ecosystem, ecosystem: Ecosystem): Ecosystem {
  return toolchain === 'java' || toolchain === 'maven' || toolchain === 'gradle' ? toolchain : ecosystem;
}

function matchesToolchain(toolchain: Ecosystem, ecosystem: Ecosystem): boolean {
  if (toolchain === 'java' || toolchain === 'maven' || toolchain === 'gradle') return ecosystem === 'maven' || ecosystem === 'gradle';
  return toolchain === ecosystem;
}

// ------------------------------------------------------------------ the fix

function splitStage(model: DockerfileModel, env: AnalysisEnv, finding: Finding): TextEdit[] | null {
  const { stage, toolchain, ecosystem } = finding;
  if (!toolchain || !ecosystem || !matchesToolchain(toolchain, ecosystem) || stage.baseStage) return null;
  if (model.stages.some((other) => other !== stage && other.name?.toLowerCase() === BUILD_NAME)) return null;
  const chosen = runtimeImageFor(stage.base, toolchainForRuntime(toolchain, ecosystem));
  if (!chosen) return null;
  // RUNs that only create users and groups are repeated in the runtime stage (same distribution
  // family, so the same tools), and the users they create exist there.
  const userRuns = new Set(stage.instructions.filter((i) => i.keyword === 'RUN' && onlyCreatesUsers(model, i)));
  if (userRuns.size > 0 && !chosen.hasShell) return null;
  const runtime: RuntimeImage = { ...chosen, users: [...chosen.users, ...[...userRuns].flatMap((i) => createdNames(model, i))] };
  if (!canCarry(model, stage, runtime)) return null;
  const from = stage.from;
  if (from.args.length !== 1 && (from.args.length !== 3 || from.args[1].value.toLowerCase() !== 'as')) return null;
  const platform = from.flags.find((flag) => flag.name === 'platform');
  if (platform && (platform.value === null || platform.value.includes('$'))) return null;

  const instructions = stage.instructions;
  let split = -1;
  instructions.forEach((instruction, i) => {
    if (instruction.keyword === 'RUN' && !userRuns.has(instruction)) split = i;
  });
  const workdirs = workdirsOf(stage, null);
  const splitWorkdir = workdirs[split];
  const finalWorkdir = workdirAfter(stage, workdirs);
  const users = instructions.slice(0, split).filter((i) => i.keyword === 'USER');
  const buildUser = users.length > 0 ? unquote(users[users.length - 1].args[0]?.value ?? '') : '';
  const facts: StageFacts = {
    model,
    env,
    finding,
    stage,
    runtime,
    workdirs,
    split,
    splitWorkdir,
    finalWorkdir,
    chown: buildUser && !ROOT_USER.test(buildUser) ? `--chown=${buildUser} ` : '',
    userRuns,
    entry: entryCommand(stage),
  };
  for (let i = 0; i <= split; i++) {
    const instruction = instructions[i];
    if (instruction.keyword !== 'RUN' || userRuns.has(instruction)) continue;
    const run = model.run(instruction);
    // A script we cannot read (another SHELL) may do anything.
    if (run.commands.length === 0) return null;
    const dirOf = (command: ShellCommand) => (run.execForm ? workdirs[i] : directoryOfCommand(workdirs[i], run.commands, command));
    if (!run.commands.every((command) => leavesRuntimeAlone(command, ecosystem, dirOf(command)))) return null;
  }
  if (facts.entry && facts.entry.viaShell && !runtime.hasShell) return null;
  const plan = planFor(ecosystem, facts);
  if (!plan) return null;
  return assemble(facts, plan);
}

const USER_TOOLS = /^(useradd|groupadd|adduser|addgroup|usermod|groupmod)$/;

/** `RUN groupadd -r app && useradd -r -g app app`: user setup only (and neutral commands). */
function onlyCreatesUsers(model: DockerfileModel, instruction: Instruction): boolean {
  const commands = model.run(instruction).commands;
  return commands.some((command) => USER_TOOLS.test(command.name)) && commands.every((command) => USER_TOOLS.test(command.name) || NEUTRAL_COMMANDS.has(command.name));
}

/** The user and group names a user-setup RUN creates (the last plain word of each command). */
function createdNames(model: DockerfileModel, instruction: Instruction): string[] {
  return model
    .run(instruction)
    .commands.filter((command) => USER_TOOLS.test(command.name))
    .map((command) => command.args.filter((arg) => !arg.value.startsWith('-')).pop()?.value ?? '')
    .filter((name) => name !== '');
}

/** Instruction-level reasons the runtime stage could not mean the same. */
function canCarry(model: DockerfileModel, stage: Stage, runtime: RuntimeImage): boolean {
  for (const instruction of stage.instructions) {
    const keyword = instruction.keyword;
    if (keyword === 'ONBUILD' || instruction.heredocs.length > 0) return false;
    if ((keyword === 'COPY' || keyword === 'ADD') && instruction.flags.some((flag) => flag.name === 'from')) return false;
    if (keyword === 'RUN' && model.run(instruction).mounts.some((mount) => mount.options.from !== undefined)) return false;
    if (keyword === 'USER' && !runtimeHasUser(runtime, unquote(instruction.args[0]?.value ?? ''))) return false;
    if (keyword === 'SHELL' && !runtime.hasShell) return false;
    if (keyword === 'HEALTHCHECK' && !healthcheckRuns(instruction, runtime)) return false;
  }
  return true;
}

function runtimeHasUser(runtime: RuntimeImage, spec: string): boolean {
  if (spec === '') return true;
  if (spec.includes('$')) return false;
  const [user, group] = spec.split(':');
  const known = (name: string | undefined) => name === undefined || /^\d+$/.test(name) || runtime.users.includes(name);
  return known(user) && known(group);
}

/** HEALTHCHECK NONE always; a check that needs a shell, curl or wget only where they exist. */
function healthcheckRuns(instruction: Instruction, runtime: RuntimeImage): boolean {
  const args = instruction.args.map((arg) => arg.value);
  if (args[0]?.toUpperCase() === 'NONE') return true;
  const command = instruction.jsonStrings ?? args.slice(args.findIndex((arg) => arg.toUpperCase() === 'CMD') + 1);
  if (!runtime.hasShell) return false;
  return !command.some((word) => /(^|\/)(curl|wget)$/.test(word));
}

function workdirAfter(stage: Stage, workdirs: (string | null)[]): string | null {
  const last = stage.instructions.length - 1;
  const instruction = stage.instructions[last];
  if (instruction?.keyword !== 'WORKDIR') return workdirs[last] ?? null;
  return resolvePath(workdirs[last], unquote(instruction.args.map((arg) => arg.value).join(' ')));
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/** The last ENTRYPOINT and CMD as the argument vector the container starts with. */
function entryCommand(stage: Stage): EntryCommand | null {
  let entrypoint: Instruction | null = null;
  let cmd: Instruction | null = null;
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ENTRYPOINT') {
      entrypoint = instruction;
      cmd = null; // an ENTRYPOINT resets the CMD inherited before it
    } else if (instruction.keyword === 'CMD') cmd = instruction;
  }
  const words = (instruction: Instruction) => instruction.jsonStrings ?? instruction.args.map((arg) => unquote(arg.value));
  if (entrypoint) {
    if (!entrypoint.jsonStrings) return { argv: words(entrypoint), viaShell: true };
    return { argv: [...words(entrypoint), ...(cmd ? words(cmd) : [])], viaShell: cmd !== null && cmd.jsonStrings === null };
  }
  if (!cmd) return null;
  return { argv: words(cmd), viaShell: cmd.jsonStrings === null };
}

/** The program the entry command runs (`exec` skipped), with its arguments. */
function program(entry: EntryCommand): { name: string; args: string[] } | null {
  const argv = entry.argv[0] === 'exec' ? entry.argv.slice(1) : entry.argv;
  if (argv.length === 0) return null;
  return { name: argv[0], args: argv.slice(1) };
}

const NEUTRAL_COMMANDS = new Set(['', 'echo', 'true', ':', 'cd', 'ls', 'cat', 'set', 'export', 'test', '[', 'printf', 'pwd', 'du', 'df', 'which', 'id', 'whoami', 'uname', 'sleep', 'env']);
const FILE_COMMANDS = new Set(['mkdir', 'cp', 'mv', 'rm', 'chmod', 'touch', 'ln']);
const COMPILERS = new Set(['make', 'cmake', 'gcc', 'g++', 'cc', 'c++', 'clang']);
const TOOLS: Record<string, string[]> = {
  node: ['npm', 'npx', 'pnpm', 'corepack', 'node', 'tsc'],
  go: ['go'],
  maven: ['mvn', 'mvnw', 'java', 'javac'],
  gradle: ['gradle', 'gradlew', 'java', 'javac'],
  rust: ['cargo', 'rustup', 'rustc'],
  python: ['pip', 'pip3', 'virtualenv'],
};
// Folders whose contents only the build uses: caches, package lists, temporary files.
const BUILD_ONLY_DIRS = ['/tmp', '/root', '/var/lib/apt/lists', '/var/cache', '/go', '/usr/local/cargo'];
// node-gyp compiles native modules with Python.
const NODE_GYP_PACKAGES = new Set(['python3', 'python3-minimal', 'python-is-python3', 'python3-distutils', 'python3-setuptools']);
const PACKAGE_HOUSEKEEPING = /^(update|clean|autoclean|autoremove|makecache|del|cache)$/;

/**
 * Whether a build-stage command leaves nothing the running container needs outside the
 * folder the artifacts come from: ecosystem tools, build-only packages, file operations on
 * relative paths or build-only folders. Anything else (useradd, curl -o /usr/bin/x, runtime
 * libraries) would be lost by moving the stage into a builder, so the fix declines.
 */
function leavesRuntimeAlone(command: ShellCommand, ecosystem: Ecosystem, dir: string | null): boolean {
  const name = command.name;
  if (NEUTRAL_COMMANDS.has(name) || COMPILERS.has(name) || TOOLS[ecosystem]?.includes(name)) return true;
  if (ecosystem === 'python' && /^python(\d(\.\d+)?)?$/.test(name)) {
    const args = command.args.map((arg) => arg.value);
    return (args[0] === '-m' && /^(pip\d?|venv|compileall)$/.test(args[1] ?? '')) || args[0] === 'setup.py';
  }
  const packages = installedPackages(command);
  if (packages) return packages.every((pkg) => isBuildOnlyPackage(pkg) || toolchainOfPackage(pkg) !== null || (ecosystem === 'node' && NODE_GYP_PACKAGES.has(pkg)));
  if (/^(apt-get|apt|apk|yum|dnf|microdnf)$/.test(name)) return PACKAGE_HOUSEKEEPING.test(positionalArgs(command)[0]?.value ?? '');
  if (FILE_COMMANDS.has(name)) {
    return positionalArgs(command).every(({ value }) => {
      if (!value.startsWith('/')) return !value.includes('$') && !value.startsWith('~');
      const path = resolvePath('/', value);
      return path !== null && ((dir !== null && dir !== '/' && isWithin(path, dir)) || BUILD_ONLY_DIRS.some((folder) => isWithin(path, folder)));
    });
  }
  return false;
}

// ------------------------------------------------------------------ ecosystems

function planFor(ecosystem: Ecosystem, facts: StageFacts): Plan | null {
  switch (ecosystem) {
    case 'node':
      return planNode(facts);
    case 'go':
      return planGo(facts);
    case 'maven':
    case 'gradle':
      return planJava(facts, ecosystem);
    case 'rust':
      return planRust(facts);
    case 'python':
      return planPython(facts);
    default:
      return null;
  }
}

function emptyPlan(): Plan {
  return { buildEdits: [], afterBuild: [], prelude: [], artifacts: [], rewrites: [] };
}

/** A COPY --from=build line; the destination is relative when it lies in the runtime's working directory. */
function copyLine(facts: StageFacts, source: string, destination: string): string {
  const workdir = facts.splitWorkdir;
  const target = workdir !== null && workdir !== '/' && isWithin(destination, workdir) ? relativeTo(destination, workdir) : destination;
  return `COPY --from=${BUILD_NAME} ${facts.chown}${source} ${target}`;
}

/** The directory a build step ran in (WORKDIR and `cd`). */
function stepDirectory(facts: StageFacts, at: StepAt): string | null {
  const index = facts.stage.instructions.indexOf(at.instruction);
  return directoryOfCommand(facts.workdirs[index], facts.model.run(at.instruction).commands, at.command);
}

/** The absolute folder the build context's root was copied to (`COPY . .`), if any. */
function contextRootIn(facts: StageFacts): string | null {
  const { stage, workdirs } = facts;
  for (let i = 0; i <= facts.split; i++) {
    const instruction = stage.instructions[i];
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const paths = copyPaths(instruction);
    if (paths?.sources.some((source) => source === '.' || source === './')) return resolvePath(workdirs[i], paths.destination);
  }
  return null;
}

/** A file of the build context, by a path relative to its root (`./tsconfig.json` works too). */
function readContext(facts: StageFacts, path: string): string | undefined {
  const normalized = resolvePath('/', path);
  return normalized && normalized !== '/' ? facts.env.context?.readText(normalized.slice(1)) : undefined;
}

/** Steps of one ecosystem, in file order. */
function stepsOf(facts: StageFacts, ...ecosystems: Ecosystem[]): StepAt[] {
  return facts.finding.steps.filter(({ step }) => ecosystems.includes(step.ecosystem));
}

/** Commands of all RUNs of the stage with their instruction, in order. */
function commandsOf(facts: StageFacts): { instruction: Instruction; command: ShellCommand }[] {
  const all: { instruction: Instruction; command: ShellCommand }[] = [];
  for (const instruction of facts.stage.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of facts.model.run(instruction).commands) all.push({ instruction, command });
  }
  return all;
}

// -- Node.js

function planNode(facts: StageFacts): Plan | null {
  const commands = commandsOf(facts);
  const managers = new Set(commands.map(({ command }) => command.name).filter((name) => name === 'npm' || name === 'yarn' || name === 'pnpm'));
  if (managers.has('yarn') || (managers.has('npm') && managers.has('pnpm'))) return null;
  const manager = managers.has('pnpm') ? 'pnpm' : 'npm';
  const steps = stepsOf(facts, 'node');
  const last = steps[steps.length - 1];
  const buildDir = stepDirectory(facts, last);
  if (buildDir === null || buildDir === '/' || buildDir !== facts.splitWorkdir || facts.finalWorkdir !== buildDir) return null;

  const plan = emptyPlan();
  const lastStepAt = commands.findIndex(({ command }) => command === last.command);
  const pruned = commands.slice(lastStepAt + 1).some(({ command }) => prunesDevDependencies(command));
  if (!pruned) plan.afterBuild.push(manager === 'pnpm' ? 'RUN pnpm prune --prod' : `RUN npm prune ${nodeMajor(facts) < 16 ? '--production' : '--omit=dev'}`);

  const scripts = contextPackageScripts(facts, buildDir);
  const started = startedFile(facts, scripts);
  if (started === undefined) return null;
  const outDir = outputFolder(facts, last, buildDir, scripts);
  if (outDir && started !== null && isWithin(started, outDir)) {
    plan.artifacts.push(
      copyLine(facts, `${buildDir}/package.json`, buildDir + '/'),
      copyLine(facts, `${buildDir}/node_modules`, `${buildDir}/node_modules`),
      copyLine(facts, outDir, outDir),
    );
  } else {
    plan.artifacts.push(copyLine(facts, buildDir, buildDir));
  }
  return plan;
}

function prunesDevDependencies(command: ShellCommand): boolean {
  if (isCall(command, ['npm', 'pnpm'], 'prune')) return true;
  if (!isCall(command, ['npm', 'pnpm'], 'ci|install|i')) return false;
  const omit = flagValue(command, '--omit');
  return omit === 'dev' || findFlag(command, '--production', '--prod', '-P') !== null || flagValue(command, '--only') === 'prod' || flagValue(command, '--only') === 'production';
}

function nodeMajor(facts: StageFacts): number {
  const match = /^(\d+)/.exec(facts.stage.base.tag ?? '');
  return match ? Number(match[1]) : Infinity;
}

/** `scripts` of the package.json the build uses, when the build context maps onto the build folder. */
function contextPackageScripts(facts: StageFacts, buildDir: string): Record<string, string> | null {
  if (!facts.env.context || contextRootIn(facts) !== buildDir) return null;
  const json = parseJson(readContext(facts, 'package.json'));
  const scripts = json?.scripts;
  return scripts && typeof scripts === 'object' ? (scripts as Record<string, string>) : null;
}

/**
 * The absolute path of the file `node` starts (`node dist/index.js`, or the start script
 * of `npm start`); null when the container runs plain `node`; undefined when the command
 * needs something the runtime stage would lack (dev dependencies, another tool).
 */
function startedFile(facts: StageFacts, scripts: Record<string, string> | null): string | null | undefined {
  if (!facts.entry) return null;
  const run = program(facts.entry);
  if (!run) return null;
  let argv = [run.name, ...run.args];
  const npmStart = /^(npm|pnpm)$/.test(run.name) && (run.args.join(' ') === 'start' || run.args.join(' ') === 'run start');
  if (npmStart) {
    // The start script runs with production dependencies only: it must be plain node.
    const script = scripts?.start;
    if (typeof script !== 'string' || !/^node\s/.test(script) || /[;&|`$]/.test(script)) return undefined;
    argv = script.trim().split(/\s+/);
  } else if (argv[0] !== 'node' && argv[0] !== '/usr/local/bin/node') return undefined;
  const file = argv.slice(1).find((arg) => !arg.startsWith('-'));
  if (file === undefined) return null;
  return resolvePath(facts.finalWorkdir, file) ?? undefined;
}

/** The folder tsc writes to, when the build step or its script says. */
function outputFolder(facts: StageFacts, at: StepAt, buildDir: string, scripts: Record<string, string> | null): string | null {
  let args: string[];
  if (at.step.label === 'tsc') args = positionalAndFlags(at.command).slice(at.command.name === 'npx' ? 1 : 0);
  else {
    const script = scripts?.[at.step.label.split(' ').pop() ?? ''];
    if (typeof script !== 'string' || /[;|`$]/.test(script)) return null;
    const parts = script.split('&&').map((part) => part.trim().split(/\s+/));
    const tsc = parts.filter((part) => part[0] === 'tsc');
    if (tsc.length !== 1) return null;
    args = tsc[0].slice(1);
  }
  const outDirAt = args.findIndex((arg) => arg.toLowerCase() === '--outdir');
  let outDir: string | undefined = outDirAt >= 0 ? args[outDirAt + 1] : undefined;
  if (outDir === undefined) {
    if (!facts.env.context || contextRootIn(facts) !== buildDir) return null;
    const projectAt = args.findIndex((arg) => arg === '-p' || arg === '--project');
    const project = projectAt >= 0 ? args[projectAt + 1] : 'tsconfig.json';
    const config = parseJson(readContext(facts, project?.endsWith('.json') ? project : `${project}/tsconfig.json`));
    const options = config?.compilerOptions as Record<string, unknown> | undefined;
    if (!config || (config.extends !== undefined && typeof options?.outDir !== 'string')) return null;
    if (typeof options?.outDir !== 'string') return null;
    outDir = options.outDir;
  }
  const path = resolvePath(buildDir, outDir);
  return path && path !== buildDir && isWithin(path, buildDir) && !isWithin(path, `${buildDir}/node_modules`) ? path : null;
}

function positionalAndFlags(command: ShellCommand): string[] {
  return command.args.map((arg) => arg.value);
}

/** JSON, or JSON with comments and trailing commas (tsconfig.json); null when it is neither. */
function parseJson(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    const stripped = text
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, string: string | undefined) => string ?? '')
      .replace(/,(\s*[}\]])/g, '$1');
    try {
      return JSON.parse(stripped) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
}

// -- Go

function planGo(facts: StageFacts): Plan | null {
  const { model, stage } = facts;
  const plan = emptyPlan();
  const binaries: string[] = [];
  for (const build of goBuildsOf(model, stage)) {
    const output = build.output;
    // `go install` and `go build` without -o name the binary after the package: unknown here.
    if (!output || output.isDirectory || output.namedByPackage) return null;
    const index = stage.instructions.indexOf(build.instruction);
    if (facts.workdirs[index] === null && !flagValue(build.command, '-o')?.startsWith('/')) return null;
    if (build.cgo === 'on' || build.cgo === 'unknown') return null;
    if (build.cgo === 'default-on') {
      if (!build.editable) return null;
      plan.buildEdits.push(...disableCgo(model, build));
    }
    binaries.push(output.path);
  }
  if (binaries.length === 0) return null;
  // distroless has no shell: the container must start one of the binaries directly.
  const run = facts.entry && !facts.entry.viaShell ? program(facts.entry) : null;
  if (!run || !binaries.some((binary) => startsBinary(facts, run.name, binary))) return null;
  for (const binary of new Set(binaries)) plan.artifacts.push(copyLine(facts, binary, binary));
  return plan;
}

/** Whether running `name` (a path, or a name looked up in PATH) starts `binary`. */
function startsBinary(facts: StageFacts, name: string, binary: string): boolean {
  if (name.includes('/')) return resolvePath(facts.finalWorkdir, name) === binary;
  const setsPath = facts.stage.instructions.some((i) => i.keyword === 'ENV' && i.properties.some((p) => p.name === 'PATH'));
  return !setsPath && binary.slice(binary.lastIndexOf('/') + 1) === name && STANDARD_PATH.includes(binary.slice(0, binary.lastIndexOf('/')));
}

// -- Java (Maven, Gradle)

function planJava(facts: StageFacts, ecosystem: 'maven' | 'gradle'): Plan | null {
  const { model, stage } = facts;
  const run = facts.entry ? program(facts.entry) : null;
  if (!run || !/(^|\/)java$/.test(run.name)) return null;
  const jarAt = run.args.indexOf('-jar');
  const jar = jarAt >= 0 ? run.args[jarAt + 1] : undefined;
  if (!jar || jar.includes('$') || !jar.endsWith('.jar')) return null;
  const source = resolvePath(facts.finalWorkdir, jar);
  const last = stepsOf(facts, 'maven', 'gradle').pop()!;
  const buildDir = stepDirectory(facts, last);
  if (!source || !buildDir) return null;
  // The jar must be the build's output, not a file that came from the context.
  const outputs = ecosystem === 'maven' ? '/target/' : '/build/libs/';
  if (!isWithin(source, buildDir) || !source.slice(buildDir.length).includes(outputs)) return null;
  if (facts.finalWorkdir !== facts.splitWorkdir) return null;
  const renamed = facts.finalWorkdir !== null && facts.finalWorkdir !== '/' ? 'app.jar' : '/app.jar';
  const plan = emptyPlan();
  plan.artifacts.push(`COPY --from=${BUILD_NAME} ${facts.chown}${source} ${renamed}`);
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
    const words = instruction.jsonStrings ?? instruction.args.map((arg) => unquote(arg.value));
    if (!words.includes(jar)) continue;
    const rewrite = rewriteWord(model, instruction, jar, renamed);
    if (!rewrite) return null;
    plan.rewrites.push(rewrite);
  }
  return plan;
}

/** Replaces one argument of a CMD/ENTRYPOINT, in its JSON or shell form, as written. */
function rewriteWord(model: DockerfileModel, instruction: Instruction, from: string, to: string): Plan['rewrites'][number] | null {
  if (instruction.jsonStrings) {
    const quoted = JSON.stringify(from);
    const at = instruction.text.indexOf(quoted);
    if (at === -1 || instruction.text.indexOf(quoted, at + 1) !== -1) return null;
    const start = model.startOffsetOf(instruction) + at;
    return { start, end: start + quoted.length, text: JSON.stringify(to) };
  }
  const matches = instruction.args.filter((arg) => unquote(arg.value) === from);
  if (matches.length !== 1) return null;
  return { start: model.index.offsetAt(matches[0].range.start), end: model.index.offsetAt(matches[0].range.end), text: to };
}

// -- Rust

function planRust(facts: StageFacts): Plan | null {
  const { stage } = facts;
  const builds = stepsOf(facts, 'rust');
  const last = builds[builds.length - 1];
  if (builds.some(({ step }) => step.label !== 'cargo build')) return null;
  const command = last.command;
  if (findFlag(command, '--manifest-path', '-p', '--package', '--workspace', '--all', '--bins', '--examples', '--example') !== null) return null;
  if (stage.instructions.some((i) => i.keyword === 'ENV' && i.properties.some((p) => /^CARGO_(TARGET_DIR|BUILD_TARGET|BUILD_TARGET_DIR)$/.test(p.name)))) return null;
  const buildDir = stepDirectory(facts, last);
  if (!buildDir || buildDir === '/') return null;
  const profile = flagValue(command, '--profile') ?? (findFlag(command, '--release', '-r') ? 'release' : 'dev');
  const triple = flagValue(command, '--target');
  const targetDir = flagValue(command, '--target-dir') ?? 'target';
  const name = flagValue(command, '--bin') ?? crateBinaryName(facts, buildDir);
  if (!name || /[$/]/.test(name) || /[$]/.test(profile + (triple ?? '') + targetDir)) return null;
  const binary = resolvePath(buildDir, `${targetDir}/${triple ? triple + '/' : ''}${profile === 'dev' ? 'debug' : profile}/${name}`);
  const run = facts.entry ? program(facts.entry) : null;
  if (!binary || !run || !startsBinary(facts, run.name, binary)) return null;
  const plan = emptyPlan();
  plan.artifacts.push(copyLine(facts, binary, binary));
  return plan;
}

/** The binary `cargo build` makes for the crate in the build context: `[package] name`, when it is the only one. */
function crateBinaryName(facts: StageFacts, buildDir: string): string | null {
  if (!facts.env.context || contextRootIn(facts) !== buildDir) return null;
  const toml = readContext(facts, 'Cargo.toml');
  if (toml === undefined || /^\s*\[\[bin\]\]/m.test(toml) || /^\s*\[workspace\]/m.test(toml)) return null;
  const packageSection = /^\s*\[package\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(toml);
  const name = packageSection ? /^\s*name\s*=\s*"([^"]+)"/m.exec(packageSection[1]) : null;
  return name ? name[1] : null;
}

// -- Python

const VENV = '/opt/venv';

function planPython(facts: StageFacts): Plan | null {
  const { model, stage } = facts;
  const version = pythonVersionOf(stage.base);
  const workdir = facts.splitWorkdir;
  if (!version || workdir === null || workdir === '/' || facts.finalWorkdir !== workdir) return null;
  const commands = commandsOf(facts);
  let venv: string | null = null;
  let firstPip: Instruction | null = null;
  for (const { instruction, command } of commands) {
    const dir = directoryOfCommand(facts.workdirs[stage.instructions.indexOf(instruction)], model.run(instruction).commands, command);
    const createdVenv = venvCreated(command);
    if (createdVenv !== null) {
      if (firstPip || venv) return null; // packages installed outside it, or two environments
      venv = resolvePath(dir, createdVenv);
      if (!venv) return null;
    }
    if (pipInstall(command)) {
      if (findFlag(command, '--user', '--target', '-t', '--prefix', '--root', '--system') !== null) return null;
      firstPip ??= instruction;
    }
  }
  if (!firstPip) return null;
  const run = facts.entry ? program(facts.entry) : null;
  if (run && run.name.startsWith('/') && !/^\/usr\/local\/bin\/python[\d.]*$/.test(run.name) && !isWithin(run.name, venv ?? VENV) && !isWithin(run.name, workdir)) return null;
  const plan = emptyPlan();
  if (venv === null) {
    if (model.text.includes(VENV)) return null;
    const pathLine = `ENV PATH="${VENV}/bin:$PATH"`;
    plan.buildEdits.push(insertLinesBefore(model, firstPip, [`RUN python -m venv ${VENV}`, pathLine]));
    plan.prelude.push(pathLine);
    venv = VENV;
  }
  if (!isWithin(venv, workdir)) plan.artifacts.push(copyLine(facts, venv, venv));
  plan.artifacts.push(copyLine(facts, workdir, workdir));
  return plan;
}

/** The folder of `python -m venv X` or `virtualenv X`, else null. */
function venvCreated(command: ShellCommand): string | null {
  const args = command.args.map((arg) => arg.value).filter((arg) => !arg.startsWith('-') || arg === '-m');
  if (command.name === 'virtualenv') return args[0] ?? null;
  if (/^python(\d(\.\d+)?)?$/.test(command.name) && args[0] === '-m' && args[1] === 'venv') return args[2] ?? null;
  return null;
}

// ------------------------------------------------------------------ assembling the text

/**
 * Whether an instruction copied into the runtime stage is well formed: a malformed one
 * (half-typed, say) would be reported twice after the fix, so the fix waits for it.
 */
function wellFormed(instruction: Instruction): boolean {
  const text = instruction.text;
  switch (instruction.keyword) {
    case 'ENV':
    case 'LABEL':
      return instruction.properties.length > 0 && instruction.properties.every((p) => p.name !== '' && p.value !== null);
    case 'ARG':
      return instruction.properties.length === 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(instruction.properties[0].name);
    case 'USER':
      return instruction.args.length === 1;
    case 'EXPOSE':
      return instruction.args.length > 0 && instruction.args.every((arg) => /^(\d+(-\d+)?(\/(tcp|udp|sctp))?|\$\{?\w+\}?)$/i.test(arg.value));
    case 'COPY':
    case 'ADD': {
      const paths = copyPaths(instruction);
      if (!paths || (paths.sources.length > 1 && !/[/\\]$/.test(paths.destination))) return false;
      return instruction.jsonStrings !== null || !/^\S+\s+\[/.test(text);
    }
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'VOLUME':
      // A JSON form that does not parse means something else was meant.
      return instruction.args.length > 0 && (instruction.jsonStrings !== null || !/^\S+\s+\[/.test(text));
    case 'STOPSIGNAL':
      return instruction.args.length === 1;
    case 'HEALTHCHECK':
      return instruction.args.length > 0;
    default:
      return instruction.args.length > 0;
  }
}

function assemble(facts: StageFacts, plan: Plan): TextEdit[] | null {
  const { model, stage, runtime, split } = facts;
  // Paths with spaces or quotes (`WORKDIR /my app`) would need the JSON form: not worth the risk.
  if (plan.artifacts.some((line) => /["'\\]/.test(line) || line.split(' ').length !== (facts.chown ? 5 : 4))) return null;
  const eol = model.index.eol;
  const edits: TextEdit[] = [...plan.buildEdits];
  const from = stage.from;
  if (stage.name && from.args[2]) edits.push(replace(from.args[2].range, BUILD_NAME));
  else edits.push(replace({ start: from.args[0].range.end, end: from.args[0].range.end }, ` AS ${BUILD_NAME}`));

  const withRewrites = (start: number, end: number) => {
    let text = '';
    let cursor = start;
    for (const rewrite of plan.rewrites) {
      if (rewrite.start < start || rewrite.end > end) continue;
      text += model.text.slice(cursor, rewrite.start) + rewrite.text;
      cursor = rewrite.end;
    }
    return text + model.text.slice(cursor, end);
  };
  const lineSpan = (instruction: Instruction) => {
    const start = model.index.lineStarts[instruction.range.start.line];
    return withRewrites(start, model.index.lineEnd(instruction.range.end.line));
  };

  const splitInstruction = stage.instructions[split];
  const last = stage.instructions[stage.instructions.length - 1];
  const carried: string[] = [];
  for (let i = 1; i < split; i++) {
    const instruction = stage.instructions[i];
    if (instruction.keyword === 'WORKDIR') {
      // Written absolute: a relative WORKDIR is legal but draws a warning, and the copy would add one.
      const path = facts.workdirs[i + 1];
      if (path === null) return null;
      carried.push(instruction.args.length === 1 && instruction.args[0].value.startsWith('/') ? lineSpan(instruction) : `WORKDIR ${path}`);
    } else if (CARRIED.has(instruction.keyword) || carriesCopy(facts, instruction, i) || facts.userRuns.has(instruction)) {
      if (!wellFormed(instruction) || !chownWorks(facts, instruction)) return null;
      carried.push(lineSpan(instruction));
    }
  }
  // Instructions after the last RUN move to the runtime stage as they are.
  if (!stage.instructions.slice(split + 1).every((instruction) => chownWorks(facts, instruction))) return null;
  const platform = from.flags.find((flag) => flag.name === 'platform');
  const runtimeFrom = `FROM ${platform ? `--platform=${platform.value} ` : ''}${runtime.ref}${stage.name ? ` AS ${stage.name}` : ''}`;
  const regionStart = model.index.lineEnd(splitInstruction.range.end.line);
  const regionEnd = model.index.lineEnd(last.range.end.line);
  const tail = withRewrites(regionStart, regionEnd);
  const newText =
    plan.afterBuild.map((line) => eol + line).join('') +
    eol +
    eol +
    [runtimeFrom, ...plan.prelude, ...carried, ...plan.artifacts].join(eol) +
    tail;
  edits.push(replace(model.index.rangeAt(regionStart, regionEnd), newText));
  return edits;
}

/** A COPY/ADD --chown in the runtime stage must name a user its base has. */
function chownWorks(facts: StageFacts, instruction: Instruction): boolean {
  const chown = instruction.flags.find((flag) => flag.name === 'chown');
  return !chown || runtimeHasUser(facts.runtime, chown.value ?? '$');
}

/** A COPY/ADD from the build context to an absolute path outside the build folder: the runtime needs it too. */
function carriesCopy(facts: StageFacts, instruction: Instruction, index: number): boolean {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  const paths = copyPaths(instruction);
  if (!paths || !paths.destination.startsWith('/')) return false;
  const destination = resolvePath('/', paths.destination);
  const workdir = facts.workdirs[index];
  if (!destination || (workdir !== null && workdir !== '/' && isWithin(destination, workdir))) return false;
  return !BUILD_ONLY_DIRS.some((folder) => isWithin(destination, folder));
}
