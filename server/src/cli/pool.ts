// Spreads file jobs over the cores: the main thread works through the queue itself and
// `threads - 1` worker threads take batches from the same queue, so a two-core machine pays
// for one extra start-up, not two. Workers run the CLI's own bundle (`workerScript`, which
// must call `serveWorker()` when it is not the main thread). A worker that fails hands its
// batch back to the main thread: the result is the same, only slower.
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { runFileJob, type FileJob, type FileOutcome } from './file-job';

/** Marks a worker started by this pool, so the script can tell it from other uses. */
export const WORKER_ROLE = 'dockerfile-optimizer-cli-worker';

/**
 * A worker costs about 100 ms before its first result (loading and compiling the bundle), the
 * time one thread needs for several thousand lines: below these, one thread finishes first.
 */
export const MIN_FILES_FOR_WORKERS = 16;
export const MIN_BYTES_FOR_WORKERS = 256 * 1024;

interface BatchMessage {
  batch: number;
  jobs: FileJob[];
}

interface ResultMessage {
  batch: number;
  outcomes: FileOutcome[];
}

/**
 * Worker threads from two cores up. Each thread warms V8 up on its own (compiling and
 * optimizing the same code again), so a pool costs about a third more CPU than one thread;
 * on a quiet two-core machine it still finished corpus/real in 2.1 s against 2.5 s
 * (BENCHMARKS.md), though on a machine busy with other work one thread finished first.
 * `--jobs N` asks for N threads.
 */
export const MIN_CORES_FOR_WORKERS = 2;

export function defaultThreads(fileCount: number, totalBytes: number, cores = availableParallelism()): number {
  if (fileCount < MIN_FILES_FOR_WORKERS || totalBytes < MIN_BYTES_FOR_WORKERS || cores < MIN_CORES_FOR_WORKERS) return 1;
  return cores;
}

export async function runJobs(jobs: FileJob[], threads: number, workerScript: string): Promise<FileOutcome[]> {
  const workerCount = Math.min(threads - 1, Math.ceil(jobs.length / 2) - 1);
  if (workerCount < 1) return jobs.map((job) => runFileJob(job));

  const outcomes: FileOutcome[] = new Array(jobs.length);
  // Several batches per thread so that one big file does not leave a core idle at the end.
  const batchSize = Math.max(1, Math.min(16, Math.ceil(jobs.length / ((workerCount + 1) * 6))));
  const batches: number[][] = [];
  for (let start = 0; start < jobs.length; start += batchSize) {
    batches.push(Array.from({ length: Math.min(batchSize, jobs.length - start) }, (_, i) => start + i));
  }
  let nextBatch = 0;
  const handedBack: number[] = [];
  let done = 0;
  let finish: () => void = () => undefined;
  let wake: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));

  const store = (batch: number, results: FileOutcome[]) => {
    batches[batch].forEach((jobIndex, i) => (outcomes[jobIndex] = results[i]));
    if (++done === batches.length) finish();
  };
  const takeBatch = (): number | null => {
    if (handedBack.length > 0) return handedBack.pop()!;
    return nextBatch < batches.length ? nextBatch++ : null;
  };

  const workers: Worker[] = [];
  for (let w = 0; w < workerCount; w++) {
    const worker = new Worker(workerScript, { workerData: { role: WORKER_ROLE } });
    workers.push(worker);
    let current: number | null = null;
    const feed = () => {
      current = takeBatch();
      if (current === null) return void worker.terminate();
      const message: BatchMessage = { batch: current, jobs: batches[current].map((i) => jobs[i]) };
      worker.postMessage(message);
    };
    worker.on('online', feed);
    worker.on('message', (message: ResultMessage) => {
      store(message.batch, message.outcomes);
      feed();
    });
    worker.on('error', () => {
      if (current !== null) handedBack.push(current);
      current = null;
      wake();
    });
  }

  // The main thread takes batches too, yielding between them so workers' messages get handled.
  while (done < batches.length) {
    const batch = takeBatch();
    if (batch === null) {
      // Wait for the workers' last batches, or for a failed worker's batch to come back.
      await Promise.race([allDone, new Promise<void>((resolve) => (wake = resolve))]);
      continue;
    }
    store(batch, batches[batch].map((i) => runFileJob(jobs[i])));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers.map((worker) => worker.terminate()));
  return outcomes;
}

/** The worker side: run each batch the pool sends and post the outcomes back. */
export function serveWorker(): void {
  parentPort!.on('message', (message: BatchMessage) => {
    const reply: ResultMessage = { batch: message.batch, outcomes: message.jobs.map((job) => runFileJob(job)) };
    parentPort!.postMessage(reply);
  });
}
