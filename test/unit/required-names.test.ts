// declareRequiredNames: a required name that no property declares is declared as any value in the copy handed to
// openapi-typescript, so the type has it; data (examples, defaults) and open records are left alone.
import { describe, expect, it } from "vitest";
import { declareRequiredNames } from "../../src/emit/schema/required-names.js";
import type { JsonObject } from "../../src/openapi/load.js";

const envelope = (): JsonObject => ({ type: "object", required: ["success", "result"], properties: { result: { type: "string" } } });

describe("declareRequiredNames", () => {
  it("declares a required name that the schema's properties leave out, and counts it", () => {
    const document: JsonObject = { components: { schemas: { Envelope: envelope() } } };
    expect(declareRequiredNames(document)).toBe(1);
    expect(((document.components as JsonObject).schemas as JsonObject).Envelope).toMatchObject({ properties: { success: {}, result: { type: "string" } } });
  });

  it("reaches schemas under a response keyed `default` and a property named `example`", () => {
    const document: JsonObject = {
      paths: { "/x": { get: { responses: { default: { content: { "application/json": { schema: envelope() } } } } } } },
      components: { schemas: { Holder: { type: "object", properties: { example: envelope() } } } },
    };
    expect(declareRequiredNames(document)).toBe(2);
    expect(JSON.stringify(document).match(/"success":\{\}/g)).toHaveLength(2);
  });

  it("leaves examples, defaults, enums, extensions and schemas that declare no properties as they are", () => {
    const data = { type: "object", required: ["a"], properties: { b: {} } };
    const document: JsonObject = {
      components: {
        schemas: {
          Open: { type: "object", required: ["a"] },
          Branches: { anyOf: [{ required: ["a"] }, { required: ["b"] }], properties: { a: { type: "string" }, b: { type: "string" } } },
          WithData: { type: "object", properties: { c: {} }, example: data, default: data, "x-shape": data },
        },
        examples: { Shape: { value: data } },
      },
    };
    const before = structuredClone(document);
    expect(declareRequiredNames(document)).toBe(0);
    expect(document).toEqual(before);
  });

  it("reaches schemas in `dependentSchemas` entries named like data keywords, and in a `default` response", () => {
    const document: JsonObject = {
      paths: { "/x": { get: { responses: { default: { content: { "application/json": { schema: envelope() } } } } } } },
      components: { schemas: { Holder: { type: "object", dependentSchemas: { example: envelope(), default: envelope() } } } },
    };
    expect(declareRequiredNames(document)).toBe(3);
  });

  it("declares a required name beside allOf parts that none of them declares, unless a part is an open record", () => {
    const updatable = { type: "object", properties: { name: { type: "string" }, target: { type: "string" } } };
    const check = { allOf: [{ $ref: "#/components/schemas/Updatable" }], required: ["name", "method", "target"] };
    const document: JsonObject = { components: { schemas: { Updatable: updatable, Check: structuredClone(check), Open: { allOf: [{ type: "object" }, { $ref: "#/components/schemas/Updatable" }], required: ["method"] } } } };
    expect(declareRequiredNames(document)).toBe(1);
    const schemas = (document.components as JsonObject).schemas as JsonObject;
    expect(schemas.Check).toEqual({ ...check, properties: { method: {} } });
    expect(schemas.Open).toEqual({ allOf: [{ type: "object" }, { $ref: "#/components/schemas/Updatable" }], required: ["method"] });
  });
});
