import { officialImageName } from '../analysis/base-images';
import { cacheMountCovers } from '../analysis/cache-mounts';
import {
  cacheTargets,
  dependencyInstalls,
  joinPath,
  normalizeRelative,
  resolveManifests,
  runInstalls,
  stageInstalls,
  type DependencyInstall,
  type RunInstalls,
} from '../analysis/dependency-installs';
import { indentationOf, insertLinesBefore, instructionLines, replace } from '../analysis/edits';
import { applicableDockerignore, type AnalysisEnv } from '../analysis/env';
import type { DockerfileModel, RunInfo } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import type { ShellCommand } from '../analysis/shell';
import { visibleEnd } from '../analysis/shell-text';
import { rootStageOf } from '../analysis/stage-lineage';
import { relativeTo, resolvePath, walkStage, type StageState } from '../analysis/stage-state';
import type { Instruction, Range, TextEdit } from '../analysis/types';

/** A COPY or ADD of the whole build context (or of a folder) from which the installs may read. */
interface BroadCopy {
  instruction: Instruction;
  /** Context folder copied: '' for `.`. */
  sourceDir: string;
  /** Whether the source is the whole context (then every later install is busted, wherever it runs). */
  wholeContext: boolean;
  /** Resolved destination folder (see StageState.workdir for the `?` notation). */
  dest: string;
  destText: string;
  /** Flag texts to keep on the manifest COPY (`--chown`, `--chmod`, `--link`); null when another flag forbids a fix. */
  keptFlags: string[] | null;
  /** Only one source: the fix can name the manifests inside it. */
  singleSource: boolean;
  /** The working directory at the copy, where an inserted RUN would run. */
  workdir: string;
}

/** One install that a broad copy invalidates. */
interface BustedInstall {
  run: Instruction;
  info: RunInfo;
  install: DependencyInstall;
  /** Index of the install's command in the RUN. */
  commandIndex: number;
  /** Resolved folder the install reads its manifests from. */
  dir: string;
}

const KEPT_COPY_FLAGS = new Set(['chown', 'chmod', 'link']);
// Variables of a build command that also matter to its download step (proxies, private
// modules); build settings such as CGO_ENABLED or GOARCH do not.
const FETCH_SETTINGS = /^(GOPROXY|GOPRIVATE|GONOPROXY|GONOSUMDB|GOINSECURE|GOFLAGS|GOSUMDB|GIT_[A-Z_]+|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|MAVEN_OPTS|NUGET_[A-Z_]+)=/;
// Instructions that neither read files nor change where a relative COPY lands: the broad copy
// may move below them.
const NEUTRAL_BETWEEN = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'SHELL', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER', 'ONBUILD']);
// Commands that read nothing from the project, so they may run before its sources arrive.
const SOURCE_FREE_COMMANDS = new Set(['cd', 'echo', 'true', 'set', 'export', 'corepack', 'mkdir']);
const SOURCE_FREE_SUBCOMMANDS: Record<string, Set<string>> = {
  npm: new Set(['config', 'cache']),
  yarn: new Set(['config', 'cache']),
  pnpm: new Set(['config', 'store']),
  pip: new Set(['config', 'cache']),
  pip3: new Set(['config', 'cache']),
  bundle: new Set(['config']),
  composer: new Set(['config']),
  poetry: new Set(['config']),
};

export const copyBeforeDeps: Rule = {
  meta: {
    id: 'copy-before-deps',
    requires: { keywords: ['COPY', 'ADD'] },
    scope: 'stage',
    category: 'cache',
    severity: 'warning',
    description: 'Copy the dependency manifests and install before copying the rest of the sources, so a source change does not rerun the install.',
    fixable: true,
    aliases: [],
    docs: `Docker reuses a layer only while every layer before it is unchanged. A \`COPY . .\` brings in
every source file, so when it comes before \`npm ci\`, \`pip install -r requirements.txt\` or
\`go mod download\`, any edit to any file reruns the whole install. Copying only the files the
install reads first keeps the install cached until the dependencies really change.

**Flagged:** a \`COPY\`/\`ADD\` of the whole build context (\`COPY . .\`, \`COPY . /app\`, \`ADD . .\`),
or of a folder that lands where the install runs (\`COPY app/ /app\`), followed in the same
stage by a dependency install: npm/yarn/pnpm install or ci, \`pip install -r\`, \`uv sync\`,
\`uv pip install -r\`, poetry and pipenv install, \`go mod download\` and \`go build\`, Maven
goals, Gradle tasks, \`bundle install\`, \`composer install\`, \`cargo build|fetch\`,
\`dotnet restore|build|publish\`. The finding sits on the copy and points at the installs it
invalidates. A build (\`go build\`, \`mvn package\`, \`cargo build\`, \`gradle build\`), or an install
of the project itself (\`uv sync\` after \`uv sync --no-install-project\`), is not flagged when the
same tool already ran for that folder earlier in the stage (its dependencies were fetched,
for example from bind-mounted manifests), or when a \`--mount=type=cache\` keeps its download
cache.

**Fix, for installs that read only their manifests** (npm, yarn, pnpm, \`pip install -r\`,
\`pipenv\`, \`poetry install --no-root\`, \`uv sync --no-install-project\`, \`bundle install\`,
\`composer install --no-scripts --no-autoloader\`, \`dotnet restore\`, \`go mod download\`,
\`mvn dependency:go-offline\`): the broad copy is replaced by a copy of the manifests to the
same destination (keeping \`--chown\`, \`--chmod\` and \`--link\`), and the broad copy moves to just
after the install. If the install's RUN goes on with commands that need the sources
(\`npm ci && npm run build\`), the RUN is split at that point with \`&&\` semantics kept.

**Fix, for builds with an established download step:** \`go build\` gets \`COPY go.mod go.sum ./\`
and \`RUN go mod download\` before the copy; \`mvn package\` gets \`COPY pom.xml ./\` and
\`RUN mvn -B dependency:go-offline\`; \`dotnet publish\` gets the project file and
\`RUN dotnet restore\`. The build itself stays where it is.

**Which manifests.** With the build context at hand (a saved file), only files that exist are
copied (\`package-lock.json\` or \`npm-shrinkwrap.json\`, \`yarn.lock\`, \`poetry.lock\`, ...), config
files that change the install are added when present (\`.npmrc\`, \`.pnpmfile.cjs\`, \`poetry.toml\`,
\`NuGet.config\`, \`Directory.Packages.props\`, \`global.json\`, requirement files included with
\`-r\`), and the fix is declined when the manifests are not enough: an install script
(\`preinstall\`, \`install\`, \`postinstall\`, \`prepare\`) without \`--ignore-scripts\`, workspaces,
\`file:\`/\`link:\` dependencies, a Gemfile with \`gemspec\` or \`path:\`, a Pipfile or requirements
file installing a local path, a Maven multi-module build, a Go workspace, vendored Go modules
or a \`replace\` to a local folder, Yarn 2+ (\`.yarnrc.yml\`), a pnpm workspace, or a
\`node_modules\`/\`vendor\` folder in the context that \`.dockerignore\` does not exclude (the
moved copy would overwrite the installed one). Without a context (an unsaved file) the fix
assumes the usual layout: the files the command needs are named plainly (\`npm ci\` needs
\`package.json package-lock.json\`), and files it can do without get a trailing \`*\`
(\`yarn.lock*\`), a wildcard that may match nothing without failing the COPY.

**No fix** (the finding stays, with the reason) when the install needs the sources:
\`pip install -e .\`, \`poetry install\` without \`--no-root\`, \`uv sync\` without
\`--no-install-project\`, \`composer install\` with scripts or the autoloader, \`cargo\` (it reads
the crate targets even to fetch; use cargo-chef or a cache mount), Gradle (no reliable
download-only task; use a cache mount, see \`cache-mount\`), Maven through \`./mvnw\` or with
\`-s\`; when something between the copy and the install depends on it (a \`RUN\`, another
\`COPY\`, \`VOLUME\`, a \`WORKDIR\` under a relative destination (a \`RUN\` that only installs
system packages or global tools, such as \`npm install -g npm@11\`, may stay in between), an \`ENV\` the copy's path uses);
when the copy has several sources or flags other than \`--chown\`/\`--chmod\`/\`--link\`; or when the
RUN is split at a \`;\`, \`||\` or a \`cd\` that the rest relies on.

No hadolint or BuildKit check covers this.`,
  },
  check({ model, env, report }) {
    for (const stage of model.stages) {
      // Following the stage's WORKDIR and ENV costs more than finding no install in it.
      if (!stageInstalls(model, stage)) continue;
      const copies: BroadCopy[] = [];
      const busted = new Map<BroadCopy, BustedInstall[]>();
      // Folders whose dependencies were fetched so far: `ecosystem@dir`.
      const fetched = new Set<string>();
      walkStage(model, stage, (instruction, state) => {
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          const copy = readBroadCopy(model, instruction, state);
          if (copy) copies.push(copy);
          return;
        }
        if (instruction.keyword !== 'RUN') return;
        const parsed = runInstalls(model, instruction);
        if (!parsed) return;
        const info = parsed.info;
        forEachInstall(parsed, state.workdir, (install, commandIndex, dir) => {
          const key = install.ecosystem + '@' + dir;
          const alreadyFetched = fetched.has(key);
          fetched.add(key);
          // A build, or an install of the project itself (`uv sync` after `uv sync
          // --no-install-project`), after the dependencies were fetched is the intended layout.
          const buildsProject = install.kind === 'build' || install.needsSource !== null;
          if (buildsProject && (alreadyFetched || coveredByCache(model, instruction, info, install, state))) return;
          const copy = bustingCopy(copies, dir);
          if (!copy) return;
          const list = busted.get(copy) ?? [];
          list.push({ run: instruction, info, install, commandIndex, dir });
          busted.set(copy, list);
        });
      });
      for (const [copy, installs] of busted) reportCopy(model, env, copy, installs, report);
    }
  },
};

function reportCopy(model: DockerfileModel, env: AnalysisEnv, copy: BroadCopy, installs: BustedInstall[], report: Parameters<Rule['check']>[0]['report']): void {
  const first = installs[0];
  const name = commandText(first.install.command);
  const copyText = oneLine(copy.instruction);
  const line = first.run.range.start.line + 1;
  const reason = first.install.needsSource && !first.install.fetchCommand ? ` It cannot be split off here: ${first.install.needsSource}.` : '';
  report({
    range: copy.instruction.range,
    message: `'${copyText}' comes before '${name}' (line ${line}): any change to the copied files reruns the install. Copy the dependency manifests first, install, then copy the rest.${reason}`,
    related: installs.map((busted) => ({
      range: installRange(model, busted),
      message: `'${commandText(busted.install.command)}' reruns whenever a file copied by '${copyText}' changes`,
    })),
    fixTitle: `Copy the ${first.install.ecosystem} manifests and install before '${copyText}'`,
    fix: () => buildFix(model, env, copy, first),
  });
}

// ---------------------------------------------------------------------------------------
// Detection

function readBroadCopy(model: DockerfileModel, instruction: Instruction, state: StageState): BroadCopy | null {
  if (instruction.flags.some((flag) => flag.name === 'from')) return null;
  const words = instruction.jsonStrings ?? instruction.args.map((arg) => arg.value);
  if (words.length < 2 || instruction.heredocs.length > 0) return null;
  const sources = words.slice(0, -1);
  const destText = words[words.length - 1];
  if (instruction.keyword === 'ADD' && sources.some((source) => /^(https?|git):\/\/|^git@|\.git$/.test(source))) return null;
  const folders = sources.filter(isFolderSource);
  if (folders.length === 0) return null;
  const destValue = expandOrNull(destText, state);
  if (destValue === null) return null;
  const sourceDir = normalizeRelative(folders[0]);
  const keptFlags = instruction.flags.every((flag) => KEPT_COPY_FLAGS.has(flag.name)) ? instruction.flags.map((flag) => flagText(model, flag.range)) : null;
  return {
    instruction,
    sourceDir,
    wholeContext: folders.some((folder) => normalizeRelative(folder) === ''),
    dest: resolvePath(state.workdir, destValue),
    destText,
    keptFlags,
    singleSource: sources.length === 1,
    workdir: state.workdir,
  };
}

// Files whose names have no extension, so they are not taken for folders.
const EXTENSIONLESS_FILES = new Set(['LICENSE', 'LICENCE', 'README', 'VERSION', 'CODEOWNERS', 'NOTICE', 'AUTHORS', 'mvnw', 'gradlew']);

/** `.`, `./`, `app/`, `src`: a folder (a name with no extension and no wildcard, or a trailing slash). */
function isFolderSource(source: string): boolean {
  if (source.includes('$') || /[*?[]/.test(source) || source.startsWith('/') || source.startsWith('../')) return false;
  if (normalizeRelative(source) === '') return true;
  if (source.endsWith('/')) return true;
  const last = source.split('/').pop() ?? '';
  // Gemfile, Pipfile, Makefile, Dockerfile, Procfile, Jenkinsfile...
  if (EXTENSIONLESS_FILES.has(last) || /^[A-Z][A-Za-z]*file$/.test(last) || /^[A-Z][A-Z0-9_]*$/.test(last)) return false;
  return !last.includes('.') && /^[\w-]+$/.test(last);
}

function expandOrNull(text: string, state: StageState): string | null {
  if (!text.includes('$')) return text;
  let unresolved = false;
  const value = text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => {
    const current = state.env.get(name);
    if (current === undefined || current === null) unresolved = true;
    return current ?? '';
  });
  return unresolved ? null : value;
}

/** Calls `visit` for each project install or build of the RUN, with the folder it reads. */
function forEachInstall(parsed: RunInstalls, workdir: string, visit: (install: DependencyInstall, index: number, dir: string) => void): void {
  let cwd = workdir;
  parsed.info.commands.forEach((command, index) => {
    if (command.name === 'cd') {
      const target = command.args[0]?.value;
      cwd = target && !target.includes('$') && !target.startsWith('-') ? resolvePath(cwd, target) : `?cd${index}`;
      return;
    }
    const install = parsed.installs[index];
    if (!install || install.kind === 'packages' || install.dir === null) return;
    visit(install, index, resolvePath(cwd, install.dir || '.'));
  });
}

/** The latest broad copy before the install that invalidates it. */
function bustingCopy(copies: BroadCopy[], dir: string): BroadCopy | null {
  for (let i = copies.length - 1; i >= 0; i--) {
    const copy = copies[i];
    if (copy.wholeContext || relativeTo(copy.dest, dir) !== null) return copy;
  }
  return null;
}

/** A build whose download cache is mounted loses nothing when it reruns. */
function coveredByCache(model: DockerfileModel, run: Instruction, info: RunInfo, install: DependencyInstall, state: StageState): boolean {
  if (!info.mounts.some((mount) => mount.type === 'cache')) return false;
  const stage = model.stageOf(run);
  const image = stage ? officialImageName(rootStageOf(stage).base) : null;
  const targets = cacheTargets(install, (name) => state.env.get(name), image);
  return targets === null || cacheMountCovers(info, ...targets.map((t) => t.target));
}

// ---------------------------------------------------------------------------------------
// Fix

function buildFix(model: DockerfileModel, env: AnalysisEnv, copy: BroadCopy, busted: BustedInstall): TextEdit[] | null {
  const { install } = busted;
  if (!copy.keptFlags || !copy.singleSource) return null;
  const relative = relativeTo(copy.dest, busted.dir);
  if (relative === null) return null;
  if (install.needsSource && !install.fetchCommand) return null;
  const contextDir = joinPath(copy.sourceDir, relative);
  const manifests = resolveManifests(install, env.context, contextDir);
  if (!manifests.ok) return null;
  if (env.context && install.outputDir && contextHasUnignored(env, joinPath(contextDir, install.outputDir))) return null;
  const manifestCopies = manifestCopyLines(copy, relative, manifests.files);
  if (!manifestCopies) return null;
  if (install.needsSource) return fetchFirstFix(model, copy, busted, relative, manifestCopies);
  return moveCopyBelowFix(model, copy, busted, manifestCopies);
}

/** `COPY [flags] <files> <dest>/` lines, one per destination folder. */
function manifestCopyLines(copy: BroadCopy, relative: string, files: string[]): string[] | null {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const path = joinPath(relative, file);
    if (path.startsWith('..') || file.startsWith('/')) return null;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const source = joinPath(copy.sourceDir, path);
    if (/[\s"'\\]/.test(source)) return null;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), source]);
  }
  const destBase = normalizeRelative(copy.destText) === '' && !copy.destText.startsWith('/') ? '' : copy.destText.replace(/\/+$/, '');
  const flags = copy.keptFlags!.map((flag) => flag + ' ').join('');
  return [...byFolder].map(([folder, sources]) => {
    const dest = destBase === '' ? (folder ? folder + '/' : './') : `${destBase}/${folder ? folder + '/' : ''}`;
    return `COPY ${flags}${sources.join(' ')} ${dest}`;
  });
}

/** Manifests-only install: manifests replace the broad copy, which moves below the install. */
function moveCopyBelowFix(model: DockerfileModel, copy: BroadCopy, busted: BustedInstall, manifestCopies: string[]): TextEdit[] | null {
  const { run, info } = busted;
  const destIsAbsolute = copy.destText.startsWith('/') && !copy.destText.includes('$');
  for (let i = copy.instruction.index + 1; i < run.index; i++) {
    const between = model.instructions[i];
    if (between.keyword === 'WORKDIR' && destIsAbsolute) continue;
    if (between.keyword === 'RUN' && installsToolsOnly(model.run(between))) continue;
    if (!NEUTRAL_BETWEEN.has(between.keyword)) return null;
    if ((between.keyword === 'ENV' || between.keyword === 'ARG') && copy.instruction.text.includes('$')) return null;
  }
  const split = splitPoint(info.commands, copy, busted);
  if (split === null) return null;
  const indent = indentationOf(model, copy.instruction);
  const eol = model.index.eol;
  const copyText = instructionLines(model, copy.instruction).replace(/^[ \t]*/, '');
  const edits: TextEdit[] = [replace(lineRange(model, copy.instruction), manifestCopies.map((line, i) => (i === 0 ? '' : indent) + line).join(eol))];
  if (split === info.commands.length) {
    const runEnd = model.index.positionAt(model.index.lineEnd(run.range.end.line));
    edits.push(replace({ start: runEnd, end: runEnd }, eol + indentationOf(model, run) + copyText));
  } else {
    if (!info.editable || info.execForm) return null;
    const last = info.commands[split - 1];
    const next = info.commands[split];
    const runIndent = indentationOf(model, run);
    const flags = run.flags.map((flag) => flagText(model, flag.range) + ' ').join('');
    edits.push(replace(model.rangeIn(run, visibleEnd(run.text, last.end, model.escapeChar), next.start), `${eol}${runIndent}${copyText}${eol}${runIndent}${run.keywordText} ${flags}`));
  }
  return edits;
}

/**
 * How many leading commands of the RUN can run before the sources arrive: every project
 * install from this copy, plus commands that read nothing from the project. Returns null when
 * the RUN cannot be split there (an install of this copy in the rest, a `cd` the rest relies
 * on, or a connector other than `&&` at the cut).
 */
function splitPoint(commands: ShellCommand[], copy: BroadCopy, busted: BustedInstall): number | null {
  let end = 0;
  let sawInstall = false;
  let sawCd = false;
  for (; end < commands.length; end++) {
    const command = commands[end];
    const install = dependencyInstalls([command])[0];
    if (install && install.kind === 'project' && !install.needsSource) {
      sawInstall = true;
      continue;
    }
    if (install?.kind === 'packages' || isSourceFree(command)) {
      if (command.name === 'cd') sawCd = true;
      continue;
    }
    break;
  }
  if (!sawInstall || end <= busted.commandIndex) return null;
  if (end === commands.length) return end;
  if (sawCd) return null;
  for (let i = 0; i < end; i++) if (commands[i].connector !== '&&') return null;
  // An install left in the rest would still be invalidated by the copy; a build is fine when
  // the moved part fetched its dependencies (`go mod download && go build`).
  const fetchedEcosystems = new Set(commands.slice(0, end).map((command) => dependencyInstalls([command])[0]?.ecosystem));
  for (let i = end; i < commands.length; i++) {
    const install = dependencyInstalls([commands[i]])[0];
    if (!install || install.kind === 'packages' || install.dir === null) continue;
    if (install.kind === 'project' || !fetchedEcosystems.has(install.ecosystem)) return null;
  }
  return end;
}

/** A RUN that only installs system packages or global tools (`npm install -g npm@11`) reads no source. */
function installsToolsOnly(info: RunInfo): boolean {
  return (
    info.commands.length > 0 &&
    info.commands.every((command) => dependencyInstalls([command])[0]?.kind === 'packages' || (command.name !== 'echo' && command.name !== 'mkdir' && isSourceFree(command)))
  );
}

function isSourceFree(command: ShellCommand): boolean {
  if (SOURCE_FREE_COMMANDS.has(command.name)) return true;
  const sub = command.args.find((arg) => !arg.value.startsWith('-'))?.value ?? '';
  return SOURCE_FREE_SUBCOMMANDS[command.name]?.has(sub) ?? false;
}

/** A build: fetch its dependencies from the manifests before the broad copy; the build stays. */
function fetchFirstFix(model: DockerfileModel, copy: BroadCopy, busted: BustedInstall, relative: string, manifestCopies: string[]): TextEdit[] | null {
  // The inserted RUN runs where the copy is: that must be the folder the build runs in.
  if (relative !== '' || copy.workdir !== busted.dir) return null;
  const { run, install } = busted;
  const flags = run.flags.map((flag) => flagText(model, flag.range) + ' ').join('');
  const assignments = install.command.assignments.filter((a) => FETCH_SETTINGS.test(a) && !/[\s$]/.test(a)).map((a) => a + ' ').join('');
  const fetch = `${run.keywordText} ${flags}${assignments}${install.fetchCommand}`;
  return [insertLinesBefore(model, copy.instruction, [...manifestCopies, fetch])];
}

/** With a context: whether it holds `path` and the .dockerignore does not exclude it. */
function contextHasUnignored(env: AnalysisEnv, path: string): boolean {
  if (!env.context?.exists(path)) return false;
  const ignoreFile = applicableDockerignore(env);
  const text = ignoreFile ? env.context.readText(ignoreFile) ?? '' : '';
  let ignored = false;
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    line = line.replace(/^(\.?\/)+/, '').replace(/(\/\*\*|\/)+$/, '');
    const matches = line === path || line === '**/' + path.split('/').pop() || (line.startsWith('**/') && line.slice(3) === path.split('/').pop()) || line === '*' || line === '**';
    if (matches) ignored = !negated;
  }
  return !ignored;
}

// ---------------------------------------------------------------------------------------
// Text helpers

function flagText(model: DockerfileModel, range: Range): string {
  return model.text.slice(model.index.offsetAt(range.start), model.index.offsetAt(range.end));
}

/** From the start of the instruction's first line to the end of its last line. */
function lineRange(model: DockerfileModel, instruction: Instruction): Range {
  const endLine = instruction.range.end.line;
  return {
    start: { line: instruction.range.start.line, character: indentationOf(model, instruction).length },
    end: { line: endLine, character: model.index.lineEnd(endLine) - model.index.lineStarts[endLine] },
  };
}

function installRange(model: DockerfileModel, busted: BustedInstall): Range {
  const command = busted.install.command;
  if (!busted.info.editable || command.start < 0) return busted.run.range;
  return model.rangeIn(busted.run, command.start, command.end);
}

function commandText(command: ShellCommand): string {
  const words = command.nameWord ? [command.nameWord, ...command.args] : command.args;
  const text = words.map((word) => word.value).join(' ');
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

function oneLine(instruction: Instruction): string {
  const text = instruction.text.replace(/\\\r?\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}
