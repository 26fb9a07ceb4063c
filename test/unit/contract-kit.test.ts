// The contract kit's schema checker: formats a spec defines for itself are annotations, known ones are enforced.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createSchemaChecker", () => {
  const spec = {
    openapi: "3.0.3",
    components: { schemas: {} },
    media: {
      "0.200": { type: "object", properties: { net: { type: "string", format: "cidr" }, mail: { type: "string", format: "email" } } },
    },
  };

  it("accepts a format of the spec's own without logging, and still enforces a known one", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const check = createSchemaChecker(spec);
    expect(check("0.200", { net: "not a cidr at all", mail: "a@b.example" })).toEqual([]);
    expect(check("0.200", { net: "10.0.0.0/8", mail: "not an address" })).toEqual(['/mail: must match format "email"']);
    expect([...warn.mock.calls, ...log.mock.calls].flat().join("\n")).not.toMatch(/unknown format/);
  });
});
