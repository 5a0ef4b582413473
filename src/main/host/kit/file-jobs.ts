import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FILE_JOB_WORKER_SOURCE } from './file-job-worker';

/**
 * Hashes (and copies) files on as many threads as the computer has cores, the largest files first
 * so that one backup of several gigabytes does not start last and leave the other cores idle.
 *
 * The threads outlive a run: starting one costs tens of milliseconds of a core, which a verify of a
 * kit that is read from the cache in two seconds would otherwise pay every time. An idle thread is
 * unreferenced, so it never keeps the process alive.
 */

export interface FileJob {
  file: string;
  /** Where to copy the file to, hashing what is written; absent to hash only. */
  to?: string;
  /** The file's size when listed, to schedule the largest first. */
  size: number;
}

export type FileJobResult = { ok: true; size: number; sha256: string } | { ok: false; code: string; message: string };

type WorkerMessage =
  | { id: number; bytes: number }
  | { id: number; done: { size: number; sha256: string } }
  | { id: number; failed: { code: string; message: string } };

export function fileJobThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs every job and returns their results in the order given. `onBytes` hears each chunk done.
 * A job that fails does not stop the others; `stopOnFailure` does (a copy to a full drive).
 */
export async function runFileJobs(
  jobs: readonly FileJob[],
  onBytes: (bytes: number) => void,
  options: { threads?: number; stopOnFailure?: boolean } = {},
): Promise<FileJobResult[]> {
  const results: (FileJobResult | undefined)[] = jobs.map(() => undefined);
  const queue = jobs.map((job, index) => ({ job, index })).sort((a, b) => b.job.size - a.job.size);
  const threads = Math.min(options.threads ?? fileJobThreads(), queue.length);
  let stopped = false;

  const thread = async (): Promise<void> => {
    const worker = borrowWorker();
    let healthy = false;
    try {
      for (let next = queue.shift(); next !== undefined && !stopped; next = queue.shift()) {
        const result = await runOne(worker, next.index, next.job, onBytes);
        results[next.index] = result;
        if (!result.ok && options.stopOnFailure === true) stopped = true;
      }
      healthy = true;
    } finally {
      await giveBack(worker, healthy);
    }
  };
  await Promise.all(Array.from({ length: threads }, thread));
  return results.map(
    (result) => result ?? { ok: false, code: 'ECANCELED', message: 'Not done: an earlier file failed.' },
  );
}

const idleWorkers: Worker[] = [];

function borrowWorker(): Worker {
  const worker = idleWorkers.pop() ?? new Worker(FILE_JOB_WORKER_SOURCE, { eval: true });
  worker.ref();
  return worker;
}

/** A thread that failed outside a job (it crashed, or ran out of memory) is not trusted again. */
async function giveBack(worker: Worker, healthy: boolean): Promise<void> {
  if (!healthy || idleWorkers.length >= fileJobThreads()) {
    await worker.terminate();
    return;
  }
  worker.unref();
  idleWorkers.push(worker);
}

function runOne(worker: Worker, id: number, job: FileJob, onBytes: (bytes: number) => void): Promise<FileJobResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.id !== id) return;
      if ('bytes' in message) {
        onBytes(message.bytes);
        return;
      }
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve('done' in message ? { ok: true, ...message.done } : { ok: false, ...message.failed });
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage({ id, file: job.file, to: job.to });
  });
}
