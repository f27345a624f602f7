import { officialImageName } from '../analysis/base-images';
import { parseDockerignore } from '../analysis/build-context';
import { normalizeRelative } from '../analysis/dependency-installs';
import { buildStepOf, type BuildStep } from '../analysis/ecosystem';
import { applicableDockerignore, type AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import { packageJsonIn, scriptTools } from '../analysis/node-projects';
import type { Rule } from '../analysis/rule';
import { absolutePath, endWorkdir, entryCommandOf, stageSummary, within, type StageCopy } from '../analysis/stage-flow';
import { stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Stage } from '../analysis/types';

// Ecosystems whose build output runs without the sources.
const COMPILED = new Set(['go', 'rust', 'maven', 'gradle', 'java', 'dotnet', 'c']);
// Runtimes that run sources: a COPY . there is usually the application itself.
const INTERPRETER_IMAGES = new Set(['python', 'pypy', 'ruby', 'php', 'perl', 'node', 'bun', 'deno', 'oven/bun', 'denoland/deno', 'elixir', 'erlang', 'julia', 'r-base']);
// Wrappers that start the real command.
const WRAPPERS = /(^|\/)(tini|dumb-init|su-exec|gosu|catatonit|s6-svscan|entrypoint\.sh|docker-entrypoint\.sh|sh|bash|exec)$/;

interface Compile {
  stage: Stage;
  instruction: Instruction;
  step: BuildStep;
}

export const sourceInFinal: Rule = {
  meta: {
    id: 'source-in-final',
    category: 'size',
    severity: 'warning',
    description: 'A multi-stage build compiles the app in an earlier stage, and the final stage still copies the whole build context next to the artifacts.',
    fixable: false,
    aliases: [],
    requires: { keywords: ['COPY', 'ADD'], text: ['--from', 'from='] },
    docs: `The point of a builder stage is that the runtime image gets the artifacts only. A
\`COPY . .\` in the final stage brings the sources, tests, build scripts and anything else in
the build context (often \`.git\` and local configuration) back in: more size, files that may
hold secrets, and a layer that changes with every commit.

**Flagged:** \`COPY .\` / \`ADD .\` (the whole build context) in the final stage when an
earlier stage that the final stage copies from compiles the application (\`go build\`,
\`cargo build\`, \`mvn package\`, \`gradle build\`, \`dotnet publish\`, \`make\`/\`gcc\`, or \`tsc\`)
and the final stage's ENTRYPOINT/CMD runs what it copied from there (the binary, \`java -jar\`
the jar, \`dotnet\` the dll, \`node\` a file in the compiled output).

**Not flagged:** final stages on an interpreter image (\`python\`, \`ruby\`, \`php\`, and \`node\`
unless the build is \`tsc\`): there the sources usually are the application and the builder
made something else (assets, a helper binary); a final stage whose command does not run the
copied artifact; a build context that \`.dockerignore\` reduces to an allowlist (\`*\` first).

**No automatic fix:** which files the application reads at run time (templates, static
files, configuration) cannot be known from the Dockerfile. Replace the \`COPY .\` by copies of
exactly those, next to the artifact.

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final || final.copiesFrom.length === 0) return;
    const contextCopies = final.instructions.filter((instruction) => copiesWholeContext(instruction));
    if (contextCopies.length === 0 || interpreterRuntime(final) === 'interpreter' || allowlistIgnore(env)) return;
    const summary = stageSummary(model, final, env);
    const artifactCopies = summary.copies.filter((copy) => copy.kind === 'copy' && copy.from !== null);
    const compiles = new Map<Stage, Compile>();
    for (const copy of artifactCopies) {
      if (!copy.from || compiles.has(copy.from)) continue;
      const compile = compileIn(model, env, copy.from, interpreterRuntime(final) === 'node');
      if (compile) compiles.set(copy.from, compile);
    }
    const fromCompiling = artifactCopies.filter((copy) => copy.from && compiles.has(copy.from));
    if (fromCompiling.length === 0) return;
    const ran = copiedArtifactRun(model, env, final, fromCompiling);
    if (!ran) return;
    const compile = compiles.get(ran.from!)!;
    for (const instruction of contextCopies) {
      report({
        range: instruction.range,
        message:
          `The final stage copies the whole build context (sources, tests, build files) although stage ${compile.stage.name ? `'${compile.stage.name}'` : compile.stage.index} ` +
          `compiles the application ('${compile.step.label}', line ${compile.instruction.range.start.line + 1}) and this stage runs what it copies from there. ` +
          `Copy only the artifacts and the files the application reads at run time.`,
        related: [
          { range: compile.instruction.range, message: `compiles with '${compile.step.label}'` },
          { range: ran.instruction.range, message: 'copies the artifact' },
        ],
      });
    }
  },
};

/** `COPY . .`, `COPY ./ /app/`, `ADD . /src`: the whole build context. */
function copiesWholeContext(instruction: Instruction): boolean {
  if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from')) return false;
  const words = instruction.jsonStrings ?? instruction.args.map((arg) => arg.value.replace(/^(["'])(.*)\1$/, '$2'));
  return words.length >= 2 && words.slice(0, -1).some((source) => !source.includes('$') && normalizeRelative(source) === '');
}

/** `interpreter` for images that run sources, `node` for node images, else null. */
function interpreterRuntime(stage: Stage): 'interpreter' | 'node' | null {
  const lineage = stageLineage(stage);
  const root = lineage[lineage.length - 1];
  if (root.isScratch) return null;
  const name = officialImageName(root.base) ?? root.base.name;
  if (name === 'node' || /distroless\/nodejs/.test(root.base.name)) return 'node';
  return INTERPRETER_IMAGES.has(name) || /distroless\/python/.test(root.base.name) ? 'interpreter' : null;
}

/** A .dockerignore that excludes everything and lists what to keep. */
function allowlistIgnore(env: AnalysisEnv): boolean {
  const file = applicableDockerignore(env);
  const text = file === null ? undefined : env.context?.readText(file);
  if (text === undefined) return false;
  const patterns = parseDockerignore(text);
  return patterns[0] === '*' || patterns[0] === '**' || patterns[0] === '**/*';
}

/** The compile step of the stage's lineage, in an ecosystem whose output runs without sources. */
function compileIn(model: DockerfileModel, env: AnalysisEnv, stage: Stage, nodeRuntime: boolean): Compile | null {
  for (const member of stageLineage(stage)) {
    for (let i = member.instructions.length - 1; i >= 0; i--) {
      const instruction = member.instructions[i];
      if (instruction.keyword !== 'RUN') continue;
      for (const command of model.run(instruction).commands) {
        const step = buildStepOf(command);
        if (!step) continue;
        if (COMPILED.has(step.ecosystem) && !nodeRuntime) return { stage: member, instruction, step };
        if (step.ecosystem === 'node' && nodeRuntime && compilesTypeScript(model, env, member, instruction, step)) return { stage: member, instruction, step };
      }
    }
  }
  return null;
}

/** `tsc`, or a build script that only runs tsc (read from the build context). */
function compilesTypeScript(model: DockerfileModel, env: AnalysisEnv, stage: Stage, instruction: Instruction, step: BuildStep): boolean {
  if (step.label === 'tsc') return true;
  const script = /run (\S+)$/.exec(step.label)?.[1];
  const run = stageSummary(model, stage, env).nodeScripts.find((candidate) => candidate.instruction === instruction && candidate.script === script);
  if (!script || !run || run.dir === null) return false;
  const pkg = packageJsonIn(model, stage, run.dir, env);
  const tools = pkg ? scriptTools(pkg, script) : [];
  return tools.length > 0 && tools.every((found) => found.tool === 'tsc');
}

/** The copy whose artifact the container's command runs, or null when the command runs something else. */
function copiedArtifactRun(model: DockerfileModel, env: AnalysisEnv, final: Stage, copies: StageCopy[]): StageCopy | null {
  const entry = entryCommandOf(final);
  if (!entry) return null;
  const workdir = endWorkdir(model, final, env);
  const words = entry.words.filter((word) => word !== '' && !word.startsWith('-') && !WRAPPERS.test(word));
  for (const [i, word] of words.entries()) {
    // The program without a slash is looked up on PATH; its arguments are paths from the WORKDIR.
    const path = i === 0 && !word.includes('/') ? null : absolutePath(workdir, word);
    for (const copy of copies) {
      const destination = copy.destination;
      if (!destination) continue;
      if (path !== null && within(path, destination)) return copy;
      if (path === null && isOnPath(destination) && (destination.endsWith('/' + word) || copy.sources.some((source) => source.path?.split('/').pop() === word))) return copy;
    }
  }
  return null;
}

function isOnPath(path: string): boolean {
  return ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'].some((dir) => within(path, dir));
}
