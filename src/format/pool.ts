import os from "node:os";
import { Worker } from "node:worker_threads";
import type prettier from "prettier";
import { switchedOff } from "../self/machinery.js";
import { FORMAT_WORKER_FILE } from "../self/paths.js";
import { formatText } from "./format-text.js";

export interface FormatJob {
  text: string;
  parser: string;
}

/** Called after each batch with the number of jobs done so far, of the jobs submitted so far. */
export type FormatProgress = (done: number, total: number) => void;

// Below this many characters in all, starting workers (each loads prettier, ~0.3 s) costs more than it saves.
const POOL_ABOVE = 1_000_000;
// Jobs travel to the workers in batches of about this many characters, to keep message overhead small.
const BATCH_CHARS = 200_000;

/**
 * Formats jobs as they are submitted, while the caller goes on with other work (issue #20, point 4: the emitters
 * emit the next module while the workers format the last). Jobs wait in the main thread until over POOL_ABOVE
 * characters have come; then worker threads start and take every job from then on. Jobs that never reach that size
 * are formatted in the main thread by `drain`, as a small render always was.
 *
 * While the caller still emits, it keeps a core busy itself: one worker fewer than the cores (at least one) runs
 * then, and `drain` starts the rest. Every batch is offered to every worker, and the first to reach it claims it
 * through a shared flag, so no worker sits on a queue of its own while another is idle; the main thread, busy
 * emitting, need not answer anyone for that.
 */
export interface FormatPool {
  /** Prettier's output for each job, in order. The promise settles once `drain` is called, or sooner in workers. */
  submit(jobs: FormatJob[]): Promise<string[]>;
  /** Formats what is still waiting and resolves once every submitted job is done; reports progress from then on. */
  drain(progress?: FormatProgress): Promise<PoolStats>;
  /** Stops the workers. Safe to call more than once, and after a failure. */
  close(): Promise<void>;
}

/** What the workers did, for the tests: each batch is formatted by one worker, however many were offered it. */
export interface PoolStats {
  workers: number;
  batches: number;
  replies: number;
}

interface Pending {
  jobs: FormatJob[];
  resolve: (outputs: string[]) => void;
  reject: (error: Error) => void;
}

/** A batch as the workers see it; `claim` is one shared Int32, 0 until a worker takes the batch. */
export interface PooledBatch {
  id: number;
  jobs: FormatJob[];
  claim: Int32Array;
}

interface Outstanding {
  batch: PooledBatch;
  resolve: (outputs: string[]) => void;
  reject: (error: Error) => void;
}

type WorkerReply = { id: number; outputs: string[] } | { id: number; error: string };

export function startFormatPool(options: prettier.Options): FormatPool {
  const threads = Math.min(os.availableParallelism(), 4);
  const poolable = threads >= 2 && !switchedOff("pool");
  const waiting: Pending[] = [];
  let waitingChars = 0;
  let workers: Worker[] | undefined;
  let nextBatch = 0;
  let replies = 0;
  let started = 0;
  const outstanding = new Map<number, Outstanding>();
  let submitted = 0;
  let done = 0;
  let report: FormatProgress = () => {};
  const settled: Promise<unknown>[] = [];
  const counted = (count: number) => {
    done += count;
    report(done, submitted);
  };

  const startWorker = (): Worker => {
    const worker = new Worker(FORMAT_WORKER_FILE, { workerData: { options } });
    started++;
    worker.on("message", (reply: WorkerReply) => {
      replies++;
      const batch = outstanding.get(reply.id);
      outstanding.delete(reply.id);
      if ("error" in reply) batch?.reject(new Error(reply.error));
      else batch?.resolve(reply.outputs);
    });
    // A worker that dies fails the render: every batch still out is failed, and the render reports the first error.
    worker.on("error", (error) => {
      for (const [id, batch] of outstanding) {
        outstanding.delete(id);
        batch.reject(error);
      }
    });
    // A worker started late is offered every batch not yet answered; those another worker has taken, it skips.
    for (const { batch } of outstanding.values()) worker.postMessage(batch);
    return worker;
  };

  const dispatch = (pending: Pending) => {
    const batches: Promise<string[]>[] = [];
    for (let first = 0; first < pending.jobs.length; ) {
      const jobs: FormatJob[] = [];
      let size = 0;
      while (first < pending.jobs.length && (jobs.length === 0 || size + (pending.jobs[first]?.text.length ?? 0) <= BATCH_CHARS)) {
        const job = pending.jobs[first++] as FormatJob;
        jobs.push(job);
        size += job.text.length;
      }
      const batch: PooledBatch = { id: nextBatch++, jobs, claim: new Int32Array(new SharedArrayBuffer(4)) };
      batches.push(
        new Promise<string[]>((resolve, reject) => {
          outstanding.set(batch.id, { batch, resolve, reject });
          for (const worker of workers ?? []) worker.postMessage(batch);
        }).then((outputs) => {
          counted(jobs.length);
          return outputs;
        }),
      );
    }
    Promise.all(batches).then((outputs) => pending.resolve(outputs.flat()), pending.reject);
  };

  const formatHere = async (pending: Pending) => {
    try {
      const outputs: string[] = [];
      for (const job of pending.jobs) {
        outputs.push(await formatText(job.text, job.parser, options));
        counted(1);
      }
      pending.resolve(outputs);
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  // Characters sent to the workers and not answered yet: `drain` starts the rest of the workers only for a lot of it.
  const unanswered = () => [...outstanding.values()].reduce((sum, { batch }) => sum + batch.jobs.reduce((chars, job) => chars + job.text.length, 0), 0);

  return {
    submit(jobs) {
      submitted += jobs.length;
      const outputs = new Promise<string[]>((resolve, reject) => {
        const pending: Pending = { jobs, resolve, reject };
        if (jobs.length === 0) return resolve([]);
        if (workers) return dispatch(pending);
        waiting.push(pending);
        waitingChars += jobs.reduce((sum, job) => sum + job.text.length, 0);
        if (poolable && waitingChars > POOL_ABOVE) {
          workers = Array.from({ length: Math.max(1, threads - 1) }, startWorker);
          for (const one of waiting.splice(0)) dispatch(one);
          waitingChars = 0;
        }
      });
      // Awaited by the caller later; marked handled here so a failure while the caller still emits is not fatal.
      settled.push(outputs.catch(() => undefined));
      return outputs;
    },
    async drain(progress) {
      if (progress) report = progress;
      report(done, submitted);
      // The caller has stopped emitting: its core goes to formatting too, when there is enough left to pay for
      // starting another worker.
      if (workers && unanswered() > POOL_ABOVE) while (workers.length < threads) workers.push(startWorker());
      for (const pending of waiting.splice(0)) await formatHere(pending);
      waitingChars = 0;
      await Promise.all(settled);
      return { workers: started, batches: nextBatch, replies };
    },
    async close() {
      const running = workers ?? [];
      workers = undefined;
      await Promise.all(running.map((worker) => worker.terminate()));
    },
  };
}
