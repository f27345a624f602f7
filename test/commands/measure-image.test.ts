// Measure Image against the real engine: a cold build (--no-cache) and a warm one, the image
// size as the engine reports it, and the context size as the engine receives it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inspectImage } from '../../client/src/container/images';
import { appendRecord, BuildFailed, measureImage } from '../../client/src/container/measure';
import { resolveBuildContext } from '../../server/src/analysis/build-context';
import { DOCKER, requireEngineOrSkip } from '../support/engine';
import { runProcess } from '../../client/src/container/engine';

describe('Measure Image', { timeout: 600_000 }, () => {
  it('records cold and warm build times, image size and context size', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const dir = mkdtempSync(join(tmpdir(), 'dfo-measure-'));
    const tag = `dfo-measure-test:${process.pid}`;
    try {
      const dockerfile = 'FROM busybox:1.36\nCOPY data.txt /data.txt\nRUN sleep 2 && dd if=/dev/zero of=/blob bs=1024 count=64\n';
      writeFileSync(join(dir, 'Dockerfile'), dockerfile);
      writeFileSync(join(dir, 'data.txt'), 'x'.repeat(1234));
      writeFileSync(join(dir, 'ignored.log'), 'y'.repeat(999));
      writeFileSync(join(dir, '.dockerignore'), '*.log\n');
      const phases: string[] = [];
      const context = resolveBuildContext(join(dir, 'Dockerfile'));
      const record = await measureImage({ kind: 'docker', executable: DOCKER }, 'buildkit', { dockerfile: join(dir, 'Dockerfile'), contextDir: dir, tag }, context, { onPhase: (p) => phases.push(p) });
      assert.deepEqual(phases, ['context', 'cold', 'warm', 'inspect']);
      assert.ok(record.coldMs >= 2000, `cold ${record.coldMs} ms includes the 2 s RUN`);
      assert.ok(record.warmMs < record.coldMs, `warm ${record.warmMs} ms < cold ${record.coldMs} ms`);
      const facts = await inspectImage({ kind: 'docker', executable: DOCKER }, tag);
      assert.equal(record.imageId, facts.id);
      assert.equal(record.imageBytes, facts.size);
      assert.equal(record.layers, facts.layerCount);
      // Dockerfile + .dockerignore + data.txt; the log is ignored.
      assert.equal(record.contextFiles, 3);
      assert.equal(record.contextBytes, 1234 + '*.log\n'.length + dockerfile.length);
      t.diagnostic(`cold ${record.coldMs} ms, warm ${record.warmMs} ms, image ${record.imageBytes} B`);
    } finally {
      await runProcess(DOCKER, ['rmi', '-f', tag]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at a failing build, and on cancellation', async (t) => {
    if (!(await requireEngineOrSkip(t))) return;
    const dir = mkdtempSync(join(tmpdir(), 'dfo-measure-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:1.36\nRUN exit 7\n');
      const context = resolveBuildContext(join(dir, 'Dockerfile'));
      const engine = { kind: 'docker' as const, executable: DOCKER };
      await assert.rejects(measureImage(engine, 'buildkit', { dockerfile: join(dir, 'Dockerfile'), contextDir: dir }, context), (error: unknown) => error instanceof BuildFailed && error.phase === 'cold');
      writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:1.36\nRUN sleep 60\n');
      const controller = new AbortController();
      const started = performance.now();
      const running = measureImage(engine, 'buildkit', { dockerfile: join(dir, 'Dockerfile'), contextDir: dir }, context, { signal: controller.signal, onPhase: (p) => p === 'cold' && setTimeout(() => controller.abort(), 1500) });
      await assert.rejects(running, (error: unknown) => error instanceof BuildFailed && error.result.cancelled);
      assert.ok(performance.now() - started < 20_000, 'cancellation stops the build');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the newest records', () => {
    const r = (n: number) => ({ time: String(n) }) as never;
    assert.deepEqual(appendRecord([r(1), r(2), r(3)], r(4), 3).map((x: { time: string }) => x.time), ['2', '3', '4']);
  });
});
