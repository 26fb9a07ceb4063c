// The contract suite's runner: every describe, it and expectation of the generated contract tests, driven by data.
// The generated files (contract/<group>.test.ts) hold what must be typed code: each example, held to its
// openapi-typescript type with `satisfies`, and the typed calls of each client method. specforge copies this file
// next to them (with contract-kit.ts); it is not part of the built package.
import { describe, expect, it } from "vitest";
import { errorClassForStatus } from "./contract-errors.js";
import { atPath, binaryBody, formBody, formContents, formOf, liveBaseURL, liveFetch, pagedResponses, sentForm, stubFetch, urlencodedOf, withFiles, type PageRuleData, type RecordedRequest, type ServedResponse } from "./contract-kit.js";

/** A security scheme as the auth test checks it: the client option that carries it, its header and how it is written. */
export interface SchemeCase {
  option: string;
  header: string;
  type: "bearer" | "basic" | "header";
}

/** What every operation of a package shares: how to make a client, its error classes, the schemas, the credentials. */
export interface ContractSetup<C, A extends object> {
  /** A client with these credentials that talks to `fetch` at `baseURL`, without retries. */
  connect: (auth: A | undefined, fetch: typeof globalThis.fetch, baseURL: string) => C;
  /** The schema checker (createSchemaChecker): media key and value → problems. */
  check: (key: string, value: unknown) => string[];
  /** The error classes the runtime throws, by name (errorClassForStatus). */
  errors: Readonly<Record<string, abstract new (...args: never[]) => unknown>>;
  /** One set of placeholder credentials per security alternative of the spec. */
  credentials: readonly A[];
  schemes: readonly SchemeCase[];
  /** The server's URL the spec names (CONTRACT_BASE_URL takes its place in live mode). */
  baseURL: string;
  /** The envelope's member that lists errors, when the spec has an envelope. */
  errorsKey?: string | undefined;
}

/** One response example. */
export interface ResponseCase {
  /** The status as the spec writes it: `200`, `4XX`, `default`. */
  status: string;
  /** The status a server answers with for it (400 for `4XX`), when it is not `status` itself. */
  code?: number;
  /** The example's name; absent for one built from the schema (or a response without content). */
  example?: string;
  /** Its media type, when it has content that is not application/json. */
  contentType?: string;
  /** The media key its schema is checked under, when not the operation's `<media>.<status>`; null: no schema to check. */
  key?: string | null;
  value?: unknown;
}

/** A documented request body example. */
export interface BodyExampleCase<C> {
  /** The example's name; absent for one built from the schema. */
  example?: string;
  value: unknown;
  /** The body written out in a call, as a caller would: type-checked, never run. */
  compiles?: (client: C) => unknown;
}

/** The operation's request body. */
export interface BodyCase<C> {
  /** Its media type: application/json unless told. */
  contentType?: string;
  /** How the runtime encodes it: JSON unless told. */
  encoding?: Encoding;
  /** The media key its schema is checked under, when not the operation's `<media>.body`; null: no schema to check. */
  key?: string | null;
  /** File fields a multipart body sends as Files, and whether a binary body is sent as bytes. */
  files?: readonly string[];
  examples: readonly BodyExampleCase<C>[];
  /** The example the calls that test something else send, by index; absent when they send none (GET, HEAD). */
  call?: number;
  /** The body those calls send when it is none of the examples (a documented one contradicts its schema). */
  callValue?: unknown;
}

/** A documented parameter example, checked against the parameter's schema. */
export interface ParameterCase {
  in: string;
  name: string;
  example: string;
  /** The media key its schema is checked under, when not the operation's `<media>.<in>.<name>`. */
  key?: string;
  value: unknown;
}

type Encoding = "json" | "multipart" | "urlencoded" | "binary" | "text";

// The typed call of the client method: the client, the body to send (as the runner passes it: raw, or as bytes or
// Files for an upload) and the positional id. `never` because each call's own types are checked where it is written.
type Call<C> = (client: C, body: never, id: never) => PromiseLike<unknown> | AsyncIterable<unknown>;

/** A path variant other than the first: the choice, the path it fills (or the values it fills `path` with), its call. */
export interface VariantCase<C> {
  choice: string;
  path?: string;
  fill?: readonly string[];
  call: Call<C>;
}

/** A positional id full of characters to percent-encode (PROBE unless told), and the parameter's name. */
export interface ProbeCase {
  name: string;
  value?: string;
}

/** The probe's value unless the parameter's length rules cut it (src/emit/contract/calls.ts encodingProbe). */
export const PROBE = "a b/c?d#e";

/** One operation: the data of its tests and its typed calls. */
export interface OperationCase<C> {
  /** Its full name, `zeroTrust.access.serviceTokens.update`. */
  name: string;
  method: string;
  /** The path template as the spec writes it. */
  path: string;
  /** The path filled with the examples the calls use, when it is neither `path` itself nor `path` filled with `fill`. */
  sends?: string;
  /** The values the calls put in the path's parameters, in order: `sends` is `path` with each `{name}` replaced by one. */
  fill?: readonly string[];
  /**
   * The number its media keys start with (`12` → `12.200`, `12.body`, `12.query.limit`): each response with content,
   * the body and each parameter example is checked against the schema under its key, unless it names another.
   */
  media?: number;
  /** The positional id the calls pass. */
  id?: string;
  /** Query parameters each request must carry, with their values. */
  query?: readonly (readonly [string, string])[];
  /** Optional query parameters the call does not pass, so none may be sent. */
  optional?: readonly string[];
  body?: BodyCase<C>;
  /** The envelope member the method resolves with. */
  unwrap?: string;
  /** How a 2xx body that is not JSON is read. */
  read?: "text" | "blob" | "formData";
  pagination?: PageRuleData;
  responses: readonly ResponseCase[];
  /** The success response: its index in `responses`, or its status when it has no example. */
  success?: number | { code: number };
  /** Indexes of the credential sets the operation accepts, when not all (empty: none). */
  auth?: readonly number[];
  /** The other path variants. */
  variants?: readonly VariantCase<C>[];
  probe?: ProbeCase;
  parameters?: readonly ParameterCase[];
  /** The documented parameter examples written out in a call: type-checked, never run. */
  documented?: (client: C) => unknown;
  call: Call<C>;
}

// A response case with its defaults filled in: the status a server answers with, the media type of content, and the
// media key (undefined: no schema to check).
interface ResolvedResponse extends Omit<ResponseCase, "key"> {
  code: number;
  key: string | undefined;
}

interface ResolvedBody<C> extends Omit<BodyCase<C>, "contentType" | "encoding" | "key"> {
  contentType: string;
  encoding: Encoding;
  key: string | undefined;
}

// An operation's data with every default filled in: what the tests below read.
interface ResolvedOperation<C> extends Omit<OperationCase<C>, "sends" | "body" | "responses" | "parameters" | "variants" | "probe"> {
  sends: string;
  variants: (VariantCase<C> & { path: string })[];
  probe?: Required<ProbeCase>;
  body?: ResolvedBody<C>;
  responses: ResolvedResponse[];
  parameters: (ParameterCase & { key: string })[];
}

const JSON_MEDIA_TYPE = "application/json";

// The data leaves out what most operations share: the media keys that follow from `media`, the path as sent when it
// is `path` filled in order (or has no parameters), a JSON body's media type, and the usual probe.
function resolveOperation<C>(op: OperationCase<C>): ResolvedOperation<C> {
  const keyed = (key: string | null | undefined, own: string): string | undefined => (key === null ? undefined : (key ?? (op.media === undefined ? undefined : `${op.media}.${own}`)));
  const responses = op.responses.map((response): ResolvedResponse => {
    const code = response.code ?? Number(response.status);
    const content = "value" in response;
    if (!content) return { ...response, code, key: undefined };
    return { ...response, code, contentType: response.contentType ?? JSON_MEDIA_TYPE, key: keyed(response.key, response.status) };
  });
  const parameters = (op.parameters ?? []).map((p) => ({ ...p, key: keyed(p.key, `${p.in}.${p.name}`) ?? "" }));
  const { body, ...rest } = op;
  const filled = (fill: readonly string[] | undefined): string => {
    let i = 0;
    return fill ? op.path.replace(/\{[^}]+\}/g, () => fill[i++] ?? "") : op.path;
  };
  const variants = (op.variants ?? []).map((variant) => ({ ...variant, path: variant.path ?? filled(variant.fill) }));
  const { probe: _, ...resolvable } = rest;
  const resolved: ResolvedOperation<C> = { ...resolvable, sends: op.sends ?? filled(op.fill), responses, parameters, variants };
  if (op.probe) resolved.probe = { name: op.probe.name, value: op.probe.value ?? PROBE };
  if (body) resolved.body = { ...body, contentType: body.contentType ?? JSON_MEDIA_TYPE, encoding: body.encoding ?? "json", key: keyed(body.key, "body") };
  return resolved;
}

// The parts of an operation's data that say how a body is sent and a result read, whatever its client type.
type BodyShape = Pick<ResolvedBody<unknown>, "contentType" | "encoding" | "files">;
type ResultShape = Pick<OperationCase<unknown>, "read" | "unwrap" | "pagination">;

const PAGES = 3;
const RESOLVES_AS = { text: "it as text", blob: "its bytes as a Blob", formData: "its parts as a FormData" } as const;

// The test every stage of specforge uses for JSON (src/model/media-types.ts isJsonMediaType).
const isJson = (contentType: string | undefined): boolean => contentType !== undefined && /json/.test(contentType);
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function describeExample(example: string | undefined): string {
  return example === undefined ? "a response built from the schema (the spec documents no example)" : `example "${example}"`;
}

// A filled path as a URL carries it: characters a path may not hold as they are (`<upload_url>`) percent-encoded.
function onTheWire(filled: string): string {
  return new URL(filled, "https://contract.test").pathname;
}

// Returns the function each generated group file calls once per operation: it declares that operation's tests.
export function contractSuite<C, A extends object>(setup: ContractSetup<C, A>): (operation: OperationCase<C>) => void {
  const baseURL = liveBaseURL ?? setup.baseURL;
  const expectedPath = (filled: string) => new URL(baseURL).pathname.replace(/\/$/, "") + filled;
  const expectFits = (key: string, value: unknown) => {
    const problems = setup.check(key, value);
    expect(problems, problems.join("\n")).toEqual([]);
  };
  // A client wired to a stub fetch that serves the example (or, with CONTRACT_BASE_URL, to that server).
  const connect = (served: ServedResponse, example: string | undefined, auth: A | undefined = setup.credentials[0]) => {
    const wire = liveBaseURL ? liveFetch({ code: served.status, example }) : stubFetch(served);
    return { client: setup.connect(auth, wire.fetch, baseURL), requests: wire.requests };
  };
  return (op) => describe(`${op.name} (${op.method} ${op.path})`, () => operationTests(resolveOperation(op), { setup, expectedPath, expectFits, connect }));
}

interface Tools<C, A extends object> {
  setup: ContractSetup<C, A>;
  expectedPath: (filled: string) => string;
  expectFits: (key: string, value: unknown) => void;
  connect: (served: ServedResponse, example: string | undefined, auth?: A) => { client: C; requests: RecordedRequest[] };
}

// The body a stub serves for a response's example: for a 2xx the method reads as bytes, those bytes; for one it reads
// as a form, a FormData; else the example.
function served(op: ResultShape, response: ResolvedResponse): ServedResponse {
  if (response.contentType === undefined) return { status: response.code };
  const read = response.code < 300 ? op.read : undefined;
  const body = read === "blob" ? binaryBody(response.value) : read === "formData" ? formBody(response.value) : response.value;
  return { status: response.code, body, contentType: response.contentType };
}

// A body as the calls pass it: bytes for a binary body, Files for a form's file fields, the example itself otherwise.
function upload(body: BodyShape, value: unknown): unknown {
  if (body.encoding === "binary") return binaryBody(value);
  if (body.encoding === "multipart" && body.files && isRecord(value)) return withFiles(value, body.files);
  return value;
}

function operationTests<C, A extends object>(op: ResolvedOperation<C>, tools: Tools<C, A>): void {
  const { setup, expectFits } = tools;
  const call = (client: C, body: unknown, id?: string) => op.call(client, body as never, (id ?? op.id) as never);
  const body = op.body;
  const sendsBody = body !== undefined && (body.call !== undefined || "callValue" in body);
  const callBody = body && sendsBody ? upload(body, body.call !== undefined ? body.examples[body.call]?.value : body.callValue) : undefined;
  const responses = op.responses;
  const successCase = typeof op.success === "number" ? responses[op.success] : undefined;
  // The success example, served to the calls that test something else.
  const serve = (auth?: A) => {
    const response = successCase ? served(op, successCase) : { status: typeof op.success === "object" ? op.success.code : 200 };
    return tools.connect(response, successCase?.example, auth);
  };
  const expectRequest = (requests: RecordedRequest[], bodySent: boolean) => {
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe(op.method);
    expect(requests[0]?.url.pathname).toBe(tools.expectedPath(onTheWire(op.sends)));
    // The query the path key itself carries (`/responses?beta=true`) goes with every request, and each required one.
    for (const [name, value] of op.query ?? []) expect(requests[0]?.url.searchParams.get(name)).toBe(value);
    // The call passes no optional query parameter, so none may be sent (a name like `toString` must not be inherited).
    if (op.optional) expect(op.optional.filter((name) => requests[0]?.url.searchParams.has(name))).toEqual([]);
    // The body on the wire is checked where it is JSON, which the request records as parsed.
    if (op.body?.key && bodySent && isJson(op.body.contentType)) expectFits(op.body.key, requests[0]?.body);
    // A GET or HEAD goes without a body; a DELETE documented with one sends none unless the caller gives one.
    if (!bodySent && op.body) expect(requests[0]?.body).toBeUndefined();
  };

  responses.forEach((response) => {
    const label = `${response.status} ${describeExample(response.example)}`;
    if (response.key !== undefined) {
      const key = response.key;
      it(`the ${label} matches the ${response.status} response schema`, () => expectFits(key, response.value));
    }
    // A 1xx never reaches a client (and no Response can be made with one): its schema check above is its test. A 3xx
    // that reaches the client (a redirect fetch did not follow) is an error, as any other non-2xx.
    if (response.code < 200) return;
    if (response.code < 300) {
      const what = response.contentType === undefined ? "nothing" : op.unwrap !== undefined ? `its ${op.unwrap}` : op.read ? RESOLVES_AS[op.read] : "it";
      it(`when the server answers with the ${label}, the client sends ${op.method} ${op.sends} and resolves with ${what}`, async () => {
        const { client, requests } = tools.connect(served(op, response), response.example);
        const result = await call(client, callBody);
        expectRequest(requests, sendsBody);
        if (response.example === undefined && liveBaseURL) return;
        await expectResult(op, response, result);
      });
      return;
    }
    const errorClass = errorClassForStatus(response.code);
    it(`when the server answers with the ${label}, the client throws ${errorClass} carrying its errors`, async () => {
      const { client, requests } = tools.connect(served(op, response), response.example);
      const failure = await Promise.resolve(call(client, callBody)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expectRequest(requests, sendsBody);
      expect(failure).toBeInstanceOf(setup.errors[errorClass] ?? setup.errors.APIError);
      expect(isRecord(failure) ? failure.status : undefined).toBe(response.code);
      const errors = setup.errorsKey;
      if (errors && response.contentType && isRecord(response.value) && Array.isArray(response.value[errors])) {
        // A live server answers with an example of its own for a status the spec documents none for: only the stub
        // serves the built one.
        if (response.example === undefined && liveBaseURL) return;
        expect(isRecord(failure) ? failure.errors : undefined).toEqual(response.value[errors]);
      }
    });
  });

  pagesTest(op, tools, successCase, callBody);

  body?.examples.forEach((example) => {
    const which = example.example === undefined ? "built from the schema" : `example "${example.example}"`;
    if (body.key !== undefined) {
      const key = body.key;
      it(`request body ${which} matches the request body schema`, () => expectFits(key, example.value));
    }
    if (example.compiles) {
      const compiles = example.compiles;
      it(`request body ${which} compiles as a call to ${op.name}`, () => expect(compiles).toBeTypeOf("function"));
    }
    // fetch cannot send a body with GET or HEAD: the model lists such an example as untested.
    if (!sendsBody) return;
    it(`request body ${which} is sent as ${body.encoding === "json" ? "JSON" : body.contentType} to ${op.method} ${op.sends}`, async () => {
      const { client, requests } = serve();
      const sent = upload(body, example.value);
      await call(client, sent);
      expectRequest(requests, true);
      if (body.encoding === "json") expect(requests[0]?.body).toEqual(example.value);
      else await expectEncoded(body, requests[0], sent);
    });
  });

  for (const parameter of op.parameters) {
    it(`the ${parameter.in} parameter ${parameter.name}'s example "${parameter.example}" matches its schema`, () => expectFits(parameter.key, parameter.value));
  }
  if (op.documented) {
    const documented = op.documented;
    it(`the documented parameter examples compile as a call to ${op.name}`, () => expect(documented).toBeTypeOf("function"));
  }

  // Each security alternative, and each path variant, reaches the server as the spec describes. Only the
  // operation's own alternatives: one that accepts just a key must not be tested with a token.
  if (op.success === undefined) return;
  const sets = op.auth ? op.auth.flatMap((i) => setup.credentials[i] ?? []) : setup.credentials;
  if (sets.length > 0) {
    it.each(sets.map((auth) => [Object.keys(auth).join(" + "), auth] as const))("authenticates with %s as the security scheme says", async (_, auth) => {
      const { client, requests } = serve(auth);
      await call(client, callBody);
      const headers = requests[0]?.headers;
      const given = new Map<string, unknown>(Object.entries(auth));
      for (const scheme of setup.schemes) {
        const value = given.get(scheme.option);
        if (value === undefined) continue;
        expect(headers?.get(scheme.header)).toBe(scheme.type === "bearer" ? `Bearer ${String(value)}` : scheme.type === "basic" ? `Basic ${btoa(String(value))}` : value);
      }
    });
  }
  for (const variant of op.variants) {
    it(`with ${variant.choice}, fills the path as ${variant.path}`, async () => {
      const { client, requests } = serve();
      await variant.call(client, callBody as never, op.id as never);
      expect(requests[0]?.url.pathname).toBe(tools.expectedPath(onTheWire(variant.path)));
    });
  }
  const probe = op.probe;
  if (probe) {
    it(`percent-encodes ${probe.name} in the path`, async () => {
      const { client, requests } = serve();
      // Only the request matters here; a live server may well answer 404 for this id.
      await Promise.resolve(call(client, callBody, probe.value)).catch(() => undefined);
      expect(requests[0]?.url.pathname).toContain(encodeURIComponent(probe.value));
    });
  }
}

// What a 2xx resolves with: the first page's items, nothing, a body that is not JSON, the envelope's member, or the example.
async function expectResult(op: ResultShape, response: ResolvedResponse, result: unknown): Promise<void> {
  const value = response.value;
  // A paginated method resolves the first page: its items are the example's.
  if (op.pagination && response.contentType) expect(atPath(result, ["items"])).toEqual(atPath(value, op.pagination.items) ?? []);
  else if (!response.contentType) expect(result).toBeUndefined();
  else if (op.read === "text") {
    // The stub serves a JSON response's example, and any example that is not a string, as its JSON text.
    expect(result).toBe(!isJson(response.contentType) && typeof value === "string" ? value : JSON.stringify(value));
  } else if (op.read) {
    const type = op.read === "blob" ? Blob : FormData;
    expect(result).toBeInstanceOf(type);
    // A live server sends bytes of its own; the stub's are known.
    if (liveBaseURL) return;
    if (result instanceof Blob) expect(new Uint8Array(await result.arrayBuffer())).toEqual(binaryBody(value));
    else if (result instanceof FormData) expect(await formContents(result)).toEqual(await formContents(formBody(value)));
  }
  // An example without the unwrapped member (a schema that does not require it) resolves to undefined.
  else if (op.unwrap !== undefined && isRecord(value) && !Object.hasOwn(value, op.unwrap)) expect(result).toBeUndefined();
  else if (op.unwrap !== undefined) expect(result).toEqual(isRecord(value) ? value[op.unwrap] : undefined);
  // A body of a media type that is not JSON (multipart/form-data, a pcap) is handed back as the text served; the
  // stub serves an example that is not a string as its JSON text.
  else if (!isJson(response.contentType) && typeof value !== "string") expect(result).toEqual(JSON.stringify(value));
  else expect(result).toEqual(value);
}

// What a body the runtime encodes must arrive as: the form's parts, the urlencoded pairs, the bytes, or the text,
// each with its content type.
async function expectEncoded(body: BodyShape, request: RecordedRequest | undefined, sent: unknown): Promise<void> {
  const type = request?.headers.get("content-type");
  const text = new TextDecoder().decode(request?.bytes);
  if (body.encoding === "multipart") {
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    expect(await sentForm(request)).toEqual(await formContents(formOf(isRecord(sent) ? sent : {})));
  } else if (body.encoding === "urlencoded") {
    expect(type).toBe("application/x-www-form-urlencoded");
    expect([...new URLSearchParams(text)]).toEqual(urlencodedOf(isRecord(sent) ? sent : {}));
  } else if (body.encoding === "binary") {
    expect(type).toBe(body.contentType.includes("*") ? "application/octet-stream" : body.contentType);
    expect(request?.bytes).toEqual(sent);
  } else {
    expect(type).toBe(body.contentType);
    expect(text).toBe(typeof sent === "string" ? sent : JSON.stringify(sent));
  }
}

// A paginated method, iterated with `for await` over pages built from its 2xx example: every item of every page
// arrives, and each later page is asked for as the pagination style says (page=2, a cursor, the Link's query). Only
// with the stub: a live mock answers every page with the same example.
function pagesTest<C, A extends object>(op: ResolvedOperation<C>, tools: Tools<C, A>, success: ResolvedResponse | undefined, callBody: unknown): void {
  const rule = op.pagination;
  const contentType = success?.contentType;
  if (!rule || !success || contentType === undefined) return;
  const list = atPath(success.value, rule.items);
  if (!Array.isArray(list) || list.length === 0) return;
  const ask = rule.type === "page" ? `${rule.param}=2` : rule.type === "cursor" ? `${rule.param} from the body` : "the Link's query";
  it.skipIf(liveBaseURL !== undefined)(`pages through ${PAGES} pages built from the ${success.status} ${describeExample(success.example)}, asking for each next one with ${ask}`, async () => {
    const pages = pagedResponses(success.value, { rule, pages: PAGES, status: success.code, contentType });
    const wire = stubFetch(pages.served);
    const client = tools.setup.connect(tools.setup.credentials[0], wire.fetch, liveBaseURL ?? tools.setup.baseURL);
    const requests = wire.requests;
    const items: unknown[] = [];
    const pager = op.call(client, callBody as never, op.id as never);
    expect(Symbol.asyncIterator in pager, `${op.name} does not page`).toBe(true);
    if (Symbol.asyncIterator in pager) for await (const item of pager) items.push(item);
    expect(items).toEqual(pages.items);
    expect(requests).toHaveLength(pages.served.length);
    for (const request of requests) expect(request.url.pathname).toBe(tools.expectedPath(op.sends));
    pages.next.forEach((query, i) => {
      for (const [name, value] of Object.entries(query)) expect(requests[i + 1]?.url.searchParams.get(name)).toBe(value);
    });
  });
}
