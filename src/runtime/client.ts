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
 * `{ read: "text" }`: the body as a string (parseAs "text"); `{ read: "blob" }`: its bytes as a Blob (parseAs "blob");
 * `{ read: "formData" }`: parsed as multipart/form-data or urlencoded (parseAs "stream", read here). `bodiless` lists the
 * 2xx statuses the spec documents with no content: they resolve with undefined even when unwrapping, or reading text or
 * bytes (which otherwise resolve an empty body as "" or an empty Blob).
 */
export type ReadPlan =
  | { readonly unwrap: string; readonly bodiless?: readonly number[] }
  | { readonly read: "json" | "text" | "blob" | "formData"; readonly bodiless?: readonly number[] };

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

interface RunInput {
  operation: RuntimeOperation;
  send: Send;
  plan: ReadPlan;
  options: RequestOptions | undefined;
  mode: ReadMode;
}

type Run = <T>(input: RunInput) => Promise<WithResponse<T>>;

// The helpers of one operation. A class, so that each call makes one small object and no closures. A problem found
// while the method prepares its request is kept rather than thrown, so that the method still returns its promise:
// call() rejects with the first one, sending nothing.
class RuntimeOperation implements Operation {
  // Plain fields, not constructor parameter properties: the runtime is copied into generated packages, whose users
  // may compile it with type stripping only.
  readonly name: string;
  private readonly run: Run;
  private problem: unknown;
  body: Promise<PreparedBody> | undefined;

  constructor(name: string, run: Run) {
    this.name = name;
    this.run = run;
  }

  pathVariant<S extends string, I extends string, C extends string>(params: object, variant: PathVariant<S, I, C>): Record<S, C> & Record<I, string> {
    try {
      return resolvePathVariant(this.name, params, variant);
    } catch (e) {
      this.problem ??= e;
      // Never sent: call() rejects first.
      return {} as Record<S, C> & Record<I, string>;
    }
  }

  path<P extends object>(values: PathValues<P>, rules?: PathRules<P>): P {
    const checked: Record<string, string> = {};
    try {
      for (const key in values) checked[key] = checkPathParam(this.name, key, values[key], rules?.[key]);
    } catch (e) {
      this.problem ??= e;
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
    return (mode) => (this.problem !== undefined ? Promise.reject(this.problem) : this.run<T>({ operation: this, send, plan, options, mode }));
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
  method: string;
  url: string;
  requestId: string | undefined;
}

// `zones.get (GET /client/v4/zones/abc)`: the operation, and the request's method and path (not its query, which may be
// long), as sent.
const where = ({ name, method, url }: Attempt): string => {
  if (!method) return name;
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // A relative base URL (a browser app's "/api") leaves the URL as it is.
  }
  return `${name} (${method} ${path})`;
};

// Waits `ms`, or rejects with APIUserAbortError as soon as `signal` aborts; the timer never outlives the wait.
const sleep = (ms: number, { signal, aborted }: { signal: AbortSignal | undefined; aborted: () => APIError }): Promise<void> =>
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
    signal?.aborted ? stop() : signal?.addEventListener("abort", stop, { once: true });
  });

// A 2xx text or Blob, as openapi-fetch read it. openapi-fetch reads nothing for a 204 or a `content-length: 0`: that is
// an empty text or Blob (the method's type promises one), unless the spec documents the status as bodiless.
const readOther = ({ response, data }: SendOutcome, read: "text" | "blob", { bodiless }: ReadPlan): unknown => {
  if (data !== undefined && data !== null) return data;
  if (bodiless?.includes(response.status)) return undefined;
  return read === "text" ? "" : new Blob([], { type: response.headers.get("content-type") ?? "" });
};

// What openapi-fetch builds each request with when the client sends through the platform's fetch: the URL and init
// it would hand `new Request()`, kept as they are. openapi-fetch 0.17 sends `fetch(new Request(url, init))`, and the
// platform's fetch (undici, in Node) then builds a second Request from the first: it pipes the body through a
// TransformStream and makes the copy follow the first one's AbortSignal (a listener and a FinalizationRegistry
// entry); with our timeout signal on the first Request, that was two such follows. Together that was most of a
// call's cost over plain fetch. Nothing but our own fetch (below) ever sees this object, so fetch(url, init) builds
// the one Request, with our signal on it, and sends what fetch(new Request(url, init)) would: same method, URL,
// headers and body. openapi-fetch 0.17 only constructs it, sets on it the init keys it lacks (e.g. `signal`), passes
// it to fetch and reads `method`. Middleware and a caller's own fetch are handed a real Request instead (see
// createRuntime): they may look at anything on it.
class PendingRequest {
  // Plain fields, not constructor parameter properties: the runtime is copied into generated packages, whose users
  // may compile it with type stripping only.
  readonly input: string | URL | Request;
  readonly init: RequestInit | undefined;

  constructor(input: string | URL | Request, init?: RequestInit) {
    this.input = input;
    this.init = init;
  }

  // openapi-fetch reads it after the response arrives (a HEAD response has no body to read).
  get method(): string {
    return (this.init?.method ?? "GET").toUpperCase();
  }

  get url(): string {
    const input = this.input;
    return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  }
}

// The caller's credentials, or, when they satisfy no security requirement, the same options with those left
// undefined read from the API's environment variables (an explicit `null` keeps a variable out). Throws, naming both
// the options and the variables, when neither satisfies one.
function credentialsOf({ given, api: { security, env }, fromEnv }: { given: Readonly<Record<string, unknown>>; api: ApiDescription; fromEnv: (option: string) => string | undefined }): Readonly<Record<string, unknown>> {
  const satisfied = (o: Readonly<Record<string, unknown>>): boolean =>
    security.length === 0 || security.some((r) => r.every((s) => typeof o[s.option] === "string" && o[s.option] !== ""));
  if (satisfied(given)) return given;
  const filled: Record<string, unknown> = { ...given };
  for (const requirement of security) for (const { option } of requirement) if (filled[option] === undefined) filled[option] = fromEnv(option);
  if (satisfied(filled)) return filled;
  const named = (name: (option: string) => string | undefined): string =>
    security
      .filter((r) => r.length > 0 && r.every((s) => name(s.option)))
      .map((r) => r.map((s) => name(s.option)).join(" and "))
      .join(", or ");
  const variables = env ? named((option) => env[option]) : "";
  throw new InvalidRequestError(`No credentials: pass ${named((option) => option)}${variables ? `, or set ${variables}` : ""}.`);
}

// Creates the engine a generated client runs every operation through: auth, timeouts, retries, errors, unwrapping,
// logging, and the options the environment supplies.
// Generic so that a generated `interface ClientOptions extends BaseClientOptions` is accepted (interfaces have no index signature).
export function createRuntime<O extends object>(options: O & BaseClientOptions, api: ApiDescription): Runtime {
  const fromEnv = (option: string): string | undefined => {
    const name = api.env?.[option];
    return name === undefined ? undefined : readEnv(name);
  };
  const { headers: auth, secrets } = authHeaders(credentialsOf({ given: options as Readonly<Record<string, unknown>>, api, fromEnv }), api.security);
  if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) throw new InvalidRequestError('logLevel must be "off", "error", "warn", "info" or "debug"');
  const envLevel = options.logLevel === undefined ? fromEnv("logLevel") : undefined;
  const log = createLog({ level: options.logLevel ?? (isLogLevel(envLevel) ? envLevel : "warn"), logger: options.logger ?? console, secrets });
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

  // A 2xx whose body cannot be the envelope of an operation that resolves to the envelope's result.
  const notEnvelope = ({ response: res }: SendOutcome, { what, at }: { what: string; at: Attempt }): APIError =>
    new APIError(res.status, errorMessage(`${res.status} Response ${what}; expected the response envelope`, contextOf(at)), { headers: res.headers, requestId: at.requestId });

  const aborted = (at: Attempt) => (): APIError => new APIUserAbortError(undefined, errorMessage("Request was aborted.", contextOf(at)));

  // Turns a 2xx body (text, as openapi-fetch read it) into the caller's value, or throws for invalid JSON,
  // `success: false`, or a missing envelope.
  const settle = (out: SendOutcome, { plan, at }: { plan: ReadPlan; at: Attempt }): unknown => {
    const { response, data } = out;
    const { status, headers } = response;
    // The envelope's property the method resolves to, when it unwraps (and the API has an envelope).
    const unwrap = "unwrap" in plan && env ? plan.unwrap : undefined;
    // An operation that resolves to the envelope's result needs an envelope: no body, or one that is not an
    // object, is a broken response, not an `undefined` result; unless the spec documents that status as bodiless
    // (`204` beside a `200` with the envelope), when the method's type admits undefined.
    if (typeof data !== "string" || !data.trim()) {
      if (unwrap !== undefined && !plan.bodiless?.includes(status)) throw notEnvelope(out, { what: "has no body", at });
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
      const why = message(e).replace(/"[^]*"/, "…");
      throw new APIError(status, errorMessage(`${status} Response body is not valid JSON: ${why}`, contextOf(at)), { headers, requestId: at.requestId });
    }
    if (!env || !body || typeof body !== "object" || Array.isArray(body)) {
      if (unwrap !== undefined) throw notEnvelope(out, { what: "body is not a JSON object", at });
      return body;
    }
    const obj = body as Record<string, unknown>;
    if (obj[env.success] === false) throw errorFromResponse(status, headers, body, contextOf(at));
    return unwrap !== undefined ? obj[unwrap] : body;
  };

  // A 2xx form, read here: openapi-fetch left the body unread (parseAs "stream"). It runs inside run()'s timeout, so a
  // stalled body times out like any other.
  const readForm = async ({ response: res, data }: SendOutcome, { plan: { bodiless }, at }: { plan: ReadPlan; at: Attempt }): Promise<FormData | undefined> => {
    if (data === undefined || data === null) return bodiless?.includes(res.status) ? undefined : new FormData();
    try {
      return await res.formData();
    } catch (e) {
      // An abort (timeout, caller's signal) is not a bad body: let run() report it as such.
      if (e instanceof Error && e.name === "AbortError") throw e;
      // The parser's own message is left out, as a JSON parser's is: it might quote a piece of the body.
      throw new APIError(res.status, errorMessage(`${res.status} Response body is not a form (content-type: ${res.headers.get("content-type") ?? "none"})`, contextOf(at)), { headers: res.headers, requestId: at.requestId });
    }
  };

  // Bound: browsers throw "Illegal invocation" when fetch runs with another `this`.
  const bound = fetch.bind(globalThis);
  const deliver = (input: Request, ext?: RequestInit): Promise<Response> =>
    input instanceof PendingRequest
      ? // openapi-fetch's second argument (its requestInitExt option) is applied over the init, as it would be
        // over a Request.
        bound(input.input, ext ? { ...input.init, ...ext } : input.init)
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
  function RequestFor(input: string | URL | Request, init?: RequestInit): Request | PendingRequest {
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

  async function run<T>({ operation, send, plan, options: o, mode }: RunInput): Promise<WithResponse<T>> {
    const signal = o?.signal;
    const ms = Math.min(count("timeout", o?.timeout, timeout), MAX_TIMER);
    const retries = count("maxRetries", o?.maxRetries, maxRetries);
    let headers = o?.headers ? addHeaders({ ...baseHeaders }, o.headers) : baseHeaders;
    // An upload is read (a stream into bytes, a form built) once, before the first attempt: every retry sends it again.
    const prepared = operation.body && (await operation.body);
    if (prepared?.contentType) headers = { ...headers, "content-type": prepared.contentType };
    for (let attempt = 0; ; attempt++) {
      const at: Attempt = { name: operation.name, n: attempt + 1, of: retries + 1, method: "", url: "", requestId: undefined };
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
        res = out.response;
        at.requestId = (idHeader && res.headers.get(idHeader)) || undefined;
        if (log.debug) log("debug", `${where(at)}: ${res.status} in ${Date.now() - started} ms${at.requestId ? ` [request id ${at.requestId}]` : ""}`);
        if (res.ok) {
          // The Response was asked for with its body unread: there is no value (see APIPromise.asResponse).
          if (mode === "response") return { data: undefined as T, response: res, requestId: at.requestId };
          const data = "unwrap" in plan || plan.read === "json" ? settle(out, { plan, at }) : plan.read === "formData" ? await readForm(out, { plan, at }) : readOther(out, plan.read, plan);
          return { data: data as T, response: res, requestId: at.requestId };
        }
        error = errorFromResponse(res.status, res.headers, out.error, contextOf(at));
        reason = `status ${res.status}`;
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
      await sleep(delay, { signal, aborted: aborted(at) });
    }
  }
}

