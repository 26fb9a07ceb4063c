// Temporary copies of this repository for end-to-end tests: the CLI runs there, never on the real tree.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const COPIED = ["src", "scripts", "spec", "generated", "test/fixtures", "package.json", "tsconfig.json", "specforge.config.json", "vitest.config.ts"];

export interface RepoCopy {
  dir: string;
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

// Copies the tracked layout (without node_modules, which is linked) into a fresh temporary folder.
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
