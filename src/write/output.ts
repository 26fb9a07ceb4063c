import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

// Entries in an output package that the generator does not render from the spec: the build's and the package
// manager's folders, and the changelog, which is history appended to on each change. They survive a rewrite
// and are not compared by --check.
export const UNOWNED_ENTRIES = new Set(["node_modules", "dist", "CHANGELOG.md"]);

export interface CheckResult {
  stale: string[];
  missing: string[];
  extra: string[];
}

// Lists every file under dir (relative, sorted), skipping build and install folders.
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (!prefix && UNOWNED_ENTRIES.has(entry.name)) continue;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

// Compares rendered files with what is on disk, byte for byte.
export async function checkOutput(dir: string, files: ReadonlyMap<string, string>): Promise<CheckResult> {
  const onDisk = new Set(await listFiles(dir));
  const result: CheckResult = { stale: [], missing: [], extra: [] };
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!onDisk.has(name)) result.missing.push(name);
    else if ((await readFile(path.join(dir, name), "utf8")) !== text) result.stale.push(name);
    onDisk.delete(name);
  }
  result.extra = [...onDisk].sort();
  return result;
}

// Writes a whole output folder atomically: build it beside the old one, then swap by rename.
// A failure at any point before the swap leaves the old folder untouched.
export async function writeOutputAtomically(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(dir);
  const staging = path.join(parent, `.specforge-tmp-${base}-${process.pid}`);
  const backup = path.join(parent, `.specforge-old-${base}-${process.pid}`);
  await removeLeftovers(parent, base);
  let movedOld = false;
  try {
    // Fault injection for the end-to-end test that proves a crash mid-write loses nothing.
    const crashAfter = Number(process.env.SPECFORGE_TEST_CRASH_AFTER_WRITES ?? Infinity);
    let written = 0;
    for (const [name, text] of files) {
      if (written++ >= crashAfter) throw new Error(`simulated crash after writing ${crashAfter} files`);
      const target = path.join(staging, name);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    // Keep what the build and the package manager put there (dist/, node_modules/).
    for (const entry of UNOWNED_ENTRIES) {
      if (files.has(entry)) continue;
      await rename(path.join(dir, entry), path.join(staging, entry)).catch(() => undefined);
    }
    await rename(dir, backup).then(
      () => (movedOld = true),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      },
    );
    await rename(staging, dir);
    if (movedOld) await rm(backup, { recursive: true, force: true });
  } catch (error) {
    if (movedOld) await rename(backup, dir).catch(() => undefined);
    // Put back anything moved out of the old folder before reporting.
    for (const entry of UNOWNED_ENTRIES) if (!files.has(entry)) await rename(path.join(staging, entry), path.join(dir, entry)).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

// A run killed mid-write (power loss, kill -9) leaves its staging folder behind; the next run clears it.
async function removeLeftovers(parent: string, base: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry.startsWith(`.specforge-tmp-${base}-`) || entry.startsWith(`.specforge-old-${base}-`)) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}
