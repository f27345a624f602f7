// What the CI report formats (checkstyle, gitlab, junit, github) share.
//
// Where report paths start. GitLab resolves Code Quality and JUnit paths against the
// repository root and GitHub resolves annotation paths against the workspace, whatever folder
// the job step ran in; both name that folder in the environment. Outside CI, or for a file
// outside that folder, paths are relative to the working folder, as in the text, JSON and
// SARIF reports.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { displayPath } from './paths';

/** The variable each CI system sets to the folder its reports are read against. */
export const CI_ROOT_VARIABLE = {
  gitlab: 'CI_PROJECT_DIR',
  github: 'GITHUB_WORKSPACE',
} as const;

/**
 * How a report names `file`: relative to the folder in `env[variable]` when that is set and
 * holds the file, else relative to `cwd` (absolute outside it).
 */
export function reportPath(variable: string, cwd: string, env: NodeJS.ProcessEnv = process.env): (file: string) => string {
  const value = env[variable];
  if (!value) return (file) => displayPath(file, cwd);
  const root = resolve(cwd, value);
  return (file) => displayPath(file, isInside(file, root) ? root : cwd);
}

function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}

/** The check name of the entry for a file that could not be read, in every CI report format. */
export const UNREADABLE_FILE_CHECK = 'unreadable-file';
