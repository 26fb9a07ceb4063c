import { readFile } from "node:fs/promises";
import path from "node:path";

// What the last generate left in an output folder that the next one carries forward: the API listing the change
// report is measured against, the package version it bumps, the changelog it appends to, and the files it wrote
// (the only ones the next generate may remove).
export interface PreviousOutput {
  listing: string | undefined;
  version: string | undefined;
  changelog: string | undefined;
  /** The files the last generate wrote (package.json's `specforge.files`); undefined for a folder with no such list. */
  files: string[] | undefined;
}

// Reads API.md, package.json's version and file list, and CHANGELOG.md from an output folder; each is undefined when absent.
export async function readPreviousOutput(dir: string): Promise<PreviousOutput> {
  const read = (name: string) => readFile(path.join(dir, name), "utf8").catch(() => undefined);
  const [listing, manifest, changelog] = await Promise.all([read("API.md"), read("package.json"), read("CHANGELOG.md")]);
  return { listing, version: versionOf(manifest), changelog, files: writtenFilesOf(manifest) };
}

// The `specforge.files` list of a generated package.json: relative paths, none leaving the folder.
function writtenFilesOf(manifest: string | undefined): string[] | undefined {
  if (manifest === undefined) return undefined;
  try {
    const files = (JSON.parse(manifest) as { specforge?: { files?: unknown } }).specforge?.files;
    if (!Array.isArray(files)) return undefined;
    // A hand-edited list must not make generate remove something outside the folder.
    return files.filter((f): f is string => typeof f === "string" && f !== "" && !path.isAbsolute(f) && !f.split(/[\\/]/).includes(".."));
  } catch {
    return undefined;
  }
}

// A package.json that does not parse, or has no string version, carries no version: the package starts afresh.
function versionOf(manifest: string | undefined): string | undefined {
  if (manifest === undefined) return undefined;
  try {
    const version = (JSON.parse(manifest) as { version?: unknown }).version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}
