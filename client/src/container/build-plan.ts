// Plain pieces of the Build Image command: the default tag from the tag pattern, build args
// typed as `KEY=VALUE` words, and the builder a context resolution should assume before the
// engine is asked. No VS Code API.
import { basename, dirname } from 'node:path';
import type { BuilderKind } from '../../../server/src/analysis/build-context';
import { engineKind, type EngineSettings } from './engine';

export const DEFAULT_TAG_PATTERN = '${folder}:latest';

/** A repository-name-safe form of a word: lower case, [a-z0-9._-], no leading separator. */
function repositoryPart(text: string): string {
  const clean = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '')
    .replace(/[._-]{2,}/g, '-');
  return clean || 'image';
}

/**
 * The default tag of a Dockerfile from the pattern: `${folder}` (the Dockerfile's folder),
 * `${dockerfile}` (its name without Dockerfile/Containerfile words), `${stage}` (the target).
 */
export function defaultTag(pattern: string, dockerfilePath: string, stage: string | null): string {
  const name = basename(dockerfilePath)
    .replace(/\.?(dockerfile|containerfile)\.?/gi, '')
    .trim();
  const values: Record<string, string> = {
    folder: repositoryPart(basename(dirname(dockerfilePath))),
    dockerfile: repositoryPart(name || basename(dirname(dockerfilePath))),
    stage: stage ? repositoryPart(stage) : 'latest',
  };
  const tag = (pattern || DEFAULT_TAG_PATTERN).replace(/\$\{(folder|dockerfile|stage)\}/g, (_, key: string) => values[key]);
  return tag;
}

/**
 * `KEY=VALUE` words separated by spaces; a value may be quoted ('..' or "..") to hold spaces.
 * Nothing is expanded: the words go to the engine as argv elements. Returns an error text for
 * a word without `=` or an unclosed quote.
 */
export function parseBuildArgs(text: string): { ok: true; args: [string, string][] } | { ok: false; error: string } {
  const args: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    let word = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const end = text.indexOf(quote, i + 1);
        if (end === -1) return { ok: false, error: `unclosed ${quote} in ${text.slice(i)}` };
        word += text.slice(i + 1, end);
        i = end + 1;
      } else word += text[i++];
    }
    const eq = word.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${word}" is not KEY=VALUE` };
    const key = word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return { ok: false, error: `"${key}" is not a build arg name` };
    args.push([key, word.slice(eq + 1)]);
  }
  return { ok: true, args };
}

/** Build args back as text for the input box (quoted when needed). */
export function formatBuildArgs(args: readonly [string, string][]): string {
  return args.map(([key, value]) => (/^[^\s'"]*$/.test(value) ? `${key}=${value}` : `${key}=${value.includes('"') ? `'${value}'` : `"${value}"`}`)).join(' ');
}

/** The builder to assume for the context before the engine is asked (report, scaffold). */
export function builderHint(settings: Pick<EngineSettings, 'path' | 'kind' | 'buildKit'>): BuilderKind {
  const kind = engineKind(settings);
  if (kind === 'podman') return 'podman';
  if (kind === 'docker' && settings.buildKit === 'off') return 'legacy';
  return 'buildkit';
}
