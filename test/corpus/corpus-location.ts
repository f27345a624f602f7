// Where the shared corpus is (../shared/corpus from the repository root), and the corpus rule
// of the project: tests skip with a clear message when it is absent, and fail under CI=true.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const REAL = join(CORPUS, 'real');
export const LARGE = join(CORPUS, 'large');
export const HADOLINT_CASES = join(CORPUS, 'hadolint-cases.jsonl');

/** Null when the corpus part is present; else why the tests skip. */
export function corpusMissing(path: string): string | null {
  return existsSync(path) ? null : `the shared corpus is absent (${path}); these tests need ../shared/corpus next to the repository`;
}

export const IN_CI = process.env.CI === 'true';
