import { flagValue, isCall, positionalArgs } from '../analysis/commands';
import { insertAt, insertLinesBefore } from '../analysis/edits';
import { installedPackages, isAlpine, libcOf, toolchainOfPackage, type Libc } from '../analysis/ecosystem';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';
import {
  copyPaths,
  directoryOfCommand,
  finalWorkdirOf,
  globToRegExp,
  hasGlob,
  isWithin,
  resolvePath,
  workdirsOf,
} from '../analysis/stage-paths';
import type { Instruction, Range, Stage } from '../analysis/types';

/** Whether cgo is on for a build: set to 1, set to 0, unknown (a variable, an ARG without default), or on by default. */
type CgoState = 'on' | 'off' | 'unknown' | 'default-on' | 'default-off';

/** Where a `go build`/`go install` writes: a file, or a directory of binaries with unknown names. */
interface GoOutput {
  path: string;
  isDirectory: boolean;
  /** `go build` without -o and `go install` name the binary after the package: an extension-less name. */
  namedByPackage: boolean;
}

/** A `COPY --from` that takes a build's output into a minimal image. */
interface CopyInto {
  copy: Instruction;
  image: string;
  libc: Libc;
}

interface GoBuild {
  instruction: Instruction;
  command: ShellCommand;
  editable: boolean;
  output: GoOutput | null;
  cgo: CgoState;
  /** Built against musl (an Alpine builder): it then runs on Alpine even with cgo. */
  musl: boolean;
  /** Static linking asked through the external linker (`-extldflags "-static"`). */
  staticLink: boolean;
}

export const goStatic: Rule = {
  meta: {
    id: 'go-static',
    category: 'size',
    severity: 'warning',
    description: 'Build Go binaries with CGO_ENABLED=0 when they are copied into scratch, distroless/static or Alpine.',
    fixable: true,
    aliases: [],
    docs: `A Go binary built with cgo enabled links the C library dynamically whenever a package
it uses has a cgo variant (\`net\`, \`os/user\`). cgo is on by default wherever a C compiler
is present, as in the Debian-based \`golang\` images. Copied into \`scratch\` or
\`gcr.io/distroless/static\`, which have no C library, such a binary fails to start with the
puzzling \`exec /app: no such file or directory\`; copied into Alpine it looks for glibc and
finds musl.

**Flagged:** a \`go build\` (or \`go install\`) whose output a later stage based on
\`scratch\`, distroless/static or Alpine copies with \`COPY --from\`, when cgo is not
disabled for that build: no \`CGO_ENABLED=0\` prefix on the command, no
\`export CGO_ENABLED=0\` before it in the same RUN, no \`ENV\`/\`ARG CGO_ENABLED=0\` in the
stage or the stages it builds on, no \`go env -w CGO_ENABLED=0\`.

**Not flagged:** builds copied into images that have glibc (distroless/base, distroless/cc,
Debian, Ubuntu); Alpine-to-Alpine builds (both musl); an Alpine \`golang\` builder without a
C compiler installed (Go 1.20+ turns cgo off when it finds no compiler); builds that link
statically on purpose (\`-ldflags '-extldflags "-static"'\`); and builds whose
\`CGO_ENABLED\` comes from a variable or an ARG without a default (known only at build time).

**Fix:** prefixes the \`go build\` command with \`CGO_ENABLED=0 \` (for an exec-form RUN,
adds \`ENV CGO_ENABLED=0\` above it). When the Dockerfile sets \`CGO_ENABLED=1\` on purpose
the binary needs cgo (sqlite, for example): there is no fix, base the runtime stage on
\`gcr.io/distroless/base-debian12\` instead. Adding \`-ldflags="-s -w"\` also strips the
symbol table and debug information, often a quarter of the binary's size.

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, report }) {
    const buildsOfStage = new Map<Stage, GoBuild[]>();
    const copiesOfBuild = new Map<GoBuild, CopyInto[]>();
    for (const stage of model.stages) {
      const copies = stage.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.flags.some((f) => f.name === 'from'));
      if (copies.length === 0) continue;
      const root = rootOf(stage);
      const libc = libcOf(root.base, root.isScratch);
      if (libc !== 'none' && libc !== 'musl') continue;
      for (const copy of copies) {
        const source = model.stageByRef(copy.flags.find((f) => f.name === 'from')?.value ?? '', stage.index);
        const paths = copyPaths(copy);
        if (!source || !paths) continue;
        let builds = buildsOfStage.get(source);
        if (!builds) buildsOfStage.set(source, (builds = goBuildsOf(model, source)));
        for (const build of builds) {
          if (build.cgo === 'off' || build.cgo === 'unknown' || build.cgo === 'default-off' || build.staticLink) continue;
          if (libc === 'musl' && build.musl) continue;
          if (!paths.sources.some((sourcePath) => copiesOutput(sourcePath, build.output))) continue;
          const list = copiesOfBuild.get(build) ?? [];
          list.push({ copy, image: root.isScratch ? 'scratch' : root.base.resolved, libc });
          copiesOfBuild.set(build, list);
        }
      }
    }
    for (const [build, copies] of copiesOfBuild) reportBuild(model, build, copies, report);
  },
};

function reportBuild(
  model: DockerfileModel,
  build: GoBuild,
  copies: CopyInto[],
  report: Parameters<Rule['check']>[0]['report'],
): void {
  const { instruction, command } = build;
  const what = `go ${positionalArgs(command)[0]?.value ?? 'build'}`;
  const first = copies[0];
  const why =
    first.libc === 'musl'
      ? 'it links glibc, which Alpine (musl) does not have'
      : 'it links the C library dynamically, which that image does not have, and fails to start';
  const cause = build.cgo === 'on' ? 'with CGO_ENABLED=1' : 'without CGO_ENABLED=0';
  const range: Range = build.editable ? model.rangeIn(instruction, command.start, command.end) : instruction.range;
  report({
    range,
    message:
      `'${what}' runs ${cause} and its binary is copied into ${first.image} (line ${first.copy.range.start.line + 1}): ${why}. ` +
      `Build it with CGO_ENABLED=0 (and -ldflags="-s -w" to strip debug symbols).`,
    related: copies.map(({ copy, image }) => ({ range: copy.range, message: `copied into ${image} here` })),
    fixTitle: 'Build with CGO_ENABLED=0',
    // An explicit CGO_ENABLED=1 is a decision (the program needs cgo): the base image is what has to change.
    fix: build.cgo === 'on' ? undefined : () => disableCgo(model, build),
  });
}

function disableCgo(model: DockerfileModel, build: GoBuild) {
  const { instruction, command } = build;
  if (!build.editable) return [insertLinesBefore(model, instruction, ['ENV CGO_ENABLED=0'])];
  // `sudo` resets the environment and `env` takes assignments: the prefix goes after them.
  const wrapped = command.words.some((word) => word !== command.nameWord && /(^|\/)(sudo|env)$/.test(word.value));
  const at = wrapped && command.nameWord ? command.nameWord.start : command.start;
  return [insertAt(model, instruction.startOffset + at, 'CGO_ENABLED=0 ')];
}

/** The stage whose base is an image (following `FROM <stage>`). */
function rootOf(stage: Stage): Stage {
  let current = stage;
  for (let depth = 0; current.baseStage && depth < 100; depth++) current = current.baseStage;
  return current;
}

/** Stages from the root to `stage` (the chain of `FROM <stage>`). */
function chainOf(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let current: Stage | null = stage; current && chain.length < 100; current = current.baseStage) chain.unshift(current);
  return chain;
}

/** The working directory a stage starts in: its parent stage's last one, or the image's (`/go` in golang images). */
function initialWorkdir(stage: Stage): string {
  if (stage.baseStage) return finalWorkdirOf(stage.baseStage, initialWorkdir(stage.baseStage)) ?? '/';
  return stage.base.name === 'golang' || stage.base.name.endsWith('/golang') ? '/go' : '/';
}

/** Values of ENV and ARG (with a default) set before `before` in the chain; ARGs without default map to null. */
function environmentAt(stage: Stage, before: Instruction): Map<string, string | null> {
  const env = new Map<string, string | null>();
  for (const member of chainOf(stage)) {
    for (const instruction of member.instructions) {
      if (member === stage && instruction.index >= before.index) break;
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      for (const property of instruction.properties) env.set(property.name, property.value === null ? null : unquote(property.value));
    }
  }
  return env;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function cgoValue(value: string | null | undefined): CgoState | null {
  if (value === undefined) return null;
  if (value === null || value.includes('$')) return 'unknown';
  return value === '0' ? 'off' : 'on';
}

function goBuildsOf(model: DockerfileModel, stage: Stage): GoBuild[] {
  const builds: GoBuild[] = [];
  const workdirs = workdirsOf(stage, initialWorkdir(stage));
  const chain = chainOf(stage);
  const root = chain[0];
  // Go 1.20+ disables cgo when no C compiler is found: the Alpine golang images have none.
  let compilerInstalled = !isAlpine(root.base);
  let goEnvCgo: CgoState | null = null;
  const scan = (instruction: Instruction, collect: boolean, workdir: string | null) => {
    if (instruction.keyword !== 'RUN') return;
    const run = model.run(instruction);
    let exported: CgoState | null = null;
    for (const command of run.commands) {
      if (installedPackages(command)?.some((name) => toolchainOfPackage(name) === 'c')) compilerInstalled = true;
      if (command.name === 'export') {
        const value = command.args.find((arg) => arg.value.startsWith('CGO_ENABLED='))?.value;
        if (value !== undefined) exported = cgoValue(value.slice('CGO_ENABLED='.length));
      }
      if (isCall(command, 'go', 'env')) {
        const value = command.args.find((arg) => arg.value.startsWith('CGO_ENABLED='))?.value;
        if (value !== undefined && command.args.some((arg) => arg.value === '-w')) goEnvCgo = cgoValue(value.slice('CGO_ENABLED='.length));
      }
      if (!collect || !isCall(command, 'go', 'build|install')) continue;
      const prefix = command.assignments.find((a) => a.startsWith('CGO_ENABLED='));
      const env = environmentAt(stage, instruction);
      const cgo =
        cgoValue(prefix?.slice('CGO_ENABLED='.length)) ??
        exported ??
        cgoValue(env.has('CGO_ENABLED') ? env.get('CGO_ENABLED') : undefined) ??
        goEnvCgo ??
        (compilerInstalled ? 'default-on' : 'default-off');
      const ldflags = flagValue(command, '-ldflags') ?? '';
      builds.push({
        instruction,
        command,
        editable: run.editable && !run.execForm,
        output: outputOf(command, directoryOfCommand(workdir, run.commands, command), env),
        cgo,
        musl: isAlpine(root.base),
        staticLink: /-extldflags[= ]+['"]?[^'"]*-static/.test(ldflags),
      });
    }
  };
  for (const member of chain) {
    const dirs = member === stage ? workdirs : [];
    member.instructions.forEach((instruction, i) => scan(instruction, member === stage, dirs[i] ?? null));
  }
  return builds;
}

function outputOf(command: ShellCommand, dir: string | null, env: Map<string, string | null>): GoOutput | null {
  const install = positionalArgs(command)[0]?.value === 'install';
  if (install) {
    const gobin = env.get('GOBIN');
    const gopath = env.get('GOPATH') ?? '/go';
    const path = gobin ? resolvePath(dir, gobin) : gopath ? resolvePath(dir, gopath.split(':')[0] + '/bin') : null;
    return path ? { path, isDirectory: true, namedByPackage: true } : null;
  }
  // Several packages (`./...`) without -o: go build only checks that they compile.
  if (positionalArgs(command, ['-o', '-ldflags', '-gcflags', '-tags', '-C', '-p', '-mod', '-modfile', '-pkgdir', '-toolexec', '-asmflags', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix', '-overlay', '-pgo']).some((word) => word.value.includes('...'))) {
    if (flagValue(command, '-o') === null) return null;
  }
  const out = flagValue(command, '-o');
  if (out === null || out === '') return dir ? { path: dir, isDirectory: true, namedByPackage: true } : null;
  const path = resolvePath(dir, out);
  if (!path) return null;
  return { path, isDirectory: out.endsWith('/'), namedByPackage: false };
}

/** Whether a `COPY --from` source path (relative ones start at the stage's root) takes the build's output. */
function copiesOutput(source: string, output: GoOutput | null): boolean {
  if (!output) return false;
  const path = resolvePath('/', source);
  if (!path) return false;
  if (hasGlob(path)) {
    const pattern = globToRegExp(path);
    if (!output.isDirectory) return pattern.test(output.path);
    // A glob over the output directory, e.g. /go/bin/*.
    return pattern.test(output.path + '/x') || pattern.test(output.path);
  }
  if (isWithin(output.path, path)) return true; // the output itself or a folder holding it
  if (!output.isDirectory || !isWithin(path, output.path)) return false;
  // A file inside the output directory: with names chosen by the package, only extension-less
  // names directly inside are binaries (`/src/server`, not `/src/static/app.css`).
  const rest = path.slice(output.path === '/' ? 1 : output.path.length + 1);
  return !output.namedByPackage || (!rest.includes('/') && !rest.includes('.'));
}
