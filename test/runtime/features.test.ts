// What a user of the official SDK relies on, through the runtime against a real node:http server: the raw response,
// the request id, the User-Agent, options from the environment, logging, middleware and calls to any path.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { APIError, createRuntime, InvalidRequestError, NotFoundError, type ApiDescription, type Logger } from "../../src/runtime/index.js";
import { API, EMAIL, envelope, failure, json, KEY, makeClient, METHOD, startServer, TOKEN, type ClientOptions, type TestServer } from "./helpers.js";

const ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const PATH = `/accounts/acc1/access/service_tokens/${ID}`;
const RESULT = { id: ID, name: "CI/CD token", duration: "60m" };
const ENV = { apiToken: "TEST_API_TOKEN", apiKey: "TEST_API_KEY", apiEmail: "TEST_EMAIL", baseURL: "TEST_BASE_URL", logLevel: "TEST_LOG" };
const DESCRIBED: ApiDescription = { ...API, requestIdHeader: "cf-ray", userAgent: "@specforge/test/1.2.3", env: ENV };

let server: TestServer;
let opts: ClientOptions;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  server.handle = (_req, res) => json(res, 200, envelope(RESULT), { "cf-ray": "8c0ffee-SJC", "x-ratelimit-remaining": "41" });
  opts = { baseURL: server.url, apiToken: TOKEN };
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("raw responses and the request id", () => {
  it("withResponse() resolves the value, the Response and its request id", async () => {
    const { data, response, requestId } = await makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" }).withResponse();
    expect(data).toEqual(RESULT);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("41");
    expect(requestId).toBe("8c0ffee-SJC");
    expect(server.seen).toHaveLength(1);
  });

  it("asResponse() resolves the Response with its body unread and not checked", async () => {
    server.handle = (_req, res) => json(res, 200, { success: false, errors: [{ code: 1, message: "locked" }], messages: [], result: null });
    const response = await makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" }).asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toMatchObject({ success: false });
  });

  it("asResponse() still rejects a non-2xx status, and reads the error body for it", async () => {
    server.handle = (_req, res) => json(res, 404, failure(404, "gone"), { "cf-ray": "ray-404" });
    const error = await makeClient({ ...opts, maxRetries: 0 }, DESCRIBED).update(ID, { account_id: "acc1" }).asResponse().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).errors).toEqual([{ code: 1000, message: "gone" }]);
  });

  it("sends one request for the value and the response together", async () => {
    const call = makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" });
    const [value, { response }] = await Promise.all([call, call.withResponse()]);
    expect(value).toEqual(RESULT);
    expect(response.status).toBe(200);
    expect(server.seen).toHaveLength(1);
  });

  it("says so when the body was already taken one way and is asked for the other", async () => {
    const call = makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" });
    await call;
    await expect(call.asResponse()).rejects.toThrow(/call \.asResponse\(\) on the method's result before awaiting it/);
    const raw = makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" });
    await raw.asResponse();
    await expect(raw.withResponse()).rejects.toThrow(InvalidRequestError);
  });

  it("puts the request id on every error, and in its message with the call", async () => {
    server.handle = (_req, res) => json(res, 404, failure(404, "No route for the URI"), { "cf-ray": "ray-404-SJC" });
    const error = (await makeClient({ ...opts, maxRetries: 0 }, DESCRIBED).update(ID, { account_id: "acc1" }).catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.requestId).toBe("ray-404-SJC");
    expect(error.message).toBe(`${METHOD} (PUT ${PATH}): 404 No route for the URI (code 1000) [request id ray-404-SJC]`);
    expect(error.toJSON().requestId).toBe("ray-404-SJC");
  });

  it("is a Promise", () => {
    const call = makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(call).toBeInstanceOf(Promise);
    return call;
  });
});

describe("User-Agent", () => {
  it("sends the configured one, which defaultHeaders and per-call headers may replace", async () => {
    await makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" });
    await makeClient({ ...opts, defaultHeaders: { "User-Agent": "mine/1" } }, DESCRIBED).update(ID, { account_id: "acc1" });
    await makeClient(opts, DESCRIBED).update(ID, { account_id: "acc1" }, { headers: { "user-agent": "call/2" } });
    expect(server.seen.map((r) => r.headers["user-agent"])).toEqual(["@specforge/test/1.2.3", "mine/1", "call/2"]);
  });
});

describe("options from the environment", () => {
  it("reads the credential and the base URL when the caller passes none", async () => {
    vi.stubEnv("TEST_API_TOKEN", "env-token-1234");
    vi.stubEnv("TEST_BASE_URL", server.url);
    await makeClient({}, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(server.seen[0]?.headers.authorization).toBe("Bearer env-token-1234");
  });

  it("reads email and key together", async () => {
    vi.stubEnv("TEST_EMAIL", EMAIL);
    vi.stubEnv("TEST_API_KEY", KEY);
    await makeClient({ baseURL: server.url }, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(server.seen[0]?.headers["x-auth-email"]).toBe(EMAIL);
    expect(server.seen[0]?.headers["x-auth-key"]).toBe(KEY);
  });

  it("lets credentials the caller passes win over the environment's, whichever scheme they are", async () => {
    vi.stubEnv("TEST_API_TOKEN", "env-token-1234");
    vi.stubEnv("TEST_BASE_URL", "http://127.0.0.1:9");
    await makeClient({ baseURL: server.url, apiEmail: EMAIL, apiKey: KEY }, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
    expect(server.seen[0]?.headers["x-auth-key"]).toBe(KEY);
  });

  it("keeps a variable out when the caller passes null", () => {
    vi.stubEnv("TEST_API_TOKEN", "env-token-1234");
    expect(() => createRuntime({ apiToken: null }, DESCRIBED)).toThrow(InvalidRequestError);
  });

  it("fails without credentials, naming both the options and the variables", () => {
    vi.stubEnv("TEST_API_TOKEN", "");
    expect(() => createRuntime({}, DESCRIBED)).toThrow(
      "No credentials: pass apiToken, or apiEmail and apiKey, or set TEST_API_TOKEN, or TEST_EMAIL and TEST_API_KEY.",
    );
    expect(() => createRuntime({}, API)).toThrow(/^No credentials: pass apiToken, or apiEmail and apiKey\.$/);
  });

  it("reads the log level", async () => {
    vi.stubEnv("TEST_LOG", "debug");
    const lines: string[] = [];
    await makeClient({ ...opts, logger: capture(lines) }, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(lines.length).toBeGreaterThan(0);
  });

  it("warns about a log level it does not know, and logs at warn", async () => {
    vi.stubEnv("TEST_LOG", "verbose");
    const lines: string[] = [];
    await makeClient({ ...opts, logger: capture(lines) }, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(lines).toEqual(['warn TEST_LOG is "verbose", not a log level (off, error, warn, info, debug): logging at "warn".']);
  });
});

// A logger that records "level line".
function capture(lines: string[]): Logger {
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

describe("logging", () => {
  it("logs the request, the retry with its reason and delay, and each response at debug", async () => {
    let n = 0;
    server.handle = (_req, res) => (++n === 1 ? json(res, 503, failure(503, "busy"), { "retry-after-ms": "7" }) : json(res, 200, envelope(RESULT), { "cf-ray": "ray-2" }));
    const lines: string[] = [];
    await makeClient({ ...opts, logLevel: "debug", logger: capture(lines) }, DESCRIBED).update(ID, { account_id: "acc1" });
    const at = (line: string) => line.replace(/: (\d{3}) in \d+ ms/, ": $1 in N ms");
    expect(lines.map(at)).toEqual([
      `debug ${METHOD}: PUT ${server.url}${PATH} (attempt 1 of 3)`,
      `debug ${METHOD} (PUT ${PATH}): 503 in N ms`,
      `debug ${METHOD} (PUT ${PATH}): retrying in 7 ms after status 503 (attempt 2 of 3 next)`,
      `debug ${METHOD}: PUT ${server.url}${PATH} (attempt 2 of 3)`,
      `debug ${METHOD} (PUT ${PATH}): 200 in N ms [request id ray-2]`,
    ]);
  });

  it("logs nothing below warn by default", async () => {
    const lines: string[] = [];
    await makeClient({ ...opts, logger: capture(lines) }, DESCRIBED).update(ID, { account_id: "acc1" });
    expect(lines).toEqual([]);
  });

  it("refuses a log level it does not know", () => {
    expect(() => createRuntime({ ...opts, logLevel: "loud" as "debug" }, DESCRIBED)).toThrow('logLevel must be "off", "error", "warn", "info" or "debug"');
  });
});

describe("middleware", () => {
  it("hands use() middleware a real Request, lets it change the request and see the response, until ejected", async () => {
    const client = makeClient(opts, DESCRIBED);
    const seen: { request: unknown; auth: string | null; status?: number }[] = [];
    const middleware = {
      onRequest({ request }: { request: Request }) {
        seen.push({ request, auth: request.headers.get("authorization") });
        request.headers.set("x-trace", "t-1");
        return request;
      },
      onResponse({ response }: { response: Response }) {
        const last = seen[seen.length - 1];
        if (last) last.status = response.status;
        return undefined;
      },
    };
    client.use(middleware);
    await client.update(ID, { account_id: "acc1" });
    expect(seen[0]?.request).toBeInstanceOf(Request);
    expect(seen[0]?.auth).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.status).toBe(200);
    expect(server.seen[0]?.headers["x-trace"]).toBe("t-1");
    client.eject(middleware);
    await client.update(ID, { account_id: "acc1" });
    expect(seen).toHaveLength(1);
    expect(server.seen[1]?.headers["x-trace"]).toBeUndefined();
  });
});

describe("calls to any path (client.get/post/put/patch/delete)", () => {
  it("sends with the client's auth and resolves the body as the server sent it, envelope and all", async () => {
    const client = makeClient(opts, DESCRIBED);
    const body = await client.get(`/accounts/{account_id}/things`, { path: { account_id: "acc 1" }, query: { page: 2 } });
    expect(body).toEqual(envelope(RESULT));
    expect(server.seen[0]?.url).toBe("/accounts/acc%201/things?page=2");
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    await client.post("/zones/z1/purge_cache", { body: { files: ["a"] } });
    expect(server.seen[1]?.method).toBe("POST");
    expect(JSON.parse(server.seen[1]?.body ?? "")).toEqual({ files: ["a"] });
    await client.delete("/zones/z1");
    expect(server.seen[2]?.method).toBe("DELETE");
  });

  it("retries and throws like any method, naming the call", async () => {
    let n = 0;
    server.handle = (_req, res) => (++n < 3 ? json(res, 500, failure(500, "boom"), { "retry-after-ms": "1" }) : json(res, 404, failure(404, "nope"), { "cf-ray": "r404" }));
    const error = (await makeClient(opts, DESCRIBED).patch("/x/y", { body: {} }).catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("client.patch (PATCH /x/y): 404 nope (code 1000) [request id r404]");
    expect(server.seen).toHaveLength(3);
  });

  it("still checks success: false in a 2xx envelope", async () => {
    server.handle = (_req, res) => json(res, 200, { success: false, errors: [{ code: 9, message: "denied" }], messages: [], result: null });
    await expect(makeClient(opts, DESCRIBED).get("/x")).rejects.toThrow("client.get (GET /x): 200 denied (code 9)");
  });

  it("hands back a body that is not JSON as text, and has withResponse()", async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("pong");
    };
    const { data, response } = await makeClient(opts, DESCRIBED).get("/ping").withResponse();
    expect(data).toBe("pong");
    expect(response.headers.get("content-type")).toBe("text/plain");
  });
});
