import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TargetConfig } from "../config.js";
import { PACKAGE_ROOT } from "../self/paths.js";

// The render record: after a full render whose output is on disk (written, or found equal by --check), record a hash
// of every input and of every output file. A later `generate` or `generate --check` whose inputs hash the same and
// whose output files hash to the recorded values can answer "up to date" without loading the emitters: a full
// render would produce the recorded files again, and the disk holds them (a file generate did not write may sit
// beside them: generate leaves it alone). Anything else (no entry, a changed input, an edited or missing file, an
// unreadable entry) falls back to the full render.
//
// It lives in node_modules/.cache, never in the generated package: the generator's own code is an input, so a
// committed record would go stale with every edit to specforge.

export const RENDER_RECORD_DIR = path.join(PACKAGE_ROOT, "node_modules/.cache/specforge/render-record");

export interface SpecFileHash {
  /** Absolute path of a spec file the render loaded (the root and every file its $refs reach). */
  path: string;
  /** sha256 of its text as loaded (see LoadedFile.sha256 in src/openapi/load.ts). */
  sha256: string;
}

/** What the render printed as warnings (repairs, model notes): a cache hit prints them again. */
export interface RenderRecord {
  format: 1;
  /** The output folder it records, so a record whose folder is gone can be pruned. */
  out?: string;
  inputs: string;
  specFiles: SpecFileHash[];
  /** Output-relative path → sha256 of the file's bytes, for every file the render owns. */
  outputs: Record<string, string>;
  notes: string[];
}

export interface RenderKey {
  target: TargetConfig;
  command: string;
  cwd: string;
  /** src/self/fingerprint.ts */
  fingerprint: string;
}

// Reads the entry for a target's output folder and says whether it still holds; undefined means render.
export async function lookUpToDate(key: RenderKey, dir = RENDER_RECORD_DIR): Promise<RenderRecord | undefined> {
  const entry = parseEntry(await readFile(entryFile(key, dir), "utf8").catch(() => undefined));
  if (!entry) return undefined;
  const specFiles: SpecFileHash[] = [];
  for (const file of entry.specFiles) {
    const text = await readFile(file.path, "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    specFiles.push({ path: file.path, sha256: sha256(text) });
  }
  if (inputsDigest(key, specFiles) !== entry.inputs) return undefined;
  const out = path.resolve(key.cwd, key.target.out);
  // Only the recorded files: any other file in the folder is one generate did not write and would leave as it is.
  const recorded = Object.keys(entry.outputs).sort();
  for (const name of recorded) {
    const bytes = await readFile(path.join(out, name)).catch(() => undefined);
    if (bytes === undefined || sha256(bytes) !== entry.outputs[name]) return undefined;
  }
  return entry;
}

// Records a full render whose files are now what the output folder holds. Best effort: a cache that cannot be
// written only makes the next run slower.
/** A full render, as the record keeps it. */
export interface RecordedRender {
  specFiles: SpecFileHash[];
  /** Output-relative path → the file's text. */
  files: ReadonlyMap<string, string>;
  /** The warnings it printed. */
  notes: string[];
}

export async function recordRender(key: RenderKey, { specFiles, files, notes }: RecordedRender, dir = RENDER_RECORD_DIR): Promise<void> {
  const outputs: Record<string, string> = {};
  for (const [name, text] of files) outputs[name] = sha256(text);
  const out = path.resolve(key.cwd, key.target.out);
  const entry: RenderRecord = { format: 1, out, inputs: inputsDigest(key, specFiles), specFiles, outputs, notes };
  const file = entryFile(key, dir);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await pruneRecords(dir);
    await writeFile(temporary, JSON.stringify(entry));
    // Renamed into place, so a concurrent reader sees the old entry or the new one, never half of one.
    await rename(temporary, file);
  } catch {
    // Read-only node_modules, a full disk: no cache, same results.
  }
}

// Records of output folders that no longer exist (temporary copies, a renamed target) would pile up in
// node_modules/.cache: each render drops them. A record without `out` (older, or damaged) goes too.
async function pruneRecords(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith(".json")) continue;
    const entry = parseEntry(await readFile(path.join(dir, name), "utf8").catch(() => undefined));
    if (!entry?.out || !existsSync(entry.out)) await rm(path.join(dir, name), { force: true });
  }
}

// One entry per output folder: a new render for it replaces the old record.
export function renderRecordFile(outDir: string, dir = RENDER_RECORD_DIR): string {
  return path.join(dir, `${sha256(path.resolve(outDir)).slice(0, 32)}.json`);
}

function entryFile(key: RenderKey, dir: string): string {
  return renderRecordFile(path.resolve(key.cwd, key.target.out), dir);
}

// Everything the render reads: the generator, the target's settings, the command in the headers, the folder
// relative paths resolve against, and the text of every spec file.
function inputsDigest(key: RenderKey, specFiles: SpecFileHash[]): string {
  const files = [...specFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sha256(stableJson({ fingerprint: key.fingerprint, target: key.target, command: key.command, cwd: path.resolve(key.cwd), specFiles: files }));
}

// JSON with object keys sorted, so the same settings written in another order hash the same.
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

// A damaged or foreign entry is no entry.
function parseEntry(text: string | undefined): RenderRecord | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.format !== 1 || typeof value.inputs !== "string") return undefined;
  const { specFiles, outputs, notes } = value;
  if (!Array.isArray(specFiles) || !specFiles.every((f) => isRecord(f) && typeof f.path === "string" && typeof f.sha256 === "string")) return undefined;
  if (!isRecord(outputs) || !Object.values(outputs).every((h) => typeof h === "string")) return undefined;
  if (!Array.isArray(notes) || !notes.every((n) => typeof n === "string")) return undefined;
  const out = typeof value.out === "string" ? value.out : undefined;
  return { format: 1, ...(out === undefined ? {} : { out }), inputs: value.inputs, specFiles: specFiles as SpecFileHash[], outputs: outputs as Record<string, string>, notes: notes as string[] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
