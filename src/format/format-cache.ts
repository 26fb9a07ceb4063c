import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PACKAGE_ROOT } from "../self/paths.js";

// The format cache: prettier's output for each piece of text the last render of an output folder formatted.
//
// Formatting is most of a render: ~0.4 s of the fragment's 1.2 s, ~50 s of the whole 2026 Cloudflare API's ~65 s.
// Yet when a spec changes, most of what the emitters print is what they printed last time, piece for piece (src/write/
// split-source.ts cuts large files into statements and members, which format apart). Prettier's output depends only on
// the text, the parser, the options and prettier itself; a piece is looked up by its text and parser, in a store
// stamped with everything else (the generator's fingerprint, which covers prettier's version and specforge's code,
// and the options), so a store made by another prettier, another specforge or other options is ignored whole.
//
// One store per output folder, holding exactly what that folder's last render formatted, so it stays the size of one
// render's output. Beside each store a small file names its folder; each save drops the stores of folders that no
// longer exist (temporary copies: a whole-API test run leaves ~60 MB otherwise). It lives in node_modules/.cache,
// beside the render record (src/write/render-record.ts); `--no-cache` renders without reading it.

export const FORMAT_CACHE_DIR = path.join(PACKAGE_ROOT, "node_modules/.cache/specforge/format");

// Bumped whenever what a store holds changes meaning.
const FORMAT = "specforge-format-cache 1";

/** A piece's key (formatJobKey) → prettier's output for it. */
export type FormatMemo = Map<string, string>;

interface StoredFormatCache {
  format: typeof FORMAT;
  stamp: string;
  entries: Record<string, string>;
}

export function formatJobKey(text: string, parser: string): string {
  return createHash("sha256").update(parser).update("\0").update(text).digest("base64url");
}

// The store's file for an output folder.
export function formatCacheFile(outDir: string, dir = FORMAT_CACHE_DIR): string {
  return `${storeBase(outDir, dir)}.json`;
}

// The file beside it that names the folder, for pruning without reading the store.
function ownerFile(outDir: string, dir: string): string {
  return `${storeBase(outDir, dir)}.out`;
}

function storeBase(outDir: string, dir: string): string {
  return path.join(dir, createHash("sha256").update(path.resolve(outDir)).digest("hex").slice(0, 32));
}

/** Whose store: an output folder's, made under one generator fingerprint (the stamp). */
export interface FormatStore {
  outDir: string;
  stamp: string;
}

// What the last render of `outDir` formatted, if its store carries this stamp; an empty memo otherwise (no store, a
// damaged one, another stamp).
export async function loadFormatCache({ outDir, stamp }: FormatStore, dir = FORMAT_CACHE_DIR): Promise<FormatMemo> {
  try {
    const parsed = JSON.parse(await readFile(formatCacheFile(outDir, dir), "utf8")) as Partial<StoredFormatCache>;
    if (parsed.format !== FORMAT || parsed.stamp !== stamp || typeof parsed.entries !== "object" || parsed.entries === null) return new Map();
    return new Map(Object.entries(parsed.entries).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return new Map();
  }
}

// Replaces the store of `outDir` with `memo`. Written beside and renamed, so a reader never sees half a store. Best
// effort, like the render record: a read-only node_modules or a full disk means no cache, not a failed run.
export async function saveFormatCache({ outDir, stamp }: FormatStore, memo: FormatMemo, dir = FORMAT_CACHE_DIR): Promise<void> {
  const file = formatCacheFile(outDir, dir);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await pruneStores(dir);
    await writeFile(ownerFile(outDir, dir), path.resolve(outDir));
    const store: StoredFormatCache = { format: FORMAT, stamp, entries: Object.fromEntries(memo) };
    await writeFile(temporary, JSON.stringify(store));
    await rename(temporary, file);
  } catch {
    await rm(temporary, { force: true }).catch(() => {});
  }
}

// Drops the stores of output folders that no longer exist, and stores nothing names (older, or damaged).
async function pruneStores(dir: string): Promise<void> {
  const names = new Set(await readdir(dir).catch(() => [] as string[]));
  for (const name of names) {
    if (!name.endsWith(".json")) continue;
    const base = name.slice(0, -".json".length);
    const owner = names.has(`${base}.out`) ? await readFile(path.join(dir, `${base}.out`), "utf8").catch(() => "") : "";
    if (owner !== "" && existsSync(owner)) continue;
    await rm(path.join(dir, name), { force: true });
    await rm(path.join(dir, `${base}.out`), { force: true });
  }
}
