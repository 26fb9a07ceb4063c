import { watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { loadConfig, CONFIG_FILE, type TargetConfig } from "./config.js";
import { nearest, SpecforgeError } from "./errors.js";
import type { Progress, TargetOutcome } from "./generate.js";
import { specReportJson, specReportSummary } from "./report/spec-report.js";

export const HELP = `specforge: turn an OpenAPI fragment into a typed openapi-fetch client and its contract tests.

Usage:
  specforge generate                      generate every target in ${CONFIG_FILE}
  specforge generate --spec FILE --out DIR [--name PACKAGE]
                                          generate one spec, no config needed
  specforge generate --check              render in memory and compare with the output
                                          folders; exit 1 and list stale, missing and
                                          extra files if they differ
  specforge generate --watch              regenerate whenever a spec or the config changes;
                                          on an error, keep the last good output; Ctrl-C exits
  specforge extract --from FILE --operation "METHOD /path" [--operation …] --out FILE [--overlay FILE]
                                          cut operations and the closure of their $refs out
                                          of a large spec, as sorted, stable YAML
  specforge refresh --from FILE [--target NAME]
                                          re-extract each target's spec from an upstream
                                          document (its config's \`refresh\` operations and
                                          overlay), regenerate, and print the API changes
  specforge --help | --version

Options:
  --config FILE   the config file (default: ${CONFIG_FILE})
  --spec FILE     an OpenAPI 3.0/3.1 file (YAML or JSON); needs --out
  --out DIR       the output package folder
  --name PACKAGE  the package name for --spec/--out (default: @specforge/<folder name>)
  --check         do not write; fail if generated files are out of date
  --no-cache      render everything from scratch. By default a target whose inputs (spec
                  files, its config, the command, specforge's own code and the installed
                  dependencies) and output files all hash to what the last full render
                  recorded is up to date without rendering, and a render reuses prettier's
                  output for each piece of code the last render of that folder formatted
                  from the same text (both kept under node_modules/.cache/specforge/)
  --watch         keep running and regenerate on change
  --lenient       repair known real-world spec mistakes (an undeclared or misnamed path
                  parameter, an undeclared security scheme, a bogus media type) with a
                  warning each, instead of failing
  --report FILE   write where the spec contradicts itself (examples its schemas reject,
                  schemas no value satisfies), each with its JSON pointer, and which
                  documented examples the contract tests do not run, as JSON
  -h, --help      show this help

Exit codes: 0 success; 1 bad spec, config or arguments (one-line message; stack trace
with DEBUG=1); 2 internal error (a bug in specforge: please report it).
`;

interface GenerateArgs {
  check: boolean;
  watch: boolean;
  lenient: boolean;
  /** --no-cache: always render (see src/write/render-record.ts). */
  noCache: boolean;
  config: string;
  spec?: string | undefined;
  out?: string | undefined;
  name?: string | undefined;
  /** --report FILE: where to write the spec report (src/report/spec-report.ts). */
  report?: string | undefined;
}

const FLAGS_WITH_VALUE = ["--config", "--spec", "--out", "--name", "--report"];
const BOOLEAN_FLAGS = ["--check", "--watch", "--lenient", "--no-cache", "--help", "-h"];

// Parses `generate` arguments; unknown flags are errors with a suggestion.
export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const flags = parseFlags(argv, FLAGS_WITH_VALUE, BOOLEAN_FLAGS);
  const value = (flag: string) => flags.get(flag)?.at(-1);
  const args: GenerateArgs = {
    check: flags.has("--check"),
    watch: flags.has("--watch"),
    lenient: flags.has("--lenient"),
    noCache: flags.has("--no-cache"),
    config: value("--config") ?? CONFIG_FILE,
    spec: value("--spec"),
    out: value("--out"),
    name: value("--name"),
    report: value("--report"),
  };
  if ((args.spec === undefined) !== (args.out === undefined)) {
    throw new SpecforgeError("--spec and --out go together", "pass both, e.g. --spec spec/api.yaml --out generated/api");
  }
  if (args.check && args.watch) throw new SpecforgeError("--check and --watch do not go together", "use --check in CI and --watch while editing");
  if (args.name !== undefined && args.spec === undefined) throw new SpecforgeError("--name needs --spec and --out", "pass --spec FILE --out DIR --name PACKAGE");
  return args;
}

function targetsFromArgs(args: GenerateArgs): TargetConfig[] | undefined {
  if (args.spec === undefined || args.out === undefined) return undefined;
  const folder = path.basename(path.resolve(args.out));
  return [{ name: folder, spec: args.spec, out: args.out, packageName: args.name ?? `@specforge/${folder}`, pathVariants: [], contextParams: [], ...(args.lenient ? { lenient: true } : {}) }];
}

function regenerateCommand(args: GenerateArgs): string {
  if (args.spec !== undefined) return `specforge generate --spec ${args.spec} --out ${args.out}${args.name ? ` --name ${args.name}` : ""}`;
  return args.config === CONFIG_FILE ? "npm run generate" : `specforge generate --config ${args.config}`;
}

// Progress goes to stderr, only for a person watching: never when piped or under CI.
function progressReporter(): Progress {
  if (!process.stderr.isTTY || process.env.CI) return () => {};
  // A terminal redraw per operation would cost more than the work on a 3000-operation API: redraw when the phase
  // changes, when it completes, and at most every 100 ms in between.
  let shownPhase: string | undefined;
  let shownAt = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (phase === shownPhase && done !== total && now - shownAt < 100) return;
    shownPhase = phase;
    shownAt = now;
    const counts = total !== undefined ? ` (${done ?? 0}/${total})` : "";
    process.stderr.write(`\r\x1b[2K${phase}${counts}`);
  };
}

// With DEBUG set, the wall time of each phase goes to stderr when the phases end: where a long run spends it.
function timedPhases(progress: Progress, print: (line: string) => void): Progress {
  if (!process.env.DEBUG) return progress;
  let current: { phase: string; start: number } | undefined;
  return (phase, done, total) => {
    progress(phase, done, total);
    if (phase === current?.phase) return;
    const now = performance.now();
    if (current) print(`specforge: ${current.phase} took ${((now - current.start) / 1000).toFixed(2)} s`);
    current = phase ? { phase, start: now } : undefined;
  };
}

function report(outcomes: TargetOutcome[], args: GenerateArgs, print: (line: string) => void, warn: (line: string) => void = print): number {
  let failed = false;
  for (const { target, check, report: changeReport, notes, fromCache, specReport } of outcomes) {
    if (notes.length > 0) {
      warn(`${target.name}: repaired ${notes.length} spec problem(s) in memory:`);
      for (const note of notes.slice(0, 20)) warn(`  ${note}`);
      if (notes.length > 20) warn(`  … and ${notes.length - 20} more`);
    }
    const summary = specReport ? specReportSummary(specReport) : undefined;
    if (summary) print(summary);
    const changed = [...check.stale.map((f) => `stale    ${f}`), ...check.missing.map((f) => `missing  ${f}`), ...check.extra.map((f) => `extra    ${f}`)];
    if (changed.length === 0) {
      // Said, so that a surprising "up to date" has an explanation and a way out.
      print(`${target.name}: ${target.out} is up to date${fromCache ? " (inputs and files unchanged since the last full render; --no-cache renders anyway)" : ""}`);
    } else if (args.check) {
      failed = true;
      print(`${target.name}: ${target.out} is out of date:`);
      for (const line of changed) print(`  ${line}`);
      if (changeReport) print(changeReport);
    } else {
      print(`${target.name}: wrote ${target.out} (${check.stale.length} changed, ${check.missing.length} added, ${check.extra.length} removed)`);
      if (changeReport) print(changeReport);
    }
  }
  if (failed) print(`Run \`${regenerateCommand(args)}\` and commit the result.`);
  return failed ? 1 : 0;
}

// One generate pass for --watch: errors are printed, never thrown, so watching goes on with the last good output.
async function generateOnce(args: GenerateArgs, io: { out: (l: string) => void; err: (l: string) => void }): Promise<string[]> {
  let targets: TargetConfig[] = [];
  try {
    targets = targetsFromArgs(args) ?? (await loadConfig(args.config));
    const { generateTargets } = await import("./generate.js");
    report(await generateTargets(targets, { check: false, command: regenerateCommand(args), useFormatCache: !args.noCache }), args, io.out);
  } catch (error) {
    io.err(`specforge: ${error instanceof SpecforgeError ? error.message : `internal error: ${(error as Error).message}`}`);
    io.err("specforge: kept the last good output; watching for the next change");
  }
  // Specs stay watched even when this pass failed: fixing them is what triggers the next pass.
  return targets.map((t) => t.spec);
}

// --watch: regenerate on any change to a spec file or the config, debounced; resolves 0 on Ctrl-C.
async function watchAndGenerate(args: GenerateArgs, io: { out: (l: string) => void; err: (l: string) => void }): Promise<number> {
  const watched = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const files = new Set<string>([path.resolve(args.spec ?? args.config)]);
  const rewatch = (specs: string[]) => {
    for (const spec of specs) files.add(path.resolve(spec));
    // Watch folders, not files: editors save by replacing the file, which ends a file watch.
    for (const dir of new Set([...files].map((f) => path.dirname(f)))) {
      if (watched.has(dir)) continue;
      watched.set(dir, watch(dir, (_event, name) => {
        if (name && files.has(path.join(dir, name.toString()))) schedule();
      }));
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        io.out(`specforge: change detected, regenerating`);
        rewatch(await generateOnce(args, io));
      });
    }, 150);
  };
  rewatch(await generateOnce(args, io));
  io.out("specforge: watching for changes (Ctrl-C to stop)");
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watched.values()) w.close();
      void running.then(() => resolve(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

// Reads `--flag value` (or `--flag=value`) pairs, repeated flags collecting into lists, and bare boolean flags.
function parseFlags(argv: string[], withValue: readonly string[], booleans: readonly string[] = []): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") && arg.startsWith("--") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (booleans.includes(flag)) {
      flags.set(flag, []);
      continue;
    }
    if (!withValue.includes(flag)) {
      const near = nearest(flag, [...withValue, ...booleans]);
      throw new SpecforgeError(`unknown argument '${arg}'`, near ? `did you mean ${near}? (see specforge --help)` : "see specforge --help");
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new SpecforgeError(`${flag} needs a value`, `write ${flag} <value>`);
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
  }
  return flags;
}

async function extractCommand(argv: string[], io: { out: (l: string) => void }): Promise<number> {
  const flags = parseFlags(argv, ["--from", "--operation", "--out", "--overlay"]);
  const from = flags.get("--from")?.[0];
  const out = flags.get("--out")?.[0];
  if (!from || !out) throw new SpecforgeError("extract needs --from and --out", 'e.g. specforge extract --from upstream.json --operation "PUT /pets/{id}" --out spec/pets.yaml');
  const { renderExtract, writeFileAtomically } = await import("./upstream/refresh.js");
  const text = await renderExtract({ from, operations: flags.get("--operation") ?? [], overlay: flags.get("--overlay")?.[0] });
  await writeFileAtomically(out, text);
  io.out(`specforge: wrote ${out} (${(flags.get("--operation") ?? []).length} operation(s) and the schemas they reach)`);
  return 0;
}

async function refreshCommand(argv: string[], io: { out: (l: string) => void; err: (l: string) => void }): Promise<number> {
  const flags = parseFlags(argv, ["--from", "--target", "--config"]);
  const from = flags.get("--from")?.[0];
  if (!from) throw new SpecforgeError("refresh needs --from FILE", "pass the upstream OpenAPI document, e.g. --from ../cloudflare-openapi.json");
  const config = flags.get("--config")?.[0] ?? CONFIG_FILE;
  const all = await loadConfig(config);
  const name = flags.get("--target")?.[0];
  const targets = name ? all.filter((t) => t.name === name) : all.filter((t) => t.refresh);
  if (targets.length === 0) throw new SpecforgeError(name ? `no target named ${name}` : "no target has `refresh` settings", "see the README's config section", { file: config });
  const { refreshTargetSpec, writeFileAtomically } = await import("./upstream/refresh.js");
  const { generateTargets } = await import("./generate.js");
  const previous = new Map<string, string | undefined>();
  try {
    for (const target of targets) previous.set(target.spec, await refreshTargetSpec(target, from));
    const outcomes = await generateTargets(targets, { check: false, command: config === CONFIG_FILE ? "npm run generate" : `specforge generate --config ${config}`, useFormatCache: true });
    report(outcomes, { check: false, watch: false, lenient: false, noCache: true, config }, io.out, io.err);
    if (outcomes.every((o) => o.changes.length === 0)) io.out("specforge: no API changes");
    return 0;
  } catch (error) {
    // The refreshed spec did not generate: put the old one back so the tree stays consistent.
    for (const [spec, text] of previous) if (text !== undefined) await writeFileAtomically(spec, text);
    throw error;
  }
}

// The whole CLI: argv in, exit code out. Only this function prints.
export async function main(argv: string[], io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === "--help" || command === "-h" || command === "help" || rest.includes("--help") || rest.includes("-h")) {
      io.out(HELP);
      return command === undefined ? 1 : 0;
    }
    if (command === "--version") {
      io.out("specforge 0.1.0");
      return 0;
    }
    if (command === "extract") return await extractCommand(rest, io);
    if (command === "refresh") return await refreshCommand(rest, io);
    if (command !== "generate") {
      const near = nearest(command, ["generate", "extract", "refresh"]);
      throw new SpecforgeError(`unknown command '${command}'`, near ? `did you mean '${near}'? (see specforge --help)` : "see specforge --help");
    }
    const args = parseGenerateArgs(rest);
    if (args.watch) return await watchAndGenerate(args, io);
    const targets = targetsFromArgs(args) ?? (await loadConfig(args.config));
    const progress = timedPhases(progressReporter(), io.err);
    // Loaded only now: ts-morph, prettier and openapi-typescript take most of the start-up time, and --help needs none of them.
    const { generateTargets } = await import("./generate.js");
    // The report needs every target's model, so none is answered from the render record.
    const outcomes = await generateTargets(targets, { check: args.check, command: regenerateCommand(args), progress, useCache: !args.noCache && args.report === undefined, useFormatCache: !args.noCache });
    progress("", undefined, undefined);
    if (args.report !== undefined) {
      const { writeFileAtomically } = await import("./upstream/refresh.js");
      await writeFileAtomically(args.report, specReportJson(outcomes.flatMap((o) => (o.specReport ? [o.specReport] : []))));
    }
    return report(outcomes, args, io.out, io.err);
  } catch (error) {
    if (error instanceof SpecforgeError) {
      io.err(`specforge: ${error.message}`);
      if (process.env.DEBUG) io.err(error.stack ?? "");
      return 1;
    }
    io.err(`specforge: internal error: ${(error as Error)?.message ?? String(error)} (this is a bug in specforge; rerun with DEBUG=1 for the stack trace)`);
    if (process.env.DEBUG) io.err((error as Error)?.stack ?? "");
    return 2;
  }
}
