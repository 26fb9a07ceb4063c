// aliasSchemaCycles on openapi-typescript's own output: which schemas become type aliases, and what they say.
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { aliasSchemaCycles } from "../../src/emit/schema/schema-cycles.js";

type Schemas = Record<string, unknown>;

async function schemaTs(schemas: Schemas): Promise<string> {
  const document = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, components: { schemas } };
  return astToString(aliasSchemaCycles(await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { silent: true })));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonValue = (self: string) => ({
  anyOf: [{ type: ["string", "null"] }, { type: "number" }, { type: "boolean" }, { type: "object", additionalProperties: ref(self) }, { type: "array", items: ref(self) }],
});

const cases: { name: string; given: Schemas; want: Record<string, string> }[] = [
  { name: "a JSON value (itself through an array and an object)", given: { JsonValue: jsonValue("JsonValue") }, want: { JsonValue: "Schema_JsonValue" } },
  { name: "an array of itself", given: { Nested: { type: "array", items: ref("Nested") } }, want: { Nested: "Schema_Nested" } },
  { name: "a tuple holding itself", given: { Chain: { type: ["array", "null"], prefixItems: [{ type: "integer" }, ref("Chain")] } }, want: { Chain: "Schema_Chain" } },
  {
    name: "a mutual cycle through an array and a union (both sides), and the schema that only uses it (neither)",
    given: { Tree: { type: "array", items: ref("Branch") }, Branch: { oneOf: [{ type: "string" }, ref("Tree")] }, Forest: { type: "array", items: ref("Tree") } },
    want: { Tree: "Schema_Tree", Branch: "Schema_Branch" },
  },
  { name: "recursion through an object member (tsc accepts it as it is)", given: { Node: { type: "object", properties: { children: { type: "array", items: ref("Node") } } } }, want: {} },
  { name: "a cycle through unions alone (no alias could express it either)", given: { A: { anyOf: [{ type: "string" }, ref("B")] }, B: { anyOf: [{ type: "number" }, ref("A")] } }, want: {} },
  {
    name: "keys that are not identifiers, and two that become the same identifier",
    given: { "json-value": jsonValue("json-value"), json_value: jsonValue("json_value") },
    want: { "json-value": "Schema_json_value", json_value: "Schema_json_value_2" },
  },
];

describe("aliasSchemaCycles", () => {
  it.each(cases)("$name", async ({ given, want }) => {
    const text = await schemaTs(given);
    const declared = [...text.matchAll(/^type (\w+) =/gm)].map((m) => m[1]);
    expect(declared).toEqual(Object.values(want));
    for (const [key, alias] of Object.entries(want)) expect(text).toContain(`${/^\w+$/.test(key) ? key : JSON.stringify(key)}: ${alias};`);
  });

  it("writes the alias as the schema's type with its cycle's $refs as alias names, and says why", async () => {
    const text = await schemaTs({ JsonValue: jsonValue("JsonValue") });
    expect(text).toContain('/** `components["schemas"]["JsonValue"]`, declared as a type alias');
    expect(text.slice(text.indexOf("type Schema_JsonValue")).replace(/\s+/g, " ")).toBe(
      "type Schema_JsonValue = (string | null) | number | boolean | { [key: string]: Schema_JsonValue; } | Schema_JsonValue[]; ",
    );
  });

  it("leaves a document without such cycles exactly as openapi-typescript wrote it", async () => {
    const schemas = { Node: { type: "object", properties: { children: { type: "array", items: ref("Node") } } } };
    const document = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, components: { schemas } } as unknown as Parameters<typeof openapiTS>[0];
    const nodes = await openapiTS(document, { silent: true });
    expect(astToString(aliasSchemaCycles(nodes))).toBe(astToString(nodes));
  });
});
