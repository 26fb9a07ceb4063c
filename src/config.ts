import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ClientConfig, EnvelopeConfig, PathVariantConfig, RefreshConfig } from "./define-config.js";
import { nearest, SpecforgeError } from "./errors.js";
import { jsonSyntaxError } from "./openapi/load.js";
import { CLIENT_CONFIG_KEYS, parseClientConfig } from "./client-config.js";

export type { ClientConfig, EnvelopeConfig, PaginationStyleConfig, PathVariantConfig, RefreshConfig, SpecforgeConfig, TargetSettings } from "./define-config.js";
export { defineConfig } from "./define-config.js";

export interface TargetConfig extends ClientConfig {
  name: string;
  spec: string;
  out: string;
  packageName: string;
  pathVariants: PathVariantConfig[];
  /** Path params that are always passed in the params object, never positionally. */
  contextParams: string[];
  envelope?: EnvelopeConfig | undefined;
  refresh?: RefreshConfig | undefined;
  /** The config file this target came from, for error messages (absent for --spec/--out). */
  configFile?: string | undefined;
  /** Repair known real-world spec mistakes (with a warning each) instead of failing on them. */
  lenient?: boolean | undefined;
  /** "manual": generate keeps the generated package.json's version as it is instead of bumping it (src/report/release.ts). */
  versioning?: "auto" | "manual" | undefined;
  /** Security scheme id → the client option that carries its credential, where the scheme id's own camelCase is not wanted. */
  credentialOptions?: Record<string, string> | undefined;
}

export const CONFIG_FILE = "specforge.config.json";
// The names a config is found by when --config is not given, in the order they are looked for.
export const CONFIG_FILES = ["specforge.config.ts", CONFIG_FILE] as const;
const TARGET_KEYS = ["spec", "out", "packageName", "pathVariants", "contextParams", "envelope", "refresh", "lenient", "versioning", "credentialOptions", ...CLIENT_CONFIG_KEYS] as const;
const TOP_KEYS = ["$schema", "targets"] as const;
const REFRESH_KEYS = ["operations", "overlay", "from"] as const;
const PATH_VARIANT_KEYS = ["selector", "id", "choices"] as const;
const ENVELOPE_KEYS = ["result", "success", "errors", "messages"] as const;
// The keys the parser accepts at each level, for the test that holds specforge.config.schema.json to them.
export const CONFIG_KEYS = { top: TOP_KEYS, target: TARGET_KEYS, refresh: REFRESH_KEYS, pathVariant: PATH_VARIANT_KEYS, envelope: ENVELOPE_KEYS } as const;

// A config file read and checked. Its targets' paths (spec, out, refresh.overlay, refresh.from) are written relative
// to `root`: resolve them from there (generateTargets' `cwd`), never from the working folder.
export interface LoadedConfig {
  /** The config file as the user named it, or as it was found. */
  file: string;
  /** The config file's folder, absolute. */
  root: string;
  targets: TargetConfig[];
}

// The config file to read: the one given, else specforge.config.ts or specforge.config.json in `cwd`.
export function findConfigFile(given: string | undefined, cwd = process.cwd()): string {
  if (given !== undefined) return given;
  const present = CONFIG_FILES.filter((name) => existsSync(path.resolve(cwd, name)));
  if (present.length > 1) throw new SpecforgeError(`both ${present.join(" and ")} are here`, "keep one of them, or name one with --config", { file: present[0] as string });
  return present[0] ?? CONFIG_FILE;
}

// Reads a config file (JSON, or TypeScript through tsx) and checks every key, so a typo is an error instead of a silent default.
export async function readConfigFile(given?: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = given ?? findConfigFile(undefined, cwd);
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute)) {
    throw new SpecforgeError("config file not found", `create ${file} (or ${CONFIG_FILES.filter((f) => f !== file).join(" or ")}), or pass --spec FILE --out DIR`, { file });
  }
  const raw = /\.[cm]?[jt]s$/.test(file) ? await importConfig(file, absolute) : await readJsonConfig(file, absolute);
  return { file, root: path.dirname(absolute), targets: parseConfig(raw, file).map((target) => ({ ...target, configFile: file })) };
}

// The targets of a config file; their paths are relative to the file's folder (see LoadedConfig).
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<TargetConfig[]> {
  return (await readConfigFile(file, cwd)).targets;
}

async function readJsonConfig(file: string, absolute: string): Promise<unknown> {
  const text = await readFile(absolute, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(file, text, (error as Error).message);
  }
}

// A TypeScript config runs through tsx's loader (a dependency, as for specforge's own sources); a fresh namespace per
// call, so --watch sees each edit.
async function importConfig(file: string, absolute: string): Promise<unknown> {
  let loaded: { default?: unknown };
  try {
    const { tsImport } = await import("tsx/esm/api");
    loaded = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    const message = ((error as Error).message ?? String(error)).split("\n")[0] ?? "";
    throw new SpecforgeError(`the config could not be loaded: ${message}`, "fix the error the message names; the file must `export default defineConfig({ targets: … })`", { file });
  }
  // tsx may hand back the CommonJS view, where the default export sits one level down.
  const value = isRecord(loaded.default) && "default" in loaded.default && !("targets" in loaded.default) ? loaded.default.default : loaded.default;
  if (value === undefined) throw new SpecforgeError("the config has no default export", 'write `export default defineConfig({ targets: { … } })`, with `import { defineConfig } from "specforge"`', { file });
  return value;
}

// Validates a parsed config object; exported for tests.
export function parseConfig(raw: unknown, file = CONFIG_FILE): TargetConfig[] {
  const fail = (pointer: string, problem: string, hint: string): never => {
    throw new SpecforgeError(problem, hint, { file, pointer });
  };
  if (!isRecord(raw)) fail("#", "the config must be a JSON object", 'write { "targets": { "NAME": { "spec": …, "out": … } } }');
  const top = raw as Record<string, unknown>;
  checkKeys(top, TOP_KEYS, "#", fail);
  if (top.$schema !== undefined && typeof top.$schema !== "string") fail("#/$schema", "`$schema` must be a string", 'write "$schema": "./node_modules/specforge/specforge.config.schema.json", or leave it out');
  if (!isRecord(top.targets) || Object.keys(top.targets).length === 0) {
    fail("#/targets", "`targets` must name at least one target", 'add "targets": { "NAME": { "spec": "spec/NAME.yaml", "out": "generated/NAME" } }');
  }
  return Object.entries(top.targets as Record<string, unknown>).map(([name, value]) => {
    const at = `#/targets/${name}`;
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) fail(at, `target name '${name}' is not a valid package folder name`, "use lowercase letters, digits, '-', '.' and '_'");
    if (!isRecord(value)) fail(at, "a target must be an object", 'give it "spec" and "out"');
    const t = value as Record<string, unknown>;
    checkKeys(t, TARGET_KEYS, at, fail);
    for (const key of ["spec", "out"] as const) {
      if (typeof t[key] !== "string" || t[key] === "") fail(`${at}/${key}`, `\`${key}\` must be a non-empty string`, key === "spec" ? "the path to the OpenAPI file" : "the output folder");
    }
    if (t.packageName !== undefined && (typeof t.packageName !== "string" || t.packageName === "")) fail(`${at}/packageName`, "`packageName` must be a non-empty string", `e.g. "@acme/${name}"; leave it out for @specforge/${name}`);
    const variants = t.pathVariants ?? [];
    if (!Array.isArray(variants)) fail(`${at}/pathVariants`, "`pathVariants` must be a list", "see the README's config section");
    (variants as unknown[]).forEach((v, i) => {
      const ok = isRecord(v) && typeof v.selector === "string" && typeof v.id === "string" && isRecord(v.choices) && Object.keys(v.choices).length >= 2 && Object.values(v.choices).every((c) => typeof c === "string");
      if (!ok) fail(`${at}/pathVariants/${i}`, "a path variant needs `selector`, `id` and at least two string `choices`", 'e.g. { "selector": "accounts_or_zones", "id": "account_or_zone_id", "choices": { "account_id": "accounts", "zone_id": "zones" } }');
      checkKeys(v as Record<string, unknown>, PATH_VARIANT_KEYS, `${at}/pathVariants/${i}`, fail);
    });
    const context = t.contextParams ?? [];
    if (!Array.isArray(context) || !context.every((c) => typeof c === "string")) fail(`${at}/contextParams`, "`contextParams` must be a list of parameter names", 'e.g. ["account_id", "zone_id"]');
    if (t.envelope !== undefined) {
      const e = t.envelope;
      const keys = ENVELOPE_KEYS;
      if (!isRecord(e) || !keys.every((k) => typeof e[k] === "string")) fail(`${at}/envelope`, "`envelope` needs string `result`, `success`, `errors` and `messages`", "name the envelope's properties");
      checkKeys(e as Record<string, unknown>, keys, `${at}/envelope`, fail);
    }
    if (t.lenient !== undefined && typeof t.lenient !== "boolean") fail(`${at}/lenient`, "`lenient` must be true or false", "true repairs known upstream mistakes with a warning each");
    if (t.versioning !== undefined && t.versioning !== "auto" && t.versioning !== "manual") fail(`${at}/versioning`, '`versioning` must be "auto" or "manual"', '"manual" keeps the version you set in the generated package.json; "auto" (the default) bumps it by the change report');
    if (t.credentialOptions !== undefined) {
      const options = t.credentialOptions;
      if (!isRecord(options)) fail(`${at}/credentialOptions`, "`credentialOptions` must map security scheme ids to option names", 'e.g. { "bearer_auth": "token" }');
      for (const [scheme, option] of Object.entries(options as Record<string, unknown>)) {
        if (typeof option !== "string" || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(option)) {
          fail(`${at}/credentialOptions/${scheme}`, `the client option for scheme '${scheme}' must be an identifier, found ${JSON.stringify(option)}`, 'e.g. "token"');
        }
      }
    }
    if (t.refresh !== undefined) {
      const r = t.refresh;
      if (!isRecord(r) || !Array.isArray(r.operations) || r.operations.length === 0 || !r.operations.every((o) => typeof o === "string" && o.trim() !== "")) {
        fail(`${at}/refresh`, "`refresh` needs `operations`: a list of selectors (\"METHOD /path\", a glob over it, \"tag:…\", \"group:…\", \"operationId:…\")", 'e.g. { "operations": ["group:pets", "PUT /pets/{id}"], "overlay": "spec/pets.overlay.yaml" }');
      }
      for (const key of ["overlay", "from"] as const) {
        const value = (r as Record<string, unknown>)[key];
        if (value !== undefined && (typeof value !== "string" || value === "")) fail(`${at}/refresh/${key}`, `\`refresh.${key}\` must be a file path`, key === "from" ? "the upstream OpenAPI document, relative to this config" : "an Overlay 1.0 file, relative to this config");
      }
      checkKeys(r as Record<string, unknown>, REFRESH_KEYS, `${at}/refresh`, fail);
    }
    const client = parseClientConfig(t, { at, fail, checkKeys });
    return {
      ...client,
      name,
      spec: t.spec as string,
      out: t.out as string,
      packageName: typeof t.packageName === "string" ? t.packageName : `@specforge/${name}`,
      pathVariants: variants as PathVariantConfig[],
      contextParams: context as string[],
      envelope: t.envelope as EnvelopeConfig | undefined,
      ...(t.refresh !== undefined ? { refresh: t.refresh as RefreshConfig } : {}),
      ...(t.lenient === true ? { lenient: true } : {}),
      ...(t.versioning === "manual" ? { versioning: "manual" as const } : {}),
      ...(t.credentialOptions !== undefined ? { credentialOptions: t.credentialOptions as Record<string, string> } : {}),
    };
  });
}

function checkKeys(object: Record<string, unknown>, allowed: readonly string[], at: string, fail: (pointer: string, problem: string, hint: string) => never): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const near = nearest(key, allowed);
    fail(`${at}/${key}`, `unknown config key '${key}'`, near ? `did you mean '${near}'?` : `allowed keys: ${allowed.join(", ")}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
