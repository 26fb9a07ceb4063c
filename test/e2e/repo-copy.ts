// Temporary copies of this repository for end-to-end tests: the CLI runs there, never on the real tree.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const COPIED = ["src", "scripts", "spec", "generated", "test/fixtures", "package.json", "tsconfig.json", "specforge.config.json", "vitest.config.ts"];

// The CLI bundle that `npm ci` builds (scripts/build-cli.js), as the bin finds it: only while it is newer than every
// source file, the test scripts/specforge.js makes. A copy that has it starts the bin in ~0.5 s instead of ~2.5 s
// through tsx, which over the e2e suites' hundreds of runs is minutes of `npm test`. A stale bundle (src/ edited since
// the last build) is left out, so the copies run the sources, as the bin itself would.
const BUNDLE_FILES = ["dist/specforge.cjs", "dist/preformatted.json"];
async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(file) : (await stat(file)).mtimeMs);
  }
  return newest;
}
let freshBundle: Promise<boolean> | undefined;
function bundleIsFresh(): Promise<boolean> {
  freshBundle ??= (async () => {
    const bundle = await stat(path.join(REPO_ROOT, BUNDLE_FILES[0] as string)).catch(() => undefined);
    return bundle !== undefined && bundle.mtimeMs >= (await newestSource(path.join(REPO_ROOT, "src")));
  })();
  return freshBundle;
}

export interface RepoCopy {
  dir: string;
  /** Whether the copy holds the CLI bundle (the repository's was fresh), so the bin starts from it. */
  hasBundle: boolean;
  /** Builds the CLI bundle in the copy, as `npm ci` does, unless the copy already holds a fresh one. */
  ensureBundle(): Promise<void>;
  /** Runs the specforge bin with plain node; never throws, returns the exit code and output. */
  specforge(args: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>;
  run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<RunResult>;
  read(file: string): Promise<string>;
  remove(): Promise<void>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Copies the tracked layout (without node_modules, which is linked) into a fresh temporary folder, with the CLI bundle
// when it is fresh.
export async function copyRepo(): Promise<RepoCopy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-e2e-"));
  for (const entry of COPIED) {
    await cp(path.join(REPO_ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist)([/\\]|$)/.test(path.relative(REPO_ROOT, source)),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  // Copied after src/, so its modification time is the newer one, as after `npm ci`.
  let hasBundle = await bundleIsFresh();
  if (hasBundle) {
    await mkdir(path.join(dir, "dist"));
    for (const file of BUNDLE_FILES) await cp(path.join(REPO_ROOT, file), path.join(dir, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<RunResult>((resolve) => {
      execFile(command, args, { cwd: dir, env: { ...process.env, CI: "true", ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  return {
    dir,
    get hasBundle() {
      return hasBundle;
    },
    // Building costs ~4 s of CPU (esbuild, then the preformatted store); a copied fresh bundle is the same build.
    async ensureBundle() {
      if (hasBundle) return;
      const built = await run(process.execPath, ["scripts/build-cli.js"]);
      if (built.code !== 0) throw new Error(`scripts/build-cli.js failed in ${dir}:\n${built.stdout}${built.stderr}`);
      hasBundle = true;
    },
    specforge: (args, env) => run(process.execPath, [path.join(dir, "scripts/specforge.js"), ...args], env),
    run,
    read: (file) => readFile(path.join(dir, file), "utf8"),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

// sha256 of every file under a folder, keyed by relative path: "byte-for-byte unchanged" made checkable.
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else out[child] = createHash("sha256").update(await readFile(path.join(dir, child))).digest("hex");
    }
  };
  await walk("");
  return out;
}
