import type { Reader } from "./client.js";

// The readers of 2xx bodies that are not JSON (the `read` of a ReadPlan). Only the functions of operations that read
// such a body import one, so a bundle of the others carries none of them.

// openapi-fetch reads nothing for a 204 or a `content-length: 0`: that is an empty text or Blob (the method's type
// promises one), unless the spec documents the status as bodiless.

/** The body as a string (openapi-fetch's parseAs "text"). */
export const readText: Reader = ({ response, data }, { bodiless }) => data ?? (bodiless?.includes(response.status) ? undefined : "");

/** The body's bytes as a Blob (openapi-fetch's parseAs "blob"). */
export const readBlob: Reader = ({ response, data }, { bodiless }) =>
  data ?? (bodiless?.includes(response.status) ? undefined : new Blob([], { type: response.headers.get("content-type") ?? "" }));

/**
 * The body parsed as multipart/form-data or urlencoded. openapi-fetch has no FormData reader, so it leaves the body
 * unread (parseAs "stream") and it is read here, inside the attempt's timeout: a stalled body times out like any other.
 */
export const readForm: Reader = async ({ response, data }, { bodiless }, bad) => {
  if (data === undefined || data === null) return bodiless?.includes(response.status) ? undefined : new FormData();
  try {
    return await response.formData();
  } catch (e) {
    // An abort (timeout, caller's signal) is not a bad body: let the runtime report it as such.
    if (e instanceof Error && e.name === "AbortError") throw e;
    // The parser's own message is left out, as a JSON parser's is: it might quote a piece of the body.
    throw bad(`body is not a form (content-type: ${response.headers.get("content-type") ?? "none"})`);
  }
};
