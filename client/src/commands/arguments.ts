// The argument forms of the engine commands for callers that cannot answer prompts:
// keybindings (`"args"`), other extensions and the extension-host tests
// (`vscode.commands.executeCommand('dockerfileOptimizer.buildImage', { tag: 'app:dev' })`).
// From the palette, a menu or a CodeLens a command gets nothing or the Dockerfile's Uri and
// asks as before; a plain object asks nothing. No VS Code API here, so it is unit-tested under
// node (test/commands/command-arguments.test.ts). docs/engine-commands.md documents the forms.
import type { DockerfileModel } from '../../../server/src/analysis/model';
import type { Stage } from '../../../server/src/analysis/types';

/** Build Image without prompts. */
export interface BuildImageOptions {
  /** A Uri, a URI string or an absolute path; without it, the active editor's Dockerfile. */
  dockerfile?: unknown;
  /** Without it, the tag from `build.tagPattern` (what the tag box would propose first). */
  tag?: string;
  /** A stage name or index; without it, the final stage (the whole image). */
  target?: string;
  buildArgs: [string, string][];
}

/** Scaffold .dockerignore: `write: true` writes without the diff and question, `false` only plans. */
export interface ScaffoldOptions {
  dockerfile?: unknown;
  write: boolean;
}

export type Parsed<T> = { form: 'prompts'; resource: unknown } | { form: 'options'; options: T } | { form: 'invalid'; error: string };

/**
 * An object literal (or JSON from a keybinding): the options form. A vscode.Uri is a class
 * instance, so it stays the resource of the prompting form.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[]): string | null {
  const extra = Object.keys(value).filter((key) => !known.includes(key));
  return extra.length > 0 ? `unknown option${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (known: ${known.join(', ')})` : null;
}

function dockerfileError(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.trim() ? null : '`dockerfile` is empty';
  // A vscode.Uri (checked by its shape: this module does not load vscode).
  if (typeof value === 'object' && value !== null && !isPlainObject(value) && typeof (value as { scheme?: unknown }).scheme === 'string') return null;
  return '`dockerfile` must be a Uri, a URI string or an absolute path';
}

const BUILD_KEYS = ['dockerfile', 'tag', 'target', 'buildArgs'] as const;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Build Image's argument: nothing or a Uri (prompts), or `{ dockerfile?, tag?, target?, buildArgs? }`. */
export function parseBuildImageArgument(argument: unknown): Parsed<BuildImageOptions> {
  if (!isPlainObject(argument)) return { form: 'prompts', resource: argument };
  const invalid = (error: string): Parsed<BuildImageOptions> => ({ form: 'invalid', error: `Build Image: ${error}.` });
  const extra = unknownKeys(argument, BUILD_KEYS);
  if (extra) return invalid(extra);
  const { dockerfile, tag, target, buildArgs } = argument;
  const badDockerfile = dockerfileError(dockerfile);
  if (badDockerfile) return invalid(badDockerfile);
  if (tag !== undefined && (typeof tag !== 'string' || !tag.trim())) return invalid('`tag` must be a non-empty string');
  if (target !== undefined && !(typeof target === 'string' && target.trim()) && !(Number.isInteger(target) && (target as number) >= 0)) {
    return invalid('`target` must be a stage name or index');
  }
  const args: [string, string][] = [];
  if (buildArgs !== undefined) {
    if (!isPlainObject(buildArgs)) return invalid('`buildArgs` must be an object of NAME: "value"');
    for (const [key, value] of Object.entries(buildArgs)) {
      if (!BUILD_ARG_NAME.test(key)) return invalid(`"${key}" is not a build arg name`);
      if (typeof value !== 'string') return invalid(`the build arg ${key} must be a string`);
      args.push([key, value]);
    }
  }
  return {
    form: 'options',
    options: {
      ...(dockerfile !== undefined ? { dockerfile } : {}),
      ...(typeof tag === 'string' ? { tag: tag.trim() } : {}),
      ...(target !== undefined ? { target: String(target).trim() } : {}),
      buildArgs: args,
    },
  };
}

/**
 * The stage a `target` option names, as the stage pick would give it: the final stage builds
 * the whole image (no --target), another is passed by its name or index.
 */
export function resolveTarget(model: DockerfileModel, target: string | undefined): { stage: Stage | null; target: string | undefined } | { error: string } {
  if (target === undefined) return { stage: model.finalStage, target: undefined };
  const stage = model.stageByRef(target);
  if (!stage) {
    const names = model.stages.map((s) => s.name ?? String(s.index));
    return { error: `Build Image: the Dockerfile has no stage ${JSON.stringify(target)} (its stages: ${names.join(', ') || 'none'}).` };
  }
  return { stage, target: stage.isFinal ? undefined : (stage.name ?? String(stage.index)) };
}

const SCAFFOLD_KEYS = ['dockerfile', 'write'] as const;

/** Scaffold .dockerignore's argument: nothing or a Uri (diff and question), or `{ dockerfile?, write }`. */
export function parseScaffoldArgument(argument: unknown): Parsed<ScaffoldOptions> {
  if (!isPlainObject(argument)) return { form: 'prompts', resource: argument };
  const invalid = (error: string): Parsed<ScaffoldOptions> => ({ form: 'invalid', error: `Scaffold .dockerignore: ${error}.` });
  const extra = unknownKeys(argument, SCAFFOLD_KEYS);
  if (extra) return invalid(extra);
  const badDockerfile = dockerfileError(argument.dockerfile);
  if (badDockerfile) return invalid(badDockerfile);
  if (typeof argument.write !== 'boolean') return invalid('`write` must be true (write without asking) or false (plan only)');
  return { form: 'options', options: { ...(argument.dockerfile !== undefined ? { dockerfile: argument.dockerfile } : {}), write: argument.write } };
}
