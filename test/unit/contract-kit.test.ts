// The contract kit's schema checker (src/testkit/contract-kit.ts), on its own: what it accepts and what it reports.
import { describe, expect, it } from "vitest";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";

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
