// typeProblems: where openapi-typescript's type for a schema rejects a value the schema accepts. Each case is held
// to both sides: the schema check (exampleFits) accepts the value, and the TypeScript compiler, given the schema.ts
// the pipeline writes for the schema, accepts `value satisfies Type` exactly when typeProblems finds nothing.
import { Project } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";
import { emitSchemaTypes } from "../../src/emit/schema/schema-types.js";
import { exampleFits } from "../../src/model/example-fit.js";
import { heldToType, typeProblems } from "../../src/model/type-fit.js";
import type { JsonObject, JsonValue } from "../../src/openapi/load.js";

const failure = {
  type: "object",
  required: ["success", "result"],
  properties: { success: { type: "boolean", enum: [false] }, result: { type: "object", nullable: true, enum: [null] } },
};

// Each case: a schema, a value it accepts, and the problems expected (none: the type accepts it too).
const cases: { name: string; schema: JsonObject; value: JsonValue; problems: string[] }[] = [
  {
    name: "upstream's failure envelope: a result with properties but no type, and the failure's null result",
    schema: { allOf: [{ type: "object", properties: { result: { properties: { id: { type: "string" } } } } }, failure] },
    value: { success: false, result: null },
    problems: ["/result: null, where the schema has properties but no `type` (openapi-typescript types it as an object)"],
  },
  { name: "a string where the schema has properties but no type", schema: { properties: { id: { type: "string" } } }, value: "x", problems: ["/: a string, where the schema has properties but no `type` (openapi-typescript types it as an object)"] },
  { name: "an array item that is not an object", schema: { type: "array", items: { additionalProperties: { type: "string" } } }, value: [{ a: "b" }, 3], problems: ["/1: a number, where the schema has additionalProperties but no `type` (openapi-typescript types it as an object)"] },
  { name: "an additional property that is not an object", schema: { type: "object", additionalProperties: { properties: { id: { type: "string" } } } }, value: { k: [] }, problems: ["/k: an array, where the schema has properties but no `type` (openapi-typescript types it as an object)"] },
  { name: "null where such a schema is nullable", schema: { type: "object", properties: { result: { nullable: true, properties: { id: { type: "string" } } } } }, value: { result: null }, problems: [] },
  { name: "an object where such a schema has no type", schema: { properties: { id: { type: "string" } } }, value: { id: "x" }, problems: [] },
  { name: "a string, in a union one of whose branches is such a schema", schema: { anyOf: [{ type: "string" }, { properties: { id: { type: "string" } } }] }, value: "x", problems: [] },
  { name: "null, in a union none of whose branches admits it as a type", schema: { anyOf: [{ properties: { id: { type: "string" } } }, { properties: { name: { type: "string" } } }] }, value: null, problems: ["/: null, where the schema has properties but no `type` (openapi-typescript types it as an object)"] },
  { name: "any value where the schema says nothing of objects", schema: { description: "anything" }, value: [1, "a", null], problems: [] },
];

function documentOf(schema: JsonObject): JsonObject {
  return { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components: { schemas: { S: schema } } };
}

describe("typeProblems", () => {
  it.each(cases)("$name", ({ schema, value, problems }) => {
    const resolve = (s: JsonValue | undefined) => s;
    expect(exampleFits(value, schema, resolve)).toBe(true);
    expect(typeProblems(value, schema, resolve)).toEqual(problems);
    expect(heldToType({ fits: true, typeProblems: problems })).toBe(problems.length === 0);
  });

  describe("agrees with the TypeScript compiler on the types openapi-typescript writes", () => {
    const verdicts = new Map<string, string[]>();
    beforeAll(async () => {
      const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, noEmit: true } });
      for (const [i, { schema, value }] of cases.entries()) {
        project.createSourceFile(`case${i}/schema.ts`, await emitSchemaTypes({ file: "api.json", absolutePath: "/tmp/api.json", document: documentOf(schema) }));
        project.createSourceFile(`case${i}/check.ts`, `import type { components } from "./schema";\nexport const value = ${JSON.stringify(value)} satisfies components["schemas"]["S"];\n`);
      }
      for (const [i] of cases.entries()) {
        const file = project.getSourceFileOrThrow(`case${i}/check.ts`);
        verdicts.set(cases[i]?.name ?? "", file.getPreEmitDiagnostics().map((d) => String(d.getMessageText())));
      }
    }, 60_000);

    it.each(cases)("$name", ({ name, problems }) => {
      const errors = verdicts.get(name);
      expect(errors, "the case was compiled").toBeDefined();
      expect((errors ?? []).length > 0, `tsc: ${JSON.stringify(errors)}`).toBe(problems.length > 0);
    });
  });
});
