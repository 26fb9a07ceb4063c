// Examples built from schemas (for responses the spec documents none for) must satisfy those schemas; and the
// lenient repair for the upstream `enum: [null]` on a non-nullable schema.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exampleFromSchema } from "../../src/model/examples.js";
import type { JsonObject, JsonValue } from "../../src/spec/load.js";
import { loadSpecSet } from "../../src/spec/refs.js";
import { repairSpec } from "../../src/spec/repair.js";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";

const components: Record<string, JsonObject> = {
  Failure: { type: "object", required: ["success", "errors"], properties: { success: { type: "boolean", enum: [false] }, errors: { type: "array", items: { type: "object" } } }, example: { success: false } },
};
const resolve = (schema: JsonValue | undefined): JsonValue | undefined => {
  if (schema !== null && typeof schema === "object" && !Array.isArray(schema) && typeof schema.$ref === "string") return components[schema.$ref.split("/").pop() as string];
  return schema;
};

function builtIsValid(schema: JsonObject): { value: JsonValue | undefined; problems: string[] } {
  const value = exampleFromSchema(schema, resolve);
  const check = createSchemaChecker({ openapi: "3.0.3", components: { schemas: components }, media: { "0.200": schema } } as never);
  return { value, problems: check("0.200", value) };
}

describe("exampleFromSchema", () => {
  it("keeps an array within maxItems", () => {
    const { value, problems } = builtIsValid({ type: "object", properties: { errors: { type: "array", maxItems: 0, items: { type: "string" } } } });
    expect(value).toEqual({ errors: [] });
    expect(problems).toEqual([]);
  });

  it("gives a required property that no `properties` entry declares a value", () => {
    const { value, problems } = builtIsValid({ type: "object", required: ["success", "result"], properties: { result: { type: "string" } } });
    expect(value).toEqual({ result: "string", success: null });
    expect(problems).toEqual([]);
  });

  it("fills what an allOf part's own example leaves out but the part requires", () => {
    const { value, problems } = builtIsValid({ allOf: [{ $ref: "#/components/schemas/Failure" }, { type: "object", properties: { result: { type: "string", nullable: true, example: null } } }] });
    expect(value).toEqual({ success: false, errors: [{}], result: null });
    expect(problems).toEqual([]);
  });
});

describe("the lenient repair of properties on a non-object type", () => {
  it("reads the schema as an object, with a note; without --lenient it is left alone", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-typed-properties-"));
    try {
      const spec = path.join(dir, "spec.json");
      const body = { type: "string", properties: { email: { type: "string" } } };
      await writeFile(spec, JSON.stringify({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components: { schemas: { Body: body } } }));
      const strict = await loadSpecSet(spec);
      expect(repairSpec(strict, false)).toEqual([]);
      const lenient = await loadSpecSet(spec);
      expect(repairSpec(lenient, true).map((r) => r.pointer)).toEqual(["#/components/schemas/Body/type"]);
      expect((((lenient.root.document.components as JsonObject).schemas as JsonObject).Body as JsonObject).type).toBe("object");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the lenient repair of enum [null] on a non-nullable 3.0 schema", () => {
  it("reads it as nullable, with a note; without --lenient the schema is left alone", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-enum-null-"));
    try {
      const spec = path.join(dir, "spec.json");
      const result = { type: "object", properties: { id: { type: "string" } }, enum: [null] };
      await writeFile(spec, JSON.stringify({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components: { schemas: { Result: result } } }));
      const strict = await loadSpecSet(spec);
      expect(repairSpec(strict, false)).toEqual([]);
      const lenient = await loadSpecSet(spec);
      const repairs = repairSpec(lenient, true);
      expect(repairs.map((r) => r.pointer)).toEqual(["#/components/schemas/Result/enum"]);
      const repaired = ((lenient.root.document.components as JsonObject).schemas as JsonObject).Result as JsonObject;
      expect(repaired.nullable).toBe(true);
      const check = createSchemaChecker({ openapi: "3.0.3", components: { schemas: {} }, media: { "0.200": repaired } } as never);
      expect(check("0.200", null)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
