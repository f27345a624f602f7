// What a RUN or COPY sees of the build state before it: the working directory, the
// environment (ENV and ARG values) and the user. Walked forward once per stage, starting from
// the end state of the stage it builds FROM, so a rule pays O(instructions) for a file.
import { substituteVariables } from './image';
import type { DockerfileModel } from './model';
import { memoKey } from './memo';
import type { Instruction, Stage } from './types';
import { normalizeRelative } from './dependency-installs';

export interface StageState {
  /** Absolute working directory; `?` (or `?<n>`) stands for a directory we cannot know,
   *  such as the base image's default, so `?/app` is "app under the image's default". */
  workdir: string;
  /** ENV and ARG values; null when set but unknown (no default, or an unresolved variable). */
  env: Map<string, string | null>;
  /** The USER value as written, or null when the stage never set one. */
  user: string | null;
}

/** The state at the end of each stage some stage builds FROM, by stage index. */
const END_STATES = memoKey<Map<number, StageState>>('stage end states');

function copyState(state: StageState): StageState {
  return { workdir: state.workdir, env: new Map(state.env), user: state.user };
}

/** The state at the stage's FROM: the end of its base stage, or an image's unknown defaults. */
export function initialState(model: DockerfileModel, stage: Stage): StageState {
  if (!stage.baseStage) return { workdir: '?', env: new Map(), user: null };
  const cache = model.memo(END_STATES, () => new Map());
  let end = cache.get(stage.baseStage.index);
  if (!end) {
    end = initialState(model, stage.baseStage);
    for (const instruction of stage.baseStage.instructions) applyInstruction(model, end, instruction);
    cache.set(stage.baseStage.index, end);
  }
  return copyState(end);
}

/** Calls `visit` with each instruction of the stage and the state just before it. */
export function walkStage(model: DockerfileModel, stage: Stage, visit: (instruction: Instruction, state: StageState) => void): void {
  const state = initialState(model, stage);
  for (const instruction of stage.instructions) {
    visit(instruction, state);
    applyInstruction(model, state, instruction);
  }
}

export function applyInstruction(model: DockerfileModel, state: StageState, instruction: Instruction): void {
  switch (instruction.keyword) {
    case 'WORKDIR': {
      const raw = instruction.args.map((arg) => arg.value).join(' ');
      const { value, unresolved } = substituteVariables(raw, state.env);
      state.workdir = unresolved || raw === '' ? `?${instruction.index}` : resolvePath(state.workdir, value);
      break;
    }
    case 'ENV':
      for (const property of instruction.properties) state.env.set(property.name, expand(property.value, state.env));
      break;
    case 'ARG':
      for (const property of instruction.properties) {
        const fallback = model.globalArgs.get(property.name) ?? null;
        const value = property.value === null ? fallback : expand(property.value, state.env);
        // A build argument can be overridden on the command line: its default is only a guess,
        // but a safe one for paths (rules that need certainty check for `$` themselves).
        state.env.set(property.name, value);
      }
      break;
    case 'USER':
      state.user = instruction.args[0]?.value ?? null;
      break;
  }
}

function expand(value: string | null, env: Map<string, string | null>): string | null {
  if (value === null) return null;
  if (!value.includes('$')) return value;
  const result = substituteVariables(value, env);
  return result.unresolved ? null : result.value;
}

/** `path` as seen from `workdir`: absolute paths are normalized, relative ones joined. */
export function resolvePath(workdir: string, path: string): string {
  if (path.startsWith('/')) return '/' + normalizeRelative(path);
  const joined = normalizeRelative(workdir.replace(/^(\?\d*)/, '') + '/' + path);
  const unknownRoot = /^\?\d*/.exec(workdir)?.[0];
  if (unknownRoot !== undefined) return joined ? `${unknownRoot}/${joined}` : unknownRoot;
  return '/' + joined;
}

/** True when `dir` is `parent` or inside it; returns the relative part (`''` for the same folder), else null. */
export function relativeTo(parent: string, dir: string): string | null {
  if (dir === parent) return '';
  const prefix = parent.endsWith('/') ? parent : parent + '/';
  return dir.startsWith(prefix) ? dir.slice(prefix.length) : null;
}

/** Whether a USER value means root (`root`, `0`, `root:staff`, `0:0`). */
export function isRootUser(user: string | null): boolean {
  if (user === null) return true;
  const name = user.split(':')[0];
  return name === 'root' || name === '0';
}
