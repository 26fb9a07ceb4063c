import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SpecforgeError } from "../../src/errors.js";
import { loadFile, pathToPointer, pointerToPath } from "../../src/openapi/load.js";
import { placeOf } from "../../src/openapi/places.js";
import { deref, loadSpecSet, resolveRef } from "../../src/openapi/refs.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "specforge-load-"));
});

async function fixture(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe("loadFile", () => {
  const cases = [
    { given: { name: "a.yaml", text: "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n" }, want: { openapi: "3.0.3", paths: {} } },
    { given: { name: "a.json", text: '{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}' }, want: { openapi: "3.1.0", paths: {} } },
    { given: { name: "anchors.yaml", text: "openapi: 3.0.3\nx-a: &a { k: 1 }\nx-b: *a\npaths: {}\n" }, want: { "x-b": { k: 1 } } },
  ];
  it.each(cases)("parses $given.name", async ({ given, want }) => {
    const loaded = await loadFile(await fixture(given.name, given.text));
    expect(loaded.document).toMatchObject(want);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("turns a JSON pointer into the line that holds it", async () => {
    const loaded = await loadFile(await fixture("lines.yaml", "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: {}\n"));
    expect(loaded.locate("#/paths/~1a/get").line).toBe(7);
    expect(loaded.locate("#/info/version").line).toBe(4);
  });

  it("finds the line only when it is read: recording a location costs no second parse", async () => {
    const loaded = await loadFile(await fixture("lazy.yaml", "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n"));
    const location = loaded.locate("#/info/version");
    expect(Object.getOwnPropertyDescriptor(location, "line")?.get).toBeTypeOf("function");
    expect(location.line).toBe(4);
  });

  const failures = [
    { given: "missing.yaml", text: undefined, want: /spec file not found/ },
    { given: "empty.yaml", text: "  \n", want: /the file is empty/ },
    { given: "bad.yaml", text: "openapi: 3.0.3\npaths:\n  /a: [\n", want: /YAML syntax error/ },
    { given: "bad.json", text: '{"openapi": "3.0.3",, }', want: /JSON syntax error/ },
    { given: "list.yaml", text: "- 1\n- 2\n", want: /found a list/ },
  ];
  it.each(failures)("rejects $given with a SpecforgeError naming the file", async ({ given, text, want }) => {
    const file = text === undefined ? path.join(dir, given) : await fixture(given, text);
    const error = await loadFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecforgeError);
    expect((error as SpecforgeError).message).toMatch(want);
    expect((error as SpecforgeError).message).toContain(given);
  });
});

describe("JSON pointers", () => {
  it.each([
    { given: "#/paths/~1a~1{b}/get", want: ["paths", "/a/{b}", "get"] },
    { given: "#/components/schemas/a~0b", want: ["components", "schemas", "a~b"] },
    { given: "#/x/%7Bid%7D", want: ["x", "{id}"] },
  ])("$given splits into its segments and back", ({ given, want }) => {
    expect(pointerToPath(given)).toEqual(want);
    expect(pointerToPath(pathToPointer(want))).toEqual(want);
  });
});

describe("local $ref resolution", () => {
  const spec = [
    "openapi: 3.0.3",
    "info: { title: t, version: '1' }",
    "paths: {}",
    "components:",
    "  schemas:",
    "    A: { $ref: '#/components/schemas/B' }",
    "    B: { type: string, description: b }",
    "    C: { $ref: '#/components/schemas/C' }",
    "",
  ].join("\n");

  it("follows a chain of $refs to the real object", async () => {
    const set = await loadSpecSet(await fixture("refs.yaml", spec.replace("    C: { $ref: '#/components/schemas/C' }\n", "")));
    const resolved = deref(set, { $ref: "#/components/schemas/A" }, set.root, "#");
    expect(resolved?.value).toEqual({ type: "string", description: "b" });
    expect(resolved?.pointer).toBe("#/components/schemas/B");
  });

  it("reports a $ref cycle instead of looping", async () => {
    const set = await loadSpecSet(await fixture("cycle.yaml", spec));
    expect(() => deref(set, { $ref: "#/components/schemas/C" }, set.root, "#")).toThrow(/\$ref cycle/);
  });

  it("reports a $ref that does not resolve, with the line of the $ref", async () => {
    const file = await fixture("dangling.yaml", spec.replace("'#/components/schemas/B'", "'#/components/schemas/Missing'"));
    const error = await loadSpecSet(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecforgeError);
    expect((error as SpecforgeError).message).toMatch(/dangling\.yaml:6 .*\$ref '#\/components\/schemas\/Missing' does not resolve/);
  });

  it("resolves a $ref into another file next to the spec", async () => {
    await fixture("shared.yaml", "Thing: { type: integer }\n");
    const set = await loadSpecSet(await fixture("main.yaml", "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\nx-thing: { $ref: 'shared.yaml#/Thing' }\n"));
    const resolved = resolveRef(set, "shared.yaml#/Thing", set.root, "#/x-thing");
    expect(resolved.value).toEqual({ type: "integer" });
  });
});

describe("placeOf: what a pointer names in an OpenAPI document", () => {
  it.each([
    { given: "#/components/schemas/Pet", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/properties/constructor/items", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/allOf/1/additionalProperties", want: { kind: "schema" } },
    { given: "#/components/parameters/limit/schema", want: { kind: "schema" } },
    { given: "#/paths/~1pets/get/responses/200/content/application~1json/schema", want: { kind: "schema" } },
    { given: "#/paths/~1pets/get/parameters/0/schema", want: { kind: "schema" } },
    { given: "#", want: { kind: "other", what: "the whole document" } },
    { given: "#/components", want: { kind: "other", what: "the components object" } },
    { given: "#/components/schemas", want: { kind: "other", what: "the map `components.schemas` itself" } },
    { given: "#/components/securitySchemes/api_key", want: { kind: "other", what: "a security scheme" } },
    { given: "#/components/parameters/limit", want: { kind: "other", what: "a parameter" } },
    { given: "#/components/schemas/Pet/properties", want: { kind: "other", what: "a schema's `properties` map" } },
    { given: "#/paths", want: { kind: "other", what: "the `paths` map" } },
    { given: "#/paths/~1pets/get", want: { kind: "other", what: "an operation" } },
    { given: "#/info", want: { kind: "other", what: "the document's `info`" } },
    { given: "#/servers/0", want: { kind: "other", what: "part of the document's `servers`" } },
    { given: "#/x-shared/Pet", want: { kind: "unknown" } },
    { given: "#/components/schemas/Pet/x-extra", want: { kind: "unknown" } },
    { given: "#/components/x-more/Pet", want: { kind: "unknown" } },
    // The same table as the walker's (src/openapi/walk.ts): an `x-` key of the `paths`, `responses` or a callback
    // map is an extension, not an entry; of `webhooks` or `properties`, it is an entry.
    { given: "#/paths/x-group", want: { kind: "unknown" } },
    { given: "#/paths/~1pets/get/responses/x-note/content", want: { kind: "unknown" } },
    { given: "#/webhooks/x-ping", want: { kind: "other", what: "a path item" } },
    { given: "#/components/schemas/Pet/properties/x-tag", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/items", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/items/0", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/items/0/if", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/dependencies/a", want: { kind: "schema" } },
    { given: "#/components/schemas/Pet/examples/0", want: { kind: "other", what: "part of a schema's `examples`" } },
    { given: "#/paths/~1pets/get/responses/default/content/application~1json/schema", want: { kind: "schema" } },
    { given: "#/paths/~1pets/get/responses/200/content/application~1json/examples/a", want: { kind: "other", what: "an example" } },
    { given: "#/paths/~1pets/get/responses/200/content/application~1json/examples/a/value", want: { kind: "other", what: "an example's `value`" } },
    { given: "#/paths/~1pets/post/callbacks/done/{$url}/post", want: { kind: "other", what: "an operation" } },
    { given: "#/paths/~1pets/post/callbacks/done/x-info", want: { kind: "unknown" } },
    { given: "#/components/pathItems/Hook/get/parameters/0/content/text~1plain/schema", want: { kind: "schema" } },
  ])("$given", ({ given, want }) => {
    expect(placeOf(pointerToPath(given))).toEqual(want);
  });
});

describe("a schema $ref must name a schema", () => {
  const spec = (ref: string) =>
    [
      "openapi: 3.0.3",
      "info: { title: t, version: '1' }",
      "paths: {}",
      "x-shared: { Thing: { type: string } }",
      "components:",
      "  securitySchemes: { api_key: { type: apiKey, in: header, name: X-Key } }",
      "  parameters: { limit: { name: limit, in: query, schema: { type: integer } } }",
      "  schemas:",
      "    Pet: { type: object, properties: { name: { type: string } } }",
      `    Ref: { $ref: '${ref}' }`,
      "",
    ].join("\n");

  it.each([
    { given: "#/components/schemas", want: /spec\.yaml:10 #\/components\/schemas\/Ref\/\$ref: \$ref '#\/components\/schemas' points at the map `components.schemas` itself, not at a schema \(hint: point it at one of its entries, e.g. '#\/components\/schemas\/Pet'\)/ },
    { given: "#/components/securitySchemes/api_key", want: /points at a security scheme, not at a schema \(hint: a schema \$ref names a schema, e.g. '#\/components\/schemas\/Pet'\)/ },
    { given: "#/components/parameters/limit", want: /points at a parameter, not at a schema \(hint: a schema \$ref names a schema, e.g. '#\/components\/schemas\/Pet'\)/ },
    { given: "#/info", want: /points at the document's `info`, not at a schema/ },
    { given: "#/components/schemas/Pet/properties", want: /points at a schema's `properties` map, not at a schema \(hint: point it at one of its entries, e.g. '#\/components\/schemas\/Pet\/properties\/name'\)/ },
    { given: "#", want: /points at the whole document, not at a schema/ },
  ])("refuses $given", async ({ given, want }) => {
    const error = await loadSpecSet(await fixture("spec.yaml", spec(given))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecforgeError);
    expect((error as SpecforgeError).message).toMatch(want);
  });

  it.each(["#/components/schemas/Pet", "#/components/schemas/Pet/properties/name", "#/components/parameters/limit/schema", "#/x-shared/Thing"])("accepts %s", async (ref) => {
    await expect(loadSpecSet(await fixture("spec.yaml", spec(ref)))).resolves.toBeDefined();
  });

  it("leaves a $ref outside schema places alone (a parameter $ref names a parameter)", async () => {
    const text = spec("#/components/schemas/Pet").replace("paths: {}", "paths: { /a: { get: { parameters: [{ $ref: '#/components/parameters/limit' }], responses: { '204': { description: ok } } } } }");
    await expect(loadSpecSet(await fixture("spec.yaml", text))).resolves.toBeDefined();
  });
});

// Which $refs the loader follows and checks is the walker's reading of the document (src/openapi/walk.ts).
describe("the $refs the loader follows", () => {
  const api = (responses: string) =>
    ["openapi: 3.1.0", "info: { title: t, version: '1' }", "paths:", "  /a:", "    get:", "      responses:", responses, ""].join("\n");

  it("loads the file that a `default` response's $ref names", async () => {
    await fixture("errors.yaml", "Error: { description: failed }\n");
    const set = await loadSpecSet(await fixture("default.yaml", api("        default: { $ref: './errors.yaml#/Error' }")));
    expect([...set.files.keys()].map((f) => path.basename(f))).toEqual(["default.yaml", "errors.yaml"]);
  });

  it("reads a $ref key in a 3.1 schema's `examples` list as data, and loads no file for it", async () => {
    const responses = "        '200': { description: ok, content: { application/json: { schema: { type: object, examples: [{ $ref: './nowhere.yaml' }] } } } }";
    const set = await loadSpecSet(await fixture("examples.yaml", api(responses)));
    expect(set.files.size).toBe(1);
  });

  it("checks a schema $ref in a bare schema file, which it walks as the schema a $ref made it", async () => {
    await fixture("owner.yaml", "type: object\nproperties:\n  pets: { $ref: './bare-ref.yaml#/components/schemas' }\n  note: { type: string, example: { $ref: './nowhere.yaml' } }\n");
    const text = api("        '200': { description: ok, content: { application/json: { schema: { $ref: './owner.yaml' } } } }") + "components:\n  schemas:\n    Pet: { type: object }\n";
    const error = await loadSpecSet(await fixture("bare-ref.yaml", text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecforgeError);
    expect((error as SpecforgeError).message).toMatch(/owner\.yaml:3 .*\$ref '\.\/bare-ref\.yaml#\/components\/schemas' points at the map `components.schemas` itself, not at a schema/);
  });
});
