// The contract kit's schema checker (src/testkit/contract-kit.ts), on its own: what it accepts and what it reports.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createSchemaChecker: formats", () => {
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

describe("createSchemaChecker: properties named like Object.prototype members", () => {
  const schema = { type: "object", required: ["id"], properties: { id: { type: "string" }, constructor: { type: "string" }, toString: { type: "integer" }, hasOwnProperty: { type: "boolean" } } };
  for (const openapi of ["3.0.3", "3.1.0"]) {
    const check = createSchemaChecker({ openapi, components: {}, media: { m: schema } });
    const cases: { given: Record<string, unknown>; want: string[] }[] = [
      { given: { id: "a" }, want: [] },
      { given: { id: "a", constructor: "c", toString: 1, hasOwnProperty: true }, want: [] },
      { given: { id: "a", constructor: 1 }, want: ["/constructor: must be string"] },
      { given: { constructor: "c" }, want: ["/: must have required property 'id'"] },
    ];
    it.each(cases)(`${openapi}: $given gives $want (an absent one is absent, not the inherited member)`, ({ given, want }) => {
      expect(check("m", given)).toEqual(want);
    });
  }
});
