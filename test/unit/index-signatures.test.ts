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

  it("widens a property schema once, though the anyOf built for its parent holds it too", () => {
    const inner = { type: "object", properties: { n: { type: "integer" } }, additionalProperties: { type: "string" } };
    const schemas: JsonObject = { Outer: { type: "object", properties: { inner }, additionalProperties: { type: "boolean" } } };
    expect(widenIndexSignatures({ components: { schemas } })).toBe(2);
    expect(inner.additionalProperties).toEqual({ anyOf: [{ type: "string" }, { type: "integer" }] });
  });

  it("reaches schemas under a `default` response, and not under an extension", () => {
    const record = () => ({ type: "object", properties: { a: { type: "integer" } }, additionalProperties: { type: "string" } });
    const document: JsonObject = {
      paths: { "/x": { get: { responses: { default: { content: { "application/json": { schema: record() } } } } } } },
      "x-shapes": { Record: record() },
    };
    expect(widenIndexSignatures(document)).toBe(1);
    expect((document["x-shapes"] as JsonObject).Record).toEqual(record());
  });
});
