import { readFile } from "node:fs/promises";
import path from "node:path";
import { nearest, SpecforgeError } from "./errors.js";
import { jsonSyntaxError } from "./openapi/load.js";

// How a merged path such as /{accounts_or_zones}/{account_or_zone_id}/… maps to mutually exclusive params.
export interface PathVariantConfig {
  /** The path parameter that selects the variant, e.g. `accounts_or_zones`. */
  selector: string;
  /** The path parameter that carries the chosen variant's id, e.g. `account_or_zone_id`. */
  id: string;
  /** Public param name → selector value, e.g. `{ "account_id": "accounts", "zone_id": "zones" }`. */
  choices: Record<string, string>;
}

// Names of the envelope's properties when every response is wrapped, e.g. `{ result, success, errors, messages }`.
export interface EnvelopeConfig {
  result: string;
  success: string;
  errors: string;
  messages: string;
}

// How `specforge refresh` rebuilds the target's spec from an upstream document.
export interface RefreshConfig {
  /** "METHOD /path" of each operation to cut out of the upstream spec. */
  operations: string[];
  /** An Overlay 1.0 file with the hand-kept additions, applied after extraction. */
  overlay?: string | undefined;
}

export interface TargetConfig {
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
}

export const CONFIG_FILE = "specforge.config.json";
const TARGET_KEYS = ["spec", "out", "packageName", "pathVariants", "contextParams", "envelope", "refresh", "lenient", "versioning"] as const;
const TOP_KEYS = ["$schema", "targets"] as const;

// Reads specforge.config.json and checks every key, so a typo is an error instead of a silent default.
export async function loadConfig(file = CONFIG_FILE, cwd = process.cwd()): Promise<TargetConfig[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
  } catch {
    throw new SpecforgeError("config file not found", `create ${file}, or pass --spec FILE --out DIR`, { file });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(file, text, (error as Error).message);
  }
  return parseConfig(raw, file).map((target) => ({ ...target, configFile: file }));
}

// Validates a parsed config object; exported for tests.
export function parseConfig(raw: unknown, file = CONFIG_FILE): TargetConfig[] {
  const fail = (pointer: string, problem: string, hint: string): never => {
    throw new SpecforgeError(problem, hint, { file, pointer });
  };
  if (!isRecord(raw)) fail("#", "the config must be a JSON object", 'write { "targets": { "NAME": { "spec": …, "out": … } } }');
  const top = raw as Record<string, unknown>;
  checkKeys(top, TOP_KEYS, "#", fail);
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
    const variants = t.pathVariants ?? [];
    if (!Array.isArray(variants)) fail(`${at}/pathVariants`, "`pathVariants` must be a list", "see the README's config section");
    (variants as unknown[]).forEach((v, i) => {
      const ok = isRecord(v) && typeof v.selector === "string" && typeof v.id === "string" && isRecord(v.choices) && Object.keys(v.choices).length >= 2 && Object.values(v.choices).every((c) => typeof c === "string");
      if (!ok) fail(`${at}/pathVariants/${i}`, "a path variant needs `selector`, `id` and at least two string `choices`", 'e.g. { "selector": "accounts_or_zones", "id": "account_or_zone_id", "choices": { "account_id": "accounts", "zone_id": "zones" } }');
      checkKeys(v as Record<string, unknown>, ["selector", "id", "choices"], `${at}/pathVariants/${i}`, fail);
    });
    const context = t.contextParams ?? [];
    if (!Array.isArray(context) || !context.every((c) => typeof c === "string")) fail(`${at}/contextParams`, "`contextParams` must be a list of parameter names", 'e.g. ["account_id", "zone_id"]');
    if (t.envelope !== undefined) {
      const e = t.envelope;
      const keys = ["result", "success", "errors", "messages"] as const;
      if (!isRecord(e) || !keys.every((k) => typeof e[k] === "string")) fail(`${at}/envelope`, "`envelope` needs string `result`, `success`, `errors` and `messages`", "name the envelope's properties");
      checkKeys(e as Record<string, unknown>, keys, `${at}/envelope`, fail);
    }
    if (t.lenient !== undefined && typeof t.lenient !== "boolean") fail(`${at}/lenient`, "`lenient` must be true or false", "true repairs known upstream mistakes with a warning each");
    if (t.versioning !== undefined && t.versioning !== "auto" && t.versioning !== "manual") fail(`${at}/versioning`, '`versioning` must be "auto" or "manual"', '"manual" keeps the version you set in the generated package.json; "auto" (the default) bumps it by the change report');
    if (t.refresh !== undefined) {
      const r = t.refresh;
      if (!isRecord(r) || !Array.isArray(r.operations) || r.operations.length === 0 || !r.operations.every((o) => typeof o === "string") || (r.overlay !== undefined && typeof r.overlay !== "string")) {
        fail(`${at}/refresh`, "`refresh` needs `operations` (a list of \"METHOD /path\") and optionally `overlay` (a file)", 'e.g. { "operations": ["PUT /pets/{id}"], "overlay": "spec/pets.overlay.yaml" }');
      }
      checkKeys(r as Record<string, unknown>, ["operations", "overlay"], `${at}/refresh`, fail);
    }
    return {
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
