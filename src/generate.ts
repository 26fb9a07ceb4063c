import { readFile } from "node:fs/promises";
import path from "node:path";
import type { TargetConfig } from "./config.js";
import { SpecforgeError } from "./errors.js";
import { readCopiedFiles } from "./self/copied-files.js";
import { MANIFEST_FILE, RUNNING_BUNDLE } from "./self/paths.js";
import { shareTsMorphTypeScript } from "./emit/schema/shared-typescript.js";
import { specToModel } from "./model/spec-to-model.js";
import type { ApiModel } from "./model/types.js";
import { bundleSpecSet } from "./openapi/bundle.js";
import { loadSpecSet } from "./openapi/refs.js";
import { repairSpec, type Repair } from "./openapi/repair.js";
import { validateSpec } from "./openapi/validate.js";
import type { FileHeader } from "./format/format.js";
import { formatChangeReport, type ApiChange } from "./report/api-diff.js";
import { specReport, type SpecReport } from "./report/spec-report.js";
import { appendChangelog, changelogEntry, releaseDate } from "./report/changelog.js";
import { planRelease, type Release } from "./report/release.js";
import { readPreviousOutput } from "./write/previous-output.js";
import { refreshBuiltPackage } from "./write/built-package.js";
import { checkOutput, writeOutputAtomically, type CheckResult } from "./write/output.js";
import { lookUpToDate, recordRender, type RenderKey, type SpecFileHash } from "./write/render-record.js";
import { generatorFingerprint } from "./self/fingerprint.js";
import { switchedOff } from "./self/machinery.js";
import { loadFormatCache, saveFormatCache, type FormatMemo } from "./format/format-cache.js";

export interface RenderedTarget {
  target: TargetConfig;
  model: ApiModel;
  /** sha256 of the root spec file. */
  sha256: string;
  /** What was repaired in memory (see spec/repair.ts). */
  repairs: Repair[];
  /** Output-relative path → final bytes. */
  files: Map<string, string>;
  /** Every spec file the render read, with the hash of the text it used (for src/write/render-record.ts). */
  specFiles: SpecFileHash[];
  /** Every piece the render formatted or took from the format cache (src/format/format-cache.ts), for the next render. */
  formatted: FormatMemo;
  /** The API changes since the package on disk and the version they give it (src/report/release.ts). */
  release: Release;
  /** The files the last generate wrote into the output folder, by its package.json; undefined when it names none. */
  previousFiles: string[] | undefined;
}

export interface Progress {
  (phase: string, done?: number, total?: number): void;
}


export interface RenderOptions {
  /** The command the file headers say regenerates the output. */
  command: string;
  progress?: Progress | undefined;
  /** The folder relative paths resolve from. */
  cwd?: string | undefined;
  /**
   * Reads what an earlier render of this output formatted, piece by piece (src/format/format-cache.ts); called once the
   * spec is known to be good, so a bad spec does not wait for a large store to load.
   */
  formatCache?: (() => Promise<ReadonlyMap<string, string>>) | undefined;
}

// load → model → emit → format, all in memory; nothing is written here.
export async function renderTarget(target: TargetConfig, options: RenderOptions): Promise<RenderedTarget> {
  const { command, progress = () => {}, cwd = process.cwd(), formatCache = async () => new Map<string, string>() } = options;
  progress(`${target.name}: loading ${target.spec}`);
  const set = await loadSpecSet(target.spec, cwd).catch((error: unknown) => {
    // A config target's missing spec is a config problem too: say where the path came from.
    if (error instanceof SpecforgeError && target.configFile && error.location?.file === target.spec && /not found|is a directory/.test(error.problem)) {
      throw new SpecforgeError(`${error.problem}: ${target.spec}`, `fix "spec" of target ${target.name}, or create the file`, { file: target.configFile, pointer: `#/targets/${target.name}/spec` });
    }
    throw error;
  });
  const repairs = repairSpec(set, target.lenient === true);
  validateSpec(set, { lenient: target.lenient === true });
  // A spec split over files is bundled into one document here; the set as loaded still lists every file read.
  const bundled = await bundleSpecSet(set);
  // The spec is good: formatting starts now, and takes each file as it is emitted (src/format/format.ts,
  // startFormatting). Workers start once over 1 MB has come; a small render is formatted in this thread at the end.
  // (A worker started at once for a small render, to load prettier beside the emitters, cost the fragment about 3%
  // in an A/B of 8 runs each on a quiet machine, 2026-12-05: thread start and messages outweigh the overlap.)
  const { startFormatting, knownFormats, loadPreformatted } = await loadFormatting();
  const header: FileHeader = { spec: target.spec, command };
  const copied = await readCopiedFiles();
  // The copied files' formatted text is usually known from the build (src/format/preformatted.ts): prettier only
  // runs on what the spec shaped.
  const preformatted = switchedOff("preformatted") ? new Map<string, string>() : knownFormats(await loadPreformatted(), copied);
  const formatted: FormatMemo = new Map();
  const formatting = startFormatting(header, {
    preformatted,
    cache: { known: await formatCache(), used: formatted },
    progress: (done, total) => progress(`${target.name}: formatting`, done, total),
  });
  try {
    progress(`${target.name}: modelling`);
    const model = specToModel(bundled, target);
    // The emitters pull in openapi-typescript and ts-morph (most of the start-up time): load them only once the spec
    // is known to be good, so a bad spec fails fast.
    progress(`${target.name}: loading the emitters`);
    const { emitApiListing, emitClientFiles, emitContractTests, emitIndex, emitPackageJson, emitPackageTsconfig, emitSchemaFiles, emitVersion, schemaGroups } = await loadEmitters();
    // The client and the contract tests are emitted first: the types then keep this thread busy for seconds
    // (openapi-typescript and the slicing) while the workers format them.
    const names: string[] = [];
    const emitted = (name: string, text: string) => {
      names.push(name);
      formatting.add(name, text);
    };
    // Operations done of total, per phase: the client and the contract tests are written one operation at a time.
    const total = model.operations.length;
    let done = 0;
    progress(`${target.name}: emitting client`, 0, total);
    // client.ts (the facade), core.ts and one module per top-level group (src/emit/client-layout.ts).
    for (const [name, text] of emitClientFiles(model, () => progress(`${target.name}: emitting client`, ++done, total))) emitted(name, text);
    emitted("index.ts", emitIndex());
    done = 0;
    progress(`${target.name}: emitting contract tests`, 0, total);
    // contract/suite.ts and one contract/<group>.test.ts per client module (src/emit/contract-tests.ts).
    for (const [name, text] of emitContractTests(model, () => progress(`${target.name}: emitting contract tests`, ++done, total))) emitted(name, text);
    for (const [name, text] of copied) emitted(name, text);
    progress(`${target.name}: emitting types`);
    // schema.ts and its slices, one per group module (src/emit/schema/schema-files.ts).
    for (const [name, text] of await emitSchemaFiles(model.typesDocument, schemaGroups(model))) emitted(name, text);
    const versions = await pinnedVersions();
    const listing = emitApiListing(model, target.packageName);
    const previous = await readPreviousOutput(path.resolve(cwd, target.out));
    const release = planRelease({ previousListing: previous.listing, previousVersion: previous.version, listing, specVersion: model.version, versioning: target.versioning ?? "auto", packageFile: path.join(target.out, "package.json") });
    emitted("tsconfig.json", emitPackageTsconfig());
    emitted("version.ts", emitVersion(release.version));
    emitted("API.md", listing);
    // Every file this render writes, package.json included; CHANGELOG.md is history, never removed, so it is not listed.
    const written = [...names, "package.json"].sort();
    const source = { spec: target.spec, sha256: set.root.sha256, generator: versions.generator, files: written };
    emitted("package.json", emitPackageJson(model, { packageName: target.packageName, version: release.version, versions, source }));
    progress(`${target.name}: formatting`);
    const unsorted = await formatting.finish();
    const files = new Map([...unsorted].sort(([a], [b]) => a.localeCompare(b)));
    const specFiles = [...set.files.values()].map((file) => ({ path: file.absolutePath, sha256: file.sha256 }));
    return { target, model, files, sha256: set.root.sha256, repairs, specFiles, formatted, release, previousFiles: previous.files };
  } finally {
    await formatting.close();
  }
}

export interface TargetOutcome {
  target: TargetConfig;
  /** For --check: what differs. For a write: what changed. */
  check: CheckResult;
  /** API changes against the API.md on disk (empty for a new package). */
  changes: ApiChange[];
  /** The change report, when there are changes. */
  report?: string | undefined;
  /** What was repaired in memory and what the model noted about the spec, one line each. */
  notes: string[];
  /** Answered from the hashes of the last full render (src/write/render-record.ts), without rendering. */
  fromCache: boolean;
  /** Where the spec contradicts itself and what the contract tests do not run (src/report/spec-report.ts); not known from the cache. */
  specReport?: SpecReport | undefined;
}

export interface GenerateOptions {
  check: boolean;
  command: string;
  progress?: Progress;
  cwd?: string;
  /** Let a target whose inputs and output files match the last full render skip rendering (the CLI's default). */
  useCache?: boolean;
  /**
   * Take prettier's output for a piece of text from the last render of the same output folder when it formatted the
   * same text (src/format/format-cache.ts). The CLI's default, also in --watch; off with --no-cache.
   */
  useFormatCache?: boolean;
}

// Renders every target first, then writes (or checks) them: a bad spec in any target writes nothing.
export async function generateTargets(targets: TargetConfig[], options: GenerateOptions): Promise<TargetOutcome[]> {
  const cwd = options.cwd ?? process.cwd();
  // Taken before anything is rendered and again after everything is written: a render is recorded only if the
  // generator did not change while it ran (else the record could name code that did not make the files).
  const fingerprint = await generatorFingerprint();
  const keyOf = (target: TargetConfig): RenderKey => ({ target, command: options.command, cwd, fingerprint });
  const outcomes = new Map<TargetConfig, TargetOutcome>();
  if (options.useCache && !switchedOff("render-record")) {
    // No progress phase for this: with DEBUG=1 a finished phase prints its time, and a spec error after it must
    // stay the first line of stderr.
    for (const target of targets) {
      const entry = await lookUpToDate(keyOf(target));
      if (entry) outcomes.set(target, { target, check: { stale: [], missing: [], extra: [] }, changes: [], notes: entry.notes, fromCache: true });
    }
  }
  const rendered: RenderedTarget[] = [];
  for (const target of targets) {
    if (outcomes.has(target)) continue;
    const known = options.useFormatCache && !switchedOff("format-cache") ? () => loadFormatCache({ outDir: path.resolve(cwd, target.out), stamp: fingerprint }) : undefined;
    rendered.push(await renderTarget(target, { command: options.command, progress: options.progress, cwd, formatCache: known }));
  }
  const toRecord: { rendered: RenderedTarget; notes: string[] }[] = [];
  for (const one of rendered) {
    const { target, files, model, repairs, release, previousFiles } = one;
    const dir = path.resolve(cwd, target.out);
    const check = await checkOutput(dir, files, previousFiles);
    const changed = check.stale.length + check.missing.length + check.extra.length > 0;
    const { changes } = release;
    const report = changes.length > 0 ? formatChangeReport(target.packageName, changes) : undefined;
    if (!options.check && changed) {
      options.progress?.(`${target.name}: writing ${target.out}`);
      const output = new Map(files);
      if (report || (release.previousVersion !== undefined && release.version !== release.previousVersion)) {
        const entry = changelogEntry({ packageName: target.packageName, version: release.version, date: releaseDate(), level: release.level, versioning: target.versioning ?? "auto", spec: target.spec, sha256: one.sha256, changes });
        output.set("CHANGELOG.md", appendChangelog((await readPreviousOutput(dir)).changelog, target.packageName, entry));
      }
      await writeOutputAtomically(dir, output, previousFiles);
    }
    const notes = [...repairs.map((r) => `${r.file} ${r.pointer}: ${r.message}`), ...model.notes];
    // The folder now holds exactly the rendered files: written, or found equal.
    if (!options.check || !changed) toRecord.push({ rendered: one, notes });
    outcomes.set(target, { target, check, changes, report, notes, fromCache: false, specReport: specReport(model, target) });
  }
  if (rendered.length > 0 && (await generatorFingerprint()) === fingerprint) {
    for (const { rendered: one, notes } of toRecord) await recordRender(keyOf(one.target), { specFiles: one.specFiles, files: one.files, notes });
    // Saved whether or not the files were written (--check too): the pieces are prettier's output for their text
    // under this fingerprint either way. Kept only while the generator did not change during the run, as the record.
    for (const one of rendered) await saveFormatCache({ outDir: path.resolve(cwd, one.target.out), stamp: fingerprint }, one.formatted);
  }
  // A package importing a generated client sees its new code and types now, not after a separate build: every target,
  // also one found up to date, since its sources may have changed under a dist/ built earlier (a checkout).
  if (!options.check) {
    for (const target of targets) await refreshBuiltPackage(path.resolve(cwd, target.out), () => options.progress?.(`${target.name}: building ${target.out}/dist`));
  }
  return targets.map((target) => outcomes.get(target) as TargetOutcome);
}

async function loadEmitters() {
  // Before the emitters load: in the bundle, openapi-typescript then runs on ts-morph's TypeScript instead of loading
  // a second one (src/emit/schema/shared-typescript.ts).
  if (RUNNING_BUNDLE && !switchedOff("shared-typescript")) shareTsMorphTypeScript();
  const [listing, client, contract, files, types] = await Promise.all([
    import("./report/api-listing.js"),
    import("./emit/client-files.js"),
    import("./emit/contract-tests.js"),
    import("./emit/package-files.js"),
    import("./emit/schema/schema-types.js"),
  ]);
  return { ...listing, ...client, ...contract, ...files, ...types };
}

// The formatting side: light to load, as prettier itself loads on the first format (src/format/format-text.js).
async function loadFormatting() {
  const [format, preformatted] = await Promise.all([import("./format/format.js"), import("./format/preformatted.js")]);
  return { ...format, ...preformatted };
}

// The generated package uses the same openapi-fetch (and builds with the same TypeScript) that specforge pins, and
// names the specforge release that rendered it.
async function pinnedVersions(): Promise<{ openapiFetch: string; typescript: string; ajv: string; ajvFormats: string; vitest: string; generator: string }> {
  const manifest = JSON.parse(await readFile(MANIFEST_FILE, "utf8")) as { name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const dev = manifest.devDependencies;
  return {
    openapiFetch: manifest.dependencies["openapi-fetch"] ?? "*",
    typescript: dev.typescript ?? "*",
    ajv: dev.ajv ?? "*",
    ajvFormats: dev["ajv-formats"] ?? "*",
    vitest: dev.vitest ?? "*",
    generator: `${manifest.name} ${manifest.version}`,
  };
}
