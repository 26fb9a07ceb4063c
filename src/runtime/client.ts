import { authHeaders, type SecurityRequirement } from "./auth.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  errorFromResponse,
  InvalidRequestError,
  redact,
} from "./errors.js";
import { checkPathParam, resolvePathVariant, type PathParamRule, type PathVariant } from "./path.js";
import { isRetryableStatus, retryDelayMs } from "./retry.js";

export interface BaseClientOptions {
  baseURL?: string | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  defaultHeaders?: Readonly<Record<string, string>> | undefined;
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
}

export interface SendInit {
  signal: AbortSignal;
  headers: Record<string, string>;
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

/** Sends one attempt of a request with openapi-fetch, given the signal and headers of that attempt. */
export type Send = (init: SendInit) => Promise<SendOutcome>;

/** Path values as a method holds them: the spec's type, or a string, which openapi-fetch sends as written either way. */
export type PathValues<P> = { readonly [K in keyof P]: P[K] | string };

/** The rule each path parameter is checked by before any request is sent, where the spec gives one. */
export type PathRules<P> = { readonly [K in keyof P]?: PathParamRule };

/** One operation's view of the runtime: what a generated method calls, each helper already knowing the operation's name. */
export interface Operation {
  /** The method's full name, e.g. `zeroTrust.access.serviceTokens.update`: errors thrown before sending name it. */
  readonly name: string;
  /** The selector and id of a merged path (`/{accounts_or_zones}/{account_or_zone_id}/…`) from the one choice given. */
  pathVariant<S extends string, I extends string, C extends string>(params: object, variant: PathVariant<S, I, C>): Record<S, C> & Record<I, string>;
  /**
   * Checks every path value (a string or finite number, not empty, `.` or `..`, well-formed, and within its rule)
   * and returns them as openapi-fetch's path parameters: a string given for a parameter the spec types as a number is
   * sent as written, which is what openapi-fetch does with the number too.
   */
  path<P extends object>(values: PathValues<P>, rules?: PathRules<P>): P;
  /** Sends the request with auth, timeout and retries, and resolves the 2xx body as `read` says (or throws an APIError). */
  call<T>(send: Send, read: ReadPlan, options: RequestOptions | undefined): Promise<T>;
}

export interface Runtime {
  readonly baseURL: string;
  // Both go to createFetchClient(): openapi-fetch builds each request with `Request` and sends it with `fetch`.
  readonly fetch: typeof globalThis.fetch;
  readonly Request: typeof globalThis.Request;
  /** The helpers for one operation, by its full method name. */
  operation(name: string): Operation;
}

// The helpers of one operation. A class, so that each call makes one small object and no closures.
class RuntimeOperation implements Operation {
  // Plain fields, not constructor parameter properties: the runtime is copied into generated packages, whose users
  // may compile it with type stripping only.
  readonly name: string;
  private readonly run: <T>(send: Send, read: ReadPlan, options: RequestOptions | undefined) => Promise<T>;

  constructor(name: string, run: <T>(send: Send, read: ReadPlan, options: RequestOptions | undefined) => Promise<T>) {
    this.name = name;
    this.run = run;
  }

  pathVariant<S extends string, I extends string, C extends string>(params: object, variant: PathVariant<S, I, C>): Record<S, C> & Record<I, string> {
    return resolvePathVariant(this.name, params, variant);
  }

  path<P extends object>(values: PathValues<P>, rules?: PathRules<P>): P {
    const checked: Record<string, string> = {};
    for (const key in values) checked[key] = checkPathParam(this.name, key, values[key], rules?.[key]);
    // Each value is now the string openapi-fetch would make of it: the one cast that lets a string stand for the
    // spec's number (see PathValues).
    return checked as P;
  }

  call<T>(send: Send, read: ReadPlan, options: RequestOptions | undefined): Promise<T> {
    return this.run<T>(send, read, options);
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

const aborted = (): APIUserAbortError => new APIUserAbortError(undefined, "Request was aborted.");

// Shared by every call, so the success path allocates neither these options nor the regex (a literal would make a
// new RegExp object each time it is evaluated; no g flag, so no state is kept between calls).
const ONCE = { once: true } as const;
const JSON_TYPE = /json/i;

// A 2xx whose body cannot be the envelope of an operation that resolves to the envelope's result. Out of line, so a
// response that is fine makes no closure for it.
const notEnvelope = (status: number, headers: Headers, what: string): APIError =>
  new APIError(status, `${status} Response ${what}; expected the response envelope`, { headers });

// A 2xx text or Blob, as openapi-fetch read it. openapi-fetch reads nothing for a 204 or a `content-length: 0`: that is
// an empty text or Blob (the method's type promises one), unless the spec documents the status as bodiless.
const readOther = ({ response, data }: SendOutcome, read: "text" | "blob", { bodiless }: ReadPlan): unknown => {
  if (data !== undefined && data !== null) return data;
  if (bodiless?.includes(response.status)) return undefined;
  return read === "text" ? "" : new Blob([], { type: response.headers.get("content-type") ?? "" });
};

// A 2xx form, read here: openapi-fetch left the body unread (parseAs "stream"). It runs inside call()'s timeout, so a
// stalled body times out like any other.
const readForm = async ({ response: res, data }: SendOutcome, { bodiless }: ReadPlan): Promise<FormData | undefined> => {
  if (data === undefined || data === null) return bodiless?.includes(res.status) ? undefined : new FormData();
  try {
    return await res.formData();
  } catch (e) {
    // An abort (timeout, caller's signal) is not a bad body: let call() report it as such.
    if (e instanceof Error && e.name === "AbortError") throw e;
    // The parser's own message is left out, as a JSON parser's is: it might quote a piece of the body.
    throw new APIError(res.status, `${res.status} Response body is not a form (content-type: ${res.headers.get("content-type") ?? "none"})`, { headers: res.headers });
  }
};

// Waits `ms`, or rejects with APIUserAbortError as soon as `signal` aborts; the timer never outlives the wait.
const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
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

// What openapi-fetch builds each request with when the client sends through the platform's fetch: the URL and init
// it would hand `new Request()`, kept as they are. openapi-fetch 0.17 sends `fetch(new Request(url, init))`, and the
// platform's fetch (undici, in Node) then builds a second Request from the first: it pipes the body through a
// TransformStream and makes the copy follow the first one's AbortSignal (a listener and a FinalizationRegistry
// entry); with our timeout signal on the first Request, that was two such follows. Together that was most of a
// call's cost over plain fetch. Nothing but our own fetch (below) ever sees this object, so fetch(url, init) builds
// the one Request, with our signal on it, and sends what fetch(new Request(url, init)) would: same method, URL,
// headers and body. openapi-fetch 0.17 only constructs it, sets on it the init keys it lacks (e.g. `signal`), passes
// it to fetch and reads `method`; middleware would be handed it too, but generated clients register none. A caller's
// own fetch is handed a real Request instead (see createRuntime): it may look at anything on it.
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
}

// Creates the engine a generated client runs every operation through: auth, timeouts, retries, errors, unwrapping.
// Generic so that a generated `interface ClientOptions extends BaseClientOptions` is accepted (interfaces have no index signature).
export function createRuntime<O extends object>(options: O & BaseClientOptions, api: ApiDescription): Runtime {
  const { headers: auth, secrets } = authHeaders(options as Readonly<Record<string, unknown>>, api.security);
  const timeout = count("timeout", options.timeout, 60_000);
  const maxRetries = count("maxRetries", options.maxRetries, 2);
  const fetch = options.fetch ?? globalThis.fetch;
  // Shared, never mutated, by every request that has no per-call headers.
  const baseHeaders = addHeaders(addHeaders({}, options.defaultHeaders), auth);
  const env = api.envelope;

  // A cause whose text (or its causes' text) holds a secret is replaced by a redacted copy: a custom fetch may say anything.
  const safeCause = (e: unknown): unknown => {
    const t = text(e);
    return redact(t, secrets) !== t ? new Error(redact(message(e), secrets)) : e;
  };

  // Turns a 2xx body (text, as openapi-fetch read it) into the caller's value, or throws for invalid JSON,
  // `success: false`, or a missing envelope.
  const settle = ({ response, data }: SendOutcome, plan: ReadPlan): unknown => {
    const { status, headers } = response;
    // The envelope's property the method resolves to, when it unwraps (and the API has an envelope).
    const unwrap = "unwrap" in plan && env ? plan.unwrap : undefined;
    // An operation that resolves to the envelope's result needs an envelope: no body, or one that is not an
    // object, is a broken response, not an `undefined` result; unless the spec documents that status as bodiless
    // (`204` beside a `200` with the envelope), when the method's type admits undefined.
    if (typeof data !== "string" || !data.trim()) {
      if (unwrap !== undefined && !plan.bodiless?.includes(status)) throw notEnvelope(status, headers, "has no body");
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
      throw new APIError(status, redact(`${status} Response body is not valid JSON: ${why}`, secrets), { headers });
    }
    if (!env || !body || typeof body !== "object" || Array.isArray(body)) {
      if (unwrap !== undefined) throw notEnvelope(status, headers, "body is not a JSON object");
      return body;
    }
    const obj = body as Record<string, unknown>;
    if (obj[env.success] === false) throw errorFromResponse(status, headers, body, secrets, env);
    return unwrap !== undefined ? obj[unwrap] : body;
  };

  // Bound: browsers throw "Illegal invocation" when fetch runs with another `this`.
  const bound = fetch.bind(globalThis);

  return {
    baseURL: options.baseURL ?? api.defaultBaseURL,
    fetch: options.fetch
      ? bound
      : (input, ext) =>
          input instanceof PendingRequest
            ? // openapi-fetch's second argument (its requestInitExt option) is applied over the init, as it would be
              // over a Request.
              bound(input.input, ext ? { ...input.init, ...ext } : input.init)
            : bound(input, ext),
    // A cast, as PendingRequest is no Request: see its comment for the little openapi-fetch does with it.
    Request: options.fetch ? globalThis.Request : (PendingRequest as unknown as typeof globalThis.Request),
    operation: (name) => new RuntimeOperation(name, call),
  };

  async function call<T>(send: Send, plan: ReadPlan, o: RequestOptions | undefined): Promise<T> {
    const signal = o?.signal;
    const ms = Math.min(count("timeout", o?.timeout, timeout), MAX_TIMER);
    const retries = count("maxRetries", o?.maxRetries, maxRetries);
    const headers = o?.headers ? addHeaders({ ...baseHeaders }, o.headers) : baseHeaders;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw aborted();
      const ctl = new AbortController();
      // Only with a caller's signal: most calls pass none and need no listener (nor its closure).
      const onAbort = signal && ((): void => ctl.abort(signal.reason));
      if (onAbort) signal.addEventListener("abort", onAbort, ONCE);
      // Runs until send() settles: openapi-fetch reads the body inside it, so a stalled body times out too.
      const timer = setTimeout(() => ctl.abort(), ms);
      let error: APIError;
      let res: Response | undefined;
      try {
        const out = await send({ signal: ctl.signal, headers });
        res = out.response;
        if (res.ok) {
          if ("unwrap" in plan || plan.read === "json") return settle(out, plan) as T;
          return (plan.read === "formData" ? await readForm(out, plan) : readOther(out, plan.read, plan)) as T;
        }
        error = errorFromResponse(res.status, res.headers, out.error, secrets, env);
      } catch (e) {
        // Our own errors (a bad parameter found while building the request) are final: not retried, not wrapped.
        if (e instanceof APIError || e instanceof InvalidRequestError) throw e;
        if (signal?.aborted) throw aborted();
        error = ctl.signal.aborted
          ? new APIConnectionTimeoutError(undefined, `Request timed out after ${ms} ms`)
          : // undici says "fetch failed" and keeps the useful part (ECONNREFUSED, DNS, TLS...) in `cause`.
            new APIConnectionError(
              undefined,
              redact(`Connection error: ${message(e)}${e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : ""}`, secrets),
              { cause: safeCause(e) },
            );
      } finally {
        clearTimeout(timer);
        if (onAbort) signal.removeEventListener("abort", onAbort);
      }
      if (attempt >= retries || (res && !isRetryableStatus(res.status))) throw error;
      await sleep(retryDelayMs(attempt, res?.headers), signal);
    }
  }
}
