// Reads real image archives written by the real engine (`docker save`, and podman's OCI
// layout when podman is installed) and checks layer sizes and wasted space against a fixture
// whose bytes are known.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readImageArchive } from '../../client/src/container/image-archive';
import { analyzeLayers } from '../../client/src/container/layer-efficiency';
import { containerEngine, requireEngineOrSkip } from '../support/engine';

const KiB = 1024;
const MiB = 1024 * KiB;

// Layer by layer: 3 MiB added then deleted; 1 MiB written, overwritten by 512 KiB, then the
// folder deleted. Wasted: 3 MiB + 1 MiB + 512 KiB.
const DOCKERFILE = `FROM busybox:1.36
RUN dd if=/dev/zero of=/big bs=1024 count=3072
RUN rm /big
RUN mkdir /d && dd if=/dev/zero of=/d/x bs=1024 count=1024 && echo hello > /keep
RUN dd if=/dev/zero of=/d/x bs=1024 count=512
RUN rm -rf /d
`;

function saveStream(program: string, args: string[]) {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.on('exit', (code) => {
    if (code !== 0) child.stdout.destroy(new Error(`${program} ${args.join(' ')} failed: ${stderr}`));
  });
  return child.stdout;
}

describe('image archives from a real engine', { timeout: 300_000 }, () => {
  const tag = `dfo-archive-test:${process.pid}`;
  let docker = '';
  let dir = '';

  before(async () => {
    const engine = await containerEngine();
    if (!engine.available) return;
    docker = engine.docker;
    dir = mkdtempSync(join(tmpdir(), 'dfo-archive-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    execFileSync(docker, ['build', '-q', '-t', tag, dir], { env: { ...process.env, DOCKER_BUILDKIT: '1' }, stdio: 'pipe' });
  });

  after(() => {
    if (docker) execFileSync(docker, ['rmi', '-f', tag], { stdio: 'ignore' });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the layers of `docker save` and finds the wasted bytes', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const archive = await readImageArchive(saveStream(docker, ['save', tag]));
    assert.equal(archive.layers.length, 6, 'base layer plus five RUN layers');
    const sizes = archive.layers.map((layer) => layer.size);
    assert.equal(sizes[1], 3 * MiB);
    assert.equal(sizes[3], 1 * MiB + 'hello\n'.length);
    assert.equal(sizes[4], 512 * KiB);
    assert.deepEqual(archive.layers[2].whiteouts, ['big']);
    assert.deepEqual(archive.layers[5].whiteouts, ['d']);

    const report = analyzeLayers(archive.layers);
    assert.equal(report.wastedBytes, 3 * MiB + 1 * MiB + 512 * KiB);
    assert.equal(report.layers[1].wastedBytes, 3 * MiB);
    assert.equal(report.layers[3].wastedBytes, 1 * MiB);
    assert.equal(report.layers[4].wastedBytes, 512 * KiB);
    assert.equal(report.layers[3].largestFiles[0].path, 'd/x');
    assert.equal(report.totalBytes, sizes.reduce((a, b) => a + b, 0));
    assert.equal(report.efficiency, (report.totalBytes - report.wastedBytes) / report.totalBytes);
    // dive counts the deleted file's add (3 MiB) and the overwritten path's two versions.
    assert.equal(report.dive.wastedBytes, 3 * MiB + 1 * MiB + 512 * KiB);
    // The image config's history has one row per instruction.
    assert.ok(archive.config.history!.some((row) => row.created_by?.includes('rm /big')));
  });

  it('reads an OCI archive without manifest.json (podman)', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    let podman = '';
    try {
      podman = execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim();
    } catch {
      if (process.env.CI === 'true') assert.fail('podman is not installed (scripts/ci/engine.sh installs it with INSTALL_PODMAN=1)');
      t.skip('podman is not installed');
      return;
    }
    const podmanDir = mkdtempSync(join(tmpdir(), 'dfo-podman-'));
    const ociTag = `localhost/dfo-oci-test:${process.pid}`;
    try {
      // Podman has its own image store: give it the same local base image, then build offline.
      const base = join(podmanDir, 'base.tar');
      execFileSync(docker, ['save', '-o', base, 'busybox:1.36']);
      execFileSync(podman, ['load', '-q', '-i', base], { stdio: 'pipe' });
      writeFileSync(join(podmanDir, 'Dockerfile'), DOCKERFILE.replace('busybox:1.36', 'localhost/busybox:1.36'));
      execFileSync(podman, ['build', '-q', '--pull=never', '-t', ociTag, podmanDir], { stdio: 'pipe' });
      const file = join(podmanDir, 'image.tar');
      execFileSync(podman, ['save', '--format', 'oci-archive', '-o', file, ociTag], { stdio: 'pipe' });
      const { createReadStream } = await import('node:fs');
      const archive = await readImageArchive(createReadStream(file));
      assert.equal(archive.format, 'oci');
      assert.equal(archive.layers.length, 6);
      assert.equal(analyzeLayers(archive.layers).wastedBytes, 3 * MiB + 1 * MiB + 512 * KiB);
    } finally {
      execFileSync(podman, ['rmi', '-f', ociTag], { stdio: 'ignore' });
      rmSync(podmanDir, { recursive: true, force: true });
    }
  });
});
