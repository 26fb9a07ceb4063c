// inlineInnerSchemaRefs: a $ref into a schema's keywords (`#/components/schemas/X/allOf/0`), which openapi-typescript
// writes as an indexed access that does not compile, is replaced by a copy of what it names; a $ref to a component
// schema or one of its properties, which openapi-typescript writes as a real type, is left.
import { describe, expect, it } from "vitest";
import { inlineInnerSchemaRefs } from "../../src/emit/schema/inner-refs.js";
import { emitSchemaTypes } from "../../src/emit/schema/schema-types.js";
import type { JsonObject } from "../../src/openapi/load.js";

const document = (): JsonObject => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {},
  components: {
    schemas: {
      Pet: { allOf: [{ type: "object", required: ["name"], properties: { name: { type: "string" } } }, { type: "object", properties: { age: { type: "integer" } } }] },
      Named: { $ref: "#/components/schemas/Pet/allOf/0" },
      Tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
      Tag: { $ref: "#/components/schemas/Tags/items" },
      Age: { $ref: "#/components/schemas/Pet/allOf/1/properties/age" },
      Name: { $ref: "#/components/schemas/Owner/properties/name" },
      Owner: { type: "object", properties: { name: { type: "string" } } },
      Tree: { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree/properties/children/items" } } } },
    },
  },
});

describe("inlineInnerSchemaRefs", () => {
  it("inlines $refs through allOf, items and other keywords; leaves component and property $refs and self-references", () => {
    const doc = document();
    expect(inlineInnerSchemaRefs(doc)).toBe(3);
    const schemas = (doc.components as JsonObject).schemas as JsonObject;
    expect(schemas.Named).toEqual({ type: "object", required: ["name"], properties: { name: { type: "string" } } });
    expect(schemas.Tag).toEqual({ type: "string", enum: ["a", "b"] });
    expect(schemas.Age).toEqual({ type: "integer" });
    expect(schemas.Name).toEqual({ $ref: "#/components/schemas/Owner/properties/name" });
    expect(schemas.Tree).toEqual(((document().components as JsonObject).schemas as JsonObject).Tree);
  });

  it("makes schema.ts free of indexed accesses into schema keywords (but for a $ref to itself, left as written)", async () => {
    const doc = document();
    delete ((doc.components as JsonObject).schemas as JsonObject).Tree;
    const types = await emitSchemaTypes({ file: "api.yaml", absolutePath: "/tmp/api.yaml", document: doc });
    expect(types).not.toMatch(/\["allOf"\]|\["items"\]/);
    expect(types).toMatch(/Name: components\["schemas"\]\["Owner"\]\["name"\]/);
  });
});
