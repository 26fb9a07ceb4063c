// The runtime driven through openapi-fetch against a real node:http server, the way generated clients use it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import createFetchClient from "openapi-fetch";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createRuntime,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ApiDescription,
} from "../../src/runtime/index.js";
import {
  API,
  closedPort,
  EMAIL,
  envelope,
  failure,
  json,
  KEY,
  makeClient,
  METHOD,
  putThrough,
  type paths,
  sleep,
  startServer,
  timeouts,
  trackLongTimers,
  TOKEN,
  type ClientOptions,
  type TestServer,
} from "./helpers.js";

const BASIC = "admin:pa55_SeCrEt_basic";
const BASIC_B64 = btoa(BASIC);
const SECRETS = [TOKEN, KEY, BASIC, BASIC_B64, `pa55_SeCrEt_basic`];
// Not even a piece of a secret may show (JavaScript engines quote cut-off bits of invalid JSON in their messages).
const FRAGMENTS = ["SeCrEt", BASIC_B64.slice(0, 10)];

// Every error any test here produces, checked for leaked credentials at the end.
const collected: unknown[] = [];
async function caught(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    collected.push(e);
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

const ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN_RESULT = { id: ID, name: "CI/CD token", duration: "60m" };
const PATH = `/accounts/acc1/access/service_tokens/${ID}`;
// How every error of a sent update names the call.
const CALL = `${METHOD} (PUT ${PATH})`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

let server: TestServer;
let opts: ClientOptions;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  server.handle = (_req, res) => json(res, 200, envelope(TOKEN_RESULT));
  opts = { baseURL: server.url, apiToken: TOKEN };
});

describe("requests", () => {
  it("sends a PUT with bearer auth, JSON body and percent-encoded ids", async () => {
    const client = makeClient(opts);
    await client.update("a/b c?#%", { account_id: "acc 1", name: "n", duration: "60m" });
    expect(server.seen).toHaveLength(1);
    const [req] = server.seen;
    expect(req?.method).toBe("PUT");
    expect(req?.url).toBe("/accounts/acc%201/access/service_tokens/a%2Fb%20c%3F%23%25");
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers["x-auth-email"]).toBeUndefined();
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.body ?? "")).toEqual({ name: "n", duration: "60m" });
  });

  it("sends email + key for the second alternative, and the zone prefix", async () => {
    const client = makeClient({ baseURL: server.url, apiEmail: EMAIL, apiKey: KEY });
    await client.update(ID, { zone_id: "z1", name: "n" });
    const [req] = server.seen;
    expect(req?.url).toBe(`/zones/z1/access/service_tokens/${ID}`);
    expect(req?.headers["x-auth-email"]).toBe(EMAIL);
    expect(req?.headers["x-auth-key"]).toBe(KEY);
    expect(req?.headers.authorization).toBeUndefined();
  });

  it("uses the first alternative when several are satisfied", async () => {
    await makeClient({ ...opts, apiEmail: EMAIL, apiKey: KEY }).update(ID, { account_id: "acc1" });
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.seen[0]?.headers["x-auth-key"]).toBeUndefined();
  });

  it("layers default headers, then auth, then per-call headers, whatever their case", async () => {
    const client = makeClient({
      ...opts,
      defaultHeaders: { "X-Trace": "default", "X-Default": "1", authorization: "Bearer overridden-by-auth" },
    });
    await client.update(ID, { account_id: "acc1" });
    expect(server.seen[0]?.headers).toMatchObject({ "x-trace": "default", "x-default": "1", authorization: `Bearer ${TOKEN}` });
    // Same spelling as the default header, different from the auth header: still the per-call value wins.
    await client.update(ID, { account_id: "acc1" }, { headers: { "x-trace": "call", authorization: "Bearer per-call" } });
    expect(server.seen[1]?.headers).toMatchObject({ "x-trace": "call", "x-default": "1", authorization: "Bearer per-call" });
    // Per-call headers do not stick.
    await client.update(ID, { account_id: "acc1" });
    expect(server.seen[2]?.headers).toMatchObject({ "x-trace": "default", authorization: `Bearer ${TOKEN}` });
  });

  it("refuses header values with CR/LF before sending", async () => {
    const client = makeClient(opts);
    const e = await caught(() => client.update(ID, { account_id: "acc1" }, { headers: { "X-Evil": "a\r\nX-Injected: 1" } }));
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e.message).toContain("X-Evil");
    expect(server.seen).toHaveLength(0);
    const e2 = await caught(() => makeClient({ ...opts, defaultHeaders: { "X-Evil": "a\nb" } }));
    expect(e2).toBeInstanceOf(InvalidRequestError);
  });

  it("defaults baseURL to the API's and calls a custom fetch unbound from the options object", async () => {
    expect(createRuntime({ apiToken: TOKEN }, API).baseURL).toBe("https://api.cloudflare.com/client/v4");
    let self: unknown = "unset";
    let calls = 0;
    const client = makeClient({
      ...opts,
      fetch: function (this: unknown, input: string | URL | Request, init?: RequestInit) {
        self = this;
        calls++;
        return globalThis.fetch(input, init);
      },
    });
    await client.update(ID, { account_id: "acc1" });
    expect(calls).toBe(1);
    expect(self).toBe(globalThis);
  });
});

describe("responses", () => {
  it("unwraps the envelope's result", async () => {
    expect(await makeClient(opts).update(ID, { account_id: "acc1" })).toEqual(TOKEN_RESULT);
  });

  it("returns the whole body when unwrap is false", async () => {
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { read: "json" })).toEqual(envelope(TOKEN_RESULT));
  });

  it("returns the whole body when the API has no envelope", async () => {
    const { envelope: _omit, ...bare } = API;
    expect(await makeClient(opts, bare).update(ID, { account_id: "acc1" })).toEqual(envelope(TOKEN_RESULT));
  });

  it("resolves undefined for 204 and for an empty 200 when the operation does not unwrap an envelope", async () => {
    server.handle = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { read: "json" })).toBeUndefined();
    server.handle = (_req, res) => json(res, 200, "");
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { read: "json" })).toBeUndefined();
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked, no content-length
      res.end();
    };
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { read: "json" })).toBeUndefined();
  });

  it("rejects a 2xx without a body when the operation resolves to the envelope's result", async () => {
    for (const handle of [
      (_req: unknown, res: import("node:http").ServerResponse) => (res.writeHead(204), res.end()),
      (_req: unknown, res: import("node:http").ServerResponse) => json(res, 200, ""),
    ]) {
      server.handle = handle;
      const error = await makeClient(opts).update(ID, { account_id: "acc1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).message).toMatch(new RegExp(`^${escape(CALL)}: 20\\d Response has no body; expected the response envelope$`));
    }
  });

  it("resolves undefined for a bodiless 2xx the spec documents, even when unwrapping; an undocumented one still rejects", async () => {
    // The spec documents `204: no content` beside a 200 with the envelope: a success, not a broken response.
    server.handle = (_req, res) => (res.writeHead(204), res.end());
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { unwrap: "result", bodiless: [204] })).toBeUndefined();
    server.handle = (_req, res) => json(res, 200, "");
    await expect(makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { unwrap: "result", bodiless: [204] })).rejects.toThrow(`${CALL}: 200 Response has no body; expected the response envelope`);
  });

  it("passes through a non-object JSON body when not unwrapping, and rejects it when unwrapping", async () => {
    server.handle = (_req, res) => json(res, 200, [1, 2]);
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { read: "json" })).toEqual([1, 2]);
    await expect(makeClient(opts).update(ID, { account_id: "acc1" })).rejects.toThrow(`${CALL}: 200 Response body is not a JSON object; expected the response envelope`);
  });

  it("hands back a text/plain body as text when the operation does not unwrap", async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("plain words");
    };
    expect(await makeClient(opts).update(ID, { account_id: "acc1" }, undefined, { read: "json" })).toBe("plain words");
  });
});

describe("HTTP errors", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ] as const)("maps %i to %s, carrying errors and messages", async (status, cls) => {
    server.handle = (_req, res) => json(res, status, failure(status, "No route for the URI", 7003), { "x-request-id": "req-1" });
    const e = (await caught(() => makeClient({ ...opts, maxRetries: 0 }).update(ID, { account_id: "acc1" }))) as APIError;
    expect(e.constructor).toBe(cls);
    expect(e.name).toBe(cls.name);
    expect(e.status).toBe(status);
    expect(e.message).toBe(`${CALL}: ${status} No route for the URI (code 7003)`);
    expect(e.errors).toEqual([{ code: 7003, message: "No route for the URI" }]);
    expect(e.messages).toEqual([{ code: 1, message: `note for ${status}` }]);
    expect(e.headers?.get("x-request-id")).toBe("req-1");
    expect(server.seen).toHaveLength(1);
  });

  it("reports an HTML 502 page sanely", async () => {
    server.handle = (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>");
    };
    const e = (await caught(() => makeClient({ ...opts, maxRetries: 0 }).update(ID, { account_id: "acc1" }))) as APIError;
    expect(e).toBeInstanceOf(InternalServerError);
    expect(e.status).toBe(502);
    expect(e.message).toBe(`${CALL}: 502 Bad Gateway`);
    expect(e.errors).toEqual([]);
  });

  it("turns success: false on a 200 into an APIError, without retrying", async () => {
    server.handle = (_req, res) => json(res, 200, failure(200, "Token is locked", 1234));
    const e = (await caught(() => makeClient(opts).update(ID, { account_id: "acc1" }))) as APIError;
    expect(e.constructor).toBe(APIError);
    expect(e.status).toBe(200);
    expect(e.message).toBe(`${CALL}: 200 Token is locked (code 1234)`);
    expect(e.errors).toEqual([{ code: 1234, message: "Token is locked" }]);
    expect(server.seen).toHaveLength(1);
  });

  it("reports truncated JSON on a 200 clearly, without retrying", async () => {
    server.handle = (_req, res) => json(res, 200, '{"success":true,"result":{"id":');
    const e = (await caught(() => makeClient(opts).update(ID, { account_id: "acc1" }))) as APIError;
    expect(e.constructor).toBe(APIError);
    expect(e.status).toBe(200);
    expect(e.message).toBe(`${CALL}: 200 Response body is not valid JSON: Unexpected end of JSON input`);
    expect(server.seen).toHaveLength(1);
  });

  it("reports a non-JSON 200 body clearly", async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK, all good");
    };
    const e = (await caught(() => makeClient(opts).update(ID, { account_id: "acc1" }))) as APIError;
    expect(e.constructor).toBe(APIError);
    expect(e.message.startsWith(`${CALL}: 200 Response body is not valid JSON: `)).toBe(true);
  });
});

describe("retries", () => {
  it("retries 500, 500 then succeeds", async () => {
    server.handle = (_req, res, _body, n) =>
      n < 3 ? json(res, 500, failure(500, `fail #${n}`), { "retry-after-ms": "5" }) : json(res, 200, envelope(TOKEN_RESULT));
    expect(await makeClient(opts).update(ID, { account_id: "acc1", name: "x" })).toEqual(TOKEN_RESULT);
    expect(server.seen).toHaveLength(3);
    // Each attempt is a complete request.
    for (const req of server.seen) {
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.body).toBe('{"name":"x"}');
    }
  });

  it("throws the last error after maxRetries + 1 attempts", async () => {
    server.handle = (_req, res, _body, n) => json(res, 503, failure(503, `fail #${n}`), { "retry-after-ms": "5" });
    const e = await caught(() => makeClient(opts).update(ID, { account_id: "acc1" }));
    expect(e).toBeInstanceOf(InternalServerError);
    expect(e.message).toBe(`${CALL}: 503 fail #3 (code 1000)`);
    expect(server.seen).toHaveLength(3);

    server.seen.length = 0;
    const e2 = await caught(() => makeClient({ ...opts, maxRetries: 4 }).update(ID, { account_id: "acc1" }, { maxRetries: 1 }));
    expect(e2.message).toBe(`${CALL}: 503 fail #2 (code 1000)`);
    expect(server.seen).toHaveLength(2);

    server.seen.length = 0;
    await caught(() => makeClient({ ...opts, maxRetries: 0 }).update(ID, { account_id: "acc1" }));
    expect(server.seen).toHaveLength(1);
  });

  it("does not retry other 4xx", async () => {
    server.handle = (_req, res) => json(res, 400, failure(400, "bad"), { "retry-after-ms": "5" });
    await caught(() => makeClient(opts).update(ID, { account_id: "acc1" }));
    expect(server.seen).toHaveLength(1);
  });

  const gaps = async (headers: Record<string, string>): Promise<number> => {
    const at: number[] = [];
    server.handle = (_req, res, _body, n) => {
      at.push(performance.now());
      if (n === 1) json(res, 429, failure(429, "slow down"), headers);
      else json(res, 200, envelope(TOKEN_RESULT));
    };
    await makeClient(opts).update(ID, { account_id: "acc1" });
    expect(at).toHaveLength(2);
    return (at[1] as number) - (at[0] as number);
  };

  it("waits retry-after-ms", async () => {
    const gap = await gaps({ "retry-after-ms": "120" });
    expect(gap).toBeGreaterThanOrEqual(110);
    expect(gap).toBeLessThan(350); // not the 375-500 ms backoff
  });

  it("waits Retry-After seconds (fractional)", async () => {
    const gap = await gaps({ "retry-after": "0.15" });
    expect(gap).toBeGreaterThanOrEqual(140);
    expect(gap).toBeLessThan(350);
  });

  it("waits until a Retry-After HTTP date", async () => {
    // HTTP dates have 1 s resolution: 1.5 s ahead truncates to 0.5–1.5 s ahead.
    const gap = await gaps({ "retry-after": new Date(Date.now() + 1500).toUTCString() });
    expect(gap).toBeGreaterThanOrEqual(400);
    expect(gap).toBeLessThan(1700);
  });

  it("backs off without a hint", async () => {
    const gap = await gaps({});
    expect(gap).toBeGreaterThanOrEqual(360); // 500 ms minus up to 25% jitter
    expect(gap).toBeLessThan(1000);
  });
});

describe("timeouts", () => {
  const hang = () => {
    server.handle = () => undefined; // accept, never answer
  };

  it("times out a server that never answers", async () => {
    hang();
    const t0 = performance.now();
    const e = (await caught(() => makeClient({ ...opts, timeout: 200, maxRetries: 0 }).update(ID, { account_id: "acc1" }))) as APIError;
    const took = performance.now() - t0;
    expect(e).toBeInstanceOf(APIConnectionTimeoutError);
    expect(e).toBeInstanceOf(APIConnectionError);
    expect(e.message).toBe(`${CALL}: Request timed out after 200 ms`);
    expect(e.status).toBeUndefined();
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1500);
  });

  it("hands a caller's own fetch the timeout and the caller's abort on the Request itself", async () => {
    // A custom fetch may look only at the Request's signal (the platform's fetch gets it as fetch()'s init instead).
    // This one answers after a second unless that signal aborts first.
    const fetch = (input: string | URL | Request): Promise<Response> =>
      new Promise((resolve, reject) => {
        const signal = (input as Request).signal;
        const answer = setTimeout(() => resolve(new Response(JSON.stringify(envelope(TOKEN_RESULT)), { headers: { "content-type": "application/json" } })), 1000);
        signal.addEventListener("abort", () => {
          clearTimeout(answer);
          reject(signal.reason);
        });
      });
    const client = makeClient({ ...opts, fetch, maxRetries: 0 });
    expect(await caught(() => client.update(ID, { account_id: "acc1" }, { timeout: 100 }))).toBeInstanceOf(APIConnectionTimeoutError);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    expect(await caught(() => client.update(ID, { account_id: "acc1" }, { signal: ctl.signal }))).toBeInstanceOf(APIUserAbortError);
  });

  it("hands a caller's own fetch a real Request carrying the whole call", async () => {
    // The platform's fetch gets openapi-fetch's URL and init as they are (see PendingRequest in the runtime); a
    // caller's own fetch must still get the Request openapi-fetch built, with everything on it.
    const got: { noInit: boolean; method: string; url: string; auth: string | null; type: string | null; body: string; signal: boolean }[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      if (!(input instanceof Request)) throw new TypeError("expected a Request");
      got.push({
        noInit: init === undefined,
        method: input.method,
        url: input.url,
        auth: input.headers.get("authorization"),
        type: input.headers.get("content-type"),
        body: await input.clone().text(),
        signal: input.signal instanceof AbortSignal && !input.signal.aborted,
      });
      return globalThis.fetch(input, init);
    };
    expect(await makeClient({ ...opts, fetch }).update(ID, { account_id: "acc1", name: "n" })).toEqual(TOKEN_RESULT);
    expect(got).toEqual([
      {
        noInit: true,
        method: "PUT",
        url: `${server.url}/accounts/acc1/access/service_tokens/${ID}`,
        auth: `Bearer ${TOKEN}`,
        type: "application/json",
        body: '{"name":"n"}',
        signal: true,
      },
    ]);
    expect(server.seen[0]?.body).toBe('{"name":"n"}');
  });

  it("gives the platform's fetch the timeout signal, method, headers and body in fetch()'s init", async () => {
    // The platform's fetch is the one in place when the client is created. Stubbed here to watch what it is given,
    // then handing it on: the request must still reach the server whole, and the timeout abort it.
    const real = globalThis.fetch;
    const inits: (RequestInit | undefined)[] = [];
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
      inits.push(init);
      return real(input, init);
    };
    let client: ReturnType<typeof makeClient>;
    try {
      client = makeClient({ ...opts, maxRetries: 0 });
    } finally {
      globalThis.fetch = real;
    }
    expect(await client.update(ID, { account_id: "acc1", name: "n" })).toEqual(TOKEN_RESULT);
    const init = inits[0];
    expect(init?.method).toBe("PUT");
    expect(init?.body).toBe('{"name":"n"}');
    expect(new Headers(init?.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    expect(server.seen[0]?.headers["content-length"]).toBe("12");
    server.handle = () => undefined; // accept, never answer
    expect(await caught(() => client.update(ID, { account_id: "acc1" }, { timeout: 100 }))).toBeInstanceOf(APIConnectionTimeoutError);
    expect(inits[1]?.signal?.aborted).toBe(true);
  });

  it("applies openapi-fetch's requestInitExt, and reports HEAD as the method", async () => {
    // Neither is used by generated clients today; both are what openapi-fetch does with the Request it builds.
    const runtime = createRuntime({ ...opts, maxRetries: 0 }, API);
    const request = new runtime.Request(`${server.url}/x`, { method: "head" });
    expect(request.method).toBe("HEAD");
    const real = globalThis.fetch;
    let ext: RequestInit | undefined;
    globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
      ext = init;
      return real(input, init);
    };
    try {
      const withExt = createRuntime({ ...opts, maxRetries: 0 }, API);
      const http = createFetchClient<paths>({ baseUrl: withExt.baseURL, fetch: withExt.fetch, Request: withExt.Request, requestInitExt: { keepalive: true } });
      await putThrough(withExt, http);
    } finally {
      globalThis.fetch = real;
    }
    expect(ext?.keepalive).toBe(true);
    expect(ext?.method).toBe("PUT");
  });

  it("uses the per-call timeout over the client's", async () => {
    hang();
    const t0 = performance.now();
    const e = await caught(() => makeClient({ ...opts, maxRetries: 0 }).update(ID, { account_id: "acc1" }, { timeout: 150 }));
    expect(e).toBeInstanceOf(APIConnectionTimeoutError);
    expect(e.message).toBe(`${CALL}: Request timed out after 150 ms`);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it("times out a body that stalls midway", async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"success":true,"result":{"id":"');
    };
    const e = await caught(() => makeClient({ ...opts, timeout: 200, maxRetries: 0 }).update(ID, { account_id: "acc1" }));
    expect(e).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("times out an error body that stalls midway", async () => {
    server.handle = (_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.write('{"success":false,"errors":[');
    };
    const e = await caught(() => makeClient({ ...opts, timeout: 200, maxRetries: 0 }).update(ID, { account_id: "acc1" }));
    expect(e).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("retries a timeout", async () => {
    server.handle = (_req, res, _body, n) => (n === 1 ? undefined : json(res, 200, envelope(TOKEN_RESULT)));
    expect(await makeClient({ ...opts, timeout: 150, maxRetries: 1 }).update(ID, { account_id: "acc1" })).toEqual(TOKEN_RESULT);
    expect(server.seen).toHaveLength(2);
  });
});

describe("aborts", () => {
  it("does not send when the signal is already aborted", async () => {
    const ctl = new AbortController();
    ctl.abort();
    const e = await caught(() => makeClient(opts).update(ID, { account_id: "acc1" }, { signal: ctl.signal }));
    expect(e).toBeInstanceOf(APIUserAbortError);
    expect(server.seen).toHaveLength(0);
  });

  it("aborts an in-flight request, without retrying", async () => {
    server.handle = () => undefined;
    const ctl = new AbortController();
    const t0 = performance.now();
    const p = caught(() => makeClient(opts).update(ID, { account_id: "acc1" }, { signal: ctl.signal }));
    await sleep(80);
    ctl.abort();
    const e = await p;
    expect(e).toBeInstanceOf(APIUserAbortError);
    expect((e as APIError).status).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(1000);
    await sleep(50);
    expect(server.seen).toHaveLength(1);
  });

  it("aborts an in-flight request as an abort, not a timeout, with no retries left", async () => {
    server.handle = () => undefined;
    const ctl = new AbortController();
    const p = caught(() => makeClient({ ...opts, maxRetries: 0 }).update(ID, { account_id: "acc1" }, { signal: ctl.signal }));
    await sleep(50);
    ctl.abort();
    expect(await p).toBeInstanceOf(APIUserAbortError);
  });

  it("cuts a retry wait short, leaving no timer behind", async () => {
    server.handle = (_req, res) => json(res, 503, failure(503, "down"), { "retry-after-ms": "30000" });
    const timers = trackLongTimers();
    try {
      const ctl = new AbortController();
      const t0 = performance.now();
      const p = caught(() => makeClient(opts).update(ID, { account_id: "acc1" }, { signal: ctl.signal }));
      await sleep(100);
      expect(timers.live()).toBe(1); // the 30 s wait
      ctl.abort();
      expect(await p).toBeInstanceOf(APIUserAbortError);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(server.seen).toHaveLength(1);
      expect(timers.live()).toBe(0);
    } finally {
      timers.restore();
    }
  });
});

describe("connection errors", () => {
  it("reports a refused connection as APIConnectionError, retried", async () => {
    const port = await closedPort();
    let calls = 0;
    const client = makeClient({
      ...opts,
      baseURL: `http://127.0.0.1:${port}`,
      maxRetries: 1,
      fetch: (input, init) => {
        calls++;
        return globalThis.fetch(input, init);
      },
    });
    const e = (await caught(() => client.update(ID, { account_id: "acc1" }))) as APIError;
    expect(e.constructor).toBe(APIConnectionError);
    expect(e.status).toBeUndefined();
    expect(e.message).toMatch(/^zeroTrust\.access\.serviceTokens\.update \(PUT \/accounts\/acc1\/access\/service_tokens\/[^)]+\): Connection error: fetch failed \(.*ECONNREFUSED.*\)$/);
    expect(e.cause).toBeInstanceOf(Error);
    expect(calls).toBe(2);
  });
});

describe("path parameters", () => {
  it.each(["..", ".", ""])("rejects %j before sending", async (bad) => {
    const client = makeClient(opts);
    const e1 = await caught(() => client.update(bad, { account_id: "acc1" }));
    expect(e1).toBeInstanceOf(InvalidRequestError);
    expect(e1.message).toMatch(/^zeroTrust\.access\.serviceTokens\.update: path parameter service_token_id /);
    const e2 = await caught(() => client.update(ID, { account_id: bad }));
    expect(e2).toBeInstanceOf(InvalidRequestError);
    await sleep(20);
    expect(server.seen).toHaveLength(0);
  });

  it("sends ../x as a single encoded segment", async () => {
    await makeClient(opts).update("../x", { account_id: "acc1" });
    expect(server.seen[0]?.url).toBe("/accounts/acc1/access/service_tokens/..%2Fx");
  });

  it("enforces maxLength before sending", async () => {
    const e = await caught(() => makeClient(opts).update("x".repeat(40), { account_id: "acc1" }));
    expect(e.message).toBe(`${METHOD}: path parameter service_token_id must be at most 36 characters (got 40)`);
    expect(server.seen).toHaveLength(0);
  });

  it("needs exactly one of account_id and zone_id", async () => {
    const client = makeClient(opts);
    for (const params of [{}, { account_id: "a", zone_id: "z" }]) {
      const e = await caught(() => client.update(ID, params));
      expect(e).toBeInstanceOf(InvalidRequestError);
      expect(e.message).toBe(`${METHOD}: pass exactly one of account_id or zone_id`);
    }
    expect(server.seen).toHaveLength(0);
  });
});

describe("createRuntime", () => {
  it("needs a credential, and says which", async () => {
    for (const o of [{}, { apiEmail: EMAIL }, { apiToken: "", apiKey: KEY }, { apiToken: null }]) {
      const e = await caught(() => createRuntime(o, API));
      expect(e).toBeInstanceOf(InvalidRequestError);
      expect(e.message).toBe("No credentials: pass apiToken, or apiEmail and apiKey.");
    }
  });

  it("rejects a credential with CR/LF without echoing it", async () => {
    const bad = `${TOKEN}\r\nX-Injected: 1`;
    const e = await caught(() => createRuntime({ apiToken: bad }, API));
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e.message).toContain("apiToken");
    expect(e.message).not.toContain(TOKEN);
    expect(e.stack).not.toContain(TOKEN);
  });

  it.each([
    [{ timeout: -1 }],
    [{ timeout: Number.NaN }],
    [{ timeout: Infinity }],
    [{ maxRetries: -1 }],
    [{ maxRetries: Infinity }],
    [{ timeout: "5" as unknown as number }],
  ])("rejects %j", async (bad) => {
    const e = await caught(() => createRuntime({ apiToken: TOKEN, ...bad }, API));
    expect(e).toBeInstanceOf(InvalidRequestError);
  });

  it("rejects bad per-call timeout / maxRetries before sending", async () => {
    const client = makeClient(opts);
    expect(await caught(() => client.update(ID, { account_id: "a" }, { timeout: -5 }))).toBeInstanceOf(InvalidRequestError);
    expect(await caught(() => client.update(ID, { account_id: "a" }, { maxRetries: Number.NaN }))).toBeInstanceOf(InvalidRequestError);
    expect(server.seen).toHaveLength(0);
  });

  it("needs no credential when the API has no security", async () => {
    const runtime = createRuntime({ baseURL: server.url }, { defaultBaseURL: "", security: [] });
    const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });
    await putThrough(runtime, http);
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });
});

describe("secrets", () => {
  const BASIC_API: ApiDescription = { ...API, security: [[{ option: "login", type: "basic", name: "Authorization" }]] };
  // Echoes every credential header back in whatever shape `shape` picks.
  const echo = (status: number, shape: (creds: string) => unknown) => {
    server.handle = (req, res) => {
      const creds = [req.headers.authorization, req.headers["x-auth-key"], req.headers["x-auth-email"]].filter(Boolean).join(" | ");
      const body = shape(creds);
      if (typeof body === "string") {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(body);
      } else json(res, status, body);
    };
  };
  const shapes: [string, number, (c: string) => unknown][] = [
    ["error message", 401, (c) => ({ success: false, errors: [{ code: 1, message: `bad credentials: ${c}` }], messages: [{ code: 2, message: c }], result: null })],
    ["error source", 400, (c) => ({ success: false, errors: [{ code: 1, message: "bad", source: { pointer: c } }], messages: [], result: null })],
    ["non-envelope JSON", 500, (c) => ({ detail: c })],
    ["plain text", 502, (c) => `upstream said: ${c}`],
    ["HTML title", 502, (c) => `<html><title>${c}</title></html>`],
    ["success: false on 200", 200, (c) => ({ success: false, errors: [{ code: 1, message: c }], messages: [], result: null })],
    ["invalid JSON on 200", 200, (c) => `${c} not json`],
    ["invalid JSON on 200, secret inside a token", 200, (c) => `{"a": ${c}}`],
    // The engine's message quotes the first ~10 characters: a cut-off secret that exact-match redaction cannot see.
    ["invalid JSON on 200 that starts with the secret", 200, (c) => c.replace(/^(Bearer|Basic) /, "")],
  ];

  it.each(shapes)("redacts credentials echoed in the %s", async (_name, status, shape) => {
    echo(status, shape);
    const clients = [
      makeClient({ ...opts, maxRetries: 0 }),
      makeClient({ baseURL: server.url, apiEmail: EMAIL, apiKey: KEY, maxRetries: 0 }),
      makeClient({ baseURL: server.url, login: BASIC, maxRetries: 0 } as ClientOptions, BASIC_API),
    ];
    for (const client of clients) {
      const e = (await caught(() => client.update(ID, { account_id: "acc1" }))) as APIError;
      expect(e).toBeInstanceOf(APIError);
      for (const s of [...SECRETS, ...FRAGMENTS]) expect(`${e.message}${JSON.stringify(e)}`).not.toContain(s);
    }
  });

  it("redacts credentials a custom fetch puts in its error, and in the cause chain", async () => {
    const client = makeClient({
      ...opts,
      maxRetries: 0,
      fetch: (input) => {
        const auth = input instanceof Request ? input.headers.get("authorization") : "";
        return Promise.reject(new TypeError(`refused ${auth}`, { cause: new Error(`inner ${auth}`) }));
      },
    });
    const e = (await caught(() => client.update(ID, { account_id: "acc1" }))) as APIError;
    expect(e).toBeInstanceOf(APIConnectionError);
    expect(e.message).toBe(`${CALL}: Connection error: refused Bearer *** (inner Bearer ***)`);
    expect(String(e.cause)).toBe("Error: refused Bearer ***");
  });

  it("keeps a clean cause as it is", async () => {
    const cause = new TypeError("nothing secret");
    const client = makeClient({ ...opts, maxRetries: 0, fetch: () => Promise.reject(cause) });
    expect((await caught(() => client.update(ID, { account_id: "acc1" }))).cause).toBe(cause);
  });

  it("never attaches the request", async () => {
    echo(404, () => failure(404, "nope"));
    const e = await caught(() => makeClient({ ...opts, maxRetries: 0 }).update(ID, { account_id: "acc1" }));
    expect(Object.keys(e).sort()).toEqual(["errors", "headers", "messages", "requestId", "status"]);
    expect(e.cause).toBeUndefined();
  });
});

describe("concurrency", () => {
  it("settles 100 concurrent calls of every outcome and leaks no timers", async () => {
    const client = makeClient({ ...opts, maxRetries: 1 }); // default 60 s timeout: a leaked one would outlive the test
    await client.update(ID, { account_id: "acc1" }); // warm up the connection pool and its timers
    await sleep(20);
    const before = timeouts();
    const timers = trackLongTimers();
    try {
      // What the server does is picked by the call's index, carried in the account id.
      server.handle = (req, res) => {
        const i = Number(/acc(\d+)/.exec(req.url ?? "")?.[1]);
        const kind = i % 5;
        if (kind === 0) return json(res, 200, envelope({ i }));
        if (kind === 1) return json(res, 404, failure(404, "nope"));
        if (kind === 2) return json(res, 503, failure(503, "busy"), { "retry-after-ms": "5" });
        if (kind === 3) return setTimeout(() => json(res, 200, envelope({ i })), Math.random() * 30);
        return undefined; // hang: the call times out
      };
      const aborters: AbortController[] = [];
      const calls = Array.from({ length: 100 }, (_, i) => {
        const ctl = new AbortController();
        aborters.push(ctl);
        const signal = i % 7 === 0 ? ctl.signal : undefined;
        return client.update<{ i: number }>(ID, { account_id: `acc${i}` }, { signal, timeout: i % 5 === 4 ? 100 : undefined });
      });
      setTimeout(() => aborters.forEach((c) => c.abort()), 50);
      const results = await Promise.allSettled(calls);
      expect(results).toHaveLength(100);
      const outcomes = results.map((r, i) => {
        if (r.status === "fulfilled") {
          expect(r.value).toEqual({ i });
          return "ok";
        }
        collected.push(r.reason);
        expect(r.reason).toBeInstanceOf(APIError);
        return (r.reason as Error).name;
      });
      expect(new Set(outcomes)).toEqual(
        new Set(["ok", "NotFoundError", "InternalServerError", "APIConnectionTimeoutError", "APIUserAbortError"]),
      );
      expect(timers.live()).toBe(0);
    } finally {
      timers.restore();
    }
    await sleep(20);
    // Coarse cross-check on the process itself: other code's timers come and go, a leak would add ~100.
    expect(timeouts() - before).toBeLessThan(5);
  });
});

describe("no credential ever appears in an error", () => {
  it("holds for every error produced above", () => {
    expect(collected.length).toBeGreaterThan(100);
    for (const e of collected) {
      const err = e as Error;
      const texts = [err.message, err.stack, JSON.stringify(err), String(err.cause), (err.cause as Error | undefined)?.stack, String(err)];
      for (const text of texts) for (const s of [...SECRETS, ...FRAGMENTS]) expect(text ?? "").not.toContain(s);
    }
  });
});
