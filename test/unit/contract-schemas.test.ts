// The contract kit's own reading of which keys of a schema hold subschemas (src/testkit/contract-schemas.ts, a mirror
// kept because the kit is copied beside each contract suite and depends on nothing of specforge's) is held to the
// walker's (src/openapi/walk.ts) on the same tricky documents; and what the kit then tells ajv, on the schemas
// real specs write.
import { describe, expect, it } from "vitest";
import { forEachSchema, isObject } from "../../src/openapi/walk.js";
import type { JsonValue } from "../../src/openapi/load.js";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";
import { leanSchemaMap, subschemaEntries } from "../../src/testkit/contract-schemas.js";
import type { Json } from "../../src/testkit/contract-undeclared.js";

// Every schema object under `schema` (itself included) by the kit's table, as pointers.
function kitPointers(schema: Json, at = "#"): string[] {
  return [at, ...subschemaEntries(schema).flatMap(([suffix, child]) => (isObject(child as JsonValue) ? kitPointers(child, `${at}${suffix}`) : []))];
}

// The same by the walker's.
function walkerPointers(schema: JsonValue): string[] {
  const found: string[] = [];
  forEachSchema(schema, (_, pointer) => void found.push(pointer), { kind: "schema" });
  return found;
}

const TRICKY: Record<string, JsonValue> = {
  "properties named like keywords, data keys and extensions": {
    type: "object",
    properties: {
      "x-id": { type: "string", pattern: "^a" },
      default: { type: "object", properties: { enum: { type: "string" } } },
      enum: { type: "string", nullable: true },
      const: { type: "integer" },
      example: { type: "string" },
      examples: { type: "array", items: { type: "string" } },
      $ref: { type: "string" },
      properties: { type: "object", additionalProperties: { type: "boolean" } },
      "a/b~c": { type: "number" },
    },
  },
  "data that looks like schemas, and extensions that hold some": {
    type: "object",
    example: { properties: { a: { type: "string" } } },
    default: { allOf: [{ type: "string" }] },
    enum: [{ type: "object" }],
    const: { not: { type: "string" } },
    examples: [{ items: { type: "string" } }],
    "x-schema": { properties: { b: { type: "string" } } },
    discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/A" } },
    xml: { name: "thing" },
    properties: { real: { type: "string" } },
  },
  "every applicator": {
    allOf: [{ type: "object" }, { properties: { a: { type: "string" } } }],
    anyOf: [{ type: "string" }],
    oneOf: [{ type: "number" }, { type: "integer" }],
    not: { type: "null" },
    if: { required: ["a"] },
    then: { properties: { b: { type: "string" } } },
    else: { properties: { c: { type: "string" } } },
    items: [{ type: "string" }, { type: "number" }],
    additionalItems: { type: "boolean" },
    prefixItems: [{ type: "string" }],
    contains: { type: "string" },
    propertyNames: { pattern: "^[a-z]+$" },
    patternProperties: { "^x-": { type: "string" } },
    additionalProperties: { type: "integer" },
    dependentSchemas: { a: { required: ["b"] } },
    dependencies: { a: ["b"], c: { required: ["d"] } },
    $defs: { d: { type: "string" } },
    definitions: { e: { type: "string" } },
    unevaluatedProperties: { type: "string" },
    unevaluatedItems: { type: "string" },
    contentSchema: { type: "object" },
  },
  "boolean schemas (3.1) and a single items schema": {
    type: "object",
    properties: { yes: true, no: false, list: { type: "array", items: { type: "string", enum: ["a"] } } },
    additionalProperties: false,
  },
};

describe("the contract kit reads the same keys as schemas as the walker", () => {
  it.each(Object.entries(TRICKY))("%s", (_, schema) => {
    const walker = walkerPointers(schema);
    expect(walker.length).toBeGreaterThan(1);
    expect(kitPointers(schema as Json).sort()).toEqual(walker.sort());
  });
});

describe("the contract kit checks properties named like keywords, data keys and extensions", () => {
  const schema = {
    type: "object",
    required: ["x-id", "default", "enum"],
    properties: {
      "x-id": { type: "string", pattern: "^a" },
      default: { type: "integer", nullable: true },
      enum: { type: "string", nullable: true },
      example: { type: "string", format: "email" },
    },
    additionalProperties: false,
  } as const;
  for (const openapi of ["3.0.3", "3.1.0"]) {
    it(`${openapi}: an x- property is checked and required like any other`, () => {
      const check = createSchemaChecker({ openapi, media: { m: schema as unknown as Json } });
      expect(check("m", { "x-id": 5, default: 1, enum: "e" })).toEqual(["/x-id: must be string"]);
      expect(check("m", { default: 1, enum: "e" })).toEqual(["/: must have required property 'x-id'"]);
      expect(check("m", { "x-id": "b", default: 1, enum: "e" })).toEqual(['/x-id: must match pattern "^a"']);
      expect(check("m", { "x-id": "a", default: 1, enum: "e", example: "not an address" })).toEqual(['/example: must match format "email"']);
    });
  }
  it("3.0: a property named default or enum is read as a schema, with its nullable", () => {
    const check = createSchemaChecker({ openapi: "3.0.3", media: { m: schema as unknown as Json } });
    expect(check("m", { "x-id": "a", default: null, enum: null })).toEqual([]);
  });
});

describe("the contract kit reads what real specs write without a crash", () => {
  const cases: { name: string; openapi: string; schema: Json; good: unknown[]; bad: [unknown, string[]][] }[] = [
    { name: "nullable without a type", openapi: "3.0.3", schema: { nullable: true, enum: ["a"] }, good: ["a", null], bad: [["b", ["/: must be equal to one of the allowed values [\"a\",null]"]]] },
    { name: "nullable: false without a type", openapi: "3.0.3", schema: { nullable: false, properties: { a: { type: "string" } } }, good: [{ a: "x" }], bad: [[{ a: 1 }, ["/a: must be string"]]] },
    { name: "nullable: false beside a type", openapi: "3.0.3", schema: { type: "string", nullable: false }, good: ["x"], bad: [[null, ["/: must be string"]]] },
    { name: "nullable beside allOf", openapi: "3.0.3", schema: { nullable: true, allOf: [{ type: "string" }] }, good: ["x", null], bad: [[1, ["/: must be string", "/: must be null", "/: must match a schema in anyOf"]]] },
    { name: "a pattern valid only without the u flag", openapi: "3.0.3", schema: { type: "string", pattern: "^[a-zA-Z0-9_\\-\\:]+$" }, good: ["a:b-c"], bad: [["a b", ['/: must match pattern "^[a-zA-Z0-9_\\-\\:]+$"']]] },
    { name: "a pattern valid only without the u flag (3.1)", openapi: "3.1.0", schema: { type: "string", pattern: "^\\_x$" }, good: ["_x"], bad: [["x", ['/: must match pattern "^\\_x$"']]] },
    { name: "enum: []", openapi: "3.1.0", schema: { type: "object", properties: { a: { enum: [] } } }, good: [{}], bad: [[{ a: 1 }, ["/a: must NOT be valid"]]] },
    { name: "enum: [] (3.0)", openapi: "3.0.3", schema: { type: "integer", enum: [] }, good: [], bad: [[1, ["/: must NOT be valid"]]] },
    { name: "3.0 boolean exclusiveMinimum", openapi: "3.0.3", schema: { type: "integer", minimum: 1, exclusiveMinimum: true }, good: [2], bad: [[1, ["/: must be > 1"]]] },
  ];
  it.each(cases)("$openapi $name", ({ openapi, schema, good, bad }) => {
    const check = createSchemaChecker({ openapi, media: { m: schema } });
    for (const value of good) expect(check("m", value), JSON.stringify(value)).toEqual([]);
    for (const [value, problems] of bad) expect(check("m", value), JSON.stringify(value)).toEqual(problems);
  });

  it("a schema ajv cannot compile is a problem the check reports, not an exception", () => {
    const check = createSchemaChecker({ openapi: "3.1.0", media: { m: { $ref: "#/components/schemas/Missing" } } });
    const problems = check("m", 1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/: the schema cannot be compiled: /);
  });
});

// A $ref may point anywhere in the document: into a response, a parameter, an allOf member, a path (class 1).
describe("the contract kit resolves $refs to any place in the document", () => {
  const spec = {
    openapi: "3.0.3",
    components: {
      schemas: { Pet: { nullable: true, allOf: [{ type: "object", required: ["id"], properties: { id: { type: "integer" } } }] } },
      responses: { Err: { description: "x", content: { "application/json": { schema: { type: "object", required: ["code"], properties: { code: { type: "string" } } } } } } },
      parameters: { Id: { name: "id", in: "path", schema: { type: "string", pattern: "^[0-9]+$" } } },
    },
    paths: { "/a/{id}": { get: { responses: { "200": { description: "x", content: { "application/json": { schema: { type: "boolean" } } } } } } } },
    media: {
      part: { $ref: "#/components/schemas/Pet/allOf/0" },
      whole: { $ref: "#/components/schemas/Pet" },
      response: { $ref: "#/components/responses/Err/content/application~1json/schema" },
      parameter: { $ref: "#/components/parameters/Id/schema" },
      path: { $ref: "#/paths/~1a~1%7Bid%7D/get/responses/200/content/application~1json/schema" },
    },
  } as unknown as Parameters<typeof createSchemaChecker>[0];
  const check = createSchemaChecker(spec);
  it.each([
    ["part", { id: 1 }, []],
    ["part", null, ["/: must be object"]],
    ["whole", null, []],
    ["whole", {}, ["/: must have required property 'id'", "/: must be null", "/: must match a schema in anyOf"]],
    ["response", { code: 1 }, ["/code: must be string"]],
    ["parameter", "x", ['/: must match pattern "^[0-9]+$"']],
    ["path", "yes", ["/: must be boolean"]],
  ] as const)("%s: %j gives %j", (key, value, problems) => {
    expect(check(key, value)).toEqual(problems);
  });
});

// The suite's contract/schemas.json holds the schemas without the keys no check reads (megabytes of prose on a large
// API): the checks must give the same problems, and a property named like an annotation must stay.
describe("the lean schema map", () => {
  const pet: Json = {
    type: "object",
    description: "A pet.",
    title: "Pet",
    example: { name: "Rex" },
    "x-internal": true,
    required: ["name", "description"],
    properties: {
      name: { type: "string", description: "Its name.", minLength: 2 },
      description: { type: "string", examples: ["a dog"] },
      title: { $ref: "#/components/schemas/Title" },
      kind: { enum: [{ description: "kept: enum values are data" }] },
    },
    additionalProperties: false,
  };
  const spec = { openapi: "3.0.3", components: { schemas: { Title: { type: "string", description: "A title.", maxLength: 3 } } }, media: { "0.200": pet } };
  const lean = leanSchemaMap(spec);

  it("drops annotations, examples and extensions, and keeps every property, enum value and $ref", () => {
    expect(lean).toEqual({
      openapi: "3.0.3",
      components: { schemas: { Title: { type: "string", maxLength: 3 } } },
      media: {
        "0.200": {
          type: "object",
          required: ["name", "description"],
          properties: { name: { type: "string", minLength: 2 }, description: { type: "string" }, title: { $ref: "#/components/schemas/Title" }, kind: { enum: [{ description: "kept: enum values are data" }] } },
          additionalProperties: false,
        },
      },
    });
  });

  it("gives the checks the same problems as the whole map", () => {
    const full = createSchemaChecker(spec);
    const checked = createSchemaChecker(lean as typeof spec);
    for (const value of [{ name: "Rex", description: "a dog" }, { name: "R", title: "long", extra: 1 }, { description: 3, kind: { description: "other" } }]) {
      expect(checked("0.200", value)).toEqual(full("0.200", value));
    }
    expect(full("0.200", { name: "R", title: "long", extra: 1 }).length).toBeGreaterThan(2);
  });
});
