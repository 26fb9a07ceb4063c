import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

// Entries in an output package that the generator does not render from the spec: the build's and the package
// manager's folders, and the changelog, which is history appended to on each change. They survive a rewrite
// and are not compared by --check, as does every other file that generate did not write (a user's README,
// a test beside the contract suite): generate removes only files its last run listed in package.json's
// `specforge.files` and does not render now.
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

// Compares rendered files with what is on disk, byte for byte. `extra` are the files the last generate wrote
// (`previous`, its package.json's list) that this render no longer has, which generate would remove; a file generate
// never wrote is not ours to report.
export async function checkOutput(dir: string, files: ReadonlyMap<string, string>, previous: readonly string[] = []): Promise<CheckResult> {
  const onDisk = new Set(await listFiles(dir));
  const result: CheckResult = { stale: [], missing: [], extra: [] };
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!onDisk.has(name)) result.missing.push(name);
    else if ((await readFile(path.join(dir, name), "utf8")) !== text) result.stale.push(name);
  }
  result.extra = removable(previous).filter((name) => onDisk.has(name) && !files.has(name)).sort();
  return result;
}

// Writes a whole output folder atomically: build it beside the old one, then swap by rename. Every entry of the old
// folder that is neither rendered now nor listed in `previous` (the files the last generate wrote) is moved into the
// new one as it is: generate never deletes a file it did not write. A failure at any point before the swap leaves
// the old folder untouched.
export async function writeOutputAtomically(dir: string, files: ReadonlyMap<string, string>, previous: readonly string[] = []): Promise<void> {
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(dir);
  const staging = path.join(parent, `.specforge-tmp-${base}-${process.pid}`);
  const backup = path.join(parent, `.specforge-old-${base}-${process.pid}`);
  await removeLeftovers(parent, base);
  let movedOld = false;
  let kept: string[] = [];
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
    // Keep what generate did not write: the build's and the package manager's folders, the changelog, a user's files.
    kept = await keptEntries(dir, new Set([...removable(previous), ...files.keys()]));
    for (const entry of kept) {
      await mkdir(path.dirname(path.join(staging, entry)), { recursive: true });
      await rename(path.join(dir, entry), path.join(staging, entry));
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
    for (const entry of kept) await rename(path.join(staging, entry), path.join(dir, entry)).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

// What of a previous file list generate may remove: never the changelog or the build's and package manager's folders,
// whatever a hand-edited list says.
function removable(previous: readonly string[]): string[] {
  return previous.filter((name) => !UNOWNED_ENTRIES.has(name.split("/")[0] as string));
}

// The entries of `dir` (relative paths) that hold no file generate owns (`owned`: rendered now or written last time),
// each as high up as it can be taken whole: `node_modules`, a user's `notes.md`, `runtime/extra.ts`.
async function keptEntries(dir: string, owned: ReadonlySet<string>, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const holdsOwned = (folder: string) => [...owned].some((name) => name.startsWith(`${folder}/`));
  const kept: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory() && holdsOwned(rel)) kept.push(...(await keptEntries(dir, owned, rel)));
    else if (!owned.has(rel)) kept.push(rel);
  }
  return kept;
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
