// rememberedDisk (the CLI's reads of build-context files) asks the disk once per path and
// answers as the live disk did; applicableDockerignore goes through it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applicableDockerignore, envForFile, liveDisk, rememberedDisk, type DiskReads } from '../../server/src/analysis/env';

const dir = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-disk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The live disk, counting the reads that reach it. */
function counted(): DiskReads & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    exists: (path) => (calls.push(`exists ${path}`), liveDisk.exists(path)),
    readText: (path) => (calls.push(`read ${path}`), liveDisk.readText(path)),
  };
}

describe('rememberedDisk', () => {
  it('answers as the live disk, asking it once per path and question', () => {
    writeFileSync(join(dir, 'present.txt'), 'hello');
    const live = counted();
    const disk = rememberedDisk(live);
    for (let round = 0; round < 3; round++) {
      assert.equal(disk.exists(join(dir, 'present.txt')), true);
      assert.equal(disk.exists(join(dir, 'absent.txt')), false);
      assert.equal(disk.readText(join(dir, 'present.txt')), 'hello');
      assert.equal(disk.readText(join(dir, 'absent.txt')), undefined);
      assert.equal(disk.readText(dir), undefined, 'a folder has no text');
    }
    assert.equal(live.calls.length, 5);
  });

  it('serves the build context and the .dockerignore lookup of an environment', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n');
    const live = counted();
    const env = envForFile(join(dir, 'Dockerfile'), dir, rememberedDisk(live));
    assert.equal(applicableDockerignore(env), '.dockerignore');
    assert.equal(applicableDockerignore(env), '.dockerignore');
    assert.equal(env.context?.readText('.dockerignore'), 'node_modules\n');
    assert.deepEqual(live.calls, [`exists ${join(dir, 'Dockerfile.dockerignore')}`, `exists ${join(dir, '.dockerignore')}`, `read ${join(dir, '.dockerignore')}`]);
  });
});
