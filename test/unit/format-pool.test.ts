// The format pool formats files as they are emitted (issue #20, point 4): jobs submitted while the caller is busy go
// to worker threads, each batch is formatted by exactly one worker, a failure while the caller still emits does not
// end the process, and the bytes are prettier's, whatever thread formatted them.
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { addHeader, PRETTIER_OPTIONS, startFormatting, type FileHeader } from "../../src/format/format.js";
import { formatText } from "../../src/format/format-text.js";
import { startFormatPool, type FormatJob } from "../../src/format/pool.js";

// Statements prettier reflows: each job about 2.5 KB, so a few hundred of them pass the pool's 1 MB threshold.
function job(index: number): FormatJob {
  const members = Array.from({ length: 80 }, (_, k) => `m${k}:{a:${index},b:"${"x".repeat(k % 7)}",c:[${k},${index}]}`).join(",");
  return { text: `export const value${index}={${members}};\n`, parser: "babel-ts" };
}

const header: FileHeader = { spec: "spec/pool.yaml", command: "npm run generate" };

// The pool runs workers only with two cores or more; a one-core machine formats in its main thread.
const cores = os.availableParallelism();

describe("the format pool", () => {
  it.skipIf(cores < 2)("formats jobs submitted in turns, some while the caller works, in worker threads, each batch once", async () => {
    const pool = startFormatPool(PRETTIER_OPTIONS);
    try {
      const jobs = Array.from({ length: 800 }, (_, index) => job(index));
      // Over 1 MB: the workers start here, and the later jobs go straight to them.
      const first = pool.submit(jobs.slice(0, 500));
      // The caller "emits" (blocks this thread) while the first jobs are formatted elsewhere.
      const until = Date.now() + 300;
      while (Date.now() < until);
      const second = pool.submit(jobs.slice(500));
      const stats = await pool.drain();
      expect(stats.workers).toBeGreaterThan(0);
      expect(stats.batches).toBeGreaterThan(1);
      expect(stats.replies).toBe(stats.batches);
      const outputs = [...(await first), ...(await second)];
      const sample = [0, 499, 500, 799];
      for (const index of sample) expect(outputs[index]).toBe(await formatText((jobs[index] as FormatJob).text, "babel-ts", PRETTIER_OPTIONS));
      expect(outputs).toHaveLength(800);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("formats a small amount of work in this thread, without starting workers", async () => {
    const pool = startFormatPool(PRETTIER_OPTIONS);
    try {
      const outputs = pool.submit([job(1), job(2)]);
      const stats = await pool.drain();
      expect(stats).toEqual({ workers: 0, batches: 0, replies: 0 });
      expect((await outputs)[1]).toBe(await formatText(job(2).text, "babel-ts", PRETTIER_OPTIONS));
    } finally {
      await pool.close();
    }
  });

  it("keeps a worker's failure for the caller, even when it comes while the caller still emits", async () => {
    const pool = startFormatPool(PRETTIER_OPTIONS);
    try {
      const jobs = Array.from({ length: 600 }, (_, index) => job(index));
      jobs[5] = { text: "export const = ;\n", parser: "babel-ts" };
      const outputs = pool.submit(jobs);
      // Long enough for the worker to reach the bad job and reply; unhandled, its rejection would fail this file.
      await sleep(3000);
      await pool.drain();
      await expect(outputs).rejects.toThrow(/Unexpected token|expected/i);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe("formatting while emitting (startFormatting)", () => {
  it("gives prettier's bytes for each file, the header included", async () => {
    const files = new Map<string, string>();
    for (let group = 0; group < 6; group++) {
      files.set(`operations/g${group}.ts`, Array.from({ length: 100 }, (_, k) => job(group * 100 + k).text).join("\n"));
    }
    files.set("API.md", "# API\n");
    const formatting = startFormatting(header);
    let streamed: Map<string, string>;
    try {
      for (const [name, text] of files) formatting.add(name, text);
      streamed = await formatting.finish();
    } finally {
      await formatting.close();
    }
    expect([...streamed.keys()]).toEqual([...files.keys()]);
    for (const [name, text] of files) {
      const expected = name.endsWith(".ts") ? await formatText(addHeader(".ts", text, header), "babel-ts", PRETTIER_OPTIONS) : addHeader(".md", text, header);
      expect(streamed.get(name), name).toBe(expected);
    }
  }, 120_000);

  it("reports a file prettier cannot read when finishing, and stops its workers", async () => {
    // With a format cache, as a render has: its outputs go through one more promise, which must not be left unhandled.
    const formatting = startFormatting(header, { cache: { known: new Map(), used: new Map() } });
    try {
      formatting.add("broken.ts", "export const = ;\n");
      for (let group = 0; group < 6; group++) formatting.add(`g${group}.ts`, Array.from({ length: 100 }, (_, k) => job(group * 100 + k).text).join("\n"));
      // The bad file fails in a worker while the "emitters" still run; the failure waits for finish.
      await sleep(3000);
      await expect(formatting.finish()).rejects.toThrow(/Unexpected token|expected/i);
    } finally {
      await formatting.close();
    }
  }, 120_000);
});
