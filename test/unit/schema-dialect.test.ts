// OpenAPI 3.0 keywords left in a 3.1 document, and patterns JavaScript cannot read: a located error by default, and
// with --lenient a rewrite in JSON Schema 2020-12 terms that the contract kit then reads as the authors meant
// (src/openapi/schema-dialect.ts, the repair in src/openapi/repair.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SpecforgeError } from "../../src/errors.js";
import type { JsonObject } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { repairSpec } from "../../src/openapi/repair.js";
import { validateSpec } from "../../src/openapi/validate.js";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";
import type { Json } from "../../src/testkit/contract-undeclared.js";

const schemas: JsonObject = {
  Usage: { type: "object", required: ["tokens"], properties: { tokens: { type: "integer" } } },
  Run: {
    type: "object",
    properties: {
      name: { type: "string", nullable: true },
      usage: { $ref: "#/components/schemas/Usage", nullable: true, description: "kept beside the branches" },
      tool: { nullable: true, oneOf: [{ type: "string" }, { $ref: "#/components/schemas/Usage" }] },
      mode: { type: "string", enum: ["a", "b"], nullable: true },
      rate: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: false },
      flag: { type: "boolean", nullable: false },
      code: { type: "string", pattern: "(unclosed" },
    },
  },
};

async function loaded(openapi: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-dialect-"));
  const spec = path.join(dir, "spec.json");
  await writeFile(spec, JSON.stringify({ openapi, info: { title: "t", version: "1" }, paths: {}, components: { schemas: structuredClone(schemas) } }));
  const set = await loadSpecSet(spec);
  await rm(dir, { recursive: true, force: true });
  return set;
}

describe("OpenAPI 3.0 keywords in a 3.1 document", () => {
  it("are a located error without --lenient, naming how many places there are", async () => {
    const set = await loaded("3.1.0");
    expect(repairSpec(set, false)).toEqual([]);
    let error: unknown;
    try {
      validateSpec(set);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecforgeError);
    expect((error as SpecforgeError).location?.pointer).toBe("#/components/schemas/Run/properties/name/nullable");
    expect((error as SpecforgeError).problem).toContain("`nullable` is an OpenAPI 3.0 keyword: in a 3.1 document it admits nothing");
    expect((error as SpecforgeError).problem).toContain("(and 7 more such places)");
    expect((error as SpecforgeError).hint).toContain("--lenient");
  });

  it("are rewritten with --lenient, each repair named, and then read as the authors meant", async () => {
    const set = await loaded("3.1.0");
    const repairs = repairSpec(set, true);
    expect(repairs.map((r) => r.pointer)).toEqual([
      "#/components/schemas/Run/properties/name/nullable",
      "#/components/schemas/Run/properties/usage/nullable",
      "#/components/schemas/Run/properties/tool/nullable",
      "#/components/schemas/Run/properties/mode/nullable",
      "#/components/schemas/Run/properties/rate/exclusiveMinimum",
      "#/components/schemas/Run/properties/rate/exclusiveMaximum",
      "#/components/schemas/Run/properties/flag/nullable",
      "#/components/schemas/Run/properties/code/pattern",
    ]);
    expect(() => validateSpec(set)).not.toThrow();
    const run = ((set.root.document.components as JsonObject).schemas as JsonObject).Run as JsonObject;
    const properties = run.properties as JsonObject;
    expect(properties.name).toEqual({ type: ["string", "null"] });
    expect(properties.usage).toEqual({ description: "kept beside the branches", anyOf: [{ $ref: "#/components/schemas/Usage" }, { type: "null" }] });
    expect(properties.mode).toEqual({ type: ["string", "null"], enum: ["a", "b", null] });
    expect(properties.rate).toEqual({ type: "number", exclusiveMinimum: 0, maximum: 1 });
    expect(properties.code).toEqual({ type: "string" });
    const check = createSchemaChecker({ openapi: "3.1.0", components: set.root.document.components as Json, media: { m: { $ref: "#/components/schemas/Run" } } });
    expect(check("m", { name: null, usage: null, tool: null, mode: null, rate: 0.5, flag: true })).toEqual([]);
    expect(check("m", { rate: 0 })).toEqual(["/rate: must be > 0"]);
  });

  it("mean what they say in a 3.0 document, where only an unreadable pattern is wrong", async () => {
    const set = await loaded("3.0.3");
    expect(() => validateSpec(set)).toThrow(/`pattern` "\(unclosed" is not a regular expression JavaScript can read/);
    expect(repairSpec(set, true).map((r) => r.pointer)).toEqual(["#/components/schemas/Run/properties/code/pattern"]);
  });
});
