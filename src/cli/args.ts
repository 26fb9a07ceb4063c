// argv → options, for each command; an unknown or misused flag is an error that names the command's help.
import path from "node:path";
import { CONFIG_FILES, type LoadedConfig, type TargetConfig } from "../config.js";
import { nearest, SpecforgeError } from "../errors.js";
import type { Command } from "./help.js";

export interface GenerateArgs {
  check: boolean;
  watch: boolean;
  lenient: boolean;
  /** --no-cache: always render (see src/write/render-record.ts). */
  noCache: boolean;
  /** --config; undefined: found in the working folder (src/config.ts findConfigFile). */
  config?: string | undefined;
  spec?: string | undefined;
  out?: string | undefined;
  name?: string | undefined;
  /** --from with --watch: the upstream document an edited overlay is re-applied from. */
  from?: string | undefined;
  /** --report FILE: where to write where each spec contradicts itself (src/report/spec-report.ts). */
  report?: string | undefined;
}

const GENERATE_VALUES = ["--config", "--spec", "--out", "--name", "--from", "--report"];
const GENERATE_BOOLEANS = ["--check", "--watch", "--lenient", "--no-cache"];

// Parses `generate` arguments; unknown flags are errors with a suggestion.
export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const flags = parseFlags(argv, { command: "generate", withValue: GENERATE_VALUES, booleans: GENERATE_BOOLEANS });
  const value = (flag: string) => flags.get(flag)?.at(-1);
  const args: GenerateArgs = {
    check: flags.has("--check"),
    watch: flags.has("--watch"),
    lenient: flags.has("--lenient"),
    noCache: flags.has("--no-cache"),
    config: value("--config"),
    spec: value("--spec"),
    out: value("--out"),
    name: value("--name"),
    from: value("--from"),
    report: value("--report"),
  };
  if ((args.spec === undefined) !== (args.out === undefined)) {
    throw new SpecforgeError("--spec and --out go together", "pass both, e.g. --spec spec/api.yaml --out generated/api");
  }
  if (args.check && args.watch) throw new SpecforgeError("--check and --watch do not go together", "use --check in CI and --watch while editing");
  if (args.name !== undefined && args.spec === undefined) throw new SpecforgeError("--name needs --spec and --out", "pass --spec FILE --out DIR --name PACKAGE");
  if (args.report !== undefined && args.watch) throw new SpecforgeError("--report and --watch do not go together", "run specforge generate --report FILE once; --watch prints each target's summary line");
  if (args.from !== undefined && !args.watch) throw new SpecforgeError("--from goes with --watch", "to rebuild a spec from upstream once, run specforge refresh --from FILE");
  if (args.spec !== undefined && args.config !== undefined) throw new SpecforgeError("--spec and --config do not go together", "use --spec/--out for one spec, or a config for its targets");
  return args;
}

// The one target of --spec/--out, or undefined when the targets come from a config.
export function targetsFromArgs(args: GenerateArgs): TargetConfig[] | undefined {
  if (args.spec === undefined || args.out === undefined) return undefined;
  const folder = path.basename(path.resolve(args.out));
  return [{ name: folder, spec: args.spec, out: args.out, packageName: args.name ?? `@specforge/${folder}`, pathVariants: [], contextParams: [], ...(args.lenient ? { lenient: true } : {}) }];
}

// The command that regenerates, written into every generated file's header: it must not depend on where specforge
// was run from, so a default-named config gives `npm run generate` wherever it sits.
export function regenerateCommand(args: GenerateArgs, config?: LoadedConfig): string {
  if (args.spec !== undefined) return `specforge generate --spec ${args.spec} --out ${args.out}${args.name ? ` --name ${args.name}` : ""}`;
  const file = config?.file ?? args.config;
  if (file === undefined || (CONFIG_FILES as readonly string[]).includes(path.basename(file))) return "npm run generate";
  return `specforge generate --config ${file}`;
}

export interface FlagSpec {
  command: Command;
  withValue: readonly string[];
  booleans?: readonly string[];
}

// Reads `--flag value` (or `--flag=value`) pairs, repeated flags collecting into lists, and bare boolean flags.
export function parseFlags(argv: string[], spec: FlagSpec): Map<string, string[]> {
  const booleans = spec.booleans ?? [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") && arg.startsWith("--") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (booleans.includes(flag)) {
      flags.set(flag, []);
      continue;
    }
    if (!spec.withValue.includes(flag)) {
      const near = nearest(flag, [...spec.withValue, ...booleans]);
      // The hint is printed inside "(hint: …)": no parentheses of its own.
      throw new SpecforgeError(`unknown argument '${arg}'`, `${near ? `did you mean ${near}? ` : ""}see specforge ${spec.command} --help`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new SpecforgeError(`${flag} needs a value`, `write ${flag} <value>`);
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
  }
  return flags;
}
