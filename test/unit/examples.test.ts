// Examples built from schemas (for responses the spec documents none for) must satisfy those schemas; and the
// lenient repair for the upstream `enum: [null]` on a non-nullable schema.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exampleFromSchema } from "../../src/model/examples.js";
import type { JsonObject, JsonValue } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { repairSpec, type Repair } from "../../src/openapi/repair.js";
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

// Writes a 3.0 document, loads it twice and repairs it without and with --lenient: the repairs of each, and the
// lenient copy's document as repaired.
async function repairBoth(parts: { schemas?: JsonObject; paths?: JsonObject }): Promise<{ strict: Repair[]; lenient: Repair[]; document: JsonObject }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-repair-"));
  try {
    const spec = path.join(dir, "spec.json");
    await writeFile(spec, JSON.stringify({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: parts.paths ?? {}, components: { schemas: parts.schemas ?? {} } }));
    const strict = repairSpec(await loadSpecSet(spec), false);
    const set = await loadSpecSet(spec);
    return { strict, lenient: repairSpec(set, true), document: set.root.document };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const schemaIn = (document: JsonObject, name: string) => ((document.components as JsonObject).schemas as JsonObject)[name] as JsonObject;

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

  it("does not copy a schema-level example that carries properties the schema does not declare", () => {
    const { value, problems } = builtIsValid({ type: "object", properties: { label: { type: "string", example: "Read" } }, example: { label: "Read", scopes: ["zone"] } });
    expect(value).toEqual({ label: "Read" });
    expect(problems).toEqual([]);
  });

  it("builds the object when its documented example leaves out a required property", () => {
    const { value, problems } = builtIsValid({ type: "object", required: ["id"], properties: { id: { type: "string" }, name: { type: "string", example: "n" } }, example: { name: "n" } });
    expect(value).toEqual({ id: "string", name: "n" });
    expect(problems).toEqual([]);
  });

  it("does not copy a leaf example of the wrong type or past its length", () => {
    const { value, problems } = builtIsValid({ type: "object", properties: { count: { type: "integer", minimum: 1, example: "3" }, code: { type: "string", maxLength: 2, example: "abc" } } });
    expect(value).toEqual({ count: 1, code: "st" });
    expect(problems).toEqual([]);
  });

  it("builds the oneOf branch that fits the whole schema, not just the first", () => {
    const { value, problems } = builtIsValid({ type: "string", oneOf: [{ $ref: "#/components/schemas/Failure" }, { type: "string", minLength: 3 }] });
    expect(value).toBe("string");
    expect(problems).toEqual([]);
  });

  it("keeps the properties the schema declares beside its anyOf branches, which hold for every branch", () => {
    const { value, problems } = builtIsValid({
      type: "object",
      required: ["success"],
      properties: { success: { type: "boolean", enum: [false] } },
      anyOf: [{ type: "object", properties: { success: { type: "boolean", example: true }, result: { type: "array", items: { type: "string" } } } }],
    });
    expect(value).toEqual({ success: false, result: ["string"] });
    expect(problems).toEqual([]);
  });

  it("builds a name the schema requires beside its anyOf from the branch that declares it, not a null placeholder", () => {
    const record = (type: string) => ({ type: "object", properties: { type: { type: "string", enum: [type] }, name: { type: "string" }, proxied: { type: "boolean" } } });
    const { value, problems } = builtIsValid({ type: "object", required: ["name", "type", "proxied", "id"], properties: { id: { type: "string" } }, anyOf: [record("A"), record("MX")] });
    expect(value).toEqual({ type: "A", name: "string", proxied: true, id: "string" });
    expect(problems).toEqual([]);
  });

  it("gives an allOf of parts that are not objects (a `$ref`ed id beside `readOnly`) their value, not {}", () => {
    const { value, problems } = builtIsValid({ type: "object", required: ["id"], properties: { id: { allOf: [{ type: "string", format: "uuid" }, { readOnly: true }] } } });
    expect(value).toEqual({ id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415" });
    expect(problems).toEqual([]);
  });

  it("keeps an object within maxProperties, required properties first", () => {
    const { value, problems } = builtIsValid({ type: "object", maxProperties: 1, required: ["a"], properties: { b: { type: "string" }, a: { type: "string" } } });
    expect(value).toEqual({ a: "string" });
    expect(problems).toEqual([]);
  });
});

describe("the lenient repair of properties on a non-object type", () => {
  it("reads the schema as an object, with a note; without --lenient it is left alone", async () => {
    const { strict, lenient, document } = await repairBoth({ schemas: { Body: { type: "string", properties: { email: { type: "string" } } } } });
    expect(strict).toEqual([]);
    expect(lenient.map((r) => r.pointer)).toEqual(["#/components/schemas/Body/type"]);
    expect(schemaIn(document, "Body").type).toBe("object");
  });
});

describe("the lenient repair of properties beside an array's items", () => {
  it("drops the properties and keeps the array (upstream repeats the items' properties beside them)", async () => {
    const errors = { type: "array", items: { type: "object", properties: { code: { type: "integer" } } }, properties: { code: { type: "integer" } } };
    const { strict, lenient, document } = await repairBoth({ schemas: { Errors: errors } });
    expect(strict).toEqual([]);
    expect(lenient.map((r) => r.pointer)).toEqual(["#/components/schemas/Errors/properties"]);
    expect(schemaIn(document, "Errors").type).toBe("array");
    expect(schemaIn(document, "Errors").properties).toBeUndefined();
  });
});

describe("the lenient repair of enum [null] on a non-nullable 3.0 schema", () => {
  it("reads it as nullable, with a note; without --lenient the schema is left alone", async () => {
    const { strict, lenient, document } = await repairBoth({ schemas: { Result: { type: "object", properties: { id: { type: "string" } }, enum: [null] } } });
    expect(strict).toEqual([]);
    expect(lenient.map((r) => r.pointer)).toEqual(["#/components/schemas/Result/enum"]);
    const repaired = schemaIn(document, "Result");
    expect(repaired.nullable).toBe(true);
    const check = createSchemaChecker({ openapi: "3.0.3", components: { schemas: {} }, media: { "0.200": repaired } } as never);
    expect(check("0.200", null)).toEqual([]);
  });

  it("admits null for a typed enum [null] beside allOf (upstream's failure `result`), as the builder's null", async () => {
    const result = { type: "object", required: ["id"], properties: { id: { type: "string" } }, allOf: [{ type: "object", properties: { ssl: { type: "object" } } }], enum: [null] };
    const { document } = await repairBoth({ schemas: { Result: result } });
    const repaired = schemaIn(document, "Result");
    expect(exampleFromSchema(repaired, resolve)).toBeNull();
    const check = createSchemaChecker({ openapi: "3.0.3", components: { schemas: {} }, media: { "0.200": repaired } } as never);
    expect(check("0.200", null)).toEqual([]);
  });

  it("reads an untyped enum [null] beside anyOf branches as nullable too", async () => {
    const result = { enum: [null], anyOf: [{ type: "object", properties: { ip: { type: "string" } } }, { type: "object", properties: { identity: { type: "string" } } }] };
    const { lenient, document } = await repairBoth({ schemas: { Result: result } });
    expect(lenient.map((r) => r.message)).toEqual(["enum lists null but the schema (anyOf) is not nullable (nothing could match); read as nullable"]);
    const check = createSchemaChecker({ openapi: "3.0.3", components: { schemas: {} }, media: { "0.200": schemaIn(document, "Result") } } as never);
    expect(check("0.200", null)).toEqual([]);
  });
});

describe("exampleFromSchema, deep schemas", () => {
  // A chain of objects, each requiring the next (and offering an optional list beside it), `levels` deep, ending in
  // a required integer: upstream's scan reports nest about this far.
  function chain(levels: number): JsonObject {
    let schema: JsonObject = { type: "object", required: ["count"], properties: { count: { type: "integer", minimum: 1 } } };
    for (let i = 0; i < levels; i++) schema = { type: "object", required: ["next"], properties: { next: schema, notes: { type: "array", items: { type: "string" } } } };
    return schema;
  }

  it("still builds what is required past the depth where it stops adding optional properties", () => {
    const { value, problems } = builtIsValid(chain(20));
    expect(problems).toEqual([]);
    let node = value as JsonObject;
    for (let i = 0; i < 20; i++) node = node.next as JsonObject;
    expect(node).toEqual({ count: 1 });
  });

  it("keeps optional properties above that depth and leaves them out below it", () => {
    const { value } = builtIsValid(chain(20));
    expect((value as JsonObject).notes).toEqual(["string"]);
    let node = value as JsonObject;
    for (let i = 0; i < 15; i++) node = node.next as JsonObject;
    expect(node).not.toHaveProperty("notes");
  });
});

describe("exampleFromSchema, formats", () => {
  // Each format ajv-formats checks (the contract kit enables them all) that a string schema can name.
  const formats = ["date", "time", "date-time", "iso-time", "iso-date-time", "duration", "uri", "uri-reference", "uri-template", "url", "email", "hostname", "ipv4", "ipv6", "regex", "uuid", "json-pointer", "json-pointer-uri-fragment", "relative-json-pointer", "byte"];
  it.each(formats)("builds a string of format %s that ajv accepts", (format) => {
    const { problems } = builtIsValid({ type: "object", required: ["v"], properties: { v: { type: "string", format } } });
    expect(problems).toEqual([]);
  });

  it("takes the first enum value that satisfies the format, and leaves out an optional property none does", () => {
    const schema = { type: "object", properties: { name: { type: "string", format: "hostname", enum: ["record_name", "cname"] }, target: { type: "string", format: "hostname", enum: ["record_value", "txt_value"] } } };
    const { value, problems } = builtIsValid(schema);
    expect(value).toEqual({ name: "cname" });
    expect(problems).toEqual([]);
  });

  it("does not copy a documented example that breaks its format", () => {
    const { value, problems } = builtIsValid({ type: "object", properties: { host: { type: "string", format: "hostname", example: "_acme-challenge.example.com" } } });
    expect(value).toEqual({ host: "example.com" });
    expect(problems).toEqual([]);
  });
});

describe("exampleFromSchema, branches that only add constraints", () => {
  it("builds the schema's own object when its anyOf branches only say which properties are required", () => {
    const schema = { type: "object", required: ["name"], properties: { name: { type: "string" }, hostnames: { type: "array", items: { type: "string" } } }, anyOf: [{ required: ["hostnames"] }, { required: ["subnets"] }] };
    const { value, problems } = builtIsValid(schema);
    expect(value).toEqual({ name: "string", hostnames: ["string"] });
    expect(problems).toEqual([]);
  });
});

describe("the lenient repair of a GET with a request body", () => {
  it("drops the body, which fetch would refuse to send; without --lenient it is left alone", async () => {
    const get = { operationId: "captions", requestBody: { required: true, content: { "application/json": {} } }, responses: { "200": { description: "ok" } } };
    const { strict, lenient, document } = await repairBoth({ paths: { "/captions": { get } } });
    expect(strict).toEqual([]);
    expect(lenient.map((r) => `${r.pointer}: ${r.message}`)).toEqual(["#/paths/~1captions/get/requestBody: a GET request cannot carry a body (fetch refuses one); requestBody dropped"]);
    expect(((document.paths as JsonObject)["/captions"] as JsonObject).get).not.toHaveProperty("requestBody");
  });
});

describe("exampleFromSchema, a schema that only lists required names", () => {
  it("builds an object holding them (upstream writes a request body schema as `{ required: [id] }`)", () => {
    const { value, problems } = builtIsValid({ required: ["id"] });
    expect(value).toEqual({ id: null });
    expect(problems).toEqual([]);
  });
});

describe("exampleFromSchema, an allOf part that only lists required names", () => {
  it("does not replace the value another part built with a null placeholder", () => {
    const { value, problems } = builtIsValid({ allOf: [{ type: "object", properties: { expected_codes: { type: "string", example: "2xx" } } }, { required: ["expected_codes"] }] });
    expect(value).toEqual({ expected_codes: "2xx" });
    expect(problems).toEqual([]);
  });
});

describe("exampleFromSchema, an allOf whose parts demand disjoint types", () => {
  // Upstream's shape: a response that is the envelope (an allOf of objects, through a $ref) and also a string enum.
  // No value fits; the value is built from the leading parts that agree, so it is the envelope a client reads.
  it("builds from the parts before the one that contradicts them, not from that part's enum", () => {
    const envelope = { allOf: [{ $ref: "#/components/schemas/Failure" }, { properties: { result: { type: "object" } } }] };
    const { value, problems } = builtIsValid({ allOf: [envelope, { type: "string", enum: ["preferred", "supported"] }] });
    expect(value).toMatchObject({ success: false, errors: expect.any(Array) as unknown });
    expect(problems).toEqual(["/: must be string", '/: must be equal to one of the allowed values ["preferred","supported"]']);
  });
});

// Every rule a validator checks, and those the client checks on path parameters, hold for a built value.
describe("exampleFromSchema honours every constraint", () => {
  const cases: { name: string; schema: JsonObject }[] = [
    { name: "a snowflake pattern", schema: { type: "string", pattern: "^(0|[1-9][0-9]*)$" } },
    { name: "a sid pattern with equal lengths", schema: { type: "string", pattern: "^AC[0-9a-fA-F]{32}$", minLength: 34, maxLength: 34 } },
    { name: "a pattern JavaScript reads only without the u flag", schema: { type: "string", pattern: "^[a-zA-Z0-9_\\-\\:]+$" } },
    { name: "a format beside a pattern", schema: { type: "string", format: "date", pattern: "^2014-" } },
    { name: "a 3.0 exclusive minimum on a number, with no maximum", schema: { type: "number", minimum: 0, exclusiveMinimum: true } },
    { name: "a 3.1 exclusive range and multipleOf", schema: { type: "number", exclusiveMinimum: 0, maximum: 1, multipleOf: 0.25 } },
    { name: "a negative integer range", schema: { type: "integer", minimum: -9, maximum: -3 } },
    { name: "unique items that match a pattern", schema: { type: "array", minItems: 3, uniqueItems: true, items: { type: "string", pattern: "^(0|[1-9][0-9]*)$" } } },
    { name: "unique items from an enum", schema: { type: "array", minItems: 2, uniqueItems: true, items: { type: "string", enum: ["a", "b"] } } },
    { name: "oneOf branches that overlap", schema: { oneOf: [{ type: "string", maxLength: 6 }, { type: "string", minLength: 4, pattern: "^[A-Z]+$" }] } },
    { name: "a minProperties beyond the declared properties", schema: { type: "object", minProperties: 2, properties: { a: { type: "string" } }, additionalProperties: { type: "integer" } } },
  ];
  it.each(cases)("$name", ({ schema }) => {
    const { value, problems } = builtIsValid(schema);
    expect(value).not.toBeUndefined();
    expect(JSON.parse(JSON.stringify(value)), "the value as the contract suite writes it").toEqual(value);
    expect(problems).toEqual([]);
  });

  it("sets a discriminator to the value the mapping names for the branch, and builds the branch's required fields", () => {
    components.Dog = { type: "object", required: ["kind", "barks"], properties: { kind: { type: "string" }, barks: { type: "boolean" } } };
    components.Cat = { type: "object", required: ["kind", "lives"], properties: { kind: { type: "string" }, lives: { type: "integer", minimum: 1 } } };
    const { value, problems } = builtIsValid({ oneOf: [{ $ref: "#/components/schemas/Dog" }, { $ref: "#/components/schemas/Cat" }], discriminator: { propertyName: "kind", mapping: { hound: "#/components/schemas/Dog", cat: "Cat" } } });
    expect(value).toEqual({ kind: "hound", barks: true });
    expect(problems).toEqual([]);
  });

  it("takes a property's own example first, where it fits", () => {
    const { value } = builtIsValid({ type: "object", required: ["nick"], properties: { nick: { type: "string", pattern: "^[a-z_0-9]+$", example: "ann_3" } } });
    expect(value).toEqual({ nick: "ann_3" });
  });

  it("builds the same value on every run: the pattern seeds its own draws", () => {
    const schema = { type: "string", pattern: "^[a-z]{3}-[0-9]{4}$" };
    expect(exampleFromSchema(schema, resolve)).toBe(exampleFromSchema(JSON.parse(JSON.stringify(schema)) as JsonObject, resolve));
  });
});
