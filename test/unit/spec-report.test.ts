// Where a spec contradicts itself, as the model finds it and `generate` reports it (src/model/contradictions.ts,
// src/model/unsatisfiable.ts, src/report/spec-report.ts): each kind, with the JSON pointer of where the spec writes it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import type { ApiModel } from "../../src/model/types.js";
import type { JsonObject } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { specReport, specReportJson, specReportSummary } from "../../src/report/spec-report.js";

async function modelOf(document: JsonObject): Promise<ApiModel> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-report-"));
  try {
    const spec = path.join(dir, "spec.json");
    await writeFile(spec, JSON.stringify(document));
    const target: TargetConfig = { name: "t", spec, out: "unused", packageName: "@t/t", pathVariants: [], contextParams: [] };
    return specToModel(await loadSpecSet(spec), target);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const json = (schema: JsonObject, extra: JsonObject = {}) => ({ content: { "application/json": { schema, ...extra } } });

const document: JsonObject = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/pets/{id}": {
      get: {
        operationId: "getPet",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^p[0-9]+$" }, example: "x1" }],
        responses: {
          "200": {
            description: "ok",
            headers: { "X-Rate-Limit": { schema: { type: "integer" }, example: 5 } },
            ...json({ $ref: "#/components/schemas/Pet" }, { examples: { good: { value: { kind: "dog", name: "rex" } }, shared: { $ref: "#/components/examples/Bad" } } }),
          },
        },
      },
    },
    "/pets": {
      get: {
        operationId: "listPets",
        responses: { "200": { description: "ok", ...json({ $ref: "#/components/schemas/Pet" }, { examples: { shared: { $ref: "#/components/examples/Bad" } } }) } },
      },
      post: {
        operationId: "makePet",
        requestBody: { required: true, ...json({ type: "object", required: ["tier"], properties: { tier: { type: "string", enum: [] } } }) },
        responses: { "204": { description: "made" } },
      },
    },
    "/pets/search?beta=true": {
      get: { operationId: "searchPets", requestBody: json({ type: "object" }, { example: { q: "a" } }), responses: { "204": { description: "none" }, "100": { description: "go on", ...json({ type: "object" }, { example: {} }) } } },
    },
  },
  components: {
    examples: { Bad: { value: { kind: "dog", name: 5 } } },
    schemas: {
      Pet: {
        type: "object",
        required: ["kind"],
        properties: { kind: { type: "string" }, name: { type: "string" }, size: { type: "integer", minimum: 5, maximum: 2 } },
        oneOf: [{ $ref: "#/components/schemas/Dog" }],
        discriminator: { propertyName: "kind" },
      },
      Dog: { type: "object", properties: { kind: { type: "string", enum: ["dog"] } } },
    },
  },
};

describe("the spec report", () => {
  it("lists each contradiction once, where the spec writes it, with the operations whose tests check it", async () => {
    const model = await modelOf(document);
    const byPointer = new Map(model.contradictions.map((c) => [c.pointer, c]));
    // An example several operations share is one contradiction, checked by each.
    expect(byPointer.get("#/components/examples/Bad/value")).toEqual({ operations: ["listPets", "getPet"], kind: "example", pointer: "#/components/examples/Bad/value", problems: ["/name: must be string"] });
    expect(byPointer.get("#/paths/~1pets~1{id}/get/parameters/0/example")).toMatchObject({ operations: ["getPet"], kind: "parameter example", problems: ['/: must match pattern "^p[0-9]+$"'] });
    // A request body no value satisfies: the builder's failure, and its cause, found from the schema alone.
    expect(byPointer.get("#/paths/~1pets/post/requestBody/content/application~1json/schema")).toMatchObject({ operations: ["makePet"], kind: "no fitting value" });
    expect(byPointer.get("#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/tier")).toEqual({ operations: [], kind: "unsatisfiable schema", pointer: "#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/tier", problems: ["`enum: []` admits no value"] });
    expect(byPointer.get("#/components/schemas/Pet/properties/size")?.problems).toEqual(["its value must be at least 5 and at most 2"]);
    // No mapping: Dog's discriminator value is its name, which its own `kind` does not allow.
    expect(byPointer.get("#/components/schemas/Pet/discriminator")?.problems).toEqual(['for the branch #/components/schemas/Dog, there is no mapping, so its value is its schema name "Dog", but that branch\'s "kind" allows only "dog"']);
    expect(byPointer.has("#/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/good/value")).toBe(false);
  });

  it("finds allOf parts of disjoint types through the $refs and allOf parts that give their types", async () => {
    const model = await modelOf({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: {},
      components: {
        schemas: {
          Envelope: { allOf: [{ type: "object", properties: { success: { type: "boolean" } } }, { properties: { result: { type: "object" } } }] },
          Setting: { allOf: [{ $ref: "#/components/schemas/Envelope" }, { type: "string", enum: ["on", "off"] }] },
          Nullable: { nullable: true, allOf: [{ $ref: "#/components/schemas/Envelope" }, { type: "string" }] },
        },
      },
    });
    expect(model.contradictions.filter((c) => c.kind === "unsatisfiable schema")).toEqual([
      { operations: [], kind: "unsatisfiable schema", pointer: "#/components/schemas/Setting", problems: ["its allOf parts demand disjoint types (object; string)"] },
    ]);
  });

  it("lists the documented examples the contract tests do not run, and why", async () => {
    const report = specReport(await modelOf(document), { name: "t", spec: "spec.json" });
    expect(report.untested).toEqual([
      { operation: "searchPets", pointer: "#/paths/~1pets~1search?beta=true/get/responses/100/content/application~1json/example", reason: "a 100 response reaches no client: only its schema check runs" },
      { operation: "searchPets", pointer: "#/paths/~1pets~1search?beta=true/get/requestBody/content/application~1json/example", reason: "fetch cannot send a body with GET: the example is checked against its schema but not sent" },
      { operation: "getPet", pointer: "#/paths/~1pets~1{id}/get/responses/200/headers/X-Rate-Limit/example", reason: "the contract tests serve a response's body, not its headers: the example of header X-Rate-Limit is not checked" },
    ]);
  });

  it("says so in one line, and writes the whole list as JSON", async () => {
    const report = specReport(await modelOf(document), { name: "t", spec: "spec.json" });
    expect(specReportSummary(report)).toBe(
      "t: the spec contradicts itself in 6 places (1 example its schema rejects, 1 parameter example its schema rejects, 2 schemas no value satisfies, 1 schema specforge found no fitting value for, 1 discriminator its branches contradict), and the contract tests that check them fail; 3 documented examples are not run by the contract tests (--report FILE lists each, with its JSON pointer)",
    );
    expect(JSON.parse(specReportJson([report]))).toEqual({ targets: [report] });
    expect(specReportSummary({ ...report, contradictions: [], untested: [] })).toBeUndefined();
  });
});
