import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TargetConfig } from "./config.js";
import { emitClient } from "./emit/client.js";
import { emitContractTests } from "./emit/contract-tests.js";
import { emitIndex, emitPackageJson, emitPackageTsconfig, emitRuntimeFiles } from "./emit/package-files.js";
import { emitSchemaTypes } from "./emit/types.js";
import { specToModel } from "./model/spec-to-model.js";
import type { ApiModel } from "./model/types.js";
import { loadSpecSet } from "./spec/refs.js";
import { validateSpec } from "./spec/validate.js";
import { formatFile, type FileHeader } from "./write/format.js";
import { checkOutput, writeOutputAtomically, type CheckResult } from "./write/output.js";

export interface RenderedTarget {
  target: TargetConfig;
  model: ApiModel;
  /** Output-relative path → final bytes. */
  files: Map<string, string>;
}

export interface Progress {
  (phase: string, done?: number, total?: number): void;
}

const RUNTIME_DIR = fileURLToPath(new URL("./runtime/", import.meta.url));
const CONTRACT_KIT = fileURLToPath(new URL("./testkit/contract-kit.ts", import.meta.url));

// load → model → emit → format, all in memory; nothing is written here.
export async function renderTarget(target: TargetConfig, command: string, progress: Progress = () => {}, cwd = process.cwd()): Promise<RenderedTarget> {
  progress(`${target.name}: loading ${target.spec}`);
  const set = await loadSpecSet(target.spec, cwd);
  validateSpec(set);
  progress(`${target.name}: modelling`);
  const model = specToModel(set, target);
  progress(`${target.name}: emitting types`);
  const raw = new Map<string, string>();
  raw.set("schema.ts", await emitSchemaTypes(set.root));
  progress(`${target.name}: emitting client`, 0, model.operations.length);
  raw.set("client.ts", emitClient(model));
  raw.set("index.ts", emitIndex());
  progress(`${target.name}: emitting contract tests`);
  raw.set("contract.test.ts", emitContractTests(model));
  raw.set("contract-kit.ts", `// Copied from specforge's src/testkit/contract-kit.ts.\n${await readContractKit()}`);
  for (const [name, text] of emitRuntimeFiles(await readRuntimeSources())) raw.set(name, text);
  raw.set("package.json", emitPackageJson(model, target.packageName, await openapiFetchVersion()));
  raw.set("tsconfig.json", emitPackageTsconfig());
  progress(`${target.name}: formatting`, 0, raw.size);
  const header: FileHeader = { spec: target.spec, sha256: set.root.sha256, command };
  const files = new Map<string, string>();
  for (const [name, text] of [...raw].sort(([a], [b]) => a.localeCompare(b))) {
    files.set(name, await formatFile(name, text, header));
  }
  return { target, model, files };
}

export interface TargetOutcome {
  target: TargetConfig;
  /** For --check: what differs. For a write: what changed. */
  check: CheckResult;
}

// Renders every target first, then writes (or checks) them: a bad spec in any target writes nothing.
export async function generateTargets(targets: TargetConfig[], options: { check: boolean; command: string; progress?: Progress; cwd?: string }): Promise<TargetOutcome[]> {
  const cwd = options.cwd ?? process.cwd();
  const rendered: RenderedTarget[] = [];
  for (const target of targets) rendered.push(await renderTarget(target, options.command, options.progress, cwd));
  const outcomes: TargetOutcome[] = [];
  for (const { target, files } of rendered) {
    const dir = path.resolve(cwd, target.out);
    const check = await checkOutput(dir, files);
    const changed = check.stale.length + check.missing.length + check.extra.length > 0;
    if (!options.check && changed) {
      options.progress?.(`${target.name}: writing ${target.out}`);
      await writeOutputAtomically(dir, files);
    }
    outcomes.push({ target, check });
  }
  return outcomes;
}

let runtimeSources: Map<string, string> | undefined;
async function readRuntimeSources(): Promise<Map<string, string>> {
  if (runtimeSources) return runtimeSources;
  const names = (await readdir(RUNTIME_DIR)).filter((n) => n.endsWith(".ts")).sort();
  runtimeSources = new Map();
  for (const name of names) runtimeSources.set(name, await readFile(path.join(RUNTIME_DIR, name), "utf8"));
  return runtimeSources;
}

let contractKit: string | undefined;
async function readContractKit(): Promise<string> {
  contractKit ??= await readFile(CONTRACT_KIT, "utf8");
  return contractKit;
}

// The generated package depends on the same openapi-fetch version specforge pins.
async function openapiFetchVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { dependencies: Record<string, string> };
  return manifest.dependencies["openapi-fetch"] ?? "*";
}
