// Issue #20's table in one run: what the people who import a whole-API client pay, and what every regeneration and
// every `npm test` costs, ours beside the anchor with the ratio. The whole 2026 API package is the one the generation
// section generated (bench/generation.ts keeps it); the fragment's figures come from the sections before.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bundle, typecheck, type BundleRow, type TypecheckRow } from "./consumer.js";
import type { WholeRun } from "./generation.js";
import { log, median, timed, type Measured } from "./stats.js";

export interface ScaleInputs {
  root: string;
  bench: string;
  runs: number;
  /** The whole 2026 API as the generation section left it; undefined without ../shared. */
  whole: WholeRun | undefined;
  /** A folder the caller owns and removes, for the consumers and the clone. */
  scratch: string;
  fragmentFullRender: number;
  fragmentBundles: { facade: BundleRow; shaken: BundleRow; official: BundleRow };
  officialTypecheck: TypecheckRow;
  baselineTypecheck: TypecheckRow;
  /** Clone HEAD and time `npm ci` and `npm test` in it (about 7 minutes). */
  gate: boolean;
}

interface Row {
  what: string;
  ours: string;
  anchor: string;
  ratio: string;
  target: string;
}

const fmt = (n: number) => n.toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (m: Measured) => `${m.seconds.toFixed(1)} s${m.peakMiB ? `, ${fmt(Math.round(m.peakMiB))} MiB` : ""}`;
const met = (ok: boolean) => (ok ? "met" : "NOT met");
const bytesRatio = (ours: BundleRow, other: BundleRow) => `${(ours.minified / other.minified).toFixed(3)} / ${(ours.gzipped / other.gzipped).toFixed(3)}`;

export async function measureScale(inputs: ScaleInputs): Promise<string[]> {
  const rows: Row[] = [];
  const { facade, shaken, official } = inputs.fragmentBundles;
  const whole = inputs.whole ? await measureWhole(inputs, inputs.whole) : undefined;

  if (whole) {
    for (const [entry, row] of [["createClient()", whole.facadeBundle], ["`/core` + the operation's function", whole.shakenBundle]] as const) {
      rows.push({ what: `one-call consumer bundle, whole 2026 API client, through ${entry} (min / gz bytes)`, ours: `${fmt(row.minified)} / ${fmt(row.gzipped)}`, anchor: `official SDK ${fmt(official.minified)} / ${fmt(official.gzipped)}`, ratio: bytesRatio(row, official), target: `≤ 30,000 / 10,000: ${met(row.minified <= 30_000 && row.gzipped <= 10_000)}` });
    }
  }
  for (const [entry, row] of [["createClient()", facade], ["`/core` + the operation's function", shaken]] as const) {
    rows.push({ what: `one-call consumer bundle, the fragment, through ${entry} (min / gz bytes)`, ours: `${fmt(row.minified)} / ${fmt(row.gzipped)}`, anchor: `official SDK ${fmt(official.minified)} / ${fmt(official.gzipped)}`, ratio: bytesRatio(row, official), target: `≤ 12,000 / 5,000: ${met(row.minified <= 12_000 && row.gzipped <= 5_000)}` });
  }
  if (whole) {
    rows.push({ what: "building the whole 2026 API package (its `build` script, what `prepare` runs on `npm ci`)", ours: seconds(whole.build), anchor: "the official SDK ships built", ratio: "", target: `≤ 60 s (${met(whole.build.seconds <= 60)}), ≤ 1 GB (${whole.build.peakMiB === undefined ? "not measured" : met(whole.build.peakMiB * 2 ** 20 <= 1e9)})` });
  }
  const fragmentBuild = measureFragmentBuild(inputs);
  rows.push({ what: `building the fragment's package (its \`build\` script; median of ${fragmentBuild.runs})`, ours: seconds(fragmentBuild.measured), anchor: "", ratio: "", target: "" });
  if (whole) {
    const officialSeconds = inputs.officialTypecheck.withoutSkipLibCheck;
    const baseline = inputs.baselineTypecheck.withoutSkipLibCheck;
    for (const [entry, row] of [["createClient()", whole.facadeTypecheck], ["`/core` + the group module", whole.shakenTypecheck]] as const) {
      const ours = row.withoutSkipLibCheck;
      rows.push({
        what: `consumer \`tsc --noEmit\`, one call through ${entry}, whole 2026 API client (strict, no skipLibCheck; with it in brackets)`,
        ours: `${ours.toFixed(2)} s (${row.withSkipLibCheck.toFixed(2)} s)`,
        anchor: `official SDK ${officialSeconds.toFixed(2)} s (${inputs.officialTypecheck.withSkipLibCheck.toFixed(2)} s); no client ${baseline.toFixed(2)} s (${inputs.baselineTypecheck.withSkipLibCheck.toFixed(2)} s)`,
        ratio: `${(ours / officialSeconds).toFixed(2)}; over the no-client baseline +${(ours - baseline).toFixed(2)} s vs the official's +${(officialSeconds - baseline).toFixed(2)} s`,
        target: `≤ 1/3 of the official's: ${met(ours <= officialSeconds / 3)}`,
      });
    }
    const generated = whole.generation;
    rows.push({
      what: "whole 2026 generate, end to end (types + client + contract tests), vs openapi-typescript alone",
      ours: seconds(generated.ours),
      anchor: `openapi-typescript ${seconds(generated.openapiTypescript)}`,
      ratio: `${(generated.ours.seconds / generated.openapiTypescript.seconds).toFixed(2)}× time${generated.ours.peakMiB && generated.openapiTypescript.peakMiB ? `, ${(generated.ours.peakMiB / generated.openapiTypescript.peakMiB).toFixed(2)}× RSS` : ""}`,
      target: `≤ 1.25× time (${met(generated.ours.seconds <= generated.openapiTypescript.seconds * 1.25)}), ≤ 1.5× RSS (${generated.ours.peakMiB && generated.openapiTypescript.peakMiB ? met(generated.ours.peakMiB <= generated.openapiTypescript.peakMiB * 1.5) : "not measured"})`,
    });
    if (generated.phases.length > 0) {
      const total = generated.ours.seconds;
      rows.push({ what: "where the whole 2026 generate's time goes (wall time per phase, `DEBUG=1`)", ours: generated.phases.map(({ phase, seconds }) => `${phase} ${seconds.toFixed(1)} s (${Math.round((seconds / total) * 100)}%)`).join("; "), anchor: "", ratio: "", target: "" });
    }
    const { bytes } = whole;
    rows.push({
      what: "output bytes for the whole 2026 API",
      ours: `contract tests ${mb(bytes.tests)}, client ${mb(bytes.client)}, types ${mb(bytes.types)}, docs ${mb(bytes.docs)}`,
      anchor: `openapi-typescript ${mb(bytes.openapiTypescript)}`,
      ratio: `contract tests / openapi-typescript's output ${(bytes.tests / bytes.openapiTypescript).toFixed(2)}`,
      target: `contract tests ≤ 8 MB: ${met(bytes.tests <= 8e6)}`,
    });
  }
  const nodeStart = measureNodeStart(inputs.runs);
  rows.push({ what: "fragment, full render (the bin, into a new folder; median from the generation section)", ours: `${inputs.fragmentFullRender.toFixed(2)} s`, anchor: `node start ${nodeStart.toFixed(2)} s`, ratio: `${(inputs.fragmentFullRender / nodeStart).toFixed(1)}× node start`, target: `≤ 1.0 s: ${met(inputs.fragmentFullRender <= 1)}` });
  if (inputs.gate) {
    const gate = await measureGate(inputs);
    rows.push({ what: "`npm test` on a fresh clone of HEAD (no ../shared beside it; `CI=true`)", ours: gate.test, anchor: `\`npm ci\` there ${gate.install}`, ratio: "", target: gate.target });
  } else {
    rows.push({ what: "`npm test` on a fresh clone", ours: "not run (run without --no-gate)", anchor: "", ratio: "", target: "≤ 5 min" });
  }

  const lines = [
    "## Whole-API scale (issue #20)",
    "",
    "The whole 2026 API's package is the one the generation section generated. Bundles: esbuild, minified, platform node. Type-checks: the same",
    "strict tsconfig as examples/consumer, median of 3 or more. Ratios are ours over the anchor.",
    "",
    "| what | ours | anchor | ratio | target |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.what} | ${row.ours} | ${row.anchor} | ${row.ratio} | ${row.target} |`),
  ];
  if (!whole) lines.push("", "The whole-API rows need ../shared/specs (absent here), so only the fragment's rows are shown.");
  return lines;
}

interface WholeFigures {
  generation: WholeRun;
  build: Measured;
  facadeBundle: BundleRow;
  shakenBundle: BundleRow;
  facadeTypecheck: TypecheckRow;
  shakenTypecheck: TypecheckRow;
  bytes: { tests: number; client: number; types: number; docs: number; openapiTypescript: number };
}

const OPERATION = "zeroTrust.access.serviceTokens.update";

async function measureWhole(inputs: ScaleInputs, generation: WholeRun): Promise<WholeFigures> {
  const { root } = inputs;
  const manifest = JSON.parse(await readFile(path.join(generation.dir, "package.json"), "utf8")) as { name: string };
  // The package resolves its dependencies (openapi-fetch, typescript for its build, @types/node for the consumers) as
  // a workspace package does: from a node_modules above it, here the repository's.
  const above = path.join(path.dirname(generation.dir), "node_modules");
  if (!existsSync(above)) await symlink(path.join(root, "node_modules"), above, "dir");

  log("bench: building the whole 2026 API package (its build script) …");
  await rm(path.join(generation.dir, "dist"), { recursive: true, force: true });
  const build = timed("npm", ["run", "-s", "build"], generation.dir);

  log("bench: output bytes of the whole 2026 API …");
  const bytes = { tests: 0, client: 0, types: 0, docs: 0, openapiTypescript: (await stat(generation.typesFile)).size };
  for (const file of await sourceFiles(generation.dir)) {
    const size = (await stat(path.join(generation.dir, file))).size;
    if (file.startsWith("contract")) bytes.tests += size;
    else if (file.startsWith("schema")) bytes.types += size;
    else if (file.endsWith(".md")) bytes.docs += size;
    else if (file.endsWith(".ts")) bytes.client += size;
  }

  // A consumer folder with the package installed by name, as another package of the monorepo has it.
  const consumer = path.join(inputs.scratch, "whole-consumer");
  await mkdir(path.join(consumer, "node_modules", path.dirname(manifest.name)), { recursive: true });
  await symlink(generation.dir, path.join(consumer, "node_modules", manifest.name), "dir");
  await writeFile(path.join(consumer, "package.json"), JSON.stringify({ type: "module", private: true }));
  const functionName = await operationFunction(generation.dir, OPERATION);
  const scripts = consumerScripts(manifest.name, functionName);
  const projects: Record<string, string> = {};
  for (const [name, source] of Object.entries(scripts)) {
    await writeFile(path.join(consumer, `${name}.ts`), source);
    projects[name] = path.join(consumer, `tsconfig.${name}.json`);
    await writeFile(projects[name], JSON.stringify({ extends: path.join(root, "examples/consumer/tsconfig.json"), compilerOptions: { rootDir: ".", outDir: "dist", noEmit: true }, include: [`${name}.ts`] }));
  }
  log("bench: bundling one-call consumers of the whole 2026 API client …");
  const facadeBundle = await bundle(inputs, path.join(consumer, "facade.ts"), "whole API, createClient()");
  const shakenBundle = await bundle(inputs, path.join(consumer, "shaken.ts"), "whole API, /core + function");
  const facadeTypecheck = typecheck(inputs, projects["facade"] as string, "a one-call consumer of the whole 2026 API client (createClient)");
  const shakenTypecheck = typecheck(inputs, projects["shaken"] as string, "a one-call consumer of the whole 2026 API client (/core + group)");
  return { generation, build, facadeBundle, shakenBundle, facadeTypecheck, shakenTypecheck, bytes };
}

// The operation's function in the group module of its top-level group, found by the operation id it runs: the
// function's name depends on the other operations of the group (clashes are numbered).
async function operationFunction(dir: string, operation: string): Promise<{ module: string; name: string }> {
  const group = operation.split(".")[0] ?? operation;
  const module = group.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const source = await readFile(path.join(dir, "operations", `${module}.ts`), "utf8");
  const at = source.indexOf(`operation("${operation}")`);
  const name = at < 0 ? undefined : [...source.slice(0, at).matchAll(/export function (\w+)\(/g)].at(-1)?.[1];
  if (!name) throw new Error(`bench: no function runs ${operation} in ${path.join(dir, "operations", `${module}.ts`)}`);
  return { module, name };
}

// The official consumer's script (bench/official-consumer), against our package: through the facade, and through the
// tree-shakable entry. Written here because the package they import exists only during the bench.
function consumerScripts(packageName: string, fn: { module: string; name: string }): Record<"facade" | "shaken", string> {
  const body = (call: string, setup: string) => `import { parseArgs } from "node:util";
${setup}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: "string" }, duration: { type: "string" } } });
  const [accountId, tokenId] = positionals;
  if (!accountId || !tokenId) {
    console.error("usage: update-service-token <account_id> <service_token_id> [--name NAME] [--duration DURATION]");
    return 2;
  }
  const result = await ${call}(tokenId, {
    account_id: accountId,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.duration !== undefined ? { duration: values.duration } : {}),
  });
  console.log(JSON.stringify(result, null, 2));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(\`error: \${error instanceof Error ? error.message : String(error)}\`);
    process.exitCode = 1;
  },
);
`;
  return {
    facade: body("cf.zeroTrust.access.serviceTokens.update", `import { createClient } from "${packageName}";\n\nconst cf = createClient();`),
    shaken: body(`((id: string, params: Parameters<typeof ${fn.name}>[2]) => ${fn.name}(core, id, params))`, `import { createClientCore } from "${packageName}/core";\nimport { ${fn.name} } from "${packageName}/${fn.module}";\n\nconst core = createClientCore();`),
  };
}

// Every file the generator wrote, relative to dir: what a user commits (not dist/, node_modules or the caches).
async function sourceFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(dir, relative)));
    else files.push(relative);
  }
  return files;
}

function measureFragmentBuild(inputs: ScaleInputs): { measured: Measured; runs: number } {
  log("bench: building the fragment's package …");
  const dir = path.join(inputs.root, "generated/cloudflare-access");
  const runs = Math.max(3, Math.min(inputs.runs, 5));
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(timed("npm", ["run", "-s", "build"], dir));
  const middle = median(all.map((m) => m.seconds));
  return { measured: all.find((m) => m.seconds === middle) ?? { seconds: middle, peakMiB: undefined }, runs };
}

function measureNodeStart(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < Math.max(5, runs); i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
}

// The gate as CI runs it: a clone of the committed HEAD (not the work tree) in a folder with no ../shared beside it.
async function measureGate(inputs: ScaleInputs): Promise<{ install: string; test: string; target: string }> {
  const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: inputs.root, encoding: "utf8" }).trim();
  if (dirty) log("bench: the work tree has uncommitted changes; the gate row measures HEAD without them");
  const parent = await mkdtemp(path.join(os.tmpdir(), "specforge-gate-"));
  try {
    const clone = path.join(parent, "clone");
    execFileSync("git", ["clone", "--quiet", inputs.root, clone]);
    log("bench: npm ci in a fresh clone of HEAD …");
    const install = timed("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], clone);
    log("bench: npm test in that clone (CI=true; about 5 minutes) …");
    const start = process.hrtime.bigint();
    const test = spawnSync("npm", ["test"], { cwd: clone, encoding: "utf8", env: { ...process.env, CI: "true" }, maxBuffer: 1 << 28 });
    const took = Number(process.hrtime.bigint() - start) / 1e9;
    const outcome = test.status === 0 ? `${took.toFixed(0)} s` : `${took.toFixed(0)} s, FAILED (exit ${test.status})`;
    return { install: `${install.seconds.toFixed(0)} s`, test: outcome, target: `≤ 300 s: ${met(test.status === 0 && took <= 300)}` };
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}
