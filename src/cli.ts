import path from "node:path";
import { findConfigFile, readConfigFile } from "./config.js";
import { nearest, SpecforgeError } from "./errors.js";
import { parseFlags, parseGenerateArgs, regenerateCommand, targetsFromArgs } from "./cli/args.js";
import { COMMAND_HELP, COMMANDS, HELP, version, type Command } from "./cli/help.js";
import type { Io } from "./cli/io.js";
import type { TargetOutcome } from "./generate.js";
import { formatSeconds, progressReporter, timedPhases } from "./cli/progress.js";
import { reportOutcomes, screenLines } from "./cli/report.js";

export { HELP } from "./cli/help.js";
export { parseGenerateArgs } from "./cli/args.js";

// A run this long on a terminal ends with how long it took.
const SAY_DURATION_AFTER_SECONDS = 2;

async function generateCommand(argv: string[], io: Io): Promise<number> {
  const args = parseGenerateArgs(argv);
  if (args.watch) {
    const { watchAndGenerate } = await import("./cli/watch.js");
    return await watchAndGenerate(args, io);
  }
  const single = targetsFromArgs(args);
  const config = single ? undefined : await readConfigFile(findConfigFile(args.config));
  const targets = single ?? config?.targets ?? [];
  const root = config?.root ?? process.cwd();
  const reporter = progressReporter();
  const progress = timedPhases(reporter.progress, io.err);
  // Loaded only now: ts-morph, prettier and openapi-typescript take most of the start-up time, and --help needs none of them.
  const { generateTargets } = await import("./generate.js");
  const command = regenerateCommand(args, config);
  // The spec report needs every target's model, so with --report none is answered from the render record.
  const useCache = !args.noCache && args.report === undefined;
  const outcomes = await generateTargets(targets, { check: args.check, command, progress, useCache, useFormatCache: !args.noCache, cwd: root });
  progress("", undefined, undefined);
  sayDuration(reporter.stop(), io);
  if (args.report !== undefined) await writeSpecReport(args.report, outcomes);
  return reportOutcomes({ outcomes, check: args.check, command, root, io, screenLines: screenLines() });
}

// --report FILE (relative to the working folder, like every other flag's path): the spec report of every target.
async function writeSpecReport(file: string, outcomes: TargetOutcome[]): Promise<void> {
  const { specReportJson } = await import("./report/spec-report.js");
  const { writeFileAtomically } = await import("./upstream/refresh.js");
  await writeFileAtomically(file, specReportJson(outcomes.flatMap((o) => (o.specReport ? [o.specReport] : []))));
}

// Like the progress line, only for a person at a terminal.
function sayDuration(seconds: number, io: Io): void {
  if (seconds >= SAY_DURATION_AFTER_SECONDS && process.stderr.isTTY && !process.env.CI) io.err(`specforge: took ${formatSeconds(seconds)}`);
}

async function extractCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, { command: "extract", withValue: ["--from", "--operation", "--out", "--overlay"] });
  const from = flags.get("--from")?.[0];
  const out = flags.get("--out")?.[0];
  if (!from || !out) throw new SpecforgeError("extract needs --from and --out", 'e.g. specforge extract --from upstream.json --operation "PUT /pets/{id}" --out spec/pets.yaml');
  const { renderExtract, writeFileAtomically } = await import("./upstream/refresh.js");
  const extracted = await renderExtract({ from, operations: flags.get("--operation") ?? [], overlay: flags.get("--overlay")?.[0] });
  await writeFileAtomically(out, extracted.text);
  io.out(`specforge: wrote ${out} (${extracted.operations} operation(s) and the schemas they reach)`);
  return 0;
}

async function refreshCommand(argv: string[], io: Io): Promise<number> {
  const flags = parseFlags(argv, { command: "refresh", withValue: ["--from", "--target", "--config"] });
  const given = flags.get("--from")?.[0];
  const config = await readConfigFile(findConfigFile(flags.get("--config")?.[0]));
  const name = flags.get("--target")?.[0];
  const targets = name ? config.targets.filter((t) => t.name === name) : config.targets.filter((t) => t.refresh);
  if (targets.length === 0) {
    const near = name ? nearest(name, config.targets.map((t) => t.name)) : undefined;
    throw new SpecforgeError(name ? `no target named ${name}` : "no target has `refresh` settings", near ? `did you mean ${near}?` : "see the README's config section", { file: config.file });
  }
  const { refreshTargetSpec, writeFileAtomically } = await import("./upstream/refresh.js");
  const { generateTargets } = await import("./generate.js");
  const reporter = progressReporter();
  const previous = new Map<string, string | undefined>();
  try {
    for (const target of targets) {
      reporter.progress(`${target.name}: refreshing ${target.spec}`);
      previous.set(path.resolve(config.root, target.spec), await refreshTargetSpec(target, { from: given, root: config.root }));
    }
    const command = regenerateCommand({ check: false, watch: false, lenient: false, noCache: false, config: config.file }, config);
    const outcomes = await generateTargets(targets, { check: false, command, progress: reporter.progress, useFormatCache: true, cwd: config.root });
    reporter.progress("", undefined, undefined);
    sayDuration(reporter.stop(), io);
    await reportOutcomes({ outcomes, check: false, command, root: config.root, io, screenLines: screenLines() });
    if (outcomes.every((o) => o.changes.length === 0)) io.out("specforge: no API changes");
    return 0;
  } catch (error) {
    reporter.stop();
    // The refreshed spec did not generate: put the old one back so the tree stays consistent.
    for (const [spec, text] of previous) if (text !== undefined) await writeFileAtomically(spec, text);
    throw error;
  }
}

const RUN: Record<Command, (argv: string[], io: Io) => Promise<number>> = { generate: generateCommand, extract: extractCommand, refresh: refreshCommand };

// The whole CLI: argv in, exit code out. Only this function (and the src/cli/ modules it calls) prints.
export async function main(argv: string[], io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      io.out(HELP);
      return 1;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      const topic = rest[0];
      io.out(topic !== undefined && isCommand(topic) ? COMMAND_HELP[topic] : HELP);
      return 0;
    }
    if (command === "--version" || command === "-v" || command === "version") {
      io.out(`specforge ${version()}`);
      return 0;
    }
    if (!isCommand(command)) {
      const near = nearest(command, [...COMMANDS]);
      throw new SpecforgeError(`unknown command '${command}'`, `${near ? `did you mean '${near}'? ` : ""}see specforge --help`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(COMMAND_HELP[command]);
      return 0;
    }
    return await RUN[command](rest, io);
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

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}
