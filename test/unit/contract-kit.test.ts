// The contract kit's schema checker (src/testkit/contract-kit.ts), on its own: what it accepts and what it reports.
import { afterEach, describe, expect, it, vi } from "vitest";
import { exampleFits } from "../../src/model/example-fit.js";
import { isJsonObject, type JsonValue } from "../../src/model/json.js";
import { createSchemaChecker, type ContractSpec } from "../../src/testkit/contract-kit.js";

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

// OpenAPI 3.0's `nullable: true` beside allOf/anyOf/oneOf: the kit reads it as openapi-typescript (`X | null`) and
// the example builder's fit check do, so null is admitted whatever the branches say; without `nullable` it is not.
describe("createSchemaChecker: 3.0 nullable beside branches", () => {
  const part = { type: "object", properties: { id: { type: "string" } } };
  const cases: { name: string; schema: ContractSpec["media"][string]; given: unknown; want: string[] }[] = [
    { name: "typed, beside allOf", schema: { type: "object", nullable: true, allOf: [part] }, given: null, want: [] },
    { name: "typed, beside anyOf", schema: { type: "object", nullable: true, anyOf: [part] }, given: null, want: [] },
    { name: "untyped, beside oneOf", schema: { nullable: true, oneOf: [part] }, given: null, want: [] },
    { name: "typed, beside allOf, with an object", schema: { type: "object", nullable: true, allOf: [part] }, given: { id: 1 }, want: ["/id: must be string", "/: must be null", "/: must match a schema in anyOf"] },
    { name: "not nullable, beside allOf", schema: { type: "object", allOf: [part] }, given: null, want: ["/: must be object", "/: must be object"] },
  ];
  it.each(cases)("$name: $given gives $want", ({ schema, given, want }) => {
    const check = createSchemaChecker({ openapi: "3.0.3", components: {}, media: { m: schema } });
    expect(check("m", given)).toEqual(want);
  });
});

// A nullable object is read as `anyOf: [the object, { type: "null" }]`; the null branch must not leave the object open
// to properties it does not declare (the example builder's fit check never did; the kit and it must agree).
describe("createSchemaChecker: undeclared properties of a nullable object beside allOf", () => {
  const schema = { nullable: true, allOf: [{ type: "object", properties: { id: { type: "string" } } }] };
  for (const openapi of ["3.0.3"]) {
    it(`${openapi}: an undeclared property is still reported`, () => {
      const check = createSchemaChecker({ openapi, components: {}, media: { m: schema } });
      expect(check("m", { id: "a", cause: "x" })).toEqual(["/cause: property is not declared by the schema"]);
      expect(check("m", null)).toEqual([]);
    });
  }
});

// A discriminated oneOf whose branches overlap (DigitalOcean's droplet actions: Snapshot is Action plus an optional
// `name`, so every Action value matches both). The discriminator picks the branch (the mapping, else the schema's
// name), and the value is held to that branch alone; a value it picks no branch for meets the plain oneOf. The kit
// (ajv) and the example builder's fit check give the same answer on each.
describe("createSchemaChecker: a discriminator picks the branch of an overlapping oneOf", () => {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const schemas = {
    Action: { type: "object", required: ["type"], properties: { type: { type: "string" } } },
    Snapshot: { type: "object", required: ["type"], properties: { type: { type: "string" }, name: { type: "string" } } },
    Resize: { type: "object", required: ["type", "size"], properties: { type: { type: "string" }, size: { type: "string" } } },
  };
  const mapped = { oneOf: [ref("Action"), ref("Snapshot"), ref("Resize")], discriminator: { propertyName: "type", mapping: { reboot: "#/components/schemas/Action", power_on: "Action", snapshot: "#/components/schemas/Snapshot" } } };
  const cases: { name: string; given: unknown; fits: boolean }[] = [
    { name: "a mapped value, fitting both overlapping branches", given: { type: "power_on" }, fits: true },
    { name: "the other branch's mapped value", given: { type: "snapshot", name: "nightly" }, fits: true },
    { name: "the schema name of a branch the mapping does not name", given: { type: "Resize", size: "s-1" }, fits: true },
    { name: "a branch picked, and its required field missing", given: { type: "Resize" }, fits: false },
    { name: "a value that picks no branch: plain oneOf, which it matches twice", given: { type: "shutdown" }, fits: false },
    { name: "not an object", given: "power_on", fits: false },
  ];
  for (const openapi of ["3.0.3", "3.1.0"]) {
    const check = createSchemaChecker({ openapi, components: { schemas }, media: { m: mapped } } as ContractSpec);
    const resolve = (schema: JsonValue | undefined): JsonValue | undefined => {
      const name = isJsonObject(schema) && typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : undefined;
      return name === undefined ? schema : (schemas as Record<string, JsonValue>)[name];
    };
    it.each(cases)(`${openapi}: $name`, ({ given, fits }) => {
      expect(check("m", given).length === 0, JSON.stringify(check("m", given))).toBe(fits);
      expect(exampleFits(given as JsonValue, mapped, resolve)).toBe(fits);
    });
  }
});
