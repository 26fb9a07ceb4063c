// The config keys that shape the client's runtime behaviour rather than its methods: where options come from in the
// environment, which header is the request id, the User-Agent, and how list operations page. Checked here, key by
// key, so that src/config.ts only hands each target over. The keys' types are in define-config.ts, with the rest of the
// config's.
import type { ClientConfig, PaginationStyleConfig } from "./define-config.js";

export type { ClientConfig, PaginationStyleConfig } from "./define-config.js";

export const CLIENT_CONFIG_KEYS = ["env", "requestIdHeader", "userAgent", "pagination"] as const;

type Fail = (pointer: string, problem: string, hint: string) => never;
type CheckKeys = (object: Record<string, unknown>, allowed: readonly string[], at: string, fail: Fail) => void;

const STYLE_KEYS: Record<PaginationStyleConfig["type"], readonly string[]> = {
  page: ["pageParam", "sizeParam", "page", "perPage", "totalPages", "totalCount"],
  cursor: ["cursorParam", "nextCursor", "hasMore"],
  link: ["nextLink"],
};
const REQUIRED: Record<PaginationStyleConfig["type"], readonly string[]> = { page: ["pageParam"], cursor: ["cursorParam", "nextCursor"], link: [] };
const COMMON_KEYS = ["name", "type", "items", "info", "operations"];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

// Checks a target's client keys (`at` is its JSON pointer) and returns them; absent keys stay absent.
export function parseClientConfig(t: Record<string, unknown>, { at, fail, checkKeys }: { at: string; fail: Fail; checkKeys: CheckKeys }): ClientConfig {
  const out: ClientConfig = {};
  if (t.env !== undefined) {
    const env = t.env;
    if (!isRecord(env)) fail(`${at}/env`, "`env` must map client options to environment variable names", 'e.g. { "apiToken": "EXAMPLE_API_TOKEN", "baseURL": "EXAMPLE_BASE_URL", "logLevel": "EXAMPLE_LOG" }');
    for (const [option, name] of Object.entries(env as Record<string, unknown>)) {
      if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`${at}/env/${option}`, `the variable for \`${option}\` must be an environment variable name`, "letters, digits and _, not starting with a digit");
    }
    out.env = env as Record<string, string>;
  }
  for (const key of ["requestIdHeader", "userAgent"] as const) {
    const value = t[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || !value.trim() || /[\0\r\n]/.test(value)) fail(`${at}/${key}`, `\`${key}\` must be a non-empty string on one line`, key === "requestIdHeader" ? 'a response header name, e.g. "x-request-id"' : 'e.g. "my-client/1.2.3"');
    out[key] = value as string;
  }
  if (out.requestIdHeader !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(out.requestIdHeader)) fail(`${at}/requestIdHeader`, "`requestIdHeader` is not a header name", 'e.g. "x-request-id"');
  if (t.pagination !== undefined) {
    if (!Array.isArray(t.pagination)) fail(`${at}/pagination`, "`pagination` must be a list of pagination styles", 'e.g. [{ "name": "page", "type": "page", "pageParam": "page", "items": "data" }]');
    const names = new Set<string>();
    out.pagination = (t.pagination as unknown[]).map((raw, i) => {
      const where = `${at}/pagination/${i}`;
      if (!isRecord(raw)) return fail(where, "a pagination style must be an object", 'give it "name", "type" and "items"');
      const type = raw.type;
      if (type !== "page" && type !== "cursor" && type !== "link") return fail(`${where}/type`, '`type` must be "page", "cursor" or "link"', '"page": a page number parameter; "cursor": a cursor from the body; "link": the next URL');
      checkKeys(raw, [...COMMON_KEYS, ...STYLE_KEYS[type]], where, fail);
      if (typeof raw.name !== "string" || !raw.name || names.has(raw.name)) fail(`${where}/name`, "each pagination style needs a name of its own", "operations name it in x-pagination, and errors quote it");
      names.add(raw.name as string);
      for (const k of [...REQUIRED[type], "items"]) if (raw[k] === undefined) fail(where, `a "${type}" pagination style needs \`${k}\``, `see the README's "Pagination" section`);
      for (const k of [...COMMON_KEYS, ...STYLE_KEYS[type]].filter((k) => k !== "operations" && k !== "type")) {
        if (raw[k] !== undefined && typeof raw[k] !== "string") fail(`${where}/${k}`, `\`${k}\` must be a string`, k.endsWith("Param") ? "a query parameter name" : 'a dotted path into the body, e.g. "result_info.page"');
      }
      const ops = raw.operations;
      if (ops !== undefined && (!Array.isArray(ops) || !ops.every((o) => typeof o === "string" && /^[A-Za-z]+ \//.test(o)))) fail(`${where}/operations`, "`operations` must list \"METHOD /path\" strings", 'e.g. ["GET /accounts/{account_id}/tokens"]');
      return raw as unknown as PaginationStyleConfig;
    });
  }
  return out;
}
