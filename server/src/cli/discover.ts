// Which files the CLI lints: paths named on the command line are taken as they are (whatever
// their name); folders are searched recursively for files named like Dockerfiles.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * `Dockerfile`, `*.Dockerfile`, `*.dockerfile`, `Dockerfile.*` and `Containerfile*`, in any
 * letter case. `Dockerfile.dockerignore` (BuildKit's per-Dockerfile ignore file) and
 * `Dockerfile.md` look like `Dockerfile.*` but are not Dockerfiles.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore') || lower.endsWith('.md')) return false;
  return (
    lower === 'dockerfile' ||
    lower.endsWith('.dockerfile') ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile')
  );
}

export interface Discovery {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** Paths that do not exist or cannot be read, with the reason. */
  errors: string[];
  /** The same as `errors`, as absolute paths and reasons, for reports that list them. */
  unreadable: { path: string; reason: string }[];
  /** Folders that were searched and held no Dockerfile. */
  emptyFolders: string[];
}

export function discoverFiles(paths: readonly string[], cwd = process.cwd()): Discovery {
  const found = new Set<string>();
  const errors: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const emptyFolders: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      errors.push(`${path}: ${describeFsError(error)}`);
      unreadable.push({ path: absolute, reason: describeFsError(error) });
      continue;
    }
    if (!isDirectory) {
      found.add(absolute);
      continue;
    }
    const before = found.size;
    walk(absolute, found, errors, unreadable);
    if (found.size === before) emptyFolders.push(path);
  }
  return { files: [...found].sort(), errors, unreadable, emptyFolders };
}

function walk(folder: string, found: Set<string>, errors: string[], unreadable: Discovery['unreadable']): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    errors.push(`${folder}: ${describeFsError(error)}`);
    unreadable.push({ path: folder, reason: describeFsError(error) });
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    // Symbolic links to folders are not followed (they can loop); links to files are linted.
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(path, found, errors, unreadable);
    } else if (isDockerfileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(path)))) {
      found.add(path);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? (error as Error).message;
}
