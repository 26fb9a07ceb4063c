// The usage texts: one for specforge, one per command (`specforge COMMAND --help`).
import { readFileSync } from "node:fs";
import { CONFIG_FILES } from "../config.js";
import { MANIFEST_FILE } from "../self/paths.js";

export const COMMANDS = ["generate", "extract", "refresh"] as const;
export type Command = (typeof COMMANDS)[number];

const EXIT_CODES = `Exit codes: 0 success; 1 bad spec, config or arguments (one-line message; stack trace
with DEBUG=1); 2 internal error (a bug in specforge: please report it).`;

const SELECTORS = `Selectors (--operation, and "refresh": { "operations": [...] } in the config); they add up:
  "METHOD /path"        one operation, e.g. "PUT /pets/{id}"
  "METHOD /glob"        METHOD may be *; in the path * matches within a segment, ** across
                        segments, e.g. "* /accounts/*/access/service_tokens**"
  "tag:NAME"            operations tagged NAME (case-insensitive)
  "group:NAME"          operations whose x-fern-sdk-group-name is NAME or below it (NAME.…)
  "operationId:ID"      by operationId; * matches any characters
  "x-KEY:VALUE"         by an extension's value, e.g. "x-stainless-skip:terraform"
A selector that matches nothing is an error naming the nearest tags, groups or paths.`;

export const HELP = `specforge: turn an OpenAPI fragment into a typed openapi-fetch client and its contract tests.

Usage:
  specforge generate [--check | --watch]  generate every target of the config
  specforge generate --spec FILE --out DIR [--name PACKAGE]
                                          generate one spec, no config needed
  specforge extract --from FILE --operation SELECTOR [--operation …] --out FILE [--overlay FILE]
                                          cut operations and the closure of their $refs
                                          out of a large spec, as sorted, stable YAML
  specforge refresh [--from FILE] [--target NAME]
                                          re-extract each target's spec from upstream,
                                          apply its overlay, regenerate, report API changes
  specforge COMMAND --help                the options of one command
  specforge --version | -v

The config is ${CONFIG_FILES.join(" or ")} in the working folder, or --config FILE;
paths inside it resolve from its own folder.

${EXIT_CODES}
`;

export const COMMAND_HELP: Record<Command, string> = {
  generate: `specforge generate: render each target's client, types and contract tests into its output folder.

Usage:
  specforge generate [--config FILE] [--check | --watch [--from FILE]] [--no-cache] [--lenient] [--report FILE]
  specforge generate --spec FILE --out DIR [--name PACKAGE] [--check | --watch] [--no-cache] [--lenient] [--report FILE]

Options:
  --config FILE   the config (default: ${CONFIG_FILES.join(", else ")}); its paths resolve
                  from its own folder
  --spec FILE     an OpenAPI 3.0/3.1 file (YAML or JSON), instead of a config; needs --out
  --out DIR       the output package folder for --spec
  --name PACKAGE  the package name for --spec/--out (default: @specforge/<folder name>)
  --check         do not write: render in memory, compare with the output folders, list
                  stale, missing and extra files and exit 1 if they differ
  --watch         regenerate whenever the config, a spec file (the root or any file its
                  $refs reach) or an overlay changes; a broken edit keeps the last good
                  output; Ctrl-C exits 0. An edited overlay (or refresh.operations) re-runs
                  refresh first when the upstream document is known: --from FILE, or
                  "refresh": { "from": FILE } in the config
  --from FILE     with --watch: the upstream document to refresh from
  --no-cache      render everything from scratch. By default a target whose inputs (spec
                  files, its config, the command, specforge's own code and the installed
                  dependencies) and output files all hash to what the last full render
                  recorded is up to date without rendering, and a render reuses prettier's
                  output for each piece of code the last render of that folder formatted
                  from the same text (both kept under node_modules/.cache/specforge/)
  --lenient       repair known real-world spec mistakes (an undeclared or misnamed path
                  parameter, an undeclared security scheme, a bogus media type) and read
                  what openapi-typescript reads but OpenAPI forbids, with a warning each,
                  instead of failing; a list longer than the screen is written to a
                  file, named on screen
  --report FILE   also write where each spec contradicts itself (examples its schemas
                  reject, schemas no value satisfies), each with its JSON pointer, and
                  which documented examples the contract tests do not run, as JSON;
                  renders every target, as the report needs its model; not with --watch
  -h, --help      show this help

${EXIT_CODES}
`,
  extract: `specforge extract: cut operations and the closure of their $refs out of a large spec.

Usage:
  specforge extract --from FILE --operation SELECTOR [--operation …] --out FILE [--overlay FILE]

Options:
  --from FILE       the upstream OpenAPI document (YAML or JSON)
  --operation SEL   an operation selector (below); repeat for more
  --out FILE        the YAML file to write (keys sorted, so a re-extract diffs minimally)
  --overlay FILE    an OpenAPI Overlay 1.0 file applied to the result
  -h, --help        show this help

${SELECTORS}

${EXIT_CODES}
`,
  refresh: `specforge refresh: rebuild each target's spec from the upstream document, regenerate, and
print the API changes.

Usage:
  specforge refresh [--from FILE] [--target NAME] [--config FILE]

For each target with "refresh" settings (or the one --target names): cut its
refresh.operations out of the upstream document, apply refresh.overlay, write the
target's spec, regenerate, and print the change report. If generation fails, the old
spec is put back.

Options:
  --from FILE     the upstream OpenAPI document (default: each target's refresh.from,
                  relative to the config)
  --target NAME   refresh only this target
  --config FILE   the config (default: ${CONFIG_FILES.join(", else ")})
  -h, --help      show this help

${SELECTORS}

${EXIT_CODES}
`,
};

// specforge's own version, from its package.json.
export function version(): string {
  const manifest = JSON.parse(readFileSync(MANIFEST_FILE, "utf8")) as { version?: string };
  return manifest.version ?? "unknown";
}
