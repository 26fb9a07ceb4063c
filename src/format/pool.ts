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

/** Called after each batch with the number of jobs done so far. */
export type FormatProgress = (done: number, total: number) => void;

// Below this many characters in all, starting workers (each loads prettier, ~0.3 s) costs more than it saves.
const POOL_ABOVE = 1_000_000;
// Jobs travel to the workers in batches of about this many characters, to keep message overhead small.
const BATCH_CHARS = 200_000;

// Formats every job with prettier, in worker threads when there is enough work and more than one core.
export async function formatJobs(jobs: FormatJob[], options: prettier.Options, progress: FormatProgress = () => {}): Promise<string[]> {
  const total = jobs.reduce((sum, job) => sum + job.text.length, 0);
  const threads = Math.min(os.availableParallelism(), 4);
  if (total < POOL_ABOVE || threads < 2 || jobs.length < 2 || switchedOff("pool")) {
    const outputs: string[] = [];
    for (const job of jobs) {
      outputs.push(await formatText(job.text, job.parser, options));
      progress(outputs.length, jobs.length);
    }
    return outputs;
  }
  return formatInWorkers(jobs, options, threads, progress);
}

interface Batch {
  id: number;
  first: number;
  jobs: FormatJob[];
}

type WorkerReply = { id: number; outputs: string[] } | { id: number; error: string };

async function formatInWorkers(jobs: FormatJob[], options: prettier.Options, threads: number, progress: FormatProgress): Promise<string[]> {
  const batches: Batch[] = [];
  for (let first = 0; first < jobs.length; ) {
    const batch: Batch = { id: batches.length, first, jobs: [] };
    let size = 0;
    while (first < jobs.length && (batch.jobs.length === 0 || size + (jobs[first]?.text.length ?? 0) <= BATCH_CHARS)) {
      const job = jobs[first++] as FormatJob;
      batch.jobs.push(job);
      size += job.text.length;
    }
    batches.push(batch);
  }
  // Biggest batches first, so one large job does not start last and leave the other threads idle.
  const queue = [...batches].sort((a, b) => weight(b) - weight(a));
  const outputs: string[] = new Array<string>(jobs.length);
  let done = 0;
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => new Worker(FORMAT_WORKER_FILE, { workerData: { options } }));
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const reply = await send(worker, batch);
          if ("error" in reply) throw new Error(reply.error);
          reply.outputs.forEach((text, i) => (outputs[batch.first + i] = text));
          done += batch.jobs.length;
          progress(done, jobs.length);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outputs;
}

function weight(batch: Batch): number {
  return batch.jobs.reduce((sum, job) => sum + job.text.length, 0);
}

function send(worker: Worker, batch: Batch): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      if (reply.id !== batch.id) return;
      worker.off("error", onError);
      worker.off("message", onMessage);
      resolve(reply);
    };
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      reject(error);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.postMessage({ id: batch.id, jobs: batch.jobs });
  });
}
