// Property: whatever a server answers (status, headers, body), update() resolves with the envelope's `result` only for
// a 2xx JSON object that does not say `success: false`, and otherwise rejects with an APIError of the right class and
// status. Some answers echo the request's headers, credentials included: no error text may repeat them.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../generated/cloudflare-access/index.js";
import {
  captureConsole,
  credentialArb,
  EMAIL,
  QUOTED_KEY,
  type Credential,
  describeError,
  errorTexts,
  leakIn,
  params,
  recordingFetch,
  settle,
  type SeenRequest,
} from "./support.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

// How a body repeats the request's headers (credentials included).
type Echo = "none" | "json" | "lines" | "json-in-json";
const echoArb = fc.constantFrom<Echo>("none", "json", "lines", "json-in-json");
const renderEcho = (echo: Echo, headers: Record<string, string>): string =>
  echo === "none"
    ? ""
    : echo === "json"
      ? JSON.stringify(headers)
      : echo === "lines"
        ? Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\n")
        : JSON.stringify(JSON.stringify(headers));

type Body =
  | { kind: "success"; result: Json; success: Json | undefined; extra: Json } // an envelope, success true or odd
  | { kind: "failure"; message: string; echo: Echo; errors: "list" | "empty" | "not-array" | "bad-item"; result: Json }
  | { kind: "json"; value: Json }
  | { kind: "text"; text: string; echo: Echo }
  | { kind: "html"; title: string; echo: Echo; withTitle: boolean }
  | { kind: "empty"; text: string }
  | { kind: "truncated"; of: Body; cut: number };

const envelopeBody: fc.Arbitrary<Body> = fc.oneof(
  fc.record({
    kind: fc.constant("success" as const),
    result: json,
    success: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constantFrom<Json | undefined>(undefined, "false", 0, null, "true")),
    extra: json,
  }),
  fc.record({
    kind: fc.constant("failure" as const),
    message: fc.oneof(fc.constantFrom("Invalid access token", "", "No route for the URI"), fc.string({ maxLength: 60 })),
    echo: echoArb,
    errors: fc.constantFrom("list" as const, "list" as const, "empty" as const, "not-array" as const, "bad-item" as const),
    result: fc.constantFrom<Json>(null, {}, "x"),
  }),
);

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { arbitrary: envelopeBody, weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("json" as const), value: json }), weight: 2 },
  fc.record({ kind: fc.constant("text" as const), text: fc.string({ maxLength: 300 }), echo: echoArb }),
  fc.record({ kind: fc.constant("html" as const), title: fc.string({ maxLength: 80 }), echo: echoArb, withTitle: fc.boolean() }),
  fc.record({ kind: fc.constant("empty" as const), text: fc.constantFrom("", " ", "\n", "\r\n\t ") }),
  fc.record({ kind: fc.constant("truncated" as const), of: envelopeBody, cut: fc.nat() }),
);

function renderBody(b: Body, headers: Record<string, string>): string {
  switch (b.kind) {
    case "success": {
      const env: Record<string, Json> = { errors: [], messages: [], result: b.result, extra: b.extra };
      if (b.success !== undefined) env.success = b.success;
      return JSON.stringify(env);
    }
    case "failure": {
      const message = `${b.message}${renderEcho(b.echo, headers)}`;
      const item = { code: 10000, message, documentation_url: renderEcho(b.echo, headers), source: { pointer: "/x" } };
      const errors: Json =
        b.errors === "list" ? [item] : b.errors === "empty" ? [] : b.errors === "not-array" ? message : [{ code: "x", message: 42 }];
      return JSON.stringify({ success: false, errors, messages: [{ code: 1, message: renderEcho(b.echo, headers) }], result: b.result });
    }
    case "json":
      return JSON.stringify(b.value);
    case "text":
      return `${b.text}${renderEcho(b.echo, headers)}`;
    case "html":
      return `<!DOCTYPE html><html><head>${b.withTitle ? `<title>${b.title}</title>` : ""}</head><body><h1>${b.title}</h1><pre>${renderEcho(b.echo, headers)}</pre></body></html>`;
    case "empty":
      return b.text;
    case "truncated": {
      const full = renderBody(b.of, headers);
      return full.slice(0, 1 + (b.cut % Math.max(1, full.length - 1)));
    }
  }
}

// Header names the runtime or a proxy cares about, plus random ones. Content-Length and Transfer-Encoding are left to
// the stub (a lying Content-Length is something only a stub can produce; see `length` below).
const headerName = fc.oneof(
  fc.constantFrom("retry-after", "retry-after-ms", "content-type", "x-request-id", "cf-ray", "set-cookie", "www-authenticate", "x-echo-authorization", "x-echo-auth-key"),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => n !== "content-length" && n !== "transfer-encoding"),
);
const headerValue = fc.oneof(
  fc.constantFrom("", "0", "-1", "1e309", "NaN", "Infinity", "-Infinity", "abc", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 1 ", "0x10", "1.5", "99999999999999999999", "application/json", "text/html; charset=utf-8"),
  fc.string({ unit: "binary-ascii", maxLength: 40 }).filter((v) => !/[\0\r\n]/.test(v)),
);

interface Http {
  kind: "http";
  status: number;
  headers: [string, string][];
  body: Body;
  // Add a truthful Content-Length, as a real server (and so undici) would.
  length: boolean;
}
interface Network {
  kind: "network";
  echo: Echo;
  shape: "type-error-with-cause" | "plain" | "string" | "object";
}
type Served = Http | Network;

const statusArb = fc.oneof(
  fc.constantFrom(200, 201, 202, 203, 204, 205, 206, 299, 300, 301, 304, 400, 401, 403, 404, 408, 409, 422, 429, 499, 500, 502, 503, 504, 599),
  fc.integer({ min: 200, max: 599 }), // what `new Response` accepts: 1xx throws RangeError
);

const httpArb: fc.Arbitrary<Http> = fc.record({
  kind: fc.constant("http" as const),
  status: statusArb,
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }),
  body: bodyArb,
  length: fc.boolean(),
});
const networkArb: fc.Arbitrary<Network> = fc.record({
  kind: fc.constant("network" as const),
  echo: echoArb,
  shape: fc.constantFrom("type-error-with-cause" as const, "plain" as const, "string" as const, "object" as const),
});

// 204, 205 and 304 cannot have a body (new Response throws on one).
const NULL_BODY = new Set([204, 205, 304]);

interface Answer {
  served: Served;
  text: string | null; // the body text actually served (null: no body, or a network error)
}

// Builds the answer to one request; echoes use that request's headers.
function answer(s: Served, req: SeenRequest, log: Answer[]): Response {
  if (s.kind === "network") {
    const echo = `request headers were ${renderEcho(s.echo === "none" ? "lines" : s.echo, req.headers)}`;
    log.push({ served: s, text: null });
    if (s.shape === "string") throw echo;
    if (s.shape === "object") throw { message: echo, headers: req.headers };
    throw s.shape === "plain" ? new Error(echo) : new TypeError("fetch failed", { cause: new Error(`connect ECONNREFUSED (${echo})`) });
  }
  const text = NULL_BODY.has(s.status) ? null : renderBody(s.body, req.headers);
  const headers = new Headers();
  for (const [k, v] of s.headers) {
    if (k === "x-echo-authorization") headers.append(k, req.headers.authorization ?? v);
    else if (k === "x-echo-auth-key") headers.append(k, req.headers["x-auth-key"] ?? v);
    else headers.append(k, v);
  }
  if (s.length && text !== null) headers.set("content-length", String(Buffer.byteLength(text)));
  log.push({ served: s, text });
  return new Response(text, { status: s.status, headers });
}

const retryable = (status: number): boolean => status === 408 || status === 409 || status === 429 || status >= 500;

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
  409: ConflictError, 422: UnprocessableEntityError, 429: RateLimitError,
};

// Two kinds of 2xx answer where the client resolves with something that is not an envelope's result; each has its own
// (failing) property below, and the main properties only require "resolves, or rejects with an APIError" for them.
type Contested = "no-body-2xx" | "non-object-2xx";
type Expected =
  | { resolves: true; value: unknown }
  | { resolves: false; cls: typeof APIError; status: number | undefined; contested?: Contested };

// The oracle, from the README: resolve with `result` only for 2xx + a JSON object without `success: false`.
function expected(a: Answer): Expected {
  if (a.served.kind === "network") return { resolves: false, cls: APIConnectionError, status: undefined };
  const { status } = a.served;
  if (status >= 200 && status < 300) {
    if (a.text === null || !a.text.trim()) return { resolves: false, cls: APIError, status, contested: "no-body-2xx" };
    let parsed: unknown;
    try {
      parsed = JSON.parse(a.text);
    } catch {
      return { resolves: false, cls: APIError, status };
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { resolves: false, cls: APIError, status, contested: "non-object-2xx" };
    const obj = parsed as Record<string, unknown>;
    if (obj.success !== false) return { resolves: true, value: obj.result };
    return { resolves: false, cls: APIError, status };
  }
  return { resolves: false, cls: BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError), status };
}

// Runs one call against `servedList` (answer n for request n, the last one repeating) and checks it against the oracle.
// `strict` names the contested kind to hold to the oracle too; the others only need "resolves, or rejects with an APIError".
async function check(
  servedList: readonly Served[],
  credential: Credential,
  maxRetries: number,
  strict?: Contested,
): Promise<Contested | undefined> {
  const log: Answer[] = [];
  const stub = recordingFetch((req, n) => answer(servedList[Math.min(n, servedList.length - 1)] as Served, req, log));
  const client = createClient({ ...credential, fetch: stub.fetch, maxRetries });
  const outcome = await settle(client.zeroTrust.access.serviceTokens.update("f174e90a-fafe-4643-bbbc-4a0ed4fc8415", { account_id: "023e105f4ecef8ad9ca31a8372d0c353", name: "n" }));

  // Only a retryable HTTP status (or a connection error) is tried again, and at most maxRetries times.
  const first = servedList[0] as Served;
  const tries = maxRetries > 0 && (first.kind === "network" || retryable(first.status)) ? 2 : 1;
  expect(stub.seen).toHaveLength(tries);
  const want = expected(log[log.length - 1] as Answer);
  const got = outcome.ok ? `resolved ${JSON.stringify(outcome.value)}` : `rejected ${describeError(outcome.error)}`;
  if (!outcome.ok) {
    expect(outcome.error, got).toBeInstanceOf(APIError);
    expect(leakIn(errorTexts(outcome.error)), "a credential leaked into the error").toBeUndefined();
  }
  if (!want.resolves && want.contested && want.contested !== strict) return want.contested;
  if (want.resolves) {
    expect(outcome.ok, got).toBe(true);
    if (outcome.ok) expect(outcome.value).toEqual(want.value);
  } else {
    expect(outcome.ok, got).toBe(false);
    if (!outcome.ok) {
      expect((outcome.error as Error).constructor, got).toBe(want.cls);
      expect((outcome.error as APIError).status, got).toBe(want.status);
    }
  }
  return want.resolves ? undefined : want.contested;
}

let console_: ReturnType<typeof captureConsole>;
beforeEach(() => {
  console_ = captureConsole();
});
afterEach(() => {
  console_.restore();
  expect(leakIn(console_.written), "a credential was written to the console").toBeUndefined();
});

describe("responses (property)", () => {
  it("maxRetries 0: resolves with result only for a 2xx JSON object without success:false, else rejects with the right APIError; no credential in any error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: httpArb, weight: 9 }, networkArb), credentialArb, async (served, credential) => {
        await check([served], credential, 0);
      }),
      params(400),
    );
  });

  it("maxRetries 1: a retryable status is tried once more and the second answer decides; no credential in any error", async () => {
    // The first answer always names a 1-3 ms retry-after-ms, which wins over any Retry-After junk, so runs stay fast.
    const firstArb = fc
      .tuple(httpArb, fc.integer({ min: 1, max: 3 }))
      .map(([h, ms]): Http => ({ ...h, headers: [...h.headers.filter(([k]) => k !== "retry-after-ms"), ["retry-after-ms", String(ms)]] }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { arbitrary: firstArb.map((h): Http => ({ ...h, status: [408, 409, 429, 500, 502, 503][h.status % 6] as number })), weight: 2 },
          firstArb,
        ),
        fc.oneof({ arbitrary: httpArb, weight: 4 }, networkArb),
        credentialArb,
        async (first, second, credential) => {
          await check([first, second], credential, 1);
        },
      ),
      params(200),
    );
  });

  const status2xx = fc.oneof(fc.constantFrom(200, 201, 204, 205), fc.integer({ min: 200, max: 299 }));

  // Was BUG 3 (src/runtime/client.ts settle(): `if (!data.trim()) return undefined`; and openapi-fetch returns no data for
  // 204 / Content-Length: 0): a 2xx with no body resolves with `undefined`, although update() is typed
  // Promise<ServiceToken> (NonNullable) and the README says a body that is not valid JSON is an APIError.
  // Fixed: now a regression test.
  it("a 2xx without a body rejects with APIError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constant("http" as const),
          status: status2xx,
          headers: fc.constant<[string, string][]>([]),
          body: fc.record({ kind: fc.constant("empty" as const), text: fc.constantFrom("", " ", "\n") }),
          length: fc.boolean(),
        }),
        credentialArb,
        async (served, credential) => {
          await check([served], credential, 0, "no-body-2xx");
        },
      ),
      params(30),
    );
  });

  // Was BUG 4 (src/runtime/client.ts settle(): `if (!env || !body || typeof body !== "object" || Array.isArray(body)) return body`):
  // a 2xx whose body is valid JSON but not an object (null, 0, "x", [..], true) resolves with that raw value, typed
  // as ServiceToken, instead of rejecting with an APIError as a body that is not an envelope. Fixed: now a regression test.
  it("a 2xx whose JSON body is not an object rejects with APIError", async () => {
    const nonObject = fc.oneof(fc.constant<Json>(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 20 }), fc.array(json, { maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constant("http" as const),
          status: status2xx.filter((s) => !NULL_BODY.has(s)),
          headers: fc.constant<[string, string][]>([]),
          body: fc.record({ kind: fc.constant("json" as const), value: nonObject }),
          length: fc.boolean(),
        }),
        credentialArb,
        async (served, credential) => {
          await check([served], credential, 0, "non-object-2xx");
        },
      ),
      params(30),
    );
  });

  // Was BUG 5 (src/runtime/errors.ts redact() and list()): redact() replaced a secret's raw and singly JSON-escaped
  // forms only. list() redacts the JSON *text* of the errors/messages arrays, where a message that itself holds a JSON
  // dump of the request headers is escaped twice, so a credential containing `"` or `\` survived in err.message and
  // err.errors (as SECRET-key-\"456\"\\x). Same for a fetch error whose message quotes a JSON string of the headers.
  // redact() now replaces every form up to four levels of escaping. Fixed: now a regression test.
  it("no credential in any error, also for a key containing a quote and a backslash", async () => {
    const failureEchoingJson = fc.record({
      kind: fc.constant("http" as const),
      status: fc.oneof(fc.constantFrom(200, 400, 403), fc.integer({ min: 400, max: 599 })),
      headers: fc.constant<[string, string][]>([]),
      body: fc.record({
        kind: fc.constant("failure" as const),
        message: fc.string({ maxLength: 20 }),
        echo: fc.constant<Echo>("json"),
        errors: fc.constant("list" as const),
        result: fc.constant<Json>(null),
      }),
      length: fc.boolean(),
    });
    const networkEchoingJsonString = fc.record({
      kind: fc.constant("network" as const),
      echo: fc.constant<Echo>("json-in-json"),
      shape: fc.constantFrom("type-error-with-cause" as const, "plain" as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(failureEchoingJson, networkEchoingJsonString), async (served) => {
        await check([served], { apiEmail: EMAIL, apiKey: QUOTED_KEY }, 0);
      }),
      params(30),
    );
  });
});
