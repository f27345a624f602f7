// Node.js projects inside stages: which package.json of the build context a stage's project
// folder holds, what its scripts run, and what state a folder's node_modules is in (installed
// with or without dev dependencies, pruned, removed) at a point of the build. Built on the
// stage flow (stage-flow.ts); shared by the dev-deps-* and alpine-native-deps rules.
import type { AnalysisEnv } from './env';
import type { DockerfileModel } from './model';
import { contextFileIn, lineageSummaries, parseJsonWithComments, type NodeInstall, type NodePrune, type NodeScriptRun } from './stage-flow';
import type { Stage } from './types';

export interface PackageJson {
  /** The file's path in the build context. */
  path: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

function record(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) if (typeof item === 'string') result[key] = item;
  return result;
}

/** The package.json (from the build context) in the stage's folder `dir`, or null when unknown. */
export function packageJsonIn(model: DockerfileModel, stage: Stage, dir: string, env: AnalysisEnv): PackageJson | null {
  if (!env.context) return null;
  const path = contextFileIn(model, stage, dir === '/' ? '/package.json' : dir + '/package.json', env);
  if (path === null) return null;
  const json = parseJsonWithComments(env.context.readText(path));
  if (!json) return null;
  return {
    path,
    scripts: record(json.scripts),
    dependencies: record(json.dependencies),
    devDependencies: record(json.devDependencies),
    optionalDependencies: record(json.optionalDependencies),
  };
}

export type NodeEvent =
  | { kind: 'install'; stage: Stage; install: NodeInstall }
  | { kind: 'prune'; stage: Stage; prune: NodePrune }
  | { kind: 'script'; stage: Stage; run: NodeScriptRun };

function eventOrder(event: NodeEvent): [number, number] {
  const item = event.kind === 'install' ? event.install : event.kind === 'prune' ? event.prune : event.run;
  return [item.instruction.index, item.order];
}

/** The Node.js installs, prunes and script runs of the stage's lineage, in build order. */
export function nodeEventsOf(model: DockerfileModel, stage: Stage, env: AnalysisEnv): NodeEvent[] {
  const events: NodeEvent[] = [];
  for (const summary of lineageSummaries(model, stage, env).reverse()) {
    for (const install of summary.nodeInstalls) events.push({ kind: 'install', stage: summary.stage, install });
    for (const prune of summary.nodePrunes) events.push({ kind: 'prune', stage: summary.stage, prune });
    for (const run of summary.nodeScripts) events.push({ kind: 'script', stage: summary.stage, run });
  }
  return events.sort((a, b) => {
    const [ai, ao] = eventOrder(a);
    const [bi, bo] = eventOrder(b);
    return ai - bi || ao - bo;
  });
}

export interface NodeModulesState {
  /** `none`: never installed (or removed); `unknown`: installed under a variable NODE_ENV. */
  dev: 'included' | 'omitted' | 'unknown' | 'none';
  /** The install that made the folder, when there is one. */
  install: NodeInstall | null;
  /** A prune (or removal) after it, when there is one. */
  prune: NodePrune | null;
}

/** The state of `<dir>/node_modules` after the events before index `end` (all by default). */
export function nodeModulesState(events: NodeEvent[], dir: string, end = events.length): NodeModulesState {
  let state: NodeModulesState = { dev: 'none', install: null, prune: null };
  for (let i = 0; i < end; i++) {
    const event = events[i];
    if (event.kind === 'install' && event.install.dir === dir) state = { dev: event.install.dev, install: event.install, prune: null };
    else if (event.kind === 'prune' && event.prune.dir === dir) {
      state = event.prune.kind === 'removes' ? { dev: 'none', install: null, prune: event.prune } : { ...state, dev: state.dev === 'none' ? 'none' : 'omitted', prune: event.prune };
    }
  }
  return state;
}

// The package that provides a command, where it is not the command's own name.
const BIN_PACKAGES: Record<string, string[]> = {
  tsc: ['typescript'],
  tsserver: ['typescript'],
  'vue-cli-service': ['@vue/cli-service'],
  'vue-tsc': ['vue-tsc'],
  ng: ['@angular/cli'],
  nest: ['@nestjs/cli'],
  babel: ['@babel/cli'],
  swc: ['@swc/cli'],
  gulp: ['gulp', 'gulp-cli'],
  grunt: ['grunt-cli', 'grunt'],
  'svelte-kit': ['@sveltejs/kit'],
  remix: ['@remix-run/dev'],
  ember: ['ember-cli'],
  postcss: ['postcss-cli'],
  ncc: ['@vercel/ncc'],
  webpack: ['webpack', 'webpack-cli'],
  'webpack-cli': ['webpack-cli'],
  'react-scripts': ['react-scripts'],
  'react-app-rewired': ['react-app-rewired'],
  craco: ['@craco/craco'],
  rspack: ['@rspack/cli'],
  rsbuild: ['@rsbuild/core'],
  'tsc-alias': ['tsc-alias'],
  tsx: ['tsx'],
  'ts-node': ['ts-node'],
  sb: ['storybook'],
  storybook: ['storybook'],
  lerna: ['lerna'],
  prisma: ['prisma'],
  eslint: ['eslint'],
  jest: ['jest'],
  vitest: ['vitest'],
};

// Shell words that start commands which are not packages of the project.
const NOT_PACKAGE_TOOLS = new Set(['node', 'npm', 'npx', 'yarn', 'pnpm', 'corepack', 'sh', 'bash', 'echo', 'cd', 'rm', 'cp', 'mv', 'mkdir', 'cat', 'test', 'true', 'exit', 'export', 'env', 'cross-env', 'cross-env-shell', 'bun', 'deno']);

/** Packages that may provide a command (`tsc` -> typescript). */
export function packagesProviding(tool: string): string[] {
  return BIN_PACKAGES[tool] ?? [tool];
}

export interface ScriptTool {
  tool: string;
  /** The script that runs it (the one asked about, or one it runs with `npm run`). */
  script: string;
}

/** The commands a package.json script starts, following `npm run other` into other scripts. */
export function scriptTools(pkg: PackageJson, script: string, seen: Set<string> = new Set()): ScriptTool[] {
  const text = pkg.scripts[script];
  if (text === undefined || seen.has(script)) return [];
  seen.add(script);
  const tools: ScriptTool[] = [];
  for (const part of text.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    let i = 0;
    // Environment assignments and the helpers that set them.
    while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || words[i] === 'cross-env' || words[i] === 'env' || words[i] === 'cross-env-shell')) i++;
    const first = words[i];
    if (first === undefined) continue;
    if ((first === 'npm' || first === 'pnpm') && (words[i + 1] === 'run' || words[i + 1] === 'run-script') && words[i + 2]) {
      tools.push(...scriptTools(pkg, words[i + 2], seen));
      continue;
    }
    if ((first === 'yarn' || first === 'pnpm') && words[i + 1] && pkg.scripts[words[i + 1] === 'run' ? words[i + 2] ?? '' : words[i + 1]] !== undefined) {
      tools.push(...scriptTools(pkg, words[i + 1] === 'run' ? words[i + 2] : words[i + 1], seen));
      continue;
    }
    const tool = first.replace(/^(\.\/)?node_modules\/\.bin\//, '');
    if (NOT_PACKAGE_TOOLS.has(tool) || tool.includes('/') || tool.includes('$')) continue;
    tools.push({ tool, script });
  }
  return tools;
}

/** The dev dependency providing `tool` when only devDependencies has it; null otherwise. */
export function devOnlyProvider(pkg: PackageJson, tool: string): string | null {
  const candidates = packagesProviding(tool);
  if (candidates.some((name) => name in pkg.dependencies || name in pkg.optionalDependencies)) return null;
  return candidates.find((name) => name in pkg.devDependencies) ?? null;
}

/** Whether any global install of the lineage before `index` put one of the packages on PATH. */
export function installedGlobally(model: DockerfileModel, stage: Stage, env: AnalysisEnv, packages: string[], beforeIndex: number): boolean {
  return lineageSummaries(model, stage, env).some((summary) =>
    summary.nodeGlobals.some((global) => global.instruction.index < beforeIndex && global.packages.some((name) => packages.includes(name))),
  );
}

/** False on `node` images older than 16 (npm 6), which know neither `--omit` nor `--include`. */
export function npmKnowsOmit(stage: Stage): boolean {
  let root = stage;
  while (root.baseStage) root = root.baseStage;
  const base = root.base;
  if (base.name !== 'node' || (base.registry !== null && base.registry !== 'docker.io')) return true;
  const major = /^(\d+)/.exec(base.tag ?? '');
  if (major) return Number(major[1]) >= 16;
  return !/^(carbon|dubnium|erbium|fermium|boron|argon)/.test(base.tag ?? '');
}

/** Whether `<dir>/node_modules` of the stage reaches the final image: the stage ships, or a shipped stage copies it. */
export function nodeModulesReachFinal(model: DockerfileModel, stage: Stage, dir: string, env: AnalysisEnv, reached: Set<Stage>): boolean {
  const modules = dir === '/' ? '/node_modules' : dir + '/node_modules';
  const final = model.finalStage;
  for (let current: Stage | null = final; current; current = current.baseStage) if (current === stage) return true;
  for (const other of model.stages) {
    if (!reached.has(other) || other.index <= stage.index) continue;
    for (const summary of lineageSummaries(model, other, env)) {
      for (const copy of summary.copies) {
        if (copy.kind !== 'copy' || !copy.from) continue;
        let from: Stage | null = copy.from;
        while (from && from !== stage) from = from.baseStage;
        if (from && copy.sources.some((source) => source.path !== null && (modules === source.path || modules.startsWith(source.path === '/' ? '/' : source.path + '/')))) return true;
      }
    }
  }
  return false;
}

export interface NodeModulesOrigin {
  /** The stage whose install made the folder, and the install. */
  stage: Stage;
  install: NodeInstall;
  /** The project folder there. */
  dir: string;
  /** With or without dev dependencies, after prunes along the way. */
  dev: NodeModulesState['dev'];
  /** A prune or removal along the way, when there is one. */
  prune: NodePrune | null;
}

/**
 * Where the `node_modules` folder at `modulesPath` of `stage` comes from: an install in the
 * stage's lineage, or (through `COPY --from`) one in another stage; prunes after it applied.
 * Null when it was not installed by a command we know (copied from the build context, say).
 */
export function nodeModulesOrigin(model: DockerfileModel, stage: Stage, modulesPath: string, env: AnalysisEnv, depth = 0): NodeModulesOrigin | null {
  if (depth > 6 || !modulesPath.endsWith('/node_modules')) return null;
  const dir = modulesPath.slice(0, -'/node_modules'.length) || '/';
  const events = nodeEventsOf(model, stage, env);
  let installAt = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.kind === 'install' && event.install.dir === dir) {
      installAt = i;
      break;
    }
  }
  // A later COPY --from over the folder replaces what the install made.
  let copied: { from: NodeModulesOrigin | null; index: number } | null = null;
  for (const summary of lineageSummaries(model, stage, env)) {
    for (let i = summary.created.length - 1; i >= 0 && !copied; i--) {
      const entry = summary.created[i];
      if (!(modulesPath === entry.path || modulesPath.startsWith(entry.path === '/' ? '/' : entry.path + '/'))) continue;
      const contents = entry.contents;
      if (contents.kind !== 'stage') {
        // A copy of the build context over the project folder leaves node_modules alone (it is
        // normally in .dockerignore); one onto node_modules itself replaces it with what we do not know.
        if (entry.path === modulesPath && entry.instruction.keyword !== 'RUN') copied = { from: null, index: entry.instruction.index };
        continue;
      }
      const rest = modulesPath === entry.path ? '' : modulesPath.slice(entry.path === '/' ? 1 : entry.path.length + 1);
      const source = rest ? (contents.source === '/' ? '/' + rest : contents.source + '/' + rest) : contents.source;
      copied = { from: nodeModulesOrigin(model, contents.stage, source, env, depth + 1), index: entry.instruction.index };
    }
    if (copied) break;
  }
  const installIndex = installAt >= 0 ? (events[installAt] as Extract<NodeEvent, { kind: 'install' }>).install.instruction.index : -1;
  let origin: NodeModulesOrigin | null;
  let from: number;
  if (copied && copied.index > installIndex) {
    origin = copied.from ? { ...copied.from } : null;
    from = events.findIndex((event) => (event.kind === 'install' ? event.install : event.kind === 'prune' ? event.prune : event.run).instruction.index > copied!.index);
    if (from === -1) from = events.length;
  } else if (installAt >= 0) {
    const event = events[installAt] as Extract<NodeEvent, { kind: 'install' }>;
    origin = { stage: event.stage, install: event.install, dir, dev: event.install.dev, prune: null };
    from = installAt + 1;
  } else {
    return null;
  }
  if (!origin) return null;
  for (let i = from; i < events.length; i++) {
    const event = events[i];
    if (event.kind !== 'prune' || event.prune.dir !== dir) continue;
    if (event.prune.kind === 'removes') return null;
    origin = { ...origin, dev: origin.dev === 'none' ? 'none' : 'omitted', prune: event.prune };
  }
  return origin;
}

/** Every `node_modules` folder the stage is known to have: install folders and copied ones. */
export function nodeModulesPaths(model: DockerfileModel, stage: Stage, env: AnalysisEnv): string[] {
  const paths = new Set<string>();
  for (const summary of lineageSummaries(model, stage, env)) {
    for (const install of summary.nodeInstalls) if (install.dir !== null) paths.add(install.dir === '/' ? '/node_modules' : install.dir + '/node_modules');
    for (const entry of summary.created) {
      if (entry.contents.kind !== 'stage') continue;
      const contents = entry.contents;
      for (const inner of nodeModulesPaths(model, contents.stage, env)) {
        if (!(inner === contents.source || inner.startsWith(contents.source === '/' ? '/' : contents.source + '/'))) continue;
        const rest = inner.slice(contents.source === '/' ? 1 : contents.source.length + 1);
        paths.add(rest ? (entry.path === '/' ? '/' + rest : entry.path + '/' + rest) : entry.path);
      }
    }
  }
  return [...paths];
}
