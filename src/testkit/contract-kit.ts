// Helpers for the generated contract tests: schema checks with OpenAPI semantics, and a fetch that records requests.
// specforge copies this file next to each generated contract.test.ts; it is not part of the built package.
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { normalizeSchemas } from "./contract-schemas.js";
import { undeclaredProperties, type Json, type JsonObject } from "./contract-undeclared.js";

/**
 * The schemas a contract test needs: each media type's schema under `media`, and every part of the document they
 * reach through local `$ref`s, at its own place (`components`, or a schema inside a response, a parameter or a path).
 */
export interface ContractSpec {
  openapi: string;
  media: Record<string, Json>;
  [section: string]: Json;
}

// ajv-formats is CommonJS; under ESM its function may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

// JSON Schema means a `pattern` in Unicode mode (ajv compiles it with the `u` flag), but specs often carry escapes
// such as `\-` or `\:` that only JavaScript's legacy mode accepts; such a pattern is read in that mode rather than
// failing the schema. specforge's runtime and example builder read patterns the same way.
const patternEngine = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch (error) {
      if (!flags.includes("u")) throw error;
      return new RegExp(pattern, flags.replace("u", ""));
    }
  },
  { code: "contractKitPattern" },
);

// Returns a checker: (media key, value) → problems, each led by the JSON pointer it concerns. Empty means valid.
export function createSchemaChecker(spec: ContractSpec): (key: string, value: unknown) => string[] {
  const is31 = spec.openapi.startsWith("3.1");
  // ownProperties: a property schema named `constructor` or `toString` must not validate the member every object inherits.
  const options = { strict: false, allErrors: true, validateSchema: false, discriminator: false, allowUnionTypes: true, ownProperties: true, code: { regExp: patternEngine } } as const;
  // OpenAPI 3.0 schemas are a draft-04/07 dialect (nullable, boolean exclusiveMinimum); 3.1 schemas are JSON Schema 2020-12.
  const ajv: Ajv = is31 ? (new Ajv2020(options) as unknown as Ajv) : new Ajv(options);
  addFormats(ajv);
  const { document, formats } = normalizeSchemas(spec);
  // OpenAPI lets a spec use formats of its own (`cidr`, `uuid4`…) as annotations. ajv would log "unknown format
  // ignored" for each one on every compile, which buries real output on a large API: accept them silently.
  for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
  ajv.addSchema(document as object, "spec");
  const compiled = new Map<string, ValidateFunction | string>();
  return (key, value) => {
    let validate = compiled.get(key);
    if (validate === undefined) {
      if (!Object.hasOwn(document.media, key)) throw new Error(`contract kit: no schema for media key ${key}`);
      // A schema ajv cannot compile is a problem of this check, reported as one, not an exception out of the test.
      try {
        validate = ajv.getSchema(`spec#/media/${key}`) ?? `no schema for media key ${key}`;
      } catch (error) {
        validate = `the schema cannot be compiled: ${(error as Error).message}`;
      }
      compiled.set(key, validate);
    }
    if (typeof validate === "string") return [`/: ${validate}`];
    const problems = validate(value) ? [] : (validate.errors ?? []).map(describeError);
    problems.push(...undeclaredProperties(document.media[key], value as Json, "", document as unknown as JsonObject));
    return problems;
  };
}

// A checker for the schemas in a JSON file (the generated suite's contract/schemas.json), read once.
export function loadSchemaChecker(file: URL): (key: string, value: unknown) => string[] {
  const spec: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isContractSpec(spec)) throw new Error(`contract kit: ${file.pathname} holds no schema map (an object with openapi and media)`);
  return createSchemaChecker(spec);
}

function isContractSpec(value: unknown): value is ContractSpec {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const { openapi, media } = value as Record<string, unknown>;
  return typeof openapi === "string" && media !== null && typeof media === "object" && !Array.isArray(media);
}

function describeError(error: ErrorObject): string {
  const params = error.keyword === "enum" ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}` : "";
  return `${error.instancePath || "/"}: ${error.message ?? error.keyword}${params}`;
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** The body's bytes as sent (empty without a body). */
  bytes: Uint8Array;
}

export interface ServedResponse {
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

// Every byte value once: a body that holds them is not valid UTF-8, so a client that decodes it as text changes it.
const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, i) => i);

// The bytes a binary response is served as: the example (a string as it is, anything else as its JSON text), then
// every byte value, so the test sees whether the client hands back the bytes it was sent.
export function binaryBody(example: unknown): Uint8Array<ArrayBuffer> {
  const text = new TextEncoder().encode(typeof example === "string" ? example : JSON.stringify(example));
  const bytes = new Uint8Array(text.length + EVERY_BYTE.length);
  bytes.set(text);
  bytes.set(EVERY_BYTE, text.length);
  return bytes;
}

// The form a multipart/form-data response is served as: each property of an object example as a field (a string as
// it is, anything else as its JSON text; another example as one field named `example`), and one file part that
// holds every byte value, so the test sees whether files keep their bytes.
export function formBody(example: unknown): FormData {
  const form = new FormData();
  const fields = example !== null && typeof example === "object" && !Array.isArray(example) ? Object.entries(example) : [["example", example] as const];
  for (const [name, value] of fields) form.append(name, typeof value === "string" ? value : JSON.stringify(value));
  form.append("contract-kit.bin", new Blob([EVERY_BYTE], { type: "application/octet-stream" }), "contract-kit.bin");
  return form;
}

// A form's entries as plain data to compare: a file becomes its name, type and bytes.
export async function formContents(form: FormData): Promise<[string, unknown][]> {
  const out: [string, unknown][] = [];
  for (const [name, value] of form) {
    out.push([name, typeof value === "string" ? value : { file: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) }]);
  }
  return out;
}

// A fetch that records each request and answers with the documented example; no network. Given a list, it answers
// the first request with the first, and so on (the last again once they run out).
export function stubFetch(sequence: ServedResponse | readonly ServedResponse[]): { fetch: typeof globalThis.fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const list = Array.isArray(sequence) ? sequence : [sequence as ServedResponse];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(await record(request));
    const served = list[Math.min(requests.length, list.length) - 1] as ServedResponse;
    const extra = served.headers ?? {};
    // A form brings its own content-type, which names the multipart boundary.
    if (served.body instanceof FormData) return new Response(served.body, { status: served.status, headers: extra });
    // A copy: its type is a Uint8Array over a plain ArrayBuffer, which the DOM lib's BodyInit asks for.
    if (served.body instanceof Uint8Array) return new Response(served.body.slice(), { status: served.status, headers: { "content-type": served.contentType ?? "application/octet-stream", ...extra } });
    const text = served.body === undefined ? null : typeof served.body === "string" && !/json/.test(served.contentType ?? "json") ? served.body : JSON.stringify(served.body);
    return new Response(text, { status: served.status, headers: text === null ? extra : { "content-type": served.contentType ?? "application/json", ...extra } });
  };
  return { fetch, requests };
}

// In live mode (CONTRACT_BASE_URL set) requests go to a real server; each one asks a Prism-style mock for a given example.
export function liveFetch(prefer: { code: number; example?: string | undefined }): { fetch: typeof globalThis.fetch; requests: RecordedRequest[]; responses: { status: number; body: unknown }[] } {
  const requests: RecordedRequest[] = [];
  const responses: { status: number; body: unknown }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    request.headers.set("Prefer", `code=${prefer.code}${prefer.example ? `, example=${prefer.example}` : ""}`);
    requests.push(await record(request.clone()));
    const response = await globalThis.fetch(request);
    // Handed on as bytes: a binary body must reach the client as the server sent it, not through a text decode.
    const bytes = await response.arrayBuffer();
    responses.push({ status: response.status, body: parseMaybeJson(new TextDecoder().decode(bytes)) });
    return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch, requests, responses };
}

export const liveBaseURL: string | undefined = process.env.CONTRACT_BASE_URL || undefined;

async function record(request: Request): Promise<RecordedRequest> {
  const bytes = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : new Uint8Array();
  const text = new TextDecoder().decode(bytes);
  return { method: request.method, url: new URL(request.url), headers: request.headers, body: text === "" ? undefined : parseMaybeJson(text), bytes };
}

/**
 * The type of a response's content: `Reply<Op, 200>` is `Op["responses"][200]["content"]["application/json"]`, what
 * the contract tests hold each response example to with `satisfies`, written once here rather than in full at each of
 * thousands of examples. A status the operation lacks is a compile error, as the indexed type would be; content it
 * lacks, or a media type, makes the type `never`, which no example satisfies.
 */
export type Reply<Op extends { responses: object }, Status extends keyof Op["responses"], Media extends string = "application/json"> = Op["responses"][Status] extends { content: { [M in Media]: infer Body } } ? Body : never;

/**
 * The type of a request body: `RequestBody<Op>` is `NonNullable<Op["requestBody"]>["content"]["application/json"]`
 * (`never` where the operation has no such body, which no example satisfies).
 */
export type RequestBody<Op extends { requestBody?: unknown }, Media extends string = "application/json"> = NonNullable<Op["requestBody"]> extends { content: { [M in Media]: infer Body } } ? Body : never;

/** A multipart body type with its file fields (`K`) holding Files, as the contract tests send them. */
export type WithFiles<T, K extends string> = { [P in keyof T]: P extends K ? (NonNullable<T[P]> extends readonly unknown[] ? File[] : File) | Extract<T[P], null> : T[P] };

// A multipart example with each file field's value (a string, as the spec types binary data) made a File of its bytes
// (binaryBody), so that the test sees whether files arrive byte for byte. A file field the example leaves out (an
// optional file beside a URL to fetch it from) stays out.
export function withFiles<T extends object, K extends string>(example: T, fields: readonly K[]): WithFiles<T, K> {
  const out: Record<string, unknown> = { ...(example as Record<string, unknown>) };
  const file = (value: unknown, name: string) => new File([binaryBody(value) as Uint8Array<ArrayBuffer>], `${name}.bin`, { type: "application/octet-stream" });
  for (const field of fields) {
    const value = (example as Record<string, unknown>)[field as string];
    if (value === undefined || value === null) continue;
    out[field as string] = Array.isArray(value) ? value.map((item) => file(item, field as string)) : file(value, field as string);
  }
  return out as WithFiles<T, K>;
}

// The fields of a form body as OpenAPI encodes them by default: a list as one part per item, an object as its JSON
// text, other values as their text, a File as itself; undefined and null left out.
function formFields(fields: object): [string, string | File][] {
  return Object.entries(fields)
    .flatMap(([name, value]): [string, unknown][] => (Array.isArray(value) ? value.map((item) => [name, item]) : [[name, value]]))
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => [name, value instanceof File ? value : typeof value === "object" ? JSON.stringify(value) : String(value)]);
}

// The form a multipart body must arrive as, built from what the test sent.
export function formOf(fields: object): FormData {
  const form = new FormData();
  for (const [name, value] of formFields(fields)) form.append(name, value);
  return form;
}

// The pairs an urlencoded body must arrive as.
export function urlencodedOf(fields: object): [string, string][] {
  return formFields(fields).map(([name, value]) => [name, String(value)]);
}

// The parts of a multipart request as sent, to compare with formContents(formOf(...)).
export async function sentForm(request: RecordedRequest | undefined): Promise<[string, unknown][]> {
  if (!request) return [];
  const parsed = await new Response(request.bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  return formContents(parsed);
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// The value at a property path of a JSON value ([] is the value itself); undefined where the path leads nowhere.
export function atPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

/** How an operation pages, as the generated client's runtime reads it (src/runtime/pagination.ts PageRule). */
export interface PageRuleData {
  type: "page" | "cursor" | "link";
  items: readonly string[];
  info?: readonly string[];
  param?: string;
  sizeParam?: string;
  page?: readonly string[];
  perPage?: readonly string[];
  totalPages?: readonly string[];
  totalCount?: readonly string[];
  next?: readonly string[];
  hasMore?: readonly string[];
}

export interface PagedResponses {
  /** The responses to serve, in order. */
  served: ServedResponse[];
  /** Every item of every page, in order: what iterating the method must yield. */
  items: unknown[];
  /** For each request after the first, the query parameters that must ask for that page. */
  next: Record<string, string>[];
}

const setAt = (value: unknown, path: readonly string[] | undefined, to: unknown): void => {
  if (!path || path.length === 0) return;
  let current = value as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (current[key] === null || typeof current[key] !== "object") current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[path[path.length - 1] as string] = to;
};

// `pages` responses made from a 2xx example, each with the example's items, that say where the next page is as the
// rule reads it: the page number and totals, a cursor, or a Link header; the last says there is none. A page style
// whose body gives no total ends with one more, empty, page (as the client stops at an empty page).
export function pagedResponses(example: unknown, { rule, pages, status = 200, contentType = "application/json" }: { rule: PageRuleData; pages: number; status?: number; contentType?: string }): PagedResponses {
  const items = atPath(example, rule.items);
  if (!Array.isArray(items) || items.length === 0) throw new Error("contract kit: the example has no items to page through");
  const out: PagedResponses = { served: [], items: [], next: [] };
  const ends = rule.type !== "page" || rule.totalPages !== undefined || (rule.totalCount !== undefined && rule.perPage !== undefined);
  for (let i = 1; i <= pages + (ends ? 0 : 1); i++) {
    const body = rule.items.length === 0 ? [] : structuredClone(example);
    const own = i <= pages ? structuredClone(items) : [];
    if (rule.items.length === 0) (body as unknown[]).push(...own);
    else setAt(body, rule.items, own);
    out.items.push(...own);
    const last = i === pages + (ends ? 0 : 1);
    const headers: Record<string, string> = {};
    if (rule.type === "page") {
      setAt(body, rule.page, i);
      setAt(body, rule.perPage, items.length);
      setAt(body, rule.totalPages, pages);
      setAt(body, rule.totalCount, items.length * pages);
    } else if (rule.type === "cursor") {
      setAt(body, rule.next, last ? "" : `cursor-${i}`);
      setAt(body, rule.hasMore, !last);
    } else if (!last) {
      if (rule.next) setAt(body, rule.next, `https://contract.test/next?page=${i + 1}`);
      else headers.link = `<https://contract.test/next?page=${i + 1}>; rel="next"`;
    }
    if (!last) out.next.push(rule.type === "cursor" ? { [rule.param as string]: `cursor-${i}` } : { [rule.type === "page" ? (rule.param as string) : "page"]: String(i + 1) });
    out.served.push({ status, body, contentType, headers });
  }
  return out;
}
