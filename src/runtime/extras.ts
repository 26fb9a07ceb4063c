import type { Client, Middleware } from "openapi-fetch";
import type { APIPromise } from "./api-promise.js";
import type { RequestOptions, Runtime, SendInit, SendOutcome } from "./client.js";

type Method = "get" | "post" | "put" | "patch" | "delete";

// The operation `paths` documents for a path template and method, else never.
type OperationOf<Paths, P, M extends Method> = P extends keyof Paths ? (M extends keyof Paths[P] ? NonNullable<Paths[P][M]> : never) : never;

// The JSON (else first) content of one response object of openapi-typescript's output.
type ContentOf<R> = R extends { content: { "application/json": infer J } } ? J : R extends { content: infer C } ? C[keyof C] : undefined;

type SuccessOf<O> = O extends { responses: infer R } ? { [S in keyof R]: S extends 200 | 201 | 202 | 203 | 204 | 206 | "2XX" ? ContentOf<R[S]> : never }[keyof R] : unknown;

type Part<O, K extends string> = O extends { parameters: { [key in K]?: infer V } } ? NonNullable<V> : never;

type BodyOf<O> = O extends { requestBody?: infer B } ? ContentOf<NonNullable<B>> : never;

/** What `client.get(path, …)` and its siblings take: request options, plus the request's path values, query and body. */
export interface RawRequestOptions<Path = Readonly<Record<string, string | number>>, Query = Readonly<Record<string, unknown>>, Body = unknown> extends RequestOptions {
  /** Values for the `{name}` placeholders of a path template. */
  path?: Path | undefined;
  query?: Query | undefined;
  /** Sent as JSON. */
  body?: Body | undefined;
}

/** The options of a call to `path`: typed from the spec when it documents the path and method, else loosely. */
export type RawOptions<Paths, P, M extends Method> = [OperationOf<Paths, P, M>] extends [never]
  ? RawRequestOptions
  : RawRequestOptions<Part<OperationOf<Paths, P, M>, "path">, Part<OperationOf<Paths, P, M>, "query">, BodyOf<OperationOf<Paths, P, M>>>;

/** What such a call resolves: the 2xx body as the server sent it, typed from the spec when it documents the path. */
export type RawResult<Paths, P, M extends Method> = [OperationOf<Paths, P, M>] extends [never] ? unknown : SuccessOf<OperationOf<Paths, P, M>>;

// `(string & {})` keeps the spec's paths as suggestions while any string is accepted.
type AnyPath<Paths> = (keyof Paths & string) | (string & {});

/** A call to any endpoint, with the client's auth, retries, timeouts and errors. */
export type RawMethod<Paths, M extends Method> = <P extends AnyPath<Paths>>(path: P, options?: RawOptions<Paths, P, M>) => APIPromise<RawResult<Paths, P, M>>;

/** What every client has beside its API's methods: openapi-fetch's middleware, and calls to any path (the escape hatch). */
export interface ClientExtras<Paths> {
  /** Registers openapi-fetch middleware (onRequest, onResponse, onError) for every request the client sends. */
  use(...middleware: Middleware[]): void;
  /** Removes middleware registered with use(). */
  eject(...middleware: Middleware[]): void;
  get: RawMethod<Paths, "get">;
  post: RawMethod<Paths, "post">;
  put: RawMethod<Paths, "put">;
  patch: RawMethod<Paths, "patch">;
  delete: RawMethod<Paths, "delete">;
}

// openapi-fetch's client, as the escape hatch calls it: with a path the spec may not have, so not through its types.
interface Requester {
  request(method: Method, url: string, init: { params: { path?: unknown; query?: unknown }; body?: unknown; parseAs?: "text" | "stream" }): Promise<SendOutcome>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

// The client members that are not operations: use/eject for middleware, get/post/put/patch/delete for any path.
export function clientExtras<Paths extends {}>(runtime: Runtime, http: Client<Paths>): ClientExtras<Paths> {
  const requester = http as Requester;
  const raw = (method: Method) => {
    const name = `client.${method}`;
    return (path: string, options: RawRequestOptions<unknown, unknown> = {}): APIPromise<unknown> => {
      const send = (init: SendInit) => requester.request(method, path, { params: { path: options.path, query: options.query }, body: options.body, parseAs: "text", ...init });
      return runtime.operation(name).call(send, { read: "json" }, options);
    };
  };
  return {
    use: (...middleware) => {
      // Middleware is handed the Request: openapi-fetch must build real ones from now on.
      runtime.exposeRequests();
      requester.use(...middleware);
    },
    eject: (...middleware) => requester.eject(...middleware),
    get: raw("get") as RawMethod<Paths, "get">,
    post: raw("post") as RawMethod<Paths, "post">,
    put: raw("put") as RawMethod<Paths, "put">,
    patch: raw("patch") as RawMethod<Paths, "patch">,
    delete: raw("delete") as RawMethod<Paths, "delete">,
  };
}
