// Where the shared corpus is (../shared/corpus from the repository root), and the corpus rule
// of the project: tests skip with a clear message when it is absent, and fail under CI=true.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const REAL = join(CORPUS, 'real');
export const LARGE = join(CORPUS, 'large');
export const HADOLINT_CASES = join(CORPUS, 'hadolint-cases.jsonl');
export const BUILDKIT_CASES = join(CORPUS, 'buildkit-checks.jsonl');

/** Null when the corpus part is present; else why the tests skip. */
export function corpusMissing(path: string): string | null {
  return existsSync(path) ? null : `the shared corpus is absent (${path}); these tests need ../shared/corpus next to the repository`;
}

export const IN_CI = process.env.CI === 'true';

/**
 * Every Dockerfile text of the corpus: the real files, the large ones, and the Dockerfiles of
 * the given case files (hadolint's, BuildKit's), for tests that must hold on all of them.
 */
export function corpusTexts(caseFiles: string[] = [HADOLINT_CASES]): { name: string; text: string }[] {
  const texts = readdirSync(REAL)
    .filter((name) => name !== 'SOURCES.tsv' && !name.startsWith('.'))
    .map((name) => ({ name, text: readFileSync(join(REAL, name), 'utf8') }));
  for (const name of readdirSync(LARGE).filter((file) => file.endsWith('Dockerfile'))) {
    texts.push({ name, text: readFileSync(join(LARGE, name), 'utf8') });
  }
  for (const file of caseFiles) {
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .forEach((line, i) => texts.push({ name: `${file} case ${i + 1}`, text: (JSON.parse(line) as { dockerfile: string }).dockerfile }));
  }
  return texts;
}
