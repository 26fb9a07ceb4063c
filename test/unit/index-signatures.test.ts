// widenIndexSignatures: an additionalProperties schema beside declared properties also admits their values, so the
// intersection openapi-typescript writes can be satisfied; open and closed records are left alone.
import { describe, expect, it } from "vitest";
import { widenIndexSignatures } from "../../src/emit/schema/index-signatures.js";
import type { JsonObject } from "../../src/openapi/load.js";

describe("widenIndexSignatures", () => {
  it("makes additionalProperties anyOf itself and each declared property's schema", () => {
    const meta = { type: "object", properties: { interval: { type: "string" } } };
    const series = { type: "array", items: { type: "number" } };
    const schemas: JsonObject = { Result: { type: "object", properties: { meta }, additionalProperties: series } };
    expect(widenIndexSignatures({ components: { schemas } })).toBe(1);
    expect(schemas.Result).toEqual({ type: "object", properties: { meta }, additionalProperties: { anyOf: [series, meta] } });
  });

  it("leaves records without declared properties, and additionalProperties true, {} or false", () => {
    const schemas: JsonObject = {
      Map: { type: "object", additionalProperties: { type: "string" } },
      Open: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true },
      Any: { type: "object", properties: { a: { type: "string" } }, additionalProperties: {} },
      Closed: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
    };
    const before = structuredClone(schemas);
    expect(widenIndexSignatures({ components: { schemas } })).toBe(0);
    expect(schemas).toEqual(before);
  });
});
