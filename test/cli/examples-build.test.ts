// The bundled examples are real projects: each builds with a real Docker engine as it is, and
// again after `dockerfile-optimizer fix` has rewritten it, so the fixes the README demonstrates
// on them keep the images buildable. Skips without an engine, fails under CI=true
// (test/support/engine.ts; the base images are BusyBox stand-ins with shim toolchains).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { buildDockerfile, requireEngineOrSkip } from '../support/engine';
import { REPO_ROOT, runCli } from './cli-harness';

const EXAMPLES = join(REPO_ROOT, 'examples');

/** Every file of a folder but its Dockerfile, as a build context for buildDockerfile. */
function contextFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (relative(dir, path) !== 'Dockerfile') files[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('examples build for real', () => {
  for (const example of readdirSync(EXAMPLES).sort()) {
    it(`${example}: as written and after fix`, async (t) => {
      if (!(await requireEngineOrSkip(t))) return;
      const source = join(EXAMPLES, example);
      const original = readFileSync(join(source, 'Dockerfile'), 'utf8');
      const before = await buildDockerfile(original, contextFiles(source));
      assert.ok(before.ok, `the example does not build as written:\n${before.output.slice(-3000)}`);

      const copy = mkdtempSync(join(tmpdir(), `dfo-example-${example}-`));
      try {
        cpSync(source, copy, { recursive: true });
        const fix = runCli(['fix', '.'], copy);
        assert.notEqual(fix.status, 2, fix.stderr);
        const fixed = readFileSync(join(copy, 'Dockerfile'), 'utf8');
        if (example === 'good-multistage') assert.equal(fixed, original, 'the good example needs no fix');
        const after = await buildDockerfile(fixed, contextFiles(copy));
        assert.ok(after.ok, `the fixed example does not build:\n--- fixed Dockerfile ---\n${fixed}\n--- build ---\n${after.output.slice(-3000)}`);
        if (example === 'good-multistage') assert.equal(after.config?.User, '65532:65532');
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });
  }
});
