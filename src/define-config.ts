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

/**
 * How list operations page (README, "Pagination"), matched to each operation by its shape: a style applies to an
 * operation whose query parameters include the style's request parameter and whose 2xx JSON body has an array at
 * `items` (and, for "cursor", a value at `nextCursor`). Paths into the body are dotted property names
 * (`result_info.total_pages`); "" is the body itself.
 */
export interface PaginationStyleConfig {
  name: string;
  type: "page" | "cursor" | "link";
  items: string;
  /** The page info the client shows as `page.info`, e.g. `result_info`. */
  info?: string | undefined;
  /** "page": the query parameters of the page number and size. */
  pageParam?: string | undefined;
  sizeParam?: string | undefined;
  /** "page": where the body says the current page, the page size, and the totals. */
  page?: string | undefined;
  perPage?: string | undefined;
  totalPages?: string | undefined;
  totalCount?: string | undefined;
  /** "cursor": the query parameter the next cursor goes in, where the body has it, and an optional "more" flag. */
  cursorParam?: string | undefined;
  nextCursor?: string | undefined;
  hasMore?: string | undefined;
  /** "link": where the body has the next page's URL; without it, the `Link` response header's rel="next". */
  nextLink?: string | undefined;
  /** Only these operations ("METHOD /path"), instead of every one of the right shape. */
  operations?: string[] | undefined;
}

// The keys that shape the client's runtime behaviour (src/client-config.ts checks them).
export interface ClientConfig {
  /** Environment variables that stand in for client options left undefined: option name → variable name. */
  env?: Record<string, string> | undefined;
  /** The response header that carries the API's request id, e.g. `cf-ray`. */
  requestIdHeader?: string | undefined;
  /** The User-Agent every request is sent with (default: `<packageName>/<version>`). */
  userAgent?: string | undefined;
  pagination?: PaginationStyleConfig[] | undefined;
}

// One target as written in a config file; paths are relative to the config file's folder.
export interface TargetSettings extends ClientConfig {
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
