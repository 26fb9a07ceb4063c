// Test harness: a real node:http server and a client wired exactly the way generated code wires the runtime.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import createFetchClient, { type Client } from "openapi-fetch";
import {
  clientExtras,
  createRuntime,
  type APIPromise,
  type ApiDescription,
  type BaseClientOptions,
  type ReadPlan,
  type RequestOptions,
  type Runtime,
} from "../../src/runtime/index.js";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void;

export interface TestServer {
  url: string;
  seen: Seen[];
  handle: Handler;
  close(): Promise<void>;
}

// Starts a server on 127.0.0.1:<random>; every request is recorded in `seen` (n = 1-based count) then passed to `handle`.
export async function startServer(): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      state.handle(req, res, body, seen.length);
    });
  });
  const state: TestServer = {
    url: "",
    seen,
    handle: (_req, res) => json(res, 200, envelope({ ok: true })),
    async close() {
      // Hung requests (timeout tests) would otherwise keep close() waiting.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

// A port nothing listens on: bound, then released.
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const envelope = (result: unknown): Record<string, unknown> => ({ success: true, errors: [], messages: [], result });

export const failure = (status: number, message: string, code = 1000): Record<string, unknown> => ({
  success: false,
  errors: [{ code, message }],
  messages: [{ code: 1, message: `note for ${status}` }],
  result: null,
});

export const TOKEN = "tok_SeCrEt_0123456789abcdef";
export const EMAIL = "user@example.com";
export const KEY = "key_SeCrEt_fedcba9876543210";

const UPDATE = "/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}" as const;
export const METHOD = "zeroTrust.access.serviceTokens.update";

interface ServiceToken {
  id: string;
  name: string;
  duration: string;
}
interface Failure {
  success: false;
  errors: { code: number; message: string }[];
  messages: { code: number; message: string }[];
  result: null;
}

// What openapi-typescript emits for the one PUT operation (trimmed).
export interface paths {
  [UPDATE]: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: { accounts_or_zones: "accounts" | "zones"; account_or_zone_id: string; service_token_id: string };
        cookie?: never;
      };
      requestBody: { content: { "application/json": { name?: string; duration?: string } } };
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": { success: true; errors: unknown[]; messages: unknown[]; result: ServiceToken };
          };
        };
        "4XX": { headers: { [name: string]: unknown }; content: { "application/json": Failure } };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

export const API: ApiDescription = {
  defaultBaseURL: "https://api.cloudflare.com/client/v4",
  security: [
    [{ option: "apiToken", type: "bearer", name: "Authorization" }],
    [
      { option: "apiEmail", type: "header", name: "X-Auth-Email" },
      { option: "apiKey", type: "header", name: "X-Auth-Key" },
    ],
  ],
  envelope: { result: "result", success: "success", errors: "errors", messages: "messages" },
};

export interface ClientOptions extends BaseClientOptions {
  apiToken?: string | null | undefined;
  apiEmail?: string | null | undefined;
  apiKey?: string | null | undefined;
}

export interface UpdateParams {
  account_id?: string;
  zone_id?: string;
  name?: string;
  duration?: string;
}

// Mirrors the generated client: createRuntime + openapi-fetch, one method per operation.
export function makeClient(options: ClientOptions, api: ApiDescription = API) {
  const runtime = createRuntime(options, api);
  const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });
  return {
    runtime,
    // use/eject and get/post/put/patch/delete, as every generated client has them.
    ...clientExtras(runtime, http),
    update<T = ServiceToken>(serviceTokenId: string, params: UpdateParams, options?: RequestOptions, read: ReadPlan = { unwrap: "result" }): APIPromise<T> {
      const operation = runtime.operation(METHOD);
      const { account_id, zone_id, ...body } = params;
      const scope = operation.pathVariant(params, {
        selector: "accounts_or_zones",
        id: "account_or_zone_id",
        choices: { account_id: "accounts", zone_id: "zones" },
      });
      const path = operation.path<{ accounts_or_zones: "accounts" | "zones"; account_or_zone_id: string; service_token_id: string }>(
        { accounts_or_zones: scope.accounts_or_zones, account_or_zone_id: scope.account_or_zone_id, service_token_id: serviceTokenId },
        { account_or_zone_id: { maxLength: 32 }, service_token_id: { maxLength: 36 } },
      );
      void account_id;
      void zone_id;
      return operation.call<T>((init) => http.PUT(UPDATE, { params: { path }, body, parseAs: "text", ...init }), read, options);
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Active "Timeout" handles in this process (includes other code's timers, so only good for coarse checks).
export const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

// Tracks timers of at least `minDelay` ms (the runtime's request timeouts and retry waits are long; undici's and
// vitest's bookkeeping timers are not) created while installed; live() counts those neither fired nor cleared.
export function trackLongTimers(minDelay = 10_000): { live(): number; restore(): void } {
  const live = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const set = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: unknown = realSet((...a: unknown[]) => {
      live.delete(handle);
      fn(...a);
    }, ms, ...args);
    if ((ms ?? 0) >= minDelay) live.add(handle);
    return handle;
  };
  const clear = (handle: unknown) => {
    live.delete(handle);
    realClear(handle as Parameters<typeof clearTimeout>[0]);
  };
  globalThis.setTimeout = set as unknown as typeof setTimeout;
  globalThis.clearTimeout = clear as typeof clearTimeout;
  return {
    live: () => live.size,
    restore() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

// One PUT of the operation on a fixed path, through `runtime` and an openapi-fetch client the test set up itself
// (with options of its own), as makeClient's update does.
export function putThrough(runtime: Runtime, http: Client<paths>): Promise<unknown> {
  return runtime.operation(METHOD).call(
    (init) => http.PUT(UPDATE, { params: { path: { accounts_or_zones: "zones", account_or_zone_id: "z", service_token_id: "t" } }, body: {}, parseAs: "text", ...init }),
    { unwrap: "result" },
    undefined,
  );
}
