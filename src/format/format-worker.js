// @ts-check
// A formatting worker for src/format/pool.ts: formats batches of texts with prettier. Plain JavaScript because a
// worker thread does not inherit tsx's loader, which runs the TypeScript sources of the main thread.
import { formatText } from "./format-text.js";
import { parentPort, workerData } from "node:worker_threads";

/** @type {import("prettier").Options} */
const options = workerData.options;

parentPort?.on("message", async (/** @type {{ id: number; jobs: { text: string; parser: string }[] }} */ batch) => {
  try {
    const outputs = [];
    for (const job of batch.jobs) outputs.push(await formatText(job.text, job.parser, options));
    parentPort?.postMessage({ id: batch.id, outputs });
  } catch (error) {
    parentPort?.postMessage({ id: batch.id, error: error instanceof Error ? error.message : String(error) });
  }
});
