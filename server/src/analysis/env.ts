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
  /** How files on disk are read (absolute paths); by default, each time anew. */
  disk?: DiskReads;
}

export const emptyEnv: AnalysisEnv = {};

/** Reads of files on disk, by absolute path. */
export interface DiskReads {
  exists(path: string): boolean;
  /** The file's text; undefined when it cannot be read, is a folder, or is over 4 MB. */
  readText(path: string): string | undefined;
}

/** The disk as it is now, read on every call: the editor's files change between checks. */
export const liveDisk: DiskReads = {
  exists: (path) => existsSync(path),
  readText: (path) => {
    try {
      return statSync(path).size > 4 * 1024 * 1024 ? undefined : readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * The disk read once per path: for a CLI run, which checks many Dockerfiles of the same folders
 * in well under a second and asks each time whether the same `.dockerignore` exists (two
 * system calls per rule that asks; 1.5% of a check of the 646 real files, which share a folder).
 */
export function rememberedDisk(disk: DiskReads = liveDisk): DiskReads {
  const existing = new Map<string, boolean>();
  const texts = new Map<string, string | undefined>();
  return {
    exists: (path) => {
      let answer = existing.get(path);
      if (answer === undefined) existing.set(path, (answer = disk.exists(path)));
      return answer;
    },
    readText: (path) => {
      if (!texts.has(path)) texts.set(path, disk.readText(path));
      return texts.get(path);
    },
  };
}

/** A build context on disk. Defaults to the Dockerfile's folder, as `docker build -f` users expect. */
export function diskContext(root: string, disk: DiskReads = liveDisk): BuildContextFiles {
  const resolve = (relativePath: string) => (isAbsolute(relativePath) ? relativePath : join(root, relativePath));
  return {
    exists: (relativePath) => disk.exists(resolve(relativePath)),
    readText: (relativePath) => disk.readText(resolve(relativePath)),
  };
}

export function envForFile(dockerfilePath: string, contextDir?: string, disk: DiskReads = liveDisk): AnalysisEnv {
  return { dockerfilePath, context: diskContext(contextDir ?? dirname(dockerfilePath), disk), disk };
}

/**
 * The `.dockerignore` that applies (FACTS: BuildKit first looks for `<Dockerfile name>.dockerignore`
 * next to the Dockerfile, then `.dockerignore` in the context root). Returns its relative or
 * absolute path, or null.
 */
export function applicableDockerignore(env: AnalysisEnv): string | null {
  if (env.dockerfilePath) {
    const specific = join(dirname(env.dockerfilePath), basename(env.dockerfilePath) + '.dockerignore');
    if ((env.disk ?? liveDisk).exists(specific)) return specific;
  }
  return env.context?.exists('.dockerignore') ? '.dockerignore' : null;
}
