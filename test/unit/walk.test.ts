// The one OpenAPI walker (src/openapi/walk.ts) on the documents walkers get wrong: names that look like keywords or
// extensions, `$ref` keys inside example data, 3.1 `examples` lists beside media-type `examples` maps, every JSON
// Schema applicator, boolean schemas, discriminator mappings, parameters with `content`, headers, callbacks,
// webhooks, path items given as `$ref`, and extensions. Each row lists every `$ref` the walk reports (pointer of the
// object holding it, what it stands for, the `$ref`) and every schema object it visits.
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../src/openapi/load.js";
import { childPointer, escapeSegment, pathToPointer, pointerToPath, unescapeSegment } from "../../src/openapi/pointer.js";
import { forEachRef, forEachSchema, reachableRefs, slotOf, type WalkOptions } from "../../src/openapi/walk.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const doc = (rest: JsonObject): JsonObject => ({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, ...rest });
const schemas = (entries: JsonObject): JsonObject => doc({ components: { schemas: entries } });
const json = (schema: JsonValue, rest: JsonObject = {}): JsonObject => ({ content: { "application/json": { schema, ...rest } } });
const get = (operation: JsonObject): JsonObject => doc({ paths: { "/a": { get: { ...operation, responses: operation.responses ?? { "200": { description: "ok" } } } } } });

function refsOf(given: JsonValue, options?: WalkOptions): string[] {
  const found: string[] = [];
  forEachRef(given, ({ ref: target, at, kind }) => void found.push(`${at} ${kind} ${target}`), options);
  return found;
}

function schemasOf(given: JsonValue, options?: WalkOptions): string[] {
  const found: string[] = [];
  forEachSchema(given, (_, pointer) => void found.push(pointer), options);
  return found;
}

const S = "#/components/schemas";
const KEYWORD_NAMES = ["example", "default", "enum", "const", "$ref", "properties", "type", "x-foo"];

const cases: { name: string; given: JsonObject; want: { refs: string[]; schemas: string[] } }[] = [
  {
    name: "properties named like keywords or extensions are properties",
    given: schemas({ Thing: { type: "object", properties: Object.fromEntries(KEYWORD_NAMES.map((name) => [name, ref("A")])) }, A: { type: "string" } }),
    want: {
      refs: KEYWORD_NAMES.map((name) => `${S}/Thing/properties/${escapeSegment(name)} schema ${S}/A`),
      schemas: [`${S}/Thing`, ...KEYWORD_NAMES.map((name) => `${S}/Thing/properties/${name}`), `${S}/A`],
    },
  },
  {
    name: "a $ref key inside example, examples, default, enum or const is data",
    given: doc({
      paths: {
        "/a": {
          get: {
            parameters: [{ name: "q", in: "query", schema: { type: "object" }, example: { $ref: "#/no" } }],
            responses: {
              "200": {
                description: "ok",
                ...json(
                  { type: "object", example: { $ref: "#/no" }, examples: [{ $ref: "#/no" }], default: { $ref: "#/no" }, enum: [{ $ref: "#/no" }], const: { $ref: "#/no" } },
                  { example: { $ref: "#/no" } },
                ),
              },
            },
          },
        },
      },
    }),
    want: { refs: [], schemas: ["#/paths/~1a/get/parameters/0/schema", "#/paths/~1a/get/responses/200/content/application~1json/schema"] },
  },
  {
    name: "a 3.1 schema's `examples` list is data; a media type's `examples` map holds Example Objects, which may be $refs",
    given: doc({
      paths: {
        "/a": {
          get: {
            responses: {
              "200": {
                description: "ok",
                ...json(
                  { type: "object", examples: [{ $ref: "#/no" }] },
                  {
                    examples: {
                      inline: { value: { $ref: "#/no" } },
                      external: { externalValue: "https://example.com/pet.json" },
                      shared: { $ref: "#/components/examples/Pet" },
                    },
                  },
                ),
              },
            },
          },
        },
      },
      components: { examples: { Pet: { summary: "a pet", value: { $ref: "#/no", schema: { type: "string" } } } } },
    }),
    want: {
      refs: ["#/paths/~1a/get/responses/200/content/application~1json/examples/shared example #/components/examples/Pet"],
      schemas: ["#/paths/~1a/get/responses/200/content/application~1json/schema"],
    },
  },
  {
    name: "$defs, prefixItems, items as a list (3.0 and draft-04 tuples) and every other applicator",
    given: schemas({
      Tree: {
        $defs: { node: ref("L") },
        definitions: { old: ref("L") },
        prefixItems: [ref("L")],
        items: [ref("L"), { type: "string" }],
        additionalItems: ref("L"),
        patternProperties: { "^x-": ref("L") },
        dependentSchemas: { a: ref("L") },
        if: ref("L"),
        then: ref("L"),
        else: ref("L"),
        not: ref("L"),
        contains: ref("L"),
        propertyNames: ref("L"),
        unevaluatedItems: ref("L"),
        unevaluatedProperties: ref("L"),
        additionalProperties: ref("L"),
        allOf: [ref("L")],
        anyOf: [ref("L")],
        oneOf: [ref("L")],
      },
      L: { type: "string" },
    }),
    want: {
      refs: [
        "$defs/node",
        "definitions/old",
        "prefixItems/0",
        "items/0",
        "additionalItems",
        "patternProperties/^x-",
        "dependentSchemas/a",
        "if",
        "then",
        "else",
        "not",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "additionalProperties",
        "allOf/0",
        "anyOf/0",
        "oneOf/0",
      ].map((at) => `${S}/Tree/${at} schema ${S}/L`),
      schemas: [
        `${S}/Tree`,
        ...[
          "$defs/node",
          "definitions/old",
          "prefixItems/0",
          "items/0",
          "items/1",
          "additionalItems",
          "patternProperties/^x-",
          "dependentSchemas/a",
          "if",
          "then",
          "else",
          "not",
          "contains",
          "propertyNames",
          "unevaluatedItems",
          "unevaluatedProperties",
          "additionalProperties",
          "allOf/0",
          "anyOf/0",
          "oneOf/0",
        ].map((at) => `${S}/Tree/${at}`),
        `${S}/L`,
      ],
    },
  },
  {
    name: "additionalProperties as a schema or a boolean; boolean schemas (3.1) have no subschemas",
    given: schemas({
      Open: { type: "object", additionalProperties: true },
      Closed: { type: "object", additionalProperties: false },
      Typed: { type: "object", additionalProperties: { type: "string" } },
      Never: false,
      Anything: true,
      Mixed: { properties: { a: true, b: false }, items: true, not: false },
    }),
    want: { refs: [], schemas: [`${S}/Open`, `${S}/Closed`, `${S}/Typed`, `${S}/Typed/additionalProperties`, `${S}/Mixed`] },
  },
  {
    name: "discriminator.mapping values are strings that name schemas, not $refs",
    given: schemas({
      Pet: { oneOf: [ref("Cat")], discriminator: { propertyName: "kind", mapping: { cat: `${S}/Cat`, dog: "Dog" } } },
      Cat: { type: "object" },
    }),
    want: { refs: [`${S}/Pet/oneOf/0 schema ${S}/Cat`], schemas: [`${S}/Pet`, `${S}/Pet/oneOf/0`, `${S}/Cat`] },
  },
  {
    name: "a parameter with `content` instead of `schema`; response and encoding headers",
    given: get({
      parameters: [{ name: "filter", in: "query", content: { "application/json": { schema: ref("Filter") } } }],
      responses: {
        "200": {
          description: "ok",
          headers: { "X-Rate": { schema: ref("Rate") }, "X-Doc": { content: { "text/plain": { schema: { type: "string" } } } } },
          content: { "multipart/form-data": { schema: ref("Form"), encoding: { file: { headers: { "X-Part": { $ref: "#/components/headers/Part" } } } } } },
        },
      },
    }),
    want: {
      refs: [
        `#/paths/~1a/get/parameters/0/content/application~1json/schema schema ${S}/Filter`,
        `#/paths/~1a/get/responses/200/headers/X-Rate/schema schema ${S}/Rate`,
        `#/paths/~1a/get/responses/200/content/multipart~1form-data/schema schema ${S}/Form`,
        "#/paths/~1a/get/responses/200/content/multipart~1form-data/encoding/file/headers/X-Part header #/components/headers/Part",
      ],
      schemas: [
        "#/paths/~1a/get/parameters/0/content/application~1json/schema",
        "#/paths/~1a/get/responses/200/headers/X-Rate/schema",
        "#/paths/~1a/get/responses/200/headers/X-Doc/content/text~1plain/schema",
        "#/paths/~1a/get/responses/200/content/multipart~1form-data/schema",
      ],
    },
  },
  {
    name: "callbacks, webhooks, components.pathItems, a path item given as $ref, and a `default` response",
    given: doc({
      paths: {
        "/hooks": { $ref: "#/components/pathItems/Hook" },
        "/sub": {
          post: {
            callbacks: { onEvent: { "{$request.body#/url}": { post: { requestBody: json(ref("Event")), responses: { default: { $ref: "#/components/responses/Ack" } } } } } },
            responses: { default: { description: "error", ...json(ref("Error")) } },
          },
        },
      },
      webhooks: { ping: { post: { requestBody: { $ref: "#/components/requestBodies/Ping" } } } },
      components: {
        pathItems: { Hook: { get: { responses: { "200": { description: "ok", ...json({ type: "string" }) } } } } },
        requestBodies: { Ping: json({ type: "object" }) },
        callbacks: { Later: { "{$url}": { $ref: "#/components/pathItems/Hook" } } },
      },
    }),
    want: {
      refs: [
        "#/paths/~1hooks path-item #/components/pathItems/Hook",
        `#/paths/~1sub/post/callbacks/onEvent/{$request.body#~1url}/post/requestBody/content/application~1json/schema schema ${S}/Event`,
        "#/paths/~1sub/post/callbacks/onEvent/{$request.body#~1url}/post/responses/default response #/components/responses/Ack",
        `#/paths/~1sub/post/responses/default/content/application~1json/schema schema ${S}/Error`,
        "#/webhooks/ping/post/requestBody request-body #/components/requestBodies/Ping",
        "#/components/callbacks/Later/{$url} path-item #/components/pathItems/Hook",
      ],
      schemas: [
        "#/paths/~1sub/post/callbacks/onEvent/{$request.body#~1url}/post/requestBody/content/application~1json/schema",
        "#/paths/~1sub/post/responses/default/content/application~1json/schema",
        "#/components/pathItems/Hook/get/responses/200/content/application~1json/schema",
        "#/components/requestBodies/Ping/content/application~1json/schema",
      ],
    },
  },
  {
    name: "extensions are opaque: nothing in them is a schema, and a $ref in one is of unknown kind",
    given: doc({
      "x-shared": { Thing: { type: "object", properties: { a: { type: "string" } } }, Link: { $ref: `${S}/A` } },
      paths: {
        "x-group": { $ref: "#/components/pathItems/P" },
        "/a": {
          get: {
            "x-codeSamples": [{ lang: "js", schema: { type: "string" } }],
            responses: { "x-note": { content: { "application/json": { schema: { type: "string" } } } }, "200": { description: "ok" } },
          },
        },
      },
      components: { schemas: { A: { type: "string", "x-origin": { $ref: "#/x-shared/Thing" }, properties: { "x-b": { type: "string" } } } } },
    }),
    want: {
      refs: ["#/paths/x-group unknown #/components/pathItems/P", "#/x-shared/Link unknown #/components/schemas/A", `${S}/A/x-origin unknown #/x-shared/Thing`],
      schemas: [`${S}/A`, `${S}/A/properties/x-b`],
    },
  },
  {
    name: "a 3.1 $ref beside other keywords: the $ref and the siblings",
    given: schemas({ A: { $ref: `${S}/B`, description: "an A", properties: { b: ref("B") } }, B: { type: "string" } }),
    want: { refs: [`${S}/A schema ${S}/B`, `${S}/A/properties/b schema ${S}/B`], schemas: [`${S}/A`, `${S}/A/properties/b`, `${S}/B`] },
  },
];

describe("forEachRef and forEachSchema on tricky documents", () => {
  it.each(cases)("$name", ({ given, want }) => {
    expect(refsOf(given)).toEqual(want.refs);
    expect(schemasOf(given)).toEqual(want.schemas);
  });
});

describe("following local $refs", () => {
  const document = schemas({
    Root: { type: "object", properties: { a: ref("A"), data: { type: "object", example: { $ref: `${S}/Unused` } } } },
    A: { type: "array", items: { $ref: `${S}/B%20C` } },
    "B C": { properties: { back: ref("A"), "x-ext": { $ref: "#/x-shared/D" } } },
    Unused: { type: "string" },
  });
  (document as { "x-shared": JsonValue })["x-shared"] = { D: { type: "integer" } };
  const root = ((document.components as JsonObject).schemas as JsonObject).Root as JsonObject;

  it("reachableRefs: the local targets a schema reaches, transitively, each once, as canonical pointers; a cycle ends", () => {
    const reached = reachableRefs([root], { kind: "schema", document });
    expect(reached.map((t) => t.pointer)).toEqual([`${S}/A`, `${S}/B C`, "#/x-shared/D"]);
    expect(reached.map((t) => t.path)).toEqual([
      ["components", "schemas", "A"],
      ["components", "schemas", "B C"],
      ["x-shared", "D"],
    ]);
    expect(reached[1]?.ref).toBe(`${S}/B%20C`);
  });

  it("forEachSchema with `document` visits each subschema through $refs, once, and its property names; without it, only what is inside", () => {
    const names: string[] = [];
    const visited = schemasOf(root, { kind: "schema", at: `${S}/Root`, document });
    forEachSchema(root, (schema) => void names.push(...Object.keys((schema.properties as JsonObject | undefined) ?? {})), { kind: "schema", document });
    expect(visited).toEqual([`${S}/Root`, `${S}/Root/properties/a`, `${S}/Root/properties/data`, `${S}/A`, `${S}/A/items`, `${S}/B C`, `${S}/B C/properties/back`, `${S}/B C/properties/x-ext`, "#/x-shared/D"]);
    expect(names).toEqual(["a", "data", "back", "x-ext"]);
    expect(schemasOf(root, { kind: "schema", at: `${S}/Root` })).toEqual([`${S}/Root`, `${S}/Root/properties/a`, `${S}/Root/properties/data`]);
  });

  it("a whole-document walk with `document` also visits a schema kept outside the usual places (under an extension) that a $ref uses", () => {
    expect(schemasOf(document, { document })).toContain("#/x-shared/D");
    expect(schemasOf(document)).not.toContain("#/x-shared/D");
  });

  it("a visitor that returns 'stop' ends the walk", () => {
    const seen: string[] = [];
    forEachSchema(document, (_, pointer) => (seen.push(pointer), pointer.endsWith("/A") ? "stop" : undefined), { document });
    expect(seen.at(-1)).toBe(`${S}/A`);
    expect(seen).not.toContain(`${S}/Unused`);
  });

  it("a visitor's changes to a schema are walked: its subschemas are read after it returns", () => {
    const given = schemas({ A: { type: "object" } });
    const visited = schemasOf(given);
    forEachSchema(given, (schema) => {
      if (schema.type === "object" && schema.properties === undefined) schema.properties = { added: { type: "string" } };
    });
    expect(visited).toEqual([`${S}/A`]);
    expect(schemasOf(given)).toEqual([`${S}/A`, `${S}/A/properties/added`]);
  });
});

describe("slotOf: the table the walks and placeOf read", () => {
  it.each([
    { given: ["schema", "properties"], want: { holds: "map", kind: "schema", extensions: false } },
    { given: ["schema", "items"], want: { holds: "one-or-list", kind: "schema" } },
    { given: ["schema", "examples"], want: { holds: "data" } },
    { given: ["schema", "x-foo"], want: { holds: "unknown" } },
    { given: ["schema", "constructor"], want: { holds: "unknown" } },
    { given: ["media-type", "examples"], want: { holds: "map", kind: "example", extensions: false } },
    { given: ["parameter", "content"], want: { holds: "map", kind: "media-type", extensions: false } },
    { given: ["operation", "responses"], want: { holds: "map", kind: "response", extensions: true } },
    { given: ["document", "webhooks"], want: { holds: "map", kind: "path-item", extensions: false } },
    { given: ["callback", "{$url}"], want: { holds: "one", kind: "path-item" } },
    { given: ["example", "value"], want: { holds: "data" } },
    { given: ["document", "info"], want: { holds: "field" } },
  ] as const)("$given.0 . $given.1", ({ given, want }) => {
    expect(slotOf(given[0], given[1])).toEqual(want);
  });
});

describe("JSON pointer segments", () => {
  it.each([
    { given: "a/b~c", want: "a~1b~0c" },
    { given: "~1", want: "~01" },
    { given: "plain", want: "plain" },
    { given: "", want: "" },
  ])("escapes $given as $want and back", ({ given, want }) => {
    expect(escapeSegment(given)).toBe(want);
    expect(unescapeSegment(want)).toBe(given);
    expect(childPointer("#/x", given)).toBe(`#/x/${want}`);
    expect(pointerToPath(pathToPointer(["x", given]))).toEqual(["x", given]);
  });

  it.each([
    { given: "%7Bid%7D", want: "{id}" },
    { given: "a%2Fb", want: "a/b" },
    { given: "100%", want: "100%" },
    { given: "%zz~1", want: "%zz/" },
  ])("percent-decodes the URI fragment form: $given is $want", ({ given, want }) => {
    expect(unescapeSegment(given)).toBe(want);
  });
});
