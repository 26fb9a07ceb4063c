// What a consumer of a client pays, shared by the bench's sections: the bundle of its one call (esbuild, minified,
// platform node) and its type-check (`tsc --noEmit`, with and without skipLibCheck).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { log, median } from "./stats.js";

export interface BundleRow {
  side: string;
  minified: number;
  gzipped: number;
}

export async function bundle(options: { root: string; bench: string }, entry: string, side: string): Promise<BundleRow> {
  const esbuild = (await import(path.join(options.bench, "node_modules/esbuild/lib/main.js"))) as typeof import("esbuild");
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, platform: "node", format: "esm", target: "node20", write: false, nodePaths: [path.join(options.bench, "node_modules"), path.join(options.root, "node_modules")] });
  const bytes = result.outputFiles[0]?.contents;
  if (!bytes) throw new Error(`esbuild wrote nothing for ${entry}`);
  return { side, minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

export interface TypecheckRow {
  side: string;
  withoutSkipLibCheck: number;
  withSkipLibCheck: number;
}

function tscSeconds(root: string, runs: number, project: string, extra: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project, ...extra], { cwd: root, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`tsc failed on ${project}:\n${result.stdout}${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
}

export function typecheck(options: { root: string; runs: number }, project: string, side: string): TypecheckRow {
  log(`bench: tsc --noEmit on ${side} …`);
  return { side, withoutSkipLibCheck: tscSeconds(options.root, options.runs, project, ["--skipLibCheck", "false"]), withSkipLibCheck: tscSeconds(options.root, options.runs, project, ["--skipLibCheck"]) };
}
