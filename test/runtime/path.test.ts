import { describe, expect, it } from "vitest";
import { checkPathParam, InvalidRequestError, resolvePathVariant, type PathVariant } from "../../src/runtime/index.js";

const M = "zeroTrust.access.serviceTokens.update";
const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};
const message = (fn: () => unknown): string => {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(InvalidRequestError);
  return e.message;
};

describe("checkPathParam", () => {
  it("returns strings unchanged (encoding is openapi-fetch's job) and numbers as strings", () => {
    expect(checkPathParam(M, "id", "a/b c?%")).toBe("a/b c?%");
    expect(checkPathParam(M, "id", "../x")).toBe("../x");
    expect(checkPathParam(M, "id", 42)).toBe("42");
    expect(checkPathParam(M, "id", 0)).toBe("0");
  });

  it.each([
    [undefined, "undefined"],
    [null, "null"],
    [true, "boolean"],
    [{}, "object"],
    [["a"], "object"],
    [NaN, "number"],
    [Infinity, "number"],
    [1n, "bigint"],
  ])("rejects %s", (value, kind) => {
    expect(message(() => checkPathParam(M, "service_token_id", value))).toBe(
      `${M}: path parameter service_token_id must be a string or finite number (got ${kind})`,
    );
  });

  it.each(["", ".", ".."])("rejects %j, which would change the URL's path", (value) => {
    expect(message(() => checkPathParam(M, "service_token_id", value))).toBe(
      `${M}: path parameter service_token_id must not be empty, "." or ".." (got ${JSON.stringify(value)})`,
    );
  });

  it("enforces maxLength and minLength in code points", () => {
    expect(message(() => checkPathParam(M, "service_token_id", "x".repeat(40), { maxLength: 36 }))).toBe(
      `${M}: path parameter service_token_id must be at most 36 characters (got 40)`,
    );
    expect(checkPathParam(M, "id", "x".repeat(36), { maxLength: 36 })).toBe("x".repeat(36));
    expect(() => checkPathParam(M, "id", "x".repeat(37), { maxLength: 36 })).toThrow("at most 36 characters (got 37)");
    expect(checkPathParam(M, "id", "😀😀", { maxLength: 2 })).toBe("😀😀"); // 4 UTF-16 units, 2 code points
    expect(message(() => checkPathParam(M, "id", "ab", { minLength: 3 }))).toBe(`${M}: path parameter id must be at least 3 characters (got 2)`);
    expect(checkPathParam(M, "id", "abc", { minLength: 3, maxLength: 3 })).toBe("abc");
    expect(checkPathParam(M, "id", 12345, { maxLength: 5 })).toBe("12345"); // numbers are measured as their string
  });

  it("enforces enum", () => {
    expect(checkPathParam(M, "kind", "zones", { enum: ["accounts", "zones"] })).toBe("zones");
    expect(message(() => checkPathParam(M, "kind", "users", { enum: ["accounts", "zones"] }))).toBe(
      `${M}: path parameter kind must be one of "accounts", "zones" (got "users")`,
    );
  });

  it("enforces pattern (unanchored, as in JSON Schema), in u mode when possible", () => {
    const uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    expect(checkPathParam(M, "id", "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", { pattern: uuid })).toBe("f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
    expect(message(() => checkPathParam(M, "id", "nope", { pattern: uuid }))).toBe(`${M}: path parameter id must match /${uuid}/ (got "nope")`);
    expect(checkPathParam(M, "id", "xx-abc-yy", { pattern: "abc" })).toBe("xx-abc-yy");
    expect(checkPathParam(M, "id", "é", { pattern: "^\\p{L}$" })).toBe("é"); // needs u mode
    expect(() => checkPathParam(M, "id", "a-b", { pattern: "^\\w+$" })).toThrow(InvalidRequestError);
    expect(() => checkPathParam(M, "id", "a-b", { pattern: "^[\\w\\_]+$" })).toThrow(InvalidRequestError); // legacy-only escape
    expect(checkPathParam(M, "id", "a(b", { pattern: "(" })).toBe("a(b"); // uncompilable: not enforced
  });

  it("echoes at most 40 characters of a bad value", () => {
    const long = `${"a".repeat(39)}${"b".repeat(1000)}`;
    const msg = message(() => checkPathParam(M, "id", long, { enum: ["x"] }));
    expect(msg).toContain(`(got "${"a".repeat(39)}b…")`);
    expect(msg.length).toBeLessThan(200);
  });
});

describe("resolvePathVariant", () => {
  const variant = {
    selector: "accounts_or_zones",
    id: "account_or_zone_id",
    choices: { account_id: "accounts", zone_id: "zones" },
  } as const satisfies PathVariant;

  it("picks the prefix from the id given", () => {
    expect(resolvePathVariant(M, { account_id: "a1", name: "x" }, variant)).toEqual({ accounts_or_zones: "accounts", account_or_zone_id: "a1" });
    expect(resolvePathVariant(M, { zone_id: 7, account_id: undefined }, variant)).toEqual({ accounts_or_zones: "zones", account_or_zone_id: "7" });
  });

  it("types its result from the literal variant", () => {
    const r = resolvePathVariant(M, { zone_id: "z" }, variant);
    const prefix: "accounts" | "zones" = r.accounts_or_zones;
    const id: string = r.account_or_zone_id;
    expect([prefix, id]).toEqual(["zones", "z"]);
  });

  it.each([{}, { account_id: "a", zone_id: "z" }, { account_id: undefined, zone_id: undefined }])("rejects %j", (params) => {
    expect(message(() => resolvePathVariant(M, params, variant))).toBe(`${M}: pass exactly one of account_id or zone_id`);
  });

  it("rejects ids that are not strings or numbers, or would change the path", () => {
    expect(message(() => resolvePathVariant(M, { account_id: null }, variant))).toBe(
      `${M}: path parameter account_id must be a string or finite number (got null)`,
    );
    expect(() => resolvePathVariant(M, { zone_id: ".." }, variant)).toThrow(InvalidRequestError);
  });
});
