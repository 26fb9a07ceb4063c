// `--lenient` reads what openapi-typescript reads although OpenAPI does not allow it, and names each departure as a
// repair (src/openapi/repair-shapes.ts); without it, each is an error whose hint says --lenient would read it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecforgeError } from "../../src/errors.js";
import { loadFile, type JsonObject } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { repairSpec } from "../../src/openapi/repair.js";
import { validateSpec } from "../../src/openapi/validate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "specforge-lenient-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ok = { "200": { description: "ok" } };
const get = (operation: JsonObject): JsonObject => ({ "/pets": { get: { operationId: "listPets", responses: ok, ...operation } } });
const document = (parts: { paths?: JsonObject; openapi?: string; components?: JsonObject }): JsonObject => ({
  openapi: parts.openapi ?? "3.0.3",
  info: { title: "t", version: "1" },
  paths: parts.paths ?? get({}),
  ...(parts.components ? { components: parts.components } : {}),
});

const cases: { name: string; spec: JsonObject; strict: string; repair: { pointer: string; message: string } }[] = [
  {
    name: "a version without its patch number",
    spec: document({ openapi: "3.1" }),
    strict: 'OpenAPI version "3.1" lacks the patch number',
    repair: { pointer: "#/openapi", message: 'OpenAPI version "3.1" lacks the patch number; read as "3.1.0"' },
  },
  {
    name: "a path without its leading slash",
    spec: document({ paths: { pets: { get: { responses: ok } } } }),
    strict: "path 'pets' does not start with '/'",
    repair: { pointer: "#/paths/pets", message: "path 'pets' does not start with '/'; read as '/pets'" },
  },
  {
    name: "a component name OpenAPI does not allow",
    spec: document({ components: { schemas: { "Pet Record": { type: "string" } } } }),
    strict: 'component name "Pet Record" in components.schemas is not allowed',
    repair: { pointer: "#/components/schemas/Pet Record", message: 'component name "Pet Record" has characters OpenAPI does not allow in one; read as written' },
  },
  {
    name: "a response key that is no status code",
    spec: document({ paths: get({ responses: { ...ok, success: { description: "ok" } } }) }),
    strict: "GET /pets: response key 'success' is not a status code",
    repair: { pointer: "#/paths/~1pets/get/responses/success", message: "response key 'success' is not a status code; dropped" },
  },
  {
    name: "a 3.0 operation without responses",
    spec: document({ paths: { "/pets": { get: { operationId: "listPets" } } } }),
    strict: "GET /pets: missing `responses`",
    repair: { pointer: "#/paths/~1pets/get", message: "an operation without `responses` (required in 3.0) is read as documenting no response, as in 3.1" },
  },
  {
    name: "an empty responses map",
    spec: document({ paths: get({ responses: {} }) }),
    strict: "GET /pets: `responses` is empty",
    repair: { pointer: "#/paths/~1pets/get/responses", message: "`responses` is empty; read as documenting no response, as an operation without `responses` in 3.1" },
  },
  {
    name: "a style the parameter's location does not have",
    spec: document({ paths: get({ parameters: [{ name: "tags", in: "query", style: "simple", schema: { type: "array", items: { type: "string" } } }] }) }),
    strict: "GET /pets: parameter 'tags' uses style 'simple', which is not supported in query",
    repair: { pointer: "#/paths/~1pets/get/parameters/0/style", message: "parameter 'tags' has style 'simple', which query does not have; read as 'form', its default" },
  },
  {
    name: "a parameter declared twice",
    spec: document({ paths: get({ parameters: [{ name: "q", in: "query", schema: { type: "string" } }, { name: "q", in: "query", schema: { type: "integer" } }] }) }),
    strict: "GET /pets: parameter 'q' in query is declared twice",
    repair: { pointer: "#/paths/~1pets/get/parameters/0", message: "parameter 'q' in query is declared again at #/paths/~1pets/get/parameters/1; the later one kept" },
  },
  {
    name: "a parameter without schema or content",
    spec: document({ paths: get({ parameters: [{ name: "q", in: "query" }] }) }),
    strict: "GET /pets: parameter 'q' has neither `schema` nor `content`",
    repair: { pointer: "#/paths/~1pets/get/parameters/0", message: "parameter 'q' has neither `schema` nor `content`; read as any value" },
  },
  {
    name: "a Swagger 2 body parameter",
    spec: document({ paths: get({ parameters: [{ name: "pet", in: "body", schema: { type: "object" } }] }) }),
    strict: "GET /pets: parameter 'pet' has unknown location 'body'",
    repair: { pointer: "#/paths/~1pets/get/parameters/0", message: "parameter 'pet' is in 'body', which OpenAPI 3 does not have (a request body carries it); dropped" },
  },
  {
    name: "a media type's `examples` written one level too high in a response",
    spec: document({ paths: get({ responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "string" } }, examples: { a: { value: "x" } } } } } }) }),
    strict: "GET /pets: response 200: 'examples' is not a media type",
    repair: { pointer: "#/paths/~1pets/get/responses/200/content/examples", message: "'examples' is not a media type (a media type's own field written one level too high?); dropped" },
  },
  {
    name: "a media type's `example` written one level too high in a request body",
    spec: document({ paths: { "/pets": { post: { responses: ok, requestBody: { content: { "application/json": { schema: { type: "string" } }, example: "x" } } } } } }),
    strict: "POST /pets request body: 'example' is not a media type",
    repair: { pointer: "#/paths/~1pets/post/requestBody/content/example", message: "'example' is not a media type (a media type's own field written one level too high?); dropped" },
  },
];

describe("--lenient reads what openapi-typescript reads", () => {
  it.each(cases)("$name: an error without --lenient (whose hint names it), a named repair with it", async ({ name, spec, strict, repair }) => {
    const file = path.join(dir, `${name.replace(/\W+/g, "-")}.json`);
    await writeFile(file, JSON.stringify(spec));
    const loaded = await loadSpecSet(file);
    expect(repairSpec(loaded, false)).toEqual([]);
    const thrown = (() => {
      try {
        return void validateSpec(loaded);
      } catch (e) {
        return e as SpecforgeError;
      }
    })();
    expect(thrown).toBeInstanceOf(SpecforgeError);
    expect(thrown?.problem).toContain(strict);
    expect(thrown?.hint).toMatch(/--lenient/);
    const set = await loadSpecSet(file);
    expect(repairSpec(set, true)).toEqual([{ file: set.root.file, ...repair }]);
    expect(() => validateSpec(set, { lenient: true })).not.toThrow();
  });

  it("a 3.1 operation without responses is valid as it is", async () => {
    const file = path.join(dir, "no-responses-31.json");
    await writeFile(file, JSON.stringify(document({ openapi: "3.1.0", paths: { "/pets": { get: { operationId: "listPets" } } } })));
    const set = await loadSpecSet(file);
    expect(repairSpec(set, true)).toEqual([]);
    expect(() => validateSpec(set)).not.toThrow();
  });

  it("reads a YAML merge key (`<<: *base`) as a merge, as Redocly does", async () => {
    const file = path.join(dir, "merge.yaml");
    await writeFile(file, "openapi: 3.0.3\nx-base: &base\n  type: object\n  required: [name]\ncomponents:\n  schemas:\n    Pet:\n      <<: *base\n      properties: { name: { type: string } }\n");
    const pet = ((await loadFile(file)).document.components as JsonObject).schemas as JsonObject;
    expect(pet.Pet).toEqual({ type: "object", required: ["name"], properties: { name: { type: "string" } } });
  });
});
