import path from "node:path";
import { fileURLToPath } from "node:url";

// The files specforge reads at run time (the runtime and contract kit it copies, the worker it starts, its own
// manifest, the copied files' preformatted text), found from the package root. This module sits one folder below the
// root both as source (src/) and bundled (dist/, see scripts/build-cli.js), so the same relative step works for both.
export const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const RUNTIME_DIR = path.join(PACKAGE_ROOT, "src/runtime");
export const CONTRACT_KIT_FILE = path.join(PACKAGE_ROOT, "src/testkit/contract-kit.ts");
export const FORMAT_WORKER_FILE = path.join(PACKAGE_ROOT, "src/write/format-worker.js");
export const MANIFEST_FILE = path.join(PACKAGE_ROOT, "package.json");
// Written by the build (scripts/build-cli.js), read by the render: see src/write/preformatted.ts.
export const PREFORMATTED_FILE = path.join(PACKAGE_ROOT, "dist/preformatted.json");

declare global {
  interface ImportMeta {
    /** `true` in dist/specforge.cjs, where scripts/build-cli.js defines it; absent when the sources run (tsx, vitest). */
    readonly specforgeBundle?: true;
  }
}

// Whether this is the bundle: what it does differently (src/emit/shared-typescript.ts) needs CommonJS `require`.
export const RUNNING_BUNDLE = import.meta.specforgeBundle === true;
