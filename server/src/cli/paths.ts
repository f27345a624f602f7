// How the CLI names files: relative to the working folder when inside it (short, and what
// GitHub code scanning resolves against the repository root), else absolute.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** A URI reference for SARIF: a relative, percent-encoded path, or a file: URI outside `cwd`. */
export function artifactUri(file: string, cwd: string): { uri: string; relative: boolean } {
  const shown = displayPath(file, cwd);
  if (shown === file) return { uri: pathToFileURL(file).href, relative: false };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), relative: true };
}
