// @ts-check
// A formatting worker for src/format/pool.ts: formats batches of texts with prettier. Plain JavaScript because a
// worker thread does not inherit tsx's loader, which runs the TypeScript sources of the main thread.
import { formatText } from "./format-text.js";
import { parentPort, workerData } from "node:worker_threads";

/** @type {import("prettier").Options} */
const options = workerData.options;

// The pool offers every batch to every worker, without waiting for replies (src/format/pool.ts): they are taken one
// after another, in the order they came, and a batch another worker has claimed first is skipped.
let queue = Promise.resolve();

parentPort?.on("message", (/** @type {import("./pool.js").PooledBatch} */ batch) => {
  queue = queue.then(async () => {
    if (Atomics.compareExchange(batch.claim, 0, 0, 1) !== 0) return;
    try {
      const outputs = [];
      for (const job of batch.jobs) outputs.push(await formatText(job.text, job.parser, options));
      parentPort?.postMessage({ id: batch.id, outputs });
    } catch (error) {
      parentPort?.postMessage({ id: batch.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
