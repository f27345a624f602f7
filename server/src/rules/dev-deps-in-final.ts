import { positionalArgs } from '../analysis/commands';
import { insertAt, insertLinesAfter } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import {
  devOnlyProvider,
  nodeEventsOf,
  nodeModulesOrigin,
  nodeModulesPaths,
  nodeModulesState,
  npmKnowsOmit,
  packageJsonIn,
  scriptTools,
  type NodeModulesOrigin,
  type PackageJson,
} from '../analysis/node-projects';
import type { Rule } from '../analysis/rule';
import { endWorkdir, entryCommandOf, lineageSummaries, stageSummary, stagesReachingFinal, usesOf, type EntryCommand, type NodeInstall } from '../analysis/stage-flow';
import type { Range, Stage, TextEdit } from '../analysis/types';

// A project install (not `npm install -g`, `yarn --version`): cheap to test on the text, so
// stages without one are not summarized at all.
const PROJECT_INSTALL = /\b(npm|pnpm)\s+(ci|clean-install|install|i|add)\b(?![^&;|\n]*\s(-g|--global)\b)|\byarn(\s+install)?\s*($|&&|;|\||--(?!version|help))/m;
const NPM_VALUE_FLAGS = ['--prefix', '--cache', '--registry', '-w', '--workspace', '--omit', '--include', '--only', '--loglevel', '--userconfig', '--tag'];
// Images for development, tests or debugging are meant to have dev dependencies.
const DEV_IMAGE_PATH = /(^|[\\/._-])(\.?devcontainer|dev|development|debug|tests?|e2e|ci|tilt|local)([\\/._-]|$)/i;
// Commands that need dev dependencies at run time: dev servers, watchers, test runners.
const DEV_COMMAND = /(^|\s|\/)(nodemon|ts-node(-dev)?|tsx|vite|webpack-dev-server|webpack\s+serve|next\s+dev|nuxt\s+dev|ng\s+serve|react-scripts\s+start|jest|mocha|vitest|karma|cypress|playwright|concurrently|nest\s+start|(npm|yarn|pnpm)(\s+run)?\s+(dev|test|watch|serve|start:dev|develop|e2e)\b)/;

export const devDepsInFinal: Rule = {
  meta: {
    id: 'dev-deps-in-final',
    category: 'size',
    severity: 'warning',
    description: 'The final image gets a node_modules folder with every dev dependency (compilers, linters, test runners).',
    fixable: true,
    aliases: [],
    requires: { keywords: ['RUN'], text: ['npm', 'yarn'] },
    // Found from the final stage and what reaches it (the stages upstream of it), so the editor
    // keeps its findings while those stages are unchanged (incremental.ts).
    scope: 'stage',
    docs: `\`npm ci\` installs \`devDependencies\` too: TypeScript, bundlers, linters, test frameworks,
often more than half of \`node_modules\`. A runtime needs none of them; they make the image
bigger and bring packages to patch. Multi-stage builds install everything in a builder, which
is right, and then copy that \`node_modules\` into the runtime stage, which is not.

**Flagged:** in the final stage (or the stages it builds FROM), an \`npm|yarn|pnpm\` project
install that keeps dev dependencies (no \`--omit=dev\`, \`--production\`, \`--prod\`, no
\`NODE_ENV=production\`) with no prune or removal after it; and a \`COPY --from\` that brings
such a \`node_modules\` (the folder itself or a folder above it, followed through stages that
copy it on) from another stage. With the build context, a package.json without
\`devDependencies\` is not flagged.

**Not flagged:** images meant for development or tests (a path like \`Dockerfile.dev\`,
\`.devcontainer/\`, a CMD that runs \`nodemon\`, \`ts-node\`, \`vite\`, \`npm run dev\`,
\`npm test\`, ...; a path with a \`dev\`, \`debug\`, \`test\`, \`ci\`, \`local\` or \`tilt\` part), a start
script that needs a devDependency (with the build context; without it, a container that
starts through \`npm start\` or another script is not flagged, since the script may need one), a
final stage that builds after its install (the \`single-stage\` rule covers that), and an
install whose NODE_ENV is a variable. A prune in a later layer is accepted, although the
layer that installed keeps the bytes.

**Fix** (npm 7+):
- an install in the final stage gets \`--omit=dev\`, when what the container runs is known
  not to need dev dependencies (\`node <file>\`, or a start script that is plain \`node\`);
- a copied \`node_modules\` is pruned at the end of the stage it comes from
  (\`RUN npm prune --omit=dev\`), when that stage works in the project folder and no other stage
  builds FROM it or copies from it (they may need the dev dependencies).

A deps stage with \`npm ci --omit=dev\`, copied instead of the builder's folder, does the same
and is worth doing by hand for large projects: the production install then caches on its own.

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final || (env.dockerfilePath && DEV_IMAGE_PATH.test(env.dockerfilePath))) return;
    // Cheap first: no package manager in the final image's stages or in those it copies from.
    const involved = stagesReachingFinal(model);
    if (![...involved].some((stage) => stage.instructions.some((instruction) => instruction.keyword === 'RUN' && PROJECT_INSTALL.test(instruction.text)))) return;
    const entry = entryCommandOf(final);
    if (entry && DEV_COMMAND.test(entry.words.join(' '))) return;
    const finalEnv = stageSummary(model, final, env).end.env;
    if (finalEnv.get('NODE_ENV') === 'development' || finalEnv.get('NODE_ENV') === 'test') return;
    checkInstalls(model, env, final, entry, report);
    checkCopies(model, env, final, entry, report);
  },
};

type Report = Parameters<Rule['check']>[0]['report'];

/** An install in the final image that keeps dev dependencies. */
function checkInstalls(model: DockerfileModel, env: AnalysisEnv, final: Stage, entry: EntryCommand | null, report: Report): void {
  const events = nodeEventsOf(model, final, env);
  const dirs = new Set(events.filter((event) => event.kind === 'install').map((event) => (event.kind === 'install' ? event.install.dir : null)));
  for (const dir of dirs) {
    if (dir === null) continue;
    const state = nodeModulesState(events, dir);
    if (state.dev !== 'included' || !state.install) continue;
    const install = state.install;
    const at = events.findIndex((event) => event.kind === 'install' && event.install === install);
    // Building after the install needs the dev dependencies; single-stage reports the build.
    if (events.slice(at + 1).some((event) => event.kind === 'script' && event.run.dir === dir)) continue;
    const pkg = packageJsonIn(model, final, dir, env);
    if (pkg && Object.keys(pkg.devDependencies).length === 0) continue;
    if (pkg && entryNeedsDev(pkg, entry)) continue;
    // `npm start` may run a dev server or ts-node: without package.json we do not know.
    if (!pkg && entryScript(entry) !== null) continue;
    const fixable = install.manager === 'npm' && model.stageOf(install.instruction) === final && npmKnowsOmit(final) && entryIsPlainNode(pkg, entry);
    report({
      range: commandRange(model, install),
      message:
        `'${label(install)}' installs dev dependencies into ${dir === '/' ? '' : dir}/node_modules of the final image, and nothing prunes them. ` +
        `Install only production dependencies (${install.manager === 'npm' ? '--omit=dev' : install.manager === 'yarn' ? '--production' : '--prod'}).`,
      fixTitle: 'Install production dependencies only (--omit=dev)',
      fix: fixable ? () => omitDev(model, install) : undefined,
    });
  }
}

/** A `COPY --from` that brings a node_modules with dev dependencies into the final image. */
function checkCopies(model: DockerfileModel, env: AnalysisEnv, final: Stage, entry: EntryCommand | null, report: Report): void {
  for (const summary of lineageSummaries(model, final, env)) {
    for (const copy of summary.copies) {
      if (copy.kind !== 'copy' || !copy.from) continue;
      const from = copy.from;
      const modules = nodeModulesPaths(model, from, env);
      copy.sources.forEach((source, i) => {
        const path = source.path;
        if (path === null || /[*?[]/.test(path)) return;
        for (const modulesPath of modules) {
          if (!(modulesPath === path || modulesPath.startsWith(path === '/' ? '/' : path + '/'))) continue;
          const origin = nodeModulesOrigin(model, from, modulesPath, env);
          if (!origin || origin.dev !== 'included') continue;
          const pkg = packageJsonIn(model, origin.stage, origin.dir, env);
          if (pkg && (Object.keys(pkg.devDependencies).length === 0 || entryNeedsDev(pkg, entry))) continue;
          if (!pkg && entryScript(entry) !== null) continue;
          // Pruned in the final image after the copy (the copy's layer still has them).
          const finalEvents = nodeEventsOf(model, final, env);
          if (finalEvents.some((event) => event.kind === 'prune' && event.prune.instruction.index > copy.instruction.index)) continue;
          const word = copy.instruction.jsonStrings ? null : copy.instruction.args.filter((arg) => arg.value !== '').slice(0, -1)[i];
          report({
            range: word?.range ?? copy.instruction.range,
            message:
              `This copies ${modulesPath} from stage ${from.name ? `'${from.name}'` : from.index}, installed with dev dependencies by '${label(origin.install)}' ` +
              `(line ${origin.install.instruction.range.start.line + 1}${origin.stage !== from ? `, stage ${origin.stage.name ?? origin.stage.index}` : ''}), into the final image. ` +
              `Prune it (npm prune --omit=dev) before copying, or copy from a stage that installs with --omit=dev.`,
            related: [{ range: origin.install.instruction.range, message: 'installs dev dependencies' }],
            fixTitle: `Prune dev dependencies at the end of stage ${from.name ?? from.index}`,
            fix: () => pruneAtEnd(model, env, from, origin, final),
          });
          return;
        }
      });
    }
  }
}

function label(install: NodeInstall): string {
  return install.command.words.map((word) => word.value).join(' ');
}

function commandRange(model: DockerfileModel, install: NodeInstall): Range {
  const command = install.command;
  return command.start >= 0 ? model.rangeIn(install.instruction, command.start, command.end) : install.instruction.range;
}

/** The script name an entry runs with npm/yarn/pnpm (`npm start` -> start), or null. */
function entryScript(entry: EntryCommand | null): string | null {
  if (!entry) return null;
  const words = entry.words;
  const at = words.findIndex((word) => /(^|\/)(npm|yarn|pnpm)$/.test(word));
  if (at === -1) return null;
  const next = words[at + 1];
  if (next === 'run' || next === 'run-script') return words[at + 2] ?? null;
  return next ?? null;
}

/** Whether the container's command runs a script whose tools are dev dependencies. */
function entryNeedsDev(pkg: PackageJson, entry: EntryCommand | null): boolean {
  const script = entryScript(entry);
  return script !== null && scriptTools(pkg, script).some((found) => devOnlyProvider(pkg, found.tool) !== null);
}

/** `node <file>` (exec or shell form), or a start script that is plain `node`: no dev dependency needed. */
function entryIsPlainNode(pkg: PackageJson | null, entry: EntryCommand | null): boolean {
  if (!entry) return true;
  const program = entry.words[0]?.replace(/^.*\//, '');
  if (program === 'node' && entry.words.length > 1) return true;
  const script = entryScript(entry);
  if (script === null || !pkg) return false;
  const text = pkg.scripts[script];
  return typeof text === 'string' && /^node\s+[^;&|`$]+$/.test(text.trim());
}

/** `npm ci` -> `npm ci --omit=dev`. */
function omitDev(model: DockerfileModel, install: NodeInstall): TextEdit[] | null {
  const info = model.run(install.instruction);
  if (!info.editable || info.execForm) return null;
  const sub = positionalArgs(install.command, NPM_VALUE_FLAGS)[0];
  if (!sub || sub.start < 0) return null;
  return [insertAt(model, model.startOffsetOf(install.instruction) + sub.end, ' --omit=dev')];
}

/** `RUN npm prune --omit=dev` after the last instruction of the stage the folder is copied from. */
function pruneAtEnd(model: DockerfileModel, env: AnalysisEnv, from: Stage, origin: NodeModulesOrigin, final: Stage): TextEdit[] | null {
  if (from === final || origin.install.manager !== 'npm' || !npmKnowsOmit(from)) return null;
  if (endWorkdir(model, from, env) !== origin.dir) return null;
  // The install ran in this stage chain (so package.json is there), as the user the prune runs as.
  let chain: Stage | null = from;
  while (chain && chain !== origin.stage) chain = chain.baseStage;
  if (!chain) return null;
  const installSummary = stageSummary(model, origin.stage, env);
  const installUser = installSummary.users[origin.stage.instructions.indexOf(origin.install.instruction)];
  if (stageSummary(model, from, env).end.user !== installUser) return null;
  // Other readers of the stage may need the dev dependencies (tests, a build FROM it).
  const finalLineage = new Set<Stage>();
  for (let current: Stage | null = final; current; current = current.baseStage) finalLineage.add(current);
  if (usesOf(model, from, env).some((use) => use.how === 'from' || !finalLineage.has(use.stage))) return null;
  const last = from.instructions[from.instructions.length - 1];
  if (!last || last.heredocs.length > 0) return null;
  return [insertLinesAfter(model, last, ['RUN npm prune --omit=dev'])];
}
