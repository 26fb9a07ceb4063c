import { readFile } from "node:fs/promises";
import path from "node:path";

// What the last generate left in an output folder that the next one carries forward: the API listing the change
// report is measured against, the package version it bumps, and the changelog it appends to.
export interface PreviousOutput {
  listing: string | undefined;
  version: string | undefined;
  changelog: string | undefined;
}

// Reads API.md, package.json's version and CHANGELOG.md from an output folder; each is undefined when absent.
export async function readPreviousOutput(dir: string): Promise<PreviousOutput> {
  const read = (name: string) => readFile(path.join(dir, name), "utf8").catch(() => undefined);
  const [listing, manifest, changelog] = await Promise.all([read("API.md"), read("package.json"), read("CHANGELOG.md")]);
  return { listing, version: versionOf(manifest), changelog };
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
