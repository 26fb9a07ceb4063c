import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { SpecforgeError } from "../errors.js";
import { PACKAGE_BUILD_ARGS } from "../self/package-build.js";
import { listFiles } from "./output.js";

// Keeps a generated package's dist/ in step with its sources, so that a package importing it sees the new code and
// types right after `generate`, with no build step of its own.
//
// The package exports dist/ (JavaScript and .d.ts built by tsc without a type check, src/self/package-build.ts), as a
// published package does: plain `node` runs it, any bundler or TypeScript setup reads it, with no condition or loader
// to configure. An export condition pointing TypeScript at the .ts sources would make only the types fresh (Node 20
// cannot run .ts, so the code would stay stale) and would compile the generated sources under each consumer's own flags.
// So generate builds dist/ itself, as `prisma generate` emits a runnable client: after writing, a package whose dist/
// was built from other sources is rebuilt with its own TypeScript (its stamp, dist/.specforge-build.json, stays out of
// the published files). A package with no dist/ yet (never installed, or a temporary output) is left to its `prepare`
// script, which `npm install` runs: nothing can import stale code from it.

const STAMP = ".specforge-build.json";

export type BuildOutcome = "unbuilt" | "fresh" | "built";

// Rebuilds dir/dist when it exists and its stamp does not name the current sources (a build by `prepare` has none);
// `onBuild` is told before tsc runs. The new dist/ replaces the old one whole; a failed build keeps the old and throws.
export async function refreshBuiltPackage(dir: string, onBuild: () => void = () => {}): Promise<BuildOutcome> {
  const dist = path.join(dir, "dist");
  if (!existsSync(dist)) return "unbuilt";
  const typescript = resolveTypeScript(dir);
  const inputs = { typescript: typescript.version, sources: await filesDigest(dir) };
  // The stamp also names the build it describes: a dist/ rebuilt since by other means (`npm run build` after a
  // checkout) is not taken for the one this stamp vouches for.
  const stamp = await readFile(path.join(dist, STAMP), "utf8").catch(() => undefined);
  if (stamp === JSON.stringify({ ...inputs, dist: await filesDigest(dist) })) return "fresh";
  onBuild();
  // Named as src/write/output.ts names its staging folders, so a run killed mid-build leaves nothing the next write
  // does not clear.
  const base = path.basename(dir);
  const staging = path.join(path.dirname(dir), `.specforge-tmp-${base}-dist-${process.pid}`);
  const old = path.join(path.dirname(dir), `.specforge-old-${base}-dist-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  // The package's own build (its `build` script: `tsc -p tsconfig.json --noCheck`), into a folder beside it.
  const result = await run(process.execPath, [typescript.tsc, ...PACKAGE_BUILD_ARGS, "--outDir", staging], dir);
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    const first = result.output.split("\n").find((line) => /error TS\d+/.test(line)) ?? result.output.trim().split("\n")[0] ?? `exit code ${result.code}`;
    throw new SpecforgeError(`the generated package's dist/ could not be rebuilt: ${first}`, `run \`npm run build\` in ${displayPath(dir)} to see every error; dist/ still holds the previous build`, { file: displayPath(path.join(dir, "tsconfig.json")) });
  }
  await writeFile(path.join(staging, STAMP), JSON.stringify({ ...inputs, dist: await filesDigest(staging) }));
  await rename(dist, old);
  await rename(staging, dist);
  await rm(old, { recursive: true, force: true });
  return "built";
}

function resolveTypeScript(dir: string): { tsc: string; version: string } {
  const require = createRequire(path.join(dir, "package.json"));
  try {
    const manifest = require.resolve("typescript/package.json");
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    return { tsc: path.join(path.dirname(manifest), "bin/tsc"), version };
  } catch {
    throw new SpecforgeError(`cannot rebuild ${displayPath(path.join(dir, "dist"))}: typescript is not installed where the package can find it`, "run `npm install`: it installs the package's devDependencies and its prepare script builds dist/", { file: displayPath(path.join(dir, "package.json")) });
  }
}

// sha256 over every file under dir but the stamp; for the package, listFiles leaves out dist/, node_modules/ and the
// changelog, so this covers what the generator owns there (the sources, package.json and tsconfig.json among them).
async function filesDigest(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const name of await listFiles(dir)) {
    if (name === STAMP) continue;
    hash.update(`${name}\0`).update(await readFile(path.join(dir, name))).update("\0");
  }
  return hash.digest("hex");
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}
