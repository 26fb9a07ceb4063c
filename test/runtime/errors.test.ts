import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  errorFromResponse,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/runtime/index.js";
import { redact } from "../../src/runtime/errors.js";

const h = new Headers({ "x-request-id": "r1" });
const env = (message: string) => ({ success: false, errors: [{ code: 7003, message }], messages: [{ code: 1, message: "m" }], result: null });

describe("errorFromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
    [402, APIError],
    [418, APIError],
    [200, APIError], // success: false on a 200
  ] as const)("maps %i to %s", (status, cls) => {
    const e = errorFromResponse(status, h, env("No route for the URI"));
    expect(e.constructor).toBe(cls);
    expect(e).toBeInstanceOf(APIError);
    expect(e.name).toBe(cls.name);
    expect(e.status).toBe(status);
    expect(e.message).toBe(`${status} No route for the URI (code 7003)`);
    expect(e.headers?.get("x-request-id")).toBe("r1");
    expect(e.errors).toEqual([{ code: 7003, message: "No route for the URI" }]);
    expect(e.messages).toEqual([{ code: 1, message: "m" }]);
  });

  it("names every class after itself, in the stack too", () => {
    const classes = {
      APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
      UnprocessableEntityError, RateLimitError, InternalServerError, APIConnectionError,
      APIConnectionTimeoutError, APIUserAbortError,
    };
    for (const [name, cls] of Object.entries(classes)) {
      const e = new cls(undefined, "boom");
      expect(e.name).toBe(name);
      expect(e.stack?.startsWith(`${name}: boom`)).toBe(true);
      expect(Object.keys(e)).not.toContain("name"); // on the prototype, so it never shows up as data
    }
    const invalid = new InvalidRequestError("bad");
    expect(invalid.name).toBe("InvalidRequestError");
    expect(invalid).not.toBeInstanceOf(APIError);
    expect(new APIConnectionTimeoutError(undefined, "t")).toBeInstanceOf(APIConnectionError);
  });

  it("takes errors/messages only when they are arrays", () => {
    const e = errorFromResponse(400, h, { errors: "nope", messages: { code: 1 } });
    expect(e.errors).toEqual([]);
    expect(e.messages).toEqual([]);
    expect(e.message).toBe('400 {"errors":"nope","messages":{"code":1}}');
  });

  it("falls back to the body when the first error has no message", () => {
    expect(errorFromResponse(400, h, { errors: [{ code: 1 }] }).message).toBe('400 {"errors":[{"code":1}]}');
    expect(errorFromResponse(400, h, { success: false, errors: [], messages: [] }).message).toBe(
      '400 {"success":false,"errors":[],"messages":[]}',
    );
  });

  it("summarises an HTML error page by its title", () => {
    const html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>502</h1></body></html>";
    const e = errorFromResponse(502, h, html);
    expect(e).toBeInstanceOf(InternalServerError);
    expect(e.message).toBe("502 Bad Gateway");
  });

  it("reduces HTML without a title to its text on one line", () => {
    const e = errorFromResponse(503, h, "<html>\n<body>\n<h1>Service\n Unavailable</h1>\n</body></html>");
    expect(e.message).toBe("503 Service Unavailable");
  });

  it("uses a one-line excerpt of at most 200 characters for other bodies", () => {
    const e = errorFromResponse(500, h, `line one\nline two ${"x".repeat(500)}`);
    expect(e.message.startsWith("500 line one line two xxx")).toBe(true);
    expect(e.message).not.toContain("\n");
    expect(e.message.length).toBeLessThanOrEqual(4 + 200);
    expect(e.message.endsWith("…")).toBe(true);
  });

  it.each([undefined, "", "   \n"])("says (no body) for %j", (body) => {
    expect(errorFromResponse(500, h, body).message).toBe("500 (no body)");
  });

  it("shows JSON scalars as they came", () => {
    expect(errorFromResponse(500, h, null).message).toBe("500 null");
    expect(errorFromResponse(500, h, 42).message).toBe("500 42");
  });

  it("redacts secrets from the message, errors and messages (raw and JSON-escaped)", () => {
    const secret = 'sec"ret\\1';
    const body = {
      errors: [{ code: 1, message: `bad token ${secret}`, source: { pointer: secret } }],
      messages: [{ code: 2, message: `x${secret}y` }],
    };
    const e = errorFromResponse(401, h, body, { secrets: [secret] });
    expect(e.message).toBe("401 bad token *** (code 1)");
    expect(e.errors).toEqual([{ code: 1, message: "bad token ***", source: { pointer: "***" } }]);
    expect(e.messages).toEqual([{ code: 2, message: "x***y" }]);
    expect(JSON.stringify(e)).not.toContain("sec");
    // The caller's body is not modified.
    expect(body.errors[0]?.message).toContain(secret);
    const plain = errorFromResponse(500, h, `echo: ${secret}`, { secrets: [secret] });
    expect(plain.message).toBe("500 echo: ***");
    const nonEnvelope = errorFromResponse(500, h, { echo: secret }, { secrets: [secret] });
    expect(nonEnvelope.message).toBe('500 {"echo":"***"}');
  });

  it("redacts a secret with a quote and a backslash however many times it was JSON-escaped", () => {
    const secret = 'sec"ret\\1';
    const once = JSON.stringify({ "x-auth-key": secret });
    const body = { errors: [{ code: 1, message: `headers ${once}` }, { code: 2, message: `headers ${JSON.stringify(once)}` }] };
    const e = errorFromResponse(400, h, body, { secrets: [secret] });
    expect(e.errors.map((x) => x.message)).toEqual(['headers {"x-auth-key":"***"}', 'headers "{\\"x-auth-key\\":\\"***\\"}"']);
    expect(JSON.stringify(e)).not.toContain("sec");
    let deep = secret;
    for (let level = 0; level < 4; level++) deep = JSON.stringify(deep).slice(1, -1);
    expect(redact(`a ${deep} b`, [secret])).toBe("a *** b");
  });

  it("reads custom envelope keys", () => {
    const e = errorFromResponse(404, h, { errs: [{ code: 1, message: "gone" }], notes: [{ code: 2, message: "n" }] }, { keys: { errors: "errs", messages: "notes" } });
    expect(e.message).toBe("404 gone (code 1)");
    expect(e.messages).toEqual([{ code: 2, message: "n" }]);
  });

  it("names the call and the request id, and lists every error message with its code", () => {
    const body = { success: false, errors: [{ code: 7003, message: "No route" }, { code: 9106, message: "Missing X-Auth-Key" }], messages: [], result: null };
    const e = errorFromResponse(404, h, body, { request: "zones.get (GET /client/v4/zones/z1)", requestId: "8c2f-SJC" });
    expect(e.message).toBe("zones.get (GET /client/v4/zones/z1): 404 No route (code 7003); Missing X-Auth-Key (code 9106) [request id 8c2f-SJC]");
    expect(e.requestId).toBe("8c2f-SJC");
  });

  it("says an HTML or text body's own status once", () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    expect(errorFromResponse(502, h, html, { request: "x (PUT /p)" }).message).toBe("x (PUT /p): 502 Bad Gateway");
    expect(errorFromResponse(503, h, "503").message).toBe("503");
    expect(errorFromResponse(500, h, "5000 requests queued").message).toBe("500 5000 requests queued");
  });

  it("redacts the context too", () => {
    const e = errorFromResponse(400, h, "bad", { request: "x (GET /tokens/tok_SeCrEt_1)", secrets: ["tok_SeCrEt_1"] });
    expect(e.message).toBe("x (GET /tokens/***): 400 bad");
  });

  it("serialises to JSON without headers or cause", () => {
    const e = new APIConnectionError(undefined, "Connection error: x", { cause: new Error("inner"), headers: h });
    expect(e.cause).toBeInstanceOf(Error);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: "APIConnectionError", message: "Connection error: x", errors: [], messages: [] });
    const r = errorFromResponse(404, h, env("No route for the URI"), { requestId: "ray-1" });
    expect(Object.keys(JSON.parse(JSON.stringify(r))).sort()).toEqual(["errors", "message", "messages", "name", "requestId", "status"]);
    expect(JSON.stringify(r)).not.toContain("r1");
    expect("cause" in r).toBe(false);
  });
});
