// Go builds in a stage: where each `go build`/`go install` writes its binary and whether cgo
// is on for it (prefix, `export`, ENV/ARG along the stage chain, `go env -w`, or the default,
// which depends on a C compiler being present). Shared by the go-static and single-stage rules.
import { flagValue, isCall, positionalArgs } from './commands';
import { insertAt, insertLinesBefore } from './edits';
import { installedPackages, isAlpine, toolchainOfPackage } from './ecosystem';
import type { DockerfileModel } from './model';
import type { ShellCommand } from './shell';
import { directoryOfCommand, finalWorkdirOf, globToRegExp, hasGlob, isWithin, resolvePath, workdirsOf } from './stage-paths';
import type { Instruction, Stage, TextEdit } from './types';

/** Whether cgo is on for a build: set to 1, set to 0, unknown (a variable, an ARG without default), or on by default. */
export type CgoState = 'on' | 'off' | 'unknown' | 'default-on' | 'default-off';

/** Where a `go build`/`go install` writes: a file, or a directory of binaries with unknown names. */
export interface GoOutput {
  path: string;
  isDirectory: boolean;
  /** `go build` without -o and `go install` name the binary after the package: an extension-less name. */
  namedByPackage: boolean;
}

export interface GoBuild {
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

/** Edits that turn cgo off for one build: a `CGO_ENABLED=0 ` prefix, or an ENV line above an exec-form RUN. */
export function disableCgo(model: DockerfileModel, build: GoBuild): TextEdit[] {
  const { instruction, command } = build;
  if (!build.editable) return [insertLinesBefore(model, instruction, ['ENV CGO_ENABLED=0'])];
  // `sudo` resets the environment and `env` takes assignments: the prefix goes after them.
  const wrapped = command.words.some((word) => word !== command.nameWord && /(^|\/)(sudo|env)$/.test(word.value));
  const at = wrapped && command.nameWord ? command.nameWord.start : command.start;
  return [insertAt(model, model.startOffsetOf(instruction) + at, 'CGO_ENABLED=0 ')];
}

/** The stage whose base is an image (following `FROM <stage>`). */
export function rootOf(stage: Stage): Stage {
  let current = stage;
  for (let depth = 0; current.baseStage && depth < 100; depth++) current = current.baseStage;
  return current;
}

/** Stages from the root to `stage` (the chain of `FROM <stage>`). */
export function chainOf(stage: Stage): Stage[] {
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
export function environmentAt(stage: Stage, before: Instruction): Map<string, string | null> {
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

export function goBuildsOf(model: DockerfileModel, stage: Stage): GoBuild[] {
  // Builds are collected from the stage's own RUNs only: without `go` in one, there are none.
  if (!stage.instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.text.includes('go'))) return [];
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
export function copiesOutput(source: string, output: GoOutput | null): boolean {
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
