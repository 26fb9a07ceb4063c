// The suite's contract/schemas.json is written small (src/testkit/contract-schemas.ts shareSchemas): component schemas
// by number, each schema held more than once written once under `shared`. The checks must give the same problems as
// with the map as the spec has it, a discriminator must pick the same branches, and a map whose `$ref`s point into a
// schema must be left as it is.
import { describe, expect, it } from "vitest";
import { SHARED, shareSchemas } from "../../src/testkit/contract-schemas.js";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";
import type { JsonObject } from "../../src/testkit/contract-undeclared.js";

// An envelope every response repeats, with an error list long enough to be worth sharing.
const errors = { type: "array", items: { type: "object", required: ["code", "message"], properties: { code: { type: "integer", minimum: 1000 }, message: { type: "string" } } } };
const envelope = (result: JsonObject): JsonObject => ({ type: "object", required: ["success", "errors"], properties: { success: { type: "boolean" }, errors, result } });

const spec = {
  openapi: "3.0.3",
  components: {
    schemas: {
      Name: { type: "string", minLength: 2 },
      Cat: { type: "object", required: ["kind", "lives"], properties: { kind: { type: "string" }, lives: { type: "integer", maximum: 9 } } },
      Dog: { type: "object", required: ["kind", "bark"], properties: { kind: { type: "string" }, bark: { type: "string", enum: ["woof", "yap"] } } },
      Pet: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator: { propertyName: "kind" } },
      Owner: { type: "object", properties: { name: { $ref: "#/components/schemas/Name" }, pets: { type: "array", items: { $ref: "#/components/schemas/Pet" } }, owner: { $ref: "#/components/schemas/Owner", nullable: true } } },
      Unused: { type: "object", properties: { never: { type: "string", description: "reached by no media schema" } } },
    },
  },
  media: {
    "0.200": envelope({ $ref: "#/components/schemas/Owner" }),
    "0.4XX": envelope({ type: "object", nullable: true }),
    "1.200": envelope({ $ref: "#/components/schemas/Owner" }),
    "1.4XX": envelope({ type: "object", nullable: true }),
    "2.body": { $ref: "#/components/schemas/Pet" },
  },
};

const VALUES: [string, unknown][] = [
  ["0.200", { success: true, errors: [], result: { name: "Al", pets: [{ kind: "Cat", lives: 3 }, { kind: "Dog", bark: "woof" }], owner: { name: "Bo" } } }],
  ["0.200", { success: true, errors: [{ code: 1, message: 2 }], result: { name: "A", pets: [{ kind: "Cat", bark: "woof" }, { kind: "Dog", lives: 10 }], owner: { name: "B", extra: 1 } } }],
  ["1.4XX", { success: false, errors: [{ code: 1000, message: "no" }], result: null }],
  ["1.4XX", { success: "no", errors: {}, result: 3, extra: true }],
  ["2.body", { kind: "Cat", lives: 12 }],
  ["2.body", { kind: "Bird" }],
];

describe("the shared schema map", () => {
  const shared = shareSchemas(spec);

  it("writes each repeated schema once, numbers the components, keeps the names a discriminator reads, and leaves out what nothing reaches", () => {
    const text = JSON.stringify(shared);
    expect(text.split(JSON.stringify(errors.items.properties)).length - 1).toBe(1);
    expect(Object.keys((shared.components as { schemas: JsonObject }).schemas)).toEqual(["Cat", "Dog"]);
    expect(text).not.toContain("#/components/schemas/Owner");
    expect(text).not.toContain("reached by no media schema");
    expect(text).not.toContain('"never"');
    expect(Array.isArray(shared[SHARED])).toBe(true);
    expect(text.length).toBeLessThan(JSON.stringify(spec).length * 0.7);
  });

  it.each(VALUES)("gives %s %j the problems the map as written gives", (key, value) => {
    expect(createSchemaChecker(shared as typeof spec)(key, value)).toEqual(createSchemaChecker(spec)(key, value));
  });

  it("finds problems in the values that have some (the comparison above is not empty)", () => {
    const check = createSchemaChecker(shared as typeof spec);
    expect(VALUES.filter(([key, value]) => check(key, value).length > 0).map(([key]) => key)).toEqual(["0.200", "1.4XX", "2.body", "2.body"]);
  });

  it("leaves a map whose $ref points into a schema as it is", () => {
    const pointing = { ...spec, media: { ...spec.media, "3.200": { $ref: "#/components/schemas/Owner/properties/pets" } } };
    expect(shareSchemas(pointing)).toBe(pointing);
  });
});
