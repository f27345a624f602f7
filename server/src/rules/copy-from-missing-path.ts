import { replace } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import {
  absolutePath,
  canBeAbsent,
  globFolder,
  lineageSummaries,
  pathExistence,
  stageSummary,
  within,
} from '../analysis/stage-flow';
import { stageLineage } from '../analysis/stage-lineage';
import type { Instruction, Range, Stage } from '../analysis/types';

export const copyFromMissingPath: Rule = {
  meta: {
    id: 'copy-from-missing-path',
    requires: { keywords: ['COPY'], text: ['--from'] },
    // A stage's copies are checked against the stages upstream of it only, so the editor keeps
    // its findings while those stages are unchanged (incremental.ts).
    scope: 'stage',
    category: 'correctness',
    severity: 'error',
    description: '`COPY --from=<stage>` names a path that the stage never creates, so the build fails.',
    fixable: true,
    aliases: [],
    docs: `A \`COPY --from=build /app/dist ./dist\` fails the build ("not found") when the \`build\`
stage never put anything at \`/app/dist\`: its WORKDIR was \`/src\`, the build writes to
\`build/\` rather than \`dist/\`, a relative source path was read from the stage's WORKDIR
(it is read from the stage's root: \`COPY --from=build dist .\` means \`/dist\`), or the
output was written under a \`RUN --mount=type=cache\` target, which is not part of the stage.
The error only shows at the end of a long build; this rule finds it while you type.

**Flagged:** a \`COPY --from\` / \`ADD --from\` source path (in an earlier stage of the file)
that cannot exist there: no instruction of that stage, or of the stages it builds FROM,
creates it or anything above it (COPY/ADD destinations, WORKDIRs, \`mkdir\`, \`go build -o\`,
\`npm ci\` → \`node_modules\`, \`mvn package\` → \`target\`, \`gradle build\` → \`build/libs\`,
\`cargo build --release\` → \`target/release\`, \`pip install --user|--prefix|--target\`,
\`python -m venv\`, \`pip wheel -w\`, \`tsc --outDir\`, \`dotnet publish -o\`), no command of
it may have written there, and its base image cannot have it.

**Not flagged, on purpose (no guessing):** anything a command we cannot follow may have
written (a script, \`make\`, \`curl ... | sh\`, a RUN that mentions the path or uses a variable
without a known value); paths inside folders build tools ran in (\`npm run build\` in \`/src\`
may write \`/src/dist\` or \`/src/build\`); paths a base image may have (\`/usr\`, \`/etc\`,
\`/opt\`, \`/go\`, \`/home\`, ...; and any path when the base is not a well-known image); copies
from images (\`COPY --from=nginx:1.27\`) and paths with unresolved variables. Inside a folder
copied from the build context the rule looks at the context when it is known.

**Fix:** when exactly one path with the same tail is known to exist in that stage (for
example \`/src/dist\` for \`/app/dist\`, because the stage's WORKDIR is \`/src\` and \`tsc\`
writes \`dist\` there), the source path is replaced by it. Otherwise there is no fix.

hadolint and BuildKit do not check what a stage contains.`,
  },
  check({ model, env, report }) {
    for (const stage of model.stages) {
      if (stage.copiesFrom.length === 0 || !stage.instructions.some((instruction) => mayBeAbsentCopy(model, stage, instruction))) continue;
      for (const copy of stageSummary(model, stage, env).copies) {
        if (copy.kind !== 'copy' || !copy.from) continue;
        copy.sources.forEach((source, i) => {
          if (source.path === null || !copy.from || !canBeAbsent(copy.from, source.path)) return;
          const answer = pathExistence(model, copy.from, source.path, env);
          if (answer.result !== 'no') return;
          const from = copy.from;
          const word = copy.instruction.jsonStrings ? null : sourceWords(copy.instruction)[i] ?? null;
          const candidates = candidatesFor(model, env, from, source.path);
          const replacement = candidates.length === 1 && word && !source.written.includes('$') ? candidates[0] + (source.written.endsWith('/') ? '/' : '') : null;
          report({
            range: word?.range ?? copy.instruction.range,
            message: messageFor(model, env, from, source.path, source.written, candidates),
            related: relatedFor(model, env, from, source.path),
            fixTitle: replacement ? `Copy '${replacement}' instead` : undefined,
            fix: replacement && word ? () => [replace(word.range, replacement)] : undefined,
          });
        });
      }
    }
  },
};

/**
 * A cheap look before the stage's summary: a COPY/ADD --from of an earlier stage with a source
 * that could be missing there (variables are resolved by the summary, so they count).
 */
function mayBeAbsentCopy(model: DockerfileModel, stage: Stage, instruction: Instruction): boolean {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  const ref = instruction.flags.find((flag) => flag.name === 'from')?.value;
  const from = ref ? model.stageByRef(ref, stage.index) : null;
  if (!from) return false;
  const words = instruction.jsonStrings ?? instruction.args.map((arg) => arg.value.replace(/^(["'])(.*)\1$/, '$2'));
  return words.slice(0, -1).some((source) => source.includes('$') || canBeAbsent(from, absolutePath('/', source) ?? '/'));
}

/** The COPY's source words (its arguments without the destination). */
function sourceWords(instruction: Instruction): { value: string; range: Range }[] {
  return instruction.args.filter((arg) => arg.value !== '').slice(0, -1);
}

function stageLabel(stage: Stage): string {
  return stage.name ? `'${stage.name}'` : `${stage.index}`;
}

function messageFor(model: DockerfileModel, env: AnalysisEnv, from: Stage, path: string, written: string, candidates: string[]): string {
  const hidden = hiddenOutput(model, env, from, path);
  let why: string;
  if (hidden) {
    why = `'${hidden.created.label}' writes it under the cache mount ${hidden.mount} of its RUN (line ${hidden.created.instruction.range.start.line + 1}), which is not part of the stage`;
  } else {
    const workdirs = knownWorkdirs(model, env, from);
    const relative = !written.startsWith('/') ? `; a relative source is read from the stage's root, not its WORKDIR` : '';
    const workdir = workdirs.length > 0 ? ` (its WORKDIR is ${workdirs[workdirs.length - 1]})` : '';
    why = `no instruction of stage ${stageLabel(from)} or of its base stages creates anything at ${topCreatedFolder(path)}${workdir}${relative}`;
  }
  const fix = candidates.length === 1 ? ` Did you mean '${candidates[0]}'?` : candidates.length > 1 ? ` Candidates: ${candidates.join(', ')}.` : '';
  return `'${path}' does not exist in stage ${stageLabel(from)}, so this COPY fails the build: ${why}.${fix}`;
}

/** The part of the path no instruction touched, for the message (`/app` of `/app/dist`). */
function topCreatedFolder(path: string): string {
  const folder = globFolder(path);
  const parts = folder.split('/').filter(Boolean);
  return parts.length > 0 ? '/' + parts[0] : '/';
}

function hiddenOutput(model: DockerfileModel, env: AnalysisEnv, from: Stage, path: string) {
  for (const summary of lineageSummaries(model, from, env)) {
    const hit = summary.hidden.find((entry) => within(globFolder(path), entry.created.path) || within(entry.created.path, globFolder(path)));
    if (hit) return hit;
  }
  return null;
}

function relatedFor(model: DockerfileModel, env: AnalysisEnv, from: Stage, path: string): { range: Range; message: string }[] {
  const related = [{ range: from.from.range, message: `stage ${stageLabel(from)}` }];
  const hidden = hiddenOutput(model, env, from, path);
  if (hidden) related.push({ range: hidden.created.instruction.range, message: `written under the cache mount ${hidden.mount}` });
  for (const member of stageLineage(from)) {
    for (const instruction of member.instructions) {
      if (instruction.keyword === 'WORKDIR') related.push({ range: instruction.range, message: 'the stage works here' });
    }
  }
  return related;
}

/** Absolute WORKDIRs set in the stage's lineage, in build order. */
function knownWorkdirs(model: DockerfileModel, env: AnalysisEnv, stage: Stage): string[] {
  const found: string[] = [];
  for (const summary of lineageSummaries(model, stage, env).reverse()) {
    for (const entry of summary.created) {
      if (entry.instruction.keyword === 'WORKDIR' && !found.includes(entry.path)) found.push(entry.path);
    }
  }
  return found;
}

/**
 * Paths with the same tail that are known to exist in the stage: the source's last segments
 * under each WORKDIR of the stage (`/app/dist` -> `/src/dist`, a relative `dist` -> `/src/dist`)
 * or under its root (`/usr/bin/app` -> `/app`).
 */
function candidatesFor(model: DockerfileModel, env: AnalysisEnv, stage: Stage, path: string): string[] {
  const workdirs = knownWorkdirs(model, env, stage);
  const roots = [...workdirs].reverse().concat('/');
  const parts = path.split('/').filter(Boolean);
  const tails: string[] = [parts.join('/')];
  // A glob right under a WORKDIR (`*.jar`) would match any folder: keep a folder in the tail.
  for (let k = 1; k < parts.length; k++) if (!(k === parts.length - 1 && /[*?[]/.test(parts[k]))) tails.push(parts.slice(k).join('/'));
  const found: string[] = [];
  for (const root of roots) {
    for (const tail of tails) {
      const candidate = absolutePath(root, tail);
      if (!candidate || candidate === path || found.includes(candidate)) continue;
      // A folder the stage works in is where things are, not the thing itself.
      if (workdirs.some((workdir) => within(workdir, candidate))) continue;
      if (pathExistence(model, stage, candidate, env).result === 'yes') found.push(candidate);
    }
  }
  return found;
}
