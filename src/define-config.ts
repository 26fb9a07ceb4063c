// The shape of a specforge config, and `defineConfig`, which types a specforge.config.ts. The package's entry point:
// `import { defineConfig } from "specforge"` loads this file and nothing else.

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
  /**
   * Which operations to cut out of the upstream spec, each a selector (src/upstream/select.ts): "METHOD /path", a glob
   * over it ("* /things/**"), "tag:NAME", "group:NAME" (x-fern-sdk-group-name), "operationId:ID" or "x-KEY:VALUE".
   */
  operations: string[];
  /** An Overlay 1.0 file with the hand-kept additions, applied after extraction. */
  overlay?: string | undefined;
  /** The upstream document refresh reads when given no --from; with it, `generate --watch` re-applies an edited overlay. */
  from?: string | undefined;
}

// One target as written in a config file; paths are relative to the config file's folder.
export interface TargetSettings {
  spec: string;
  out: string;
  packageName?: string | undefined;
  pathVariants?: PathVariantConfig[] | undefined;
  contextParams?: string[] | undefined;
  envelope?: EnvelopeConfig | undefined;
  refresh?: RefreshConfig | undefined;
  lenient?: boolean | undefined;
  /** "manual" keeps the version set in the generated package.json; "auto" (the default) bumps it by the change report. */
  versioning?: "auto" | "manual" | undefined;
  /** Security scheme id → the client option for its credential (default: the id camel-cased, `bearer_auth` → `bearerAuth`). */
  credentialOptions?: Record<string, string> | undefined;
}

// A whole config file: specforge.config.json, or the default export of specforge.config.ts.
export interface SpecforgeConfig {
  /** The JSON Schema, for editors (specforge.config.schema.json). */
  $schema?: string | undefined;
  targets: Record<string, TargetSettings>;
}

// Gives a specforge.config.ts its types: `export default defineConfig({ targets: { … } })`. Returns its argument.
export function defineConfig(config: SpecforgeConfig): SpecforgeConfig {
  return config;
}
