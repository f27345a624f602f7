// What a rule may know about the world outside the Dockerfile's text: the build context's
// files. Rules read it through this interface so tests can hand them a virtual folder, and a
// rule that needs it stays quiet when it is absent (an unsaved buffer, a snippet).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

export interface BuildContextFiles {
  /** Paths are relative to the build context root, with `/` separators. */
  exists(relativePath: string): boolean;
  readText(relativePath: string): string | undefined;
}

export interface AnalysisEnv {
  /** The Dockerfile's path on disk, when it has one. */
  dockerfilePath?: string;
  /** The build context, when known. */
  context?: BuildContextFiles;
}

export const emptyEnv: AnalysisEnv = {};

/** A build context on disk. Defaults to the Dockerfile's folder, as `docker build -f` users expect. */
export function diskContext(root: string): BuildContextFiles {
  const resolve = (relativePath: string) => (isAbsolute(relativePath) ? relativePath : join(root, relativePath));
  return {
    exists: (relativePath) => existsSync(resolve(relativePath)),
    readText: (relativePath) => {
      try {
        const path = resolve(relativePath);
        return statSync(path).size > 4 * 1024 * 1024 ? undefined : readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

export function envForFile(dockerfilePath: string, contextDir?: string): AnalysisEnv {
  return { dockerfilePath, context: diskContext(contextDir ?? dirname(dockerfilePath)) };
}

/**
 * The `.dockerignore` that applies (FACTS: BuildKit first looks for `<Dockerfile name>.dockerignore`
 * next to the Dockerfile, then `.dockerignore` in the context root). Returns its relative or
 * absolute path, or null.
 */
export function applicableDockerignore(env: AnalysisEnv): string | null {
  if (env.dockerfilePath) {
    const specific = join(dirname(env.dockerfilePath), basename(env.dockerfilePath) + '.dockerignore');
    if (existsSync(specific)) return specific;
  }
  return env.context?.exists('.dockerignore') ? '.dockerignore' : null;
}
