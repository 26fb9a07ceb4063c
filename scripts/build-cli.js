// Bundles specforge's TypeScript sources into dist/specforge.cjs, so the bin starts without tsx's loader (its module
// hooks and on-the-fly transforms were about a third of a small run's start-up). Runs as the `prepare` script, so
// `npm ci` leaves a fresh bundle; scripts/specforge.js falls back to the sources whenever one is newer than it.
// Then it stores prettier's output for the files every package gets a copy of in dist/preformatted.json (see the end).
//
// CommonJS, not ESM: typescript (ts-morph's own copy), ts-morph and @redocly/openapi-core are CommonJS,
// and an ESM `import` of a CommonJS file costs Node 20 a format detection and a cjs-module-lexer pass over its
// source (~9 MB for typescript.js) on top of the compile; `require` skips both. openapi-typescript has a CommonJS
// build of its own, which src/emit/schema/openapi-typescript-direct.ts requires file by file. It also puts every dependency through the CommonJS loader, whose resolution the bundle
// hooks so that openapi-typescript shares ts-morph's TypeScript (src/emit/schema/shared-typescript.ts).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outfile: "dist/specforge.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // Dependencies stay in node_modules: the bundle holds only specforge's own code.
  packages: "external",
  // src/self/paths.ts finds the package root from import.meta.url, which a CommonJS file does not have: the bundle's own
  // URL stands in (dist/ sits one folder below the root, as src/ does). import.meta.specforgeBundle tells the code it
  // is the bundle (src/self/paths.ts RUNNING_BUNDLE), where it may hook CommonJS `require` (src/emit/schema/shared-typescript.ts).
  define: { "import.meta.url": "__specforgeBundleUrl", "import.meta.specforgeBundle": "true" },
  banner: { js: 'const __specforgeBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

// Prettier's output for the files every generated package gets a copy of, so a render need not format them again
// (src/format/preformatted.ts). Loaded through tsx: the code that makes the store is the code that checks its key.
const { tsImport } = await import("tsx/esm/api");
const { writePreformatted } = await tsImport("../src/format/preformatted.ts", import.meta.url);
await writePreformatted();
