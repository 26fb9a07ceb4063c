// generate --watch: regenerate when any input changes. The inputs are the config, every file of each target's spec
// (the root and every file its $refs reach), and each target's overlay. An overlay is applied by refresh, from the
// upstream document: when that document is known (--from, or the target's refresh.from), an edit to the overlay, to
// refresh.operations or to the upstream file re-runs refresh (which rewrites the spec) before generating; when it is
// not, the edit is reported with the way to apply it, and the spec is left alone.
import { createHash } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { findConfigFile, readConfigFile, type LoadedConfig, type TargetConfig } from "../config.js";
import { SpecforgeError } from "../errors.js";
import { loadFile, type LoadedFile } from "../openapi/load.js";
import { loadSpecSet } from "../openapi/refs.js";
import { refreshSource, refreshTargetSpec } from "../upstream/refresh.js";
import { regenerateCommand, targetsFromArgs, type GenerateArgs } from "./args.js";
import type { Io } from "./io.js";
import { reportOutcomes, screenLines } from "./report.js";

interface Inputs {
  root: string;
  targets: TargetConfig[];
  config?: LoadedConfig | undefined;
}

// Resolves 0 on Ctrl-C (SIGINT) or SIGTERM.
export async function watchAndGenerate(args: GenerateArgs, io: Io): Promise<number> {
  const cwd = process.cwd();
  /** Every watched file (absolute) → sha256 of its bytes when a pass last read it ("" when absent). */
  const seen = new Map<string, string>();
  const refreshSettings = new Map<string, string>();
  const upstreams = new Map<string, { sha: string; loaded: LoadedFile }>();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const watchFile = async (file: string) => {
    if (!seen.has(file)) seen.set(file, await hashOf(file));
    // Watch folders, not files: editors save by replacing the file, which ends a file watch.
    const dir = path.dirname(file);
    if (watchers.has(dir)) return;
    try {
      watchers.set(dir, watch(dir, (_event, name) => {
        if (name && seen.has(path.join(dir, name.toString()))) schedule();
      }));
    } catch {
      // A folder that does not exist yet (a spec path with a typo): the config's next edit brings a new pass.
    }
  };

  const pass = async (first: boolean) => {
    const before = new Map(seen);
    for (const file of seen.keys()) seen.set(file, await hashOf(file));
    const differs = (file: string) => before.get(file) !== seen.get(file);
    let inputs: Inputs | undefined;
    try {
      inputs = await readInputs(args, cwd);
      if (inputs.config) await watchFile(path.resolve(cwd, inputs.config.file));
      for (const target of inputs.targets) {
        if (!target.refresh) continue;
        const overlay = target.refresh.overlay === undefined ? undefined : path.resolve(inputs.root, target.refresh.overlay);
        const from = refreshSource(target, { from: args.from, root: inputs.root });
        for (const file of [overlay, from]) if (file) await watchFile(file);
        const settings = JSON.stringify([target.refresh, from]);
        const changed = refreshSettings.has(target.name) && (refreshSettings.get(target.name) !== settings || [overlay, from].some((f) => f !== undefined && differs(f)));
        refreshSettings.set(target.name, settings);
        if (first || !changed) continue;
        if (from === undefined) {
          io.err(`specforge: ${target.name}: the refresh inputs changed (${target.refresh.overlay ?? "refresh.operations"}), but an overlay is applied by refresh, from the upstream document: restart with --watch --from FILE, set "refresh": { "from": FILE } in the config, or run specforge refresh --from FILE`);
          continue;
        }
        io.out(`specforge: ${target.name}: refresh inputs changed; re-extracting ${target.spec} from ${displayPath(from, cwd)}`);
        const sha = seen.get(from) ?? "";
        const cached = upstreams.get(from);
        const source = cached?.sha === sha ? cached.loaded : await loadFile(from);
        upstreams.set(from, { sha, loaded: source });
        await refreshTargetSpec(target, { from, root: inputs.root, source });
        // Written by this pass: not a change for the next one to react to.
        const spec = path.resolve(inputs.root, target.spec);
        if (seen.has(spec)) seen.set(spec, await hashOf(spec));
      }
      const { generateTargets } = await import("../generate.js");
      const outcomes = await generateTargets(inputs.targets, { check: false, command: regenerateCommand(args, inputs.config), useFormatCache: !args.noCache, cwd: inputs.root });
      await reportOutcomes({ outcomes, check: false, command: regenerateCommand(args, inputs.config), root: inputs.root, io, screenLines: screenLines() });
    } catch (error) {
      io.err(`specforge: ${error instanceof SpecforgeError ? error.message : `internal error: ${(error as Error).message}`}`);
      io.err("specforge: kept the last good output; watching for the next change");
    }
    // Specs stay watched even when this pass failed: fixing them is what triggers the next pass.
    for (const target of inputs?.targets ?? []) {
      const root = inputs?.root ?? cwd;
      await watchFile(path.resolve(root, target.spec));
      const set = await loadSpecSet(target.spec, root).catch(() => undefined);
      for (const file of set?.files.keys() ?? []) await watchFile(file);
    }
  };

  const changedSinceLastPass = async () => {
    for (const [file, sha] of seen) if ((await hashOf(file)) !== sha) return true;
    return false;
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        // An editor's save can fire several events, and refresh writes the spec itself: run only for new content.
        if (!(await changedSinceLastPass())) return;
        io.out("specforge: change detected, regenerating");
        await pass(false);
      });
    }, 150);
  };

  await watchFile(path.resolve(cwd, args.spec ?? findConfigFile(args.config, cwd)));
  await pass(true);
  io.out("specforge: watching for changes (Ctrl-C to stop)");
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      void running.then(() => resolve(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

async function readInputs(args: GenerateArgs, cwd: string): Promise<Inputs> {
  const single = targetsFromArgs(args);
  if (single) return { root: cwd, targets: single };
  const config = await readConfigFile(findConfigFile(args.config, cwd), cwd);
  return { root: config.root, targets: config.targets, config };
}

async function hashOf(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes === undefined ? "" : createHash("sha256").update(bytes).digest("hex");
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith("..") ? file : relative;
}
