// Spreads file jobs over the cores: the main thread works through the batches itself and
// `threads - 1` worker threads work through the same list beside it. Every thread claims its
// next batch from a counter in shared memory, so no thread waits for another to hand it work
// (the main thread only reads the workers' results between its own batches). Workers run the
// CLI's own bundle (`workerScript`, which must call `serveWorker()` when it is not the main
// thread). A batch a worker claimed but never returned (a worker that failed) is run by the
// main thread at the end: the result is the same, only slower.
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { runFileJob, type FileJob, type FileOutcome } from './file-job';
import { keptForWorkers, type ProgramHandover } from './program-handover';

/** Marks a worker started by this pool, so the script can tell it from other uses. */
export const WORKER_ROLE = 'dockerfile-optimizer-cli-worker';

/**
 * A worker costs about 100 ms before its first result (loading and compiling the bundle), the
 * time one thread needs for several thousand lines: below these, one thread finishes first.
 */
export const MIN_FILES_FOR_WORKERS = 16;
export const MIN_BYTES_FOR_WORKERS = 256 * 1024;

/** What a worker starts with: every batch, and the shared counter of the next one to claim. */
export interface WorkerInput {
  role: typeof WORKER_ROLE;
  batches: FileJob[][];
  nextBatch: SharedArrayBuffer;
  /** The program as the main thread's launcher read it, for the worker's launcher. */
  program?: ProgramHandover;
}

export interface ResultMessage {
  batch: number;
  outcomes: FileOutcome[];
}

/**
 * Worker threads from two cores up. Each thread warms V8 up on its own (compiling and
 * optimizing the same code again), so a pool costs more CPU than one thread;
 * `--jobs N` asks for N threads.
 */
export const MIN_CORES_FOR_WORKERS = 2;

export function defaultThreads(fileCount: number, totalBytes: number, cores = availableParallelism()): number {
  if (fileCount < MIN_FILES_FOR_WORKERS || totalBytes < MIN_BYTES_FOR_WORKERS || cores < MIN_CORES_FOR_WORKERS) return 1;
  return cores;
}

/**
 * Batches that shrink as the list runs out (guided scheduling): large ones while much is left,
 * so that threads claim and report rarely, then smaller and smaller ones, down to one file, so
 * that the threads run out of work at nearly the same time instead of one waiting for the
 * other's last big batch.
 */
export function batchesOf(jobs: FileJob[], threads: number): FileJob[][] {
  const batches: FileJob[][] = [];
  for (let start = 0; start < jobs.length; ) {
    const size = Math.max(1, Math.min(MAX_BATCH_FILES, Math.ceil((jobs.length - start) / (threads * 4))));
    batches.push(jobs.slice(start, start + size));
    start += size;
  }
  return batches;
}

const MAX_BATCH_FILES = 16;

/** Batch `b` is claimed by whichever thread first moves the counter past it. */
function claimBatch(counter: Int32Array): number {
  return Atomics.add(counter, 0, 1);
}

export async function runJobs(jobs: FileJob[], threads: number, workerScript: string): Promise<FileOutcome[]> {
  const workerCount = Math.min(threads - 1, Math.ceil(jobs.length / 2) - 1);
  if (workerCount < 1) return jobs.map((job) => runFileJob(job));

  const batches = batchesOf(jobs, workerCount + 1);
  const results: (FileOutcome[] | undefined)[] = new Array(batches.length);
  const nextBatch = new SharedArrayBuffer(4);
  const counter = new Int32Array(nextBatch);
  let running = workerCount;
  let wake: () => void = () => undefined;

  const input: WorkerInput = { role: WORKER_ROLE, batches, nextBatch, program: keptForWorkers() };
  const workers = Array.from({ length: workerCount }, () => {
    const worker = new Worker(workerScript, { workerData: input });
    worker.on('message', (message: ResultMessage) => {
      results[message.batch] = message.outcomes;
      wake();
    });
    // A failed worker ('error' comes first) or a finished one: either way it returns no more.
    worker.on('exit', () => {
      running--;
      wake();
    });
    worker.on('error', () => undefined);
    return worker;
  });

  // The main thread claims batches too, yielding between them so workers' results get read.
  for (let batch = claimBatch(counter); batch < batches.length; batch = claimBatch(counter)) {
    results[batch] = batches[batch].map((job) => runFileJob(job));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // Wait for the workers' last batches; whatever a failed worker claimed is done here.
  while (running > 0 && results.includes(undefined)) await new Promise<void>((resolve) => (wake = resolve));
  // Not awaited: a worker's teardown took about 20 ms, and the report need not wait for it.
  for (const worker of workers) void worker.terminate();
  return batches.flatMap((batch, b) => results[b] ?? batch.map((job) => runFileJob(job)));
}

/** The worker side: claim batches until none is left, posting each one's outcomes. */
export function serveWorker(): void {
  const { batches, nextBatch } = workerData as WorkerInput;
  const counter = new Int32Array(nextBatch);
  for (let batch = claimBatch(counter); batch < batches.length; batch = claimBatch(counter)) {
    const reply: ResultMessage = { batch, outcomes: batches[batch].map((job) => runFileJob(job)) };
    parentPort!.postMessage(reply);
  }
}
