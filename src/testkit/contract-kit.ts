// Helpers for the generated contract tests: schema checks with OpenAPI semantics, and a fetch that records requests.
// specforge copies this file next to each generated contract.test.ts; it is not part of the built package.
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
}

export interface ServedResponse {
  status: number;
  body?: unknown;
  contentType?: string;
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

// A fetch that records each request and answers with the documented example; no network.
export function stubFetch(served: ServedResponse): { fetch: typeof globalThis.fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(await record(request));
    // A form brings its own content-type, which names the multipart boundary.
    if (served.body instanceof FormData) return new Response(served.body, { status: served.status });
    // A copy: its type is a Uint8Array over a plain ArrayBuffer, which the DOM lib's BodyInit asks for.
    if (served.body instanceof Uint8Array) return new Response(served.body.slice(), { status: served.status, headers: { "content-type": served.contentType ?? "application/octet-stream" } });
    const text = served.body === undefined ? null : typeof served.body === "string" && !/json/.test(served.contentType ?? "json") ? served.body : JSON.stringify(served.body);
    return new Response(text, { status: served.status, headers: text === null ? {} : { "content-type": served.contentType ?? "application/json" } });
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
  const text = request.body ? await request.clone().text() : "";
  return { method: request.method, url: new URL(request.url), headers: request.headers, body: text === "" ? undefined : parseMaybeJson(text) };
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
