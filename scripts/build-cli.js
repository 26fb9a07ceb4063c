// Bundles specforge's TypeScript sources into dist/specforge.cjs, so the bin starts without tsx's loader (its module
// hooks and on-the-fly transforms were about a third of a small run's start-up). Runs as the `prepare` script, so
// `npm ci` leaves a fresh bundle; scripts/specforge.js falls back to the sources whenever one is newer than it.
// Then it stores prettier's output for the files every package gets a copy of in dist/preformatted.json (see the end).
//
// CommonJS, not ESM: typescript (ts-morph's own copy), ts-morph and @redocly/openapi-core are CommonJS,
// and an ESM `import` of a CommonJS file costs Node 20 a format detection and a cjs-module-lexer pass over its
// source (~9 MB for typescript.js) on top of the compile; `require` skips both, and openapi-typescript has a
// CommonJS build of its own. It also puts every dependency through the CommonJS loader, whose resolution the bundle
// hooks so that openapi-typescript shares ts-morph's TypeScript (src/emit/shared-typescript.ts).
import { build } from "esbuild";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);

// Packages that are ESM first with a CommonJS build that sets `__esModule` and `exports.default`. Our ESM sources
// import their default export; in a CommonJS bundle esbuild gives a `type: module` importer Node's semantics, where
// the default is the whole `module.exports`. A small module re-exports `exports.default` as the default instead;
// its named exports are the package's own, listed by loading it here (so a new named import still resolves, and
// one the package lacks fails the build).
const DEFAULT_FROM_EXPORTS_DEFAULT = ["openapi-typescript"];

const esModuleDefault = {
  name: "es-module-default",
  setup(builder) {
    const filter = new RegExp(`^(${DEFAULT_FROM_EXPORTS_DEFAULT.join("|")})$`);
    builder.onResolve({ filter }, (args) => (args.namespace === "es-module-default" ? { path: args.path, external: true } : { path: args.path, namespace: "es-module-default" }));
    builder.onLoad({ filter: /.*/, namespace: "es-module-default" }, (args) => {
      const names = Object.keys(require(args.path)).filter((name) => name !== "default" && name !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(name));
      const contents = [`const m = require(${JSON.stringify(args.path)});`, "export default m.default;", ...names.map((name) => `export const ${name} = m.${name};`)].join("\n");
      return { contents, loader: "js", resolveDir: root };
    });
  },
};

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
  plugins: [esModuleDefault],
  // src/paths.ts finds the package root from import.meta.url, which a CommonJS file does not have: the bundle's own
  // URL stands in (dist/ sits one folder below the root, as src/ does). import.meta.specforgeBundle tells the code it
  // is the bundle (src/paths.ts RUNNING_BUNDLE), where it may hook CommonJS `require` (src/emit/shared-typescript.ts).
  define: { "import.meta.url": "__specforgeBundleUrl", "import.meta.specforgeBundle": "true" },
  banner: { js: 'const __specforgeBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

// Prettier's output for the files every generated package gets a copy of, so a render need not format them again
// (src/write/preformatted.ts). Loaded through tsx: the code that makes the store is the code that checks its key.
const { tsImport } = await import("tsx/esm/api");
const { writePreformatted } = await tsImport("../src/write/preformatted.ts", import.meta.url);
await writePreformatted();
