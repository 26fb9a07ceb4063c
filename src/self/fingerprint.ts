import { createHash, type Hash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PACKAGE_ROOT } from "./paths.js";

// Everything about the generator that can change what it renders, as one sha256: its own code, the files it copies
// into each package, the versions it pins, the installed dependencies and Node itself. The render record
// (src/write/render-record.ts) trusts a recorded render only while this is unchanged.

// Read for their versions (they render, parse or format); the installed tree as a whole is covered by npm's
// hidden lockfile, node_modules/.package-lock.json, which npm rewrites on every install.
export const RENDERING_PACKAGES = ["openapi-typescript", "typescript", "@redocly/openapi-core", "ts-morph", "prettier", "yaml"] as const;

// Bumped whenever what goes into a fingerprint or a cache entry changes meaning.
const FORMAT = "specforge-fingerprint 1";

export async function generatorFingerprint(root = PACKAGE_ROOT): Promise<string> {
  const hash = createHash("sha256").update(`${FORMAT}\0${process.version}\0${process.arch}\0`);
  // src/ as a whole: the code (when it runs through tsx), and the runtime, contract kit and format worker, which are
  // read from src/ at run time even by the bundle.
  await hashTree(hash, root, "src");
  // The bundle, when it exists: it is what the bin runs while it is newer than src/.
  await hashFile(hash, root, "dist/specforge.cjs");
  // The copied files' preformatted text (src/format/preformatted.ts). Its entries are keyed by source text, prettier
  // version and options, all covered above, so a rebuilt store cannot change a render; it is hashed anyway because
  // the render trusts its text as it trusts the bundle's code, and a hand-edited or damaged store would.
  await hashFile(hash, root, "dist/preformatted.json");
  await hashFile(hash, root, "package.json");
  await hashFile(hash, root, "node_modules/.package-lock.json");
  for (const name of RENDERING_PACKAGES) {
    const manifest = await readFile(path.join(root, "node_modules", name, "package.json"), "utf8").catch(() => undefined);
    const version = manifest === undefined ? "absent" : String((JSON.parse(manifest) as { version?: unknown }).version);
    hash.update(`package ${name} ${version}\0`);
  }
  return hash.digest("hex");
}

// Each file's relative path and bytes, in a fixed order, so a rename or a move changes the hash too.
async function hashTree(hash: Hash, root: string, dir: string): Promise<void> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) await hashTree(hash, root, rel);
    else await hashFile(hash, root, rel);
  }
}

async function hashFile(hash: Hash, root: string, rel: string): Promise<void> {
  const bytes = await readFile(path.join(root, rel)).catch(() => undefined);
  if (bytes === undefined) {
    hash.update(`absent ${rel}\0`);
    return;
  }
  hash.update(`file ${rel} ${bytes.length}\0`).update(bytes);
}
