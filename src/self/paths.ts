import path from "node:path";
import { fileURLToPath } from "node:url";

declare global {
  interface ImportMeta {
    /** `true` in dist/specforge.cjs, where scripts/build-cli.js defines it; absent when the sources run (tsx, vitest). */
    readonly specforgeBundle?: true;
  }
}

// Whether this is the bundle: what it does differently (src/emit/schema/shared-typescript.ts) needs CommonJS `require`.
export const RUNNING_BUNDLE = import.meta.specforgeBundle === true;

// The files specforge reads at run time (the runtime and contract kit it copies, the worker it starts, its own
// manifest, the copied files' preformatted text), found from the package root: two folders above this module as
// source (src/self/), one above the bundle (dist/specforge.cjs, see scripts/build-cli.js).
export const PACKAGE_ROOT = fileURLToPath(new URL(RUNNING_BUNDLE ? "../" : "../../", import.meta.url));
export const RUNTIME_DIR = path.join(PACKAGE_ROOT, "src/runtime");
export const TESTKIT_DIR = path.join(PACKAGE_ROOT, "src/testkit");
export const FORMAT_WORKER_FILE = path.join(PACKAGE_ROOT, "src/format/format-worker.js");
export const MANIFEST_FILE = path.join(PACKAGE_ROOT, "package.json");
// Written by the build (scripts/build-cli.js), read by the render: see src/format/preformatted.ts.
export const PREFORMATTED_FILE = path.join(PACKAGE_ROOT, "dist/preformatted.json");
