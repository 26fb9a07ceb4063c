import { APIPromise, type Begin, type ReadMode, type WithResponse } from "./api-promise.js";
import { authHeaders, type SecurityRequirement } from "./auth.js";
import { readEnv } from "./env.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  errorFromResponse,
  errorMessage,
  InvalidRequestError,
  redact,
  type ErrorContext,
} from "./errors.js";
import { createLog, isLogLevel, type Logger, type LogLevel } from "./log.js";
import { checkPathParam, resolvePathVariant, type PathParamRule, type PathVariant } from "./path.js";
import { isRetryableStatus, retryDelayMs } from "./retry.js";

export interface BaseClientOptions {
  baseURL?: string | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  defaultHeaders?: Readonly<Record<string, string>> | undefined;
  /** How much to log: requests, retries and responses are logged at "debug". Default "warn", or the API's variable. */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default `console`); credentials are redacted from every line. */
  logger?: Logger | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
}

// `T` as an object literal may spell it. TypeScript compares a literal's inherited Object.prototype members with
// optional properties of the same name, so `{ id: "x" }` does not satisfy `{ id: string; constructor?: string }` ("Type
// 'Function' is not assignable to type 'string'"). Here such an optional property also accepts the member every object
// inherits; every other property, and a required one of such a name, is checked as in `T`. The generated client and
// contract tests use it only where a schema has such a property.
export type Literal<T> = T extends readonly unknown[]
  ? { [I in keyof T]: Literal<T[I]> }
  : T extends object
    ? { [K in keyof T]: K extends keyof Object ? (T extends Record<K, unknown> ? Literal<T[K]> : Literal<T[K]> | Object[K]) : Literal<T[K]> }
    : T;

// A copy of a method's params object without a prototype, to destructure it: a spec parameter named like an
// Object.prototype member (`toString`, `constructor`) must be found only when the caller passed it, not inherited
// (which would send `toString=function toString() { [native code] }`).
export function ownParams<T extends object>(params: T | undefined): T {
  return Object.assign(Object.create(null) as T, params);
}

// Property names of the response envelope, e.g. all equal to their keys for Cloudflare.
export interface Envelope {
  result: string;
  success: string;
  errors: string;
  messages: string;
}

export interface ApiDescription {
  defaultBaseURL: string;
  security: readonly SecurityRequirement[];
  envelope?: Envelope | undefined;
  /** Sent as the User-Agent header of every request (defaultHeaders may override it). */
  userAgent?: string | undefined;
  /** The response header that carries the API's request id (e.g. `cf-ray`). */
  requestIdHeader?: string | undefined;
  /** Environment variables that stand in for options the caller leaves undefined: option name → variable name. */
  env?: Readonly<Record<string, string>> | undefined;
}

export interface SendInit {
  signal: AbortSignal;
  headers: Record<string, string>;
  /** The fetch of this attempt (openapi-fetch's per-request `fetch`): it records what was sent, for logs and errors. */
  fetch: (input: Request, ext?: RequestInit) => Promise<Response>;
  /** Set when the caller asked for the Response with its body unread (`asResponse()`). */
  parseAs?: "stream";
  /** Set when the body was prepared by the runtime (an upload): sends it as prepared. */
  bodySerializer?: (body: unknown) => BodyValue;
}

/**
 * How a 2xx body becomes the method's value. `{ unwrap: "result" }`: the JSON envelope's `result` property (the name is
 * the envelope's own); `{ read: "json" }`: the JSON body as it is (both read by openapi-fetch as text and parsed here);
 * `{ read: reader }`: what a reader of src/runtime/read.ts makes of it (text, a Blob, a form), imported only by the
 * functions of the operations that need one, so that a bundle of others has none. `bodiless` lists the 2xx statuses
 * the spec documents with no content: they resolve with undefined even when unwrapping, or reading text or bytes (which
 * otherwise resolve an empty body as "" or an empty Blob).
 */
export type ReadPlan =
  | { readonly unwrap: string; readonly bodiless?: readonly number[] }
  | { readonly read: "json" | Reader; readonly bodiless?: readonly number[] };

/**
 * Reads a 2xx body that is not JSON into the method's value. `bad(what)` makes the APIError for a body that cannot be
 * read: its message is the call, `<status> Response <what>` and the request id.
 */
export type Reader = (outcome: SendOutcome, plan: ReadPlan, bad: (what: string) => APIError) => unknown;

// What openapi-fetch's client.PUT(...) etc. resolve to.
export interface SendOutcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Sends one attempt of a request with openapi-fetch, given the init of that attempt (spread last into its options). */
export type Send = (init: SendInit) => Promise<SendOutcome>;

/** Path values as a method holds them: the spec's type, or a string, which openapi-fetch sends as written either way. */
export type PathValues<P> = { readonly [K in keyof P]: P[K] | string };

/** The rule each path parameter is checked by before any request is sent, where the spec gives one. */
export type PathRules<P> = { readonly [K in keyof P]?: PathParamRule };

/** What fetch accepts as a request body. */
export type BodyValue = NonNullable<RequestInit["body"]>;

/** A request body the runtime made (src/runtime/upload.ts): sent as it is, with its content type when it needs one. */
export interface PreparedBody {
  body: BodyValue;
  contentType?: string | undefined;
}

/** One operation's view of the runtime: what a generated method calls, each helper already knowing the operation's name. */
export interface Operation {
  /** The method's full name, e.g. `zeroTrust.access.serviceTokens.update`: errors name it. */
  readonly name: string;
  /** The selector and id of a merged path (`/{accounts_or_zones}/{account_or_zone_id}/…`) from the one choice given. */
  pathVariant<S extends string, I extends string, C extends string>(params: object, variant: PathVariant<S, I, C>): Record<S, C> & Record<I, string>;
  /**
   * Checks every path value (a string or finite number, not empty, `.` or `..`, well-formed, and within its rule)
   * and returns them as openapi-fetch's path parameters: a string given for a parameter the spec types as a number is
   * sent as written, which is what openapi-fetch does with the number too.
   */
  path<P extends object>(values: PathValues<P>, rules?: PathRules<P>): P;
  /** A body still being made (a stream read, a form built): the first attempt waits for it. */
  prepareBody(ready: Promise<PreparedBody>): void;
  /**
   * Sends the request with auth, timeout and retries, and resolves the 2xx body as `read` says (or rejects with an
   * APIError). A problem pathVariant() or path() found rejects it without sending anything.
   */
  call<T>(send: Send, read: ReadPlan, options: RequestOptions | undefined): APIPromise<T>;
  /** What call() sends, as a function of the read mode: for promises of other shapes (src/runtime/pagination.ts). */
  begin<T>(send: Send, read: ReadPlan, options: RequestOptions | undefined): Begin<T>;
}

export interface Runtime {
  readonly baseURL: string;
  // Both go to createFetchClient(): openapi-fetch builds each request with `Request` and sends it with `fetch`.
  readonly fetch: (input: Request, ext?: RequestInit) => Promise<Response>;
  readonly Request: typeof globalThis.Request;
  /** The helpers for one operation, by its full method name. */
  operation(name: string): Operation;
  /** From now on openapi-fetch builds real Request objects: middleware (client.use) is handed them. */
  exposeRequests(): void;
}

type Run = <T>(operation: RuntimeOperation, send: Send, plan: ReadPlan, options: RequestOptions | undefined, mode: ReadMode) => Promise<WithResponse<T>>;

// The helpers of one operation. A class, so that each call makes one small object and no closures. A problem found
// while the method prepares its request is kept rather than thrown, so that the method still returns its promise:
// call() rejects with the first one, sending nothing. Internal state has private names (#), which minifiers shorten.
class RuntimeOperation implements Operation {
  // Plain fields, not constructor parameter properties: the runtime is copied into generated packages, whose users
  // may compile it with type stripping only.
  readonly name: string;
  readonly #run: Run;
  #problem: unknown;
  body: Promise<PreparedBody> | undefined;

  constructor(name: string, run: Run) {
    this.name = name;
    this.#run = run;
  }

  pathVariant<S extends string, I extends string, C extends string>(params: object, variant: PathVariant<S, I, C>): Record<S, C> & Record<I, string> {
    try {
      return resolvePathVariant(this.name, params, variant);
    } catch (e) {
      this.#problem ??= e;
      // Never sent: call() rejects first.
      return {} as Record<S, C> & Record<I, string>;
    }
  }

  path<P extends object>(values: PathValues<P>, rules?: PathRules<P>): P {
    const checked: Record<string, string> = {};
    try {
      for (const key in values) checked[key] = checkPathParam(this.name, key, values[key], rules?.[key]);
    } catch (e) {
      this.#problem ??= e;
    }
    // Each value is now the string openapi-fetch would make of it: the one cast that lets a string stand for the
    // spec's number (see PathValues).
    return checked as P;
  }

  prepareBody(ready: Promise<PreparedBody>): void {
    // Awaited by run(), unless a problem found first rejects the call: that must not leave this rejection unhandled.
    ready.catch(() => undefined);
    this.body = ready;
  }

  call<T>(send: Send, read: ReadPlan, options: RequestOptions | undefined): APIPromise<T> {
    return new APIPromise(this.begin<T>(send, read, options));
  }

  begin<T>(send: Send, plan: ReadPlan, options: RequestOptions | undefined): Begin<T> {
    return (mode) => (this.#problem !== undefined ? Promise.reject(this.#problem) : this.#run<T>(this, send, plan, options, mode));
  }
}

// setTimeout fires at once for delays above 2^31-1 ms, so longer timeouts are clamped.
const MAX_TIMER = 2_147_483_647;

// Validates a timeout/retry count option; undefined means "use the default".
const count = (name: string, v: unknown, fallback: number): number => {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !(v >= 0 && v < Infinity)) throw new InvalidRequestError(`${name} must be a finite number >= 0`);
  return v;
};

// Copies headers with lower-cased names (so later sources win whatever their case), refusing header injection.
const addHeaders = (into: Record<string, string>, from: Readonly<Record<string, string>> | undefined): Record<string, string> => {
  for (const k in from) {
    const v = from[k] as string;
    if (/[\0\r\n]/.test(v)) throw new InvalidRequestError(`Invalid header ${k}: CR, LF or NUL in value.`);
    into[k.toLowerCase()] = v;
  }
  return into;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

// Everything an error can show: message, stack and its causes' (depth-capped, as cause chains can loop).
const text = (e: unknown, depth = 9): string =>
  e instanceof Error && depth ? `${e.message}${e.stack}${text(e.cause, depth - 1)}` : String(e);

// Shared by every call, so the success path allocates neither these options nor the regex (a literal would make a
// new RegExp object each time it is evaluated; no g flag, so no state is kept between calls).
const ONCE = { once: true } as const;
const JSON_TYPE = /json/i;

// One attempt of one call: what the error messages and log lines say about it. The method and URL are recorded by the
// attempt's fetch, so they are what was sent (after any middleware).
interface Attempt {
  name: string;
  n: number;
  of: number;
  method?: string;
  url?: string;
  requestId?: string | undefined;
}

// `zones.get (GET /client/v4/zones/abc)`: the operation, and the request's method and path (not its query, which may be
// long), as sent.
const where = ({ name, method, url }: Attempt): string => {
  // Nothing sent yet (the attempt's fetch sets both).
  if (!url) return name;
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // A relative base URL (a browser app's "/api") leaves the URL as it is.
  }
  return `${name} (${method} ${path})`;
};

// Waits `ms`, or rejects with `aborted()` as soon as `signal` aborts; the timer never outlives the wait.
const sleep = (ms: number, signal: AbortSignal | undefined, aborted: () => APIError): Promise<void> =>
  new Promise((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    // The signal may have fired while the failed response was being read.
    signal?.aborted ? stop() : signal?.addEventListener("abort", stop, ONCE);
  });

// What openapi-fetch builds each request with when the client sends through the platform's fetch: the URL and init
// it would hand `new Request()`, kept as they are. openapi-fetch 0.17 sends `fetch(new Request(url, init))`, and the
// platform's fetch (undici, in Node) then builds a second Request from the first: it pipes the body through a
// TransformStream and makes the copy follow the first one's AbortSignal (a listener and a FinalizationRegistry
// entry); with our timeout signal on the first Request, that was two such follows. Together that was most of a
// call's cost over plain fetch. Nothing but our own fetch (below) ever sees this object, so fetch(url, init) builds
// the one Request, with our signal on it, and sends what fetch(new Request(url, init)) would: same method, URL,
// headers and body. openapi-fetch 0.17 only constructs it (with the URL as a string), sets on it the init keys it
// lacks (e.g. `signal`), passes it to fetch and reads `method` (a HEAD response has no body to read). Middleware and a
// caller's own fetch are handed a real Request instead (see createRuntime): they may look at anything on it.
class PendingRequest {
  // `declare`: assigned in the constructor, with no class field emitted for them.
  declare readonly url: string;
  declare readonly init: RequestInit | undefined;
  declare readonly method: string;

  constructor(url: string | URL, init?: RequestInit) {
    this.url = String(url);
    this.init = init;
    this.method = (init?.method ?? "GET").toUpperCase();
  }
}

// Creates the engine a generated client runs every operation through: auth, timeouts, retries, errors, unwrapping,
// logging, and the options the environment supplies.
// Generic so that a generated `interface ClientOptions extends BaseClientOptions` is accepted (interfaces have no index signature).
export function createRuntime<O extends object>(options: O & BaseClientOptions, api: ApiDescription): Runtime {
  const fromEnv = (option: string): string | undefined => {
    const name = api.env?.[option];
    return name === undefined ? undefined : readEnv(name);
  };
  const { headers: auth, secrets } = authHeaders(options as Readonly<Record<string, unknown>>, api.security, { read: fromEnv, names: api.env });
  if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) throw new InvalidRequestError('logLevel must be "off", "error", "warn", "info" or "debug"');
  const envLevel = options.logLevel === undefined ? fromEnv("logLevel") : undefined;
  const log = createLog(options.logLevel ?? (isLogLevel(envLevel) ? envLevel : "warn"), options.logger ?? console, secrets);
  if (envLevel !== undefined && !isLogLevel(envLevel)) log("warn", `${api.env?.logLevel} is ${JSON.stringify(envLevel)}, not a log level (off, error, warn, info, debug): logging at "warn".`);
  const timeout = count("timeout", options.timeout, 60_000);
  const maxRetries = count("maxRetries", options.maxRetries, 2);
  const fetch = options.fetch ?? globalThis.fetch;
  // Shared, never mutated, by every request that has no per-call headers.
  const baseHeaders = addHeaders(addHeaders(api.userAgent ? { "user-agent": api.userAgent } : {}, options.defaultHeaders), auth);
  const env = api.envelope;
  const idHeader = api.requestIdHeader;
  // A caller's fetch is handed real Requests from the start; the platform's, PendingRequests until middleware is added.
  let realRequests = options.fetch !== undefined;

  // A cause whose text (or its causes' text) holds a secret is replaced by a redacted copy: a custom fetch may say anything.
  const safeCause = (e: unknown): unknown => {
    const t = text(e);
    return redact(t, secrets) !== t ? new Error(redact(message(e), secrets)) : e;
  };

  const contextOf = (at: Attempt): ErrorContext => ({ secrets, keys: env, request: where(at), requestId: at.requestId });

  // A 2xx response whose body cannot be read as the operation says: `<status> Response <what>`.
  const bad = ({ status, headers }: Response, at: Attempt, what: string): APIError =>
    new APIError(status, errorMessage(`${status} Response ${what}`, contextOf(at)), { headers, requestId: at.requestId });

  const aborted = (at: Attempt) => (): APIError => new APIUserAbortError(undefined, errorMessage("Request was aborted.", contextOf(at)));

  // Turns a 2xx body (text, as openapi-fetch read it) into the caller's value, or throws for invalid JSON,
  // `success: false`, or a missing envelope.
  const settle = ({ response, data }: SendOutcome, plan: ReadPlan, at: Attempt): unknown => {
    const { status, headers } = response;
    // The envelope's property the method resolves to, when it unwraps (and the API has an envelope).
    const unwrap = "unwrap" in plan && env ? plan.unwrap : undefined;
    // An operation that resolves to the envelope's result needs an envelope: no body, or one that is not an
    // object, is a broken response, not an `undefined` result; unless the spec documents that status as bodiless
    // (`204` beside a `200` with the envelope), when the method's type admits undefined.
    if (typeof data !== "string" || !data.trim()) {
      if (unwrap !== undefined && !plan.bodiless?.includes(status)) throw bad(response, at, "has no body; expected the response envelope");
      return undefined;
    }
    // text/plain, */* and friends are handed back as text, unless the operation expects the JSON envelope;
    // JSON (or an unlabelled body) is parsed.
    if (unwrap === undefined) {
      const type = headers.get("content-type");
      if (type && !JSON_TYPE.test(type)) return data;
    }
    let body: unknown;
    try {
      body = JSON.parse(data);
    } catch (e) {
      // Engines quote a piece of the body in this message, maybe a cut-off secret: drop the quote.
      throw bad(response, at, `body is not valid JSON: ${message(e).replace(/"[^]*"/, "…")}`);
    }
    if (!env || !body || typeof body !== "object" || Array.isArray(body)) {
      if (unwrap !== undefined) throw bad(response, at, "body is not a JSON object; expected the response envelope");
      return body;
    }
    const obj = body as Record<string, unknown>;
    if (obj[env.success] === false) throw errorFromResponse(status, headers, body, contextOf(at));
    return unwrap !== undefined ? obj[unwrap] : body;
  };

  // Bound: browsers throw "Illegal invocation" when fetch runs with another `this`.
  const bound = fetch.bind(globalThis);
  const deliver = (input: Request, ext?: RequestInit): Promise<Response> =>
    input instanceof PendingRequest
      ? // openapi-fetch's second argument (its requestInitExt option) is applied over the init, as it would be
        // over a Request.
        bound(input.url, ext ? { ...input.init, ...ext } : input.init)
      : bound(input, ext);
  // The fetch of one attempt: it notes the method and URL sent (middleware may have changed them) and logs them.
  const transport =
    (at: Attempt) =>
    (input: Request, ext?: RequestInit): Promise<Response> => {
      at.method = input.method;
      at.url = input.url;
      if (log.debug) log("debug", `${at.name}: ${at.method} ${at.url} (attempt ${at.n} of ${at.of})`);
      return deliver(input, ext);
    };
  // A constructor openapi-fetch calls with `new`: what it returns is the request (see PendingRequest).
  function RequestFor(input: string | URL, init?: RequestInit): Request | PendingRequest {
    return realRequests ? new Request(input, init) : new PendingRequest(input, init);
  }
  // openapi-fetch checks what onRequest middleware returns with `instanceof` the constructor it was given.
  RequestFor.prototype = Request.prototype;

  return {
    baseURL: options.baseURL ?? fromEnv("baseURL") ?? api.defaultBaseURL,
    fetch: deliver,
    // A cast, as RequestFor is no Request class: see PendingRequest for the little openapi-fetch does with what it builds.
    Request: RequestFor as unknown as typeof globalThis.Request,
    operation: (name) => new RuntimeOperation(name, run),
    exposeRequests: () => {
      realRequests = true;
    },
  };

  // Positional parameters: an object's property names would survive minification, in every consumer's bundle.
  async function run<T>(operation: RuntimeOperation, send: Send, plan: ReadPlan, o: RequestOptions | undefined, mode: ReadMode): Promise<WithResponse<T>> {
    const signal = o?.signal;
    const ms = Math.min(count("timeout", o?.timeout, timeout), MAX_TIMER);
    const retries = count("maxRetries", o?.maxRetries, maxRetries);
    let headers = o?.headers ? addHeaders({ ...baseHeaders }, o.headers) : baseHeaders;
    // An upload is read (a stream into bytes, a form built) once, before the first attempt: every retry sends it again.
    const prepared = operation.body && (await operation.body);
    if (prepared?.contentType) headers = { ...headers, "content-type": prepared.contentType };
    for (let attempt = 0; ; attempt++) {
      // The method and URL are set by the attempt's fetch, the request id by its response.
      const at: Attempt = { name: operation.name, n: attempt + 1, of: retries + 1 };
      if (signal?.aborted) throw aborted(at)();
      const ctl = new AbortController();
      // Only with a caller's signal: most calls pass none and need no listener (nor its closure).
      const onAbort = signal && ((): void => ctl.abort(signal.reason));
      if (onAbort) signal.addEventListener("abort", onAbort, ONCE);
      // Runs until send() settles: openapi-fetch reads the body inside it, so a stalled body times out too.
      const timer = setTimeout(() => ctl.abort(), ms);
      const init: SendInit = { signal: ctl.signal, headers, fetch: transport(at) };
      if (mode === "response") init.parseAs = "stream";
      if (prepared) init.bodySerializer = () => prepared.body;
      const started = log.debug ? Date.now() : 0;
      let error: APIError;
      let reason: string;
      let res: Response | undefined;
      try {
        const out = await send(init);
        const r = (res = out.response);
        at.requestId = (idHeader && r.headers.get(idHeader)) || undefined;
        if (log.debug) log("debug", `${where(at)}: ${r.status} in ${Date.now() - started} ms${at.requestId ? ` [request id ${at.requestId}]` : ""}`);
        if (r.ok) {
          // The Response was asked for with its body unread: there is no value (see APIPromise.asResponse).
          // A reader runs inside the attempt's timeout, so a stalled body times out like any other.
          const data = mode === "response" ? undefined : "unwrap" in plan || plan.read === "json" ? settle(out, plan, at) : await plan.read(out, plan, (what) => bad(r, at, what));
          return { data: data as T, response: r, requestId: at.requestId };
        }
        error = errorFromResponse(r.status, r.headers, out.error, contextOf(at));
        reason = `status ${r.status}`;
      } catch (e) {
        // Our own errors (a bad parameter found while building the request) are final: not retried, not wrapped.
        if (e instanceof APIError || e instanceof InvalidRequestError) throw e;
        if (signal?.aborted) throw aborted(at)();
        // undici says "fetch failed" and keeps the useful part (ECONNREFUSED, DNS, TLS...) in `cause`.
        reason = ctl.signal.aborted ? `Request timed out after ${ms} ms` : `Connection error: ${message(e)}${e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : ""}`;
        error = ctl.signal.aborted
          ? new APIConnectionTimeoutError(undefined, errorMessage(reason, contextOf(at)))
          : new APIConnectionError(undefined, errorMessage(reason, contextOf(at)), { cause: safeCause(e) });
        // In place of the response line: what happened to the attempt.
        if (log.debug) log("debug", `${where(at)}: ${reason}`);
      } finally {
        clearTimeout(timer);
        if (onAbort) signal.removeEventListener("abort", onAbort);
      }
      if (attempt >= retries || (res && !isRetryableStatus(res.status))) throw error;
      const delay = retryDelayMs(attempt, res?.headers);
      if (log.debug) log("debug", `${where(at)}: retrying in ${Math.round(delay)} ms after ${reason} (attempt ${at.n + 1} of ${at.of} next)`);
      await sleep(delay, signal, aborted(at));
    }
  }
}
