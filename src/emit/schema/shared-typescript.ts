import Module, { createRequire } from "node:module";

// One TypeScript for the whole generator, in the bundle (dist/specforge.cjs).
//
// ts-morph runs on the TypeScript that @ts-morph/common bundles (dist/typescript.js, 9 MB); openapi-typescript, and
// src/emit/schema/schema-cycles.ts which walks its nodes, `require("typescript")`, the installed one (another 9 MB). Compiling
// and starting that second copy took 0.3 to 0.5 s of a 3 s render of the fragment. In the bundle every CommonJS
// `require("typescript")` is answered with ts-morph's copy instead: Node keys its module cache by file, so all three
// then share one instance, and schema-cycles' SyntaxKinds stay those of openapi-typescript's nodes. The generated files
// are byte-for-byte the same (test/e2e/shared-typescript.test.ts renders through the bundle and through the sources,
// which import the installed TypeScript as ESM and are untouched by this hook, and compares).
//
// The installed `typescript` stays what type-checks: tsc, the generated packages and the tests never load it here.

// Node's CommonJS resolver, which @types/node does not declare: every `require` resolves its request through it.
interface CommonJsResolver {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
}

// The file ts-morph loads, found the way ts-morph finds it (@ts-morph/common is its dependency, not ours).
export function tsMorphTypeScriptFile(): string {
  const fromTsMorph = createRequire(createRequire(import.meta.url).resolve("ts-morph"));
  return fromTsMorph.resolve("@ts-morph/common/dist/typescript.js");
}

let sharedFile: string | undefined;

// Sends every later `require("typescript")` in this process to ts-morph's TypeScript; returns that file. Idempotent.
// Call it before anything requires `typescript`: a copy already loaded stays loaded (and in use by who loaded it).
export function shareTsMorphTypeScript(): string {
  if (sharedFile !== undefined) return sharedFile;
  const file = tsMorphTypeScriptFile();
  const resolver = Module as unknown as CommonJsResolver;
  const resolve = resolver._resolveFilename;
  resolver._resolveFilename = function (this: unknown, request: string, parent: unknown, isMain: boolean, options?: unknown): string {
    return request === "typescript" ? file : resolve.call(this, request, parent, isMain, options);
  };
  sharedFile = file;
  return file;
}
