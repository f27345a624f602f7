// The worker pool: the same outcomes in the same order as one thread, work really done by
// worker threads (running the bundled CLI as their script), and a broken worker, at its start
// or after claiming work, costing speed, not results.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FileJob } from '../../server/src/cli/file-job';
import { batchesOf, defaultThreads, MIN_BYTES_FOR_WORKERS, MIN_FILES_FOR_WORKERS, runJobs, WORKER_ROLE, type ResultMessage, type WorkerInput } from '../../server/src/cli/pool';
import { CLI, ensureCliBuilt } from './cli-harness';

let dir: string;
let jobs: FileJob[];

before(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dockerfile-optimizer-pool-'));
  jobs = [];
  for (let i = 0; i < 50; i++) {
    const file = join(dir, `${i}.Dockerfile`);
    // Files of different sizes, so batches finish at different times.
    const runs = Array.from({ length: i % 7 }, (_, r) => `RUN apt-get install -y pkg${r}`).join('\n');
    writeFileSync(file, `FROM ${i % 3 ? 'debian:12' : 'node'}\n${runs}\n`);
    jobs.push({ file, mode: 'check', settings: null });
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const comparable = (outcomes: Awaited<ReturnType<typeof runJobs>>) => outcomes.map(({ thread: _thread, ...rest }) => rest);

describe('runJobs', () => {
  it('returns the same outcomes, in job order, as one thread', async () => {
    // Which thread gets which batch depends on timing (the main thread may finish these small
    // jobs before a worker is up); the next test gives a worker every batch.
    const single = await runJobs(jobs, 1, CLI);
    const pooled = await runJobs(jobs, 3, CLI);
    assert.deepEqual(comparable(pooled), comparable(single));
    assert.ok(single.every((outcome) => outcome.thread === 0));
    assert.ok(single.some((outcome) => outcome.findings.length > 0));
  });

  it('has a worker thread (the bundled CLI) claim batches until none is left, with the same outcomes', async () => {
    const batches = [jobs.slice(0, 20), jobs.slice(20, 21), jobs.slice(21)];
    const input: WorkerInput = { role: WORKER_ROLE, batches, nextBatch: new SharedArrayBuffer(4) };
    const worker = new Worker(CLI, { workerData: input });
    const workerThread = worker.threadId; // -1 once it has exited
    const replies: ResultMessage[] = [];
    worker.on('message', (reply: ResultMessage) => replies.push(reply));
    const [exitCode] = await once(worker, 'exit');
    assert.equal(exitCode, 0);
    assert.deepEqual(replies.map((reply) => reply.batch), [0, 1, 2]);
    const outcomes = replies.flatMap((reply) => reply.outcomes);
    assert.ok(outcomes.every((outcome) => outcome.thread === workerThread));
    assert.deepEqual(comparable(outcomes), comparable(await runJobs(jobs, 1, CLI)));
    assert.equal(new Int32Array(input.nextBatch)[0] >= batches.length, true);
  });

  it('runs the batches a failed worker claimed but never returned on the main thread', async () => {
    // A worker that takes the first two batches off the shared counter and dies.
    const failing = join(dir, 'failing-worker.js');
    writeFileSync(
      failing,
      "const { workerData } = require('node:worker_threads');\n" +
        'const counter = new Int32Array(workerData.nextBatch);\n' +
        'Atomics.add(counter, 0, 1); Atomics.add(counter, 0, 1);\n' +
        "throw new Error('worker failed');\n",
    );
    const single = await runJobs(jobs, 1, CLI);
    const recovered = await runJobs(jobs, 3, failing);
    assert.deepEqual(comparable(recovered), comparable(single));
    assert.ok(recovered.every((outcome) => outcome.thread === 0));
  });

  it('finishes every job on the main thread when workers cannot start', async () => {
    const single = await runJobs(jobs, 1, CLI);
    const fallback = await runJobs(jobs, 3, join(dir, 'no-such-worker.js'));
    assert.deepEqual(comparable(fallback), comparable(single));
    assert.ok(fallback.every((outcome) => outcome.thread === 0));
  });
});

describe('batchesOf', () => {
  const many = (n: number): FileJob[] => Array.from({ length: n }, (_, i) => ({ file: `/f${i}`, mode: 'check', settings: null }));

  it('keeps every job once, in order, in batches of at most 16 that shrink to one file at the end', () => {
    for (const [count, threads] of [[646, 2], [50, 3], [17, 2], [1000, 8]]) {
      const jobs = many(count);
      const batches = batchesOf(jobs, threads);
      assert.deepEqual(batches.flat(), jobs);
      const sizes = batches.map((batch) => batch.length);
      assert.ok(sizes.every((size) => size >= 1 && size <= 16), `${count}/${threads}: ${sizes}`);
      assert.ok(sizes.every((size, i) => i === 0 || size <= sizes[i - 1]), `${count}/${threads}: sizes must not grow: ${sizes}`);
      assert.equal(sizes[sizes.length - 1], 1, `${count}/${threads}: ${sizes}`);
    }
    assert.equal(batchesOf(many(646), 2)[0].length, 16);
  });
});

describe('defaultThreads', () => {
  const many = { files: MIN_FILES_FOR_WORKERS * 4, bytes: MIN_BYTES_FOR_WORKERS * 4 };

  it('stays on one thread with one core, however many files', () => {
    assert.equal(defaultThreads(many.files, many.bytes, 1), 1);
  });

  it('uses every core from two cores up when there is enough work', () => {
    assert.equal(defaultThreads(many.files, many.bytes, 2), 2);
    assert.equal(defaultThreads(many.files, many.bytes, 8), 8);
  });

  it('stays on one thread for few files or little text', () => {
    assert.equal(defaultThreads(MIN_FILES_FOR_WORKERS - 1, many.bytes, 8), 1);
    assert.equal(defaultThreads(many.files, MIN_BYTES_FOR_WORKERS - 1, 8), 1);
  });
});
