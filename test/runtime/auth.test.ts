import { describe, expect, it } from "vitest";
import { authHeaders, InvalidRequestError, type SecurityRequirement } from "../../src/runtime/index.js";

const token: SecurityRequirement = [{ option: "apiToken", type: "bearer", name: "Authorization" }];
const emailKey: SecurityRequirement = [
  { option: "apiEmail", type: "header", name: "X-Auth-Email" },
  { option: "apiKey", type: "header", name: "X-Auth-Key" },
];
const basic: SecurityRequirement = [{ option: "login", type: "basic", name: "Authorization" }];
const both = [token, emailKey];

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};

describe("authHeaders", () => {
  it("sends a bearer token", () => {
    expect(authHeaders({ apiToken: "t1" }, both)).toEqual({ headers: { Authorization: "Bearer t1" }, secrets: ["t1"] });
  });

  it("sends header credentials together", () => {
    expect(authHeaders({ apiEmail: "a@b.c", apiKey: "k1" }, both)).toEqual({
      headers: { "X-Auth-Email": "a@b.c", "X-Auth-Key": "k1" },
      secrets: ["a@b.c", "k1"],
    });
  });

  it("sends basic credentials base64-encoded, and treats the encoding as a secret too", () => {
    expect(authHeaders({ login: "user:pass" }, [basic])).toEqual({
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
      secrets: ["user:pass", "dXNlcjpwYXNz"],
    });
  });

  it("picks the first satisfied alternative", () => {
    expect(authHeaders({ apiToken: "t1", apiEmail: "a@b.c", apiKey: "k1" }, both).headers).toEqual({ Authorization: "Bearer t1" });
    expect(authHeaders({ apiToken: "t1", apiEmail: "a@b.c", apiKey: "k1" }, [emailKey, token]).headers).toEqual({
      "X-Auth-Email": "a@b.c",
      "X-Auth-Key": "k1",
    });
  });

  it("skips alternatives that are only partly given, and ignores empty or non-string values", () => {
    expect(authHeaders({ apiToken: "", apiEmail: "a@b.c", apiKey: "k1" }, both).headers).toEqual({ "X-Auth-Email": "a@b.c", "X-Auth-Key": "k1" });
    expect(authHeaders({ apiToken: "t1", apiEmail: "a@b.c", apiKey: null }, [emailKey, token]).headers).toEqual({
      Authorization: "Bearer t1",
    });
  });

  it("returns no headers when nothing is required, or when an empty requirement is allowed", () => {
    expect(authHeaders({ apiToken: "t1" }, [])).toEqual({ headers: {}, secrets: [] });
    expect(authHeaders({}, [token, []])).toEqual({ headers: {}, secrets: [] });
  });

  it("names what would satisfy it when nothing does", () => {
    const e = thrown(() => authHeaders({ apiEmail: "a@b.c", apiToken: 42 }, both));
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e.message).toBe("No credentials: pass apiToken, or apiEmail and apiKey.");
  });

  it.each(["t\r\nX-Evil: 1", "t\n", "t\0", "t\x7f", "t\u2028", "t\u20ac"])("rejects %j naming the option, not the value", (bad) => {
    const e = thrown(() => authHeaders({ apiEmail: "a@b.c", apiKey: bad }, both));
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e.message).toContain("apiKey");
    expect(e.message).not.toContain(bad);
    expect(e.message).not.toContain("t\r");
  });

  it("accepts Latin-1 and visible ASCII", () => {
    expect(authHeaders({ apiToken: "ab~ ü" }, both).headers).toEqual({ Authorization: "Bearer ab~ ü" });
    expect(authHeaders({ login: "ü:p" }, [basic]).headers).toEqual({ Authorization: `Basic ${btoa("ü:p")}` });
  });
});
