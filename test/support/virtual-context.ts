// A build context held in memory, for rules that read the context's files.
import type { AnalysisEnv, BuildContextFiles } from '../../server/src/analysis/env';

/** `files` maps context-relative paths to contents; folders exist when a file lies inside them. */
export function virtualContext(files: Record<string, string>): BuildContextFiles {
  const normalize = (path: string) => path.replace(/^\.\//, '').replace(/\/+$/, '');
  const paths = Object.keys(files).map(normalize);
  return {
    exists: (path) => {
      const wanted = normalize(path);
      return paths.some((file) => file === wanted || file.startsWith(wanted + '/'));
    },
    readText: (path) => {
      const wanted = normalize(path);
      const key = Object.keys(files).find((file) => normalize(file) === wanted);
      return key === undefined ? undefined : files[key];
    },
  };
}

export function contextEnv(files: Record<string, string>): AnalysisEnv {
  return { context: virtualContext(files) };
}
