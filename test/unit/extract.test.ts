// extractOperations cuts an operation and the closure of its $refs: it follows what the shared walker
// (src/openapi/walk.ts) reads as references, so a `$ref` key inside example data brings nothing along, and a
// component named like an Object.prototype member is copied like any other.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile, type JsonObject } from "../../src/openapi/load.js";
import { extractOperations } from "../../src/upstream/extract.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "specforge-extract-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

async function extract(schemas: JsonObject, schema: JsonObject): Promise<string[]> {
  const file = path.join(dir, "upstream.json");
  const responses = { "200": { description: "ok", content: { "application/json": { schema } } } };
  await writeFile(file, JSON.stringify({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths: { "/a": { get: { responses } } }, components: { schemas } }));
  const out = extractOperations(await loadFile(file), [{ method: "get", path: "/a" }]);
  return Object.keys(((out.components as JsonObject | undefined)?.schemas as JsonObject | undefined) ?? {}).sort();
}

const cases: { name: string; given: { schemas: JsonObject; schema: JsonObject }; want: string[] }[] = [
  {
    name: "follows $refs in schemas, also through properties named like keywords, transitively",
    given: { schemas: { A: { properties: { example: ref("B"), default: ref("C") } }, B: { items: ref("D") }, C: {}, D: {}, Unused: {} }, schema: ref("A") },
    want: ["A", "B", "C", "D"],
  },
  {
    name: "leaves a $ref key inside example, default or a 3.1 examples list alone: it is data",
    given: { schemas: { A: { type: "object", example: ref("B"), default: ref("C"), examples: [ref("D")] }, B: {}, C: {}, D: {} }, schema: ref("A") },
    want: ["A"],
  },
  {
    name: "copies a component named `constructor`",
    given: { schemas: { constructor: { type: "string" } }, schema: ref("constructor") },
    want: ["constructor"],
  },
];

describe("extractOperations", () => {
  it.each(cases)("$name", async ({ given, want }) => {
    expect(await extract(given.schemas, given.schema)).toEqual(want);
  });
});
