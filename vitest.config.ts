import os from "node:os";
import { defineConfig } from "vitest/config";

// Vitest's default is one worker fewer than the cores: on a 2-core machine one file at a time. Most of the time of the
// slow files is spent waiting for a child process (the CLI, tsc, a nested vitest) that uses one core, so a second
// file on the other core about halves the wall time of `npm test` there.
const workers = Math.max(2, os.availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "generated/*/contract/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "test/fixtures/**"],
    // Generous: e2e tests spawn generate, tsc and vitest in repo copies, and a CI machine may be loaded (a contract
    // mutation test took 27-35 s at load 8). Timeouts catch hangs; speed is the bench's job, not the tests'.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: workers,
    // One module cache per worker instead of one per file: most files import src/, which loads typescript, ts-morph,
    // prettier and openapi-typescript (several seconds of CPU each time). Measured on test/unit alone (2026-12-04, a
    // loaded 2-core machine): 84 s of CPU instead of 149 s, the same 680 results. Every file restores what it changes
    // of the process (environment, timers, fetch), which is what sharing a worker needs. The nested vitest runs in
    // end-to-end repo copies read this file too: 27 real-world contract suites take 12 s of CPU instead of 35 s.
    isolate: false,
  },
});
