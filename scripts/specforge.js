#!/usr/bin/env node
// The `specforge` bin. It runs dist/specforge.cjs, the bundle that scripts/build-cli.js makes on `npm ci`, when that
// bundle is newer than every source file; otherwise (no bundle, or a source edited since) it runs the TypeScript
// sources through tsx's loader, so an edit takes effect without a rebuild. DEBUG=1 says which one ran.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const bundle = path.join(root, "dist/specforge.cjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

// SPECFORGE_WITHOUT=bundle: the bench measuring what the bundle buys (src/self/machinery.ts).
const withoutBundle = (process.env.SPECFORGE_WITHOUT ?? "").split(",").includes("bundle");
const useBundle = !withoutBundle && existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(path.join(root, "src"));
// Said last, so that an error stays the first line of stderr.
if (process.env.DEBUG) process.on("exit", () => process.stderr.write(`specforge: ran ${useBundle ? "dist/specforge.cjs (bundle)" : "src/ through tsx"}\n`));
let cli;
if (useBundle) {
  // A CommonJS bundle (see scripts/build-cli.js): required, so its dependencies load through require too.
  cli = createRequire(import.meta.url)(bundle);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../src/cli.ts");
}
process.exitCode = await cli.main(process.argv.slice(2));
