import { InvalidRequestError } from "./errors.js";

/** What `.withResponse()` resolves: the method's value, the Response it was read from, and the response's request id. */
export interface WithResponse<T> {
  data: T;
  response: Response;
  requestId: string | undefined;
}

/** How a call treats a 2xx body: "data" reads it into the method's value; "response" leaves it unread for the caller. */
export type ReadMode = "data" | "response";

/** Sends the request (once) and settles it in the given mode. */
export type Begin<T> = (mode: ReadMode) => Promise<WithResponse<T>>;

const valueOf = <T>(outcome: WithResponse<T>): T => outcome.data;

/**
 * What every method returns: a promise of its value that can also give the raw response, as the official SDK's
 * APIPromise does. `.withResponse()` resolves the value with the Response and its request id; `.asResponse()` resolves
 * the Response alone, its body unread (the request is then sent without reading it, so call it on the method's result
 * directly, not after awaiting it).
 */
export class APIPromise<T> extends Promise<T> {
  // Private names (#), not TypeScript's `private`: minifiers shorten them, and no one outside can reach them. Plain
  // fields, not constructor parameter properties: the runtime is copied into generated packages, whose users may
  // compile it with type stripping only.
  readonly #begin: Begin<T>;
  #started: Promise<WithResponse<T>> | undefined;
  #mode: ReadMode | undefined;
  #value: Promise<T> | undefined;

  constructor(begin: Begin<T>) {
    // The promise this class extends is never used: then/catch/finally below read `#started` instead.
    super((resolve) => resolve(undefined as T));
    this.#begin = begin;
    // Sent in the next microtask rather than at once, so that `.asResponse()` chained on the method's result can
    // still ask for the body unread; and sent even if nothing awaits it, as a plain promise's work would be.
    queueMicrotask(() => void this.#start("data"));
  }

  // The outcome in `mode`, sending the request in that mode if it has not been sent yet.
  #start(mode: ReadMode): Promise<WithResponse<T>> {
    if (!this.#started) {
      this.#mode = mode;
      this.#started = this.#begin(mode);
    }
    return this.#started;
  }

  // The outcome, which must have been asked for in `mode`: a body read for the value cannot be handed back unread.
  #outcome(mode: ReadMode): Promise<WithResponse<T>> {
    const started = this.#start(mode);
    if (this.#mode === mode) return started;
    const hint = mode === "response" ? "call .asResponse() on the method's result before awaiting it" : "read the Response .asResponse() resolved";
    return Promise.reject(new InvalidRequestError(`The response was already taken as ${this.#mode === "data" ? "a value" : "a raw Response"}: ${hint}.`));
  }

  /** The method's value with the Response it came in (its body already read) and the response's request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#outcome("data");
  }

  /** The Response as it arrived, its body unread; non-2xx statuses still reject with an APIError. */
  asResponse(): Promise<Response> {
    return this.#outcome("response").then((outcome) => outcome.response);
  }

  override then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.#value ??= this.#outcome("data").then(valueOf);
    return this.#value.then(onfulfilled, onrejected);
  }

  override catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
}
