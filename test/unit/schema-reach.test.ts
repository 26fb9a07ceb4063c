// Validation's schema-type check and --lenient's repairs reach every schema of a document through the shared walker
// (src/openapi/walk.ts): also under a `default` response, inside `if`/`then`/`else`, an `items` list and the other
// applicators, which their own walker skipped; and not into example data or extensions, which hold no schemas.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecforgeError } from "../../src/errors.js";
import type { JsonObject } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { repairSpec } from "../../src/openapi/repair.js";
import { validateSpec } from "../../src/openapi/validate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "specforge-reach-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BAD = { type: "strnig" };
const response = (schema: JsonObject) => ({ description: "ok", content: { "application/json": { schema } } });

// A 3.1 document whose only operation answers `responses`, with `schemas` as its components.
async function specWith(name: string, parts: { responses?: JsonObject; schemas?: JsonObject; extra?: JsonObject }): Promise<string> {
  const file = path.join(dir, `${name}.json`);
  const operation = { operationId: "getA", responses: parts.responses ?? { "200": { description: "ok" } } };
  const document = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: { "/a": { get: operation } }, components: { schemas: parts.schemas ?? {} }, ...parts.extra };
  await writeFile(file, JSON.stringify(document));
  return file;
}

const reached = [
  { name: "a `default` response's schema", given: { responses: { default: response(BAD) } }, want: "#/paths/~1a/get/responses/default/content/application~1json/schema/type" },
  { name: "an `if` subschema", given: { schemas: { A: { if: BAD } } }, want: "#/components/schemas/A/if/type" },
  { name: "an `else` subschema", given: { schemas: { A: { if: { type: "string" }, else: BAD } } }, want: "#/components/schemas/A/else/type" },
  { name: "an `items` list entry", given: { schemas: { A: { type: "array", items: [{ type: "string" }, BAD] } } }, want: "#/components/schemas/A/items/1/type" },
  { name: "a `dependentSchemas` entry", given: { schemas: { A: { dependentSchemas: { b: BAD } } } }, want: "#/components/schemas/A/dependentSchemas/b/type" },
  { name: "a `contains` subschema", given: { schemas: { A: { type: "array", contains: BAD } } }, want: "#/components/schemas/A/contains/type" },
  { name: "a `propertyNames` subschema", given: { schemas: { A: { propertyNames: BAD } } }, want: "#/components/schemas/A/propertyNames/type" },
  { name: "a property named `default`", given: { schemas: { A: { properties: { default: BAD } } } }, want: "#/components/schemas/A/properties/default/type" },
  { name: "a schema under an extension that a $ref uses", given: { schemas: { A: { $ref: "#/x-shared/B" } }, extra: { "x-shared": { B: BAD } } }, want: "#/x-shared/B/type" },
];

describe("validation and --lenient repairs reach every schema", () => {
  it.each(reached)("a bad `type` in $name is refused, and read as any type with --lenient", async ({ name, given, want }) => {
    const file = await specWith(name.replace(/\W+/g, "-"), given);
    const strict = await loadSpecSet(file);
    const error = (() => {
      try {
        validateSpec(strict);
      } catch (e) {
        return e as SpecforgeError;
      }
    })();
    expect(error).toBeInstanceOf(SpecforgeError);
    expect(error?.problem).toBe(`schema type "strnig" is not a JSON Schema type`);
    expect(error?.location?.pointer).toBe(want);
    const set = await loadSpecSet(file);
    expect(repairSpec(set, true).map((r) => r.pointer)).toContain(want);
    expect(() => validateSpec(set)).not.toThrow();
  });

  it.each([
    { name: "example data", given: { schemas: { A: { type: "object", example: { schema: BAD, properties: { a: BAD } }, default: { items: BAD } } } } },
    { name: "a 3.1 `examples` list", given: { schemas: { A: { type: "object", examples: [{ properties: { a: BAD } }] } } } },
    { name: "an extension", given: { schemas: { A: { type: "object", "x-shape": { properties: { a: BAD } } } }, extra: { "x-shared": { B: BAD } } } },
  ])("a `type` inside $name is not a schema's", async ({ name, given }) => {
    const set = await loadSpecSet(await specWith(name.replace(/\W+/g, "-"), given));
    expect(() => validateSpec(set)).not.toThrow();
    expect(repairSpec(set, true)).toEqual([]);
  });
});
