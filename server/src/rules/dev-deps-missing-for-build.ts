import { positionalArgs } from '../analysis/commands';
import { insertAt, insertLinesAfter } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import {
  devOnlyProvider,
  installedGlobally,
  nodeEventsOf,
  nodeModulesReachFinal,
  nodeModulesState,
  npmKnowsOmit,
  packageJsonIn,
  packagesProviding,
  scriptTools,
  type NodeEvent,
} from '../analysis/node-projects';
import type { Rule } from '../analysis/rule';
import { appendCommandToRun } from '../analysis/run-script';
import { stageSummary, stagesReachingFinal, type NodeInstall, type NodeScriptRun } from '../analysis/stage-flow';
import type { Range, Stage, TextEdit } from '../analysis/types';

const NPM_VALUE_FLAGS = ['--prefix', '--cache', '--registry', '-w', '--workspace', '--omit', '--include', '--only', '--loglevel', '--userconfig', '--tag'];

export const devDepsMissingForBuild: Rule = {
  meta: {
    id: 'dev-deps-missing-for-build',
    category: 'correctness',
    severity: 'error',
    description: 'A build script runs a tool from devDependencies after an install that left dev dependencies out, so the build fails.',
    fixable: true,
    aliases: [],
    requires: { keywords: ['RUN'], text: ['npm', 'yarn'] },
    docs: `\`npm ci --omit=dev\` (or \`--only=production\`, \`--production\`, or \`NODE_ENV=production\` set
before the install) leaves out everything in \`devDependencies\`, and build tools live there:
\`typescript\` for \`tsc\`, \`vite\`, \`webpack\`, \`@nestjs/cli\` for \`nest build\`. A later
\`npm run build\` then fails with \`sh: tsc: not found\`. Published multi-stage examples get
this wrong often, usually by setting \`ENV NODE_ENV=production\` at the top of the builder.

**Flagged:** \`npm|yarn|pnpm run <script>\` (also \`yarn build\`, \`pnpm build\`) in a stage whose
\`node_modules\` for that folder was installed without dev dependencies (by a flag, by
\`NODE_ENV=production\`, or \`npm_config_omit=dev\`), or pruned, when the script (or a script
it runs with \`npm run\`) starts a command that a package in \`devDependencies\` provides and
\`dependencies\` does not. The package.json is the one the stage copied from the build
context; **without the build context the rule is quiet**, as it is when the tool was installed
globally (\`npm install -g typescript\`) or the base image is not a well-known one (it may
have the tool).

**Fix** (npm 7 and later, install and build in the same stage): install everything for the
build (\`--omit=dev\` is removed; under \`NODE_ENV=production\` the install gets
\`--include=dev\`), and when this \`node_modules\` reaches the final image, prune it to the
production dependencies after the last script: \`npm prune --omit=dev\`. The runtime gets
what the original meant to give it, and the build has its tools. No fix for yarn and pnpm,
for two-word flags, or when a later stage built FROM this one runs more scripts.

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, env, report }) {
    if (!env.context) return;
    let reached: Set<Stage> | null = null;
    for (const stage of model.stages) {
      const summary = stageSummary(model, stage, env);
      if (summary.nodeScripts.length === 0 || !summary.baseKnown) continue;
      const events = nodeEventsOf(model, stage, env);
      events.forEach((event, index) => {
        if (event.kind !== 'script' || event.stage !== stage || event.run.dir === null) return;
        const run = event.run;
        const state = nodeModulesState(events, run.dir!, index);
        if (state.dev !== 'omitted') return;
        const pkg = packageJsonIn(model, stage, run.dir!, env);
        if (!pkg) return;
        const missing = scriptTools(pkg, run.script)
          .map((found) => ({ ...found, provider: devOnlyProvider(pkg, found.tool) }))
          .filter((found) => found.provider !== null && !installedGlobally(model, stage, env, packagesProviding(found.tool), run.instruction.index));
        if (missing.length === 0) return;
        const first = missing[0];
        const cause = state.prune && (!state.install || state.install.dev !== 'omitted') ? state.prune.instruction : state.install!.instruction;
        const how = state.prune && cause === state.prune.instruction ? 'the prune' : `'${installLabel(state.install!)}'`;
        reached ??= stagesReachingFinal(model);
        const reachedStages = reached;
        report({
          range: scriptRange(model, run),
          message:
            `'${run.command.words.map((word) => word.value).join(' ')}' runs '${first.tool}'${first.script !== run.script ? ` (through script '${first.script}')` : ''}, ` +
            `which '${first.provider}' provides from devDependencies in ${pkg.path}, but ${how} (line ${cause.range.start.line + 1}) left dev dependencies out: ` +
            `the build fails with '${first.tool}: not found'. Install all dependencies to build, and prune to production dependencies afterwards.`,
          related: [{ range: cause.range, message: state.install?.devReason ? `installs without dev dependencies (${state.install.devReason})` : 'removes dev dependencies' }],
          fixTitle: 'Install dev dependencies for the build, prune them after it',
          fix: () => fixFor(model, env, stage, events, state.install, state.prune === null, run, reachedStages),
        });
      });
    }
  },
};

function installLabel(install: NodeInstall): string {
  return install.command.words.map((word) => word.value).join(' ');
}

function scriptRange(model: DockerfileModel, run: NodeScriptRun): Range {
  const command = run.command;
  return command.start >= 0 ? model.rangeIn(run.instruction, command.start, command.end) : run.instruction.range;
}

function fixFor(
  model: DockerfileModel,
  env: AnalysisEnv,
  stage: Stage,
  events: NodeEvent[],
  install: NodeInstall | null,
  notPruned: boolean,
  run: NodeScriptRun,
  reached: Set<Stage>,
): TextEdit[] | null {
  if (!install || !notPruned || install.manager !== 'npm' || model.stageOf(install.instruction) !== stage || !npmKnowsOmit(stage)) return null;
  const info = model.run(install.instruction);
  if (!info.editable || info.execForm || install.command.start < 0) return null;
  const edits: TextEdit[] = [];
  const include = includeDevEdit(model, install);
  if (!include) return null;
  edits.push(include);
  const dir = run.dir!;
  // Scripts of later stages built FROM this one would lose their tools to the prune.
  const laterScripts = model.stages.some((other) => other !== stage && inLineage(other, stage) && stageSummary(model, other, env).nodeScripts.some((script) => script.dir === dir));
  if (laterScripts) return null;
  if (nodeModulesReachFinal(model, stage, dir, env, reached)) {
    const lastScript = [...events].reverse().find((event) => event.kind === 'script' && event.stage === stage && event.run.dir === dir);
    if (!lastScript || lastScript.kind !== 'script') return null;
    const prune = pruneAfter(model, env, stage, lastScript.run, dir);
    if (!prune) return null;
    edits.push(prune);
  }
  return edits;
}

function inLineage(stage: Stage, ancestor: Stage): boolean {
  for (let current: Stage | null = stage.baseStage; current; current = current.baseStage) if (current === ancestor) return true;
  return false;
}

/** Removes the one-word flag that omits dev dependencies, or adds `--include=dev` against NODE_ENV from ENV. */
function includeDevEdit(model: DockerfileModel, install: NodeInstall): TextEdit | null {
  const instruction = install.instruction;
  if (install.omitWord && install.omitWord.start >= 0) {
    let start = install.omitWord.start;
    while (start > 0 && (instruction.text[start - 1] === ' ' || instruction.text[start - 1] === '\t')) start--;
    return { range: model.rangeIn(instruction, start, install.omitWord.end), newText: '' };
  }
  if (install.omittedByEnv) {
    const sub = positionalArgs(install.command, NPM_VALUE_FLAGS)[0];
    if (!sub || sub.start < 0) return null;
    return insertAt(model, model.startOffsetOf(instruction) + sub.end, ' --include=dev');
  }
  return null;
}

/** `npm prune --omit=dev` after the script: appended to its RUN, or a RUN of its own when the RUN ends oddly. */
function pruneAfter(model: DockerfileModel, env: AnalysisEnv, stage: Stage, run: NodeScriptRun, dir: string): TextEdit | null {
  const appended = appendCommandToRun(model, run.instruction, 'npm prune --omit=dev');
  if (appended) return appended;
  // A RUN of its own works in the stage's WORKDIR, not where a `cd` took the script.
  const workdir = stageSummary(model, stage, env).workdirs[stage.instructions.indexOf(run.instruction)];
  if (workdir !== dir || run.command.start < 0 || /(^|[\s;&|])cd\s/.test(run.instruction.text) || run.instruction.heredocs.length > 0) return null;
  return insertLinesAfter(model, run.instruction, ['RUN npm prune --omit=dev']);
}
