// Bundles specforge's TypeScript sources into dist/specforge.js, so the bin starts without tsx's loader (its module
// hooks and on-the-fly transforms were about a third of a small run's start-up). Runs as the `prepare` script, so
// `npm ci` leaves a fresh bundle; scripts/specforge.js falls back to the sources whenever one is newer than it.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outfile: "dist/specforge.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Dependencies stay in node_modules: the bundle holds only specforge's own code.
  packages: "external",
  logLevel: "warning",
});
