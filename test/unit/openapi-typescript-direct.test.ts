// specforge runs openapi-typescript's transform without its Redocly lint-and-bundle step when a document's $refs all
// point into itself (src/emit/schema/openapi-typescript-direct.ts). That is only right while the output is openapiTS's own,
// byte for byte: this holds the two routes to each other on every single-file spec in the repository, so an upgrade
// of openapi-typescript that changes the context openapiTS builds turns it red.
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasOnlyInternalRefs } from "../../src/emit/schema/openapi-typescript-direct.js";
import { emitSchemaTypes } from "../../src/emit/schema/schema-types.js";
import { bundleSpecSet } from "../../src/openapi/bundle.js";
import { loadFile, type JsonValue } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const realWorld = path.join(root, "test/fixtures/real-world");
// These have external $refs: the render bundles them first (src/openapi/bundle.ts), tested below.
const MULTI_FILE = ["multi-file-30.yaml", "redocly-layout-30.yaml"];
const specs = ["spec/cloudflare-access.yaml", "test/fixtures/petstore.yaml", ...(await readdir(realWorld)).filter((name) => name.endsWith(".yaml") && !MULTI_FILE.includes(name)).map((name) => `test/fixtures/real-world/${name}`)];

describe("openapi-typescript without its Redocly step", () => {
  // The direct route is given the document as the render has it, bundled (src/openapi/bundle.ts); openapiTS the file
  // as written.
  it.each(specs)("%s: types are byte-for-byte openapiTS's", async (spec) => {
    const loaded = await loadFile(spec, root);
    expect(hasOnlyInternalRefs(loaded.document)).toBe(true);
    const { root: single } = await bundleSpecSet(await loadSpecSet(spec, root));
    const direct = await emitSchemaTypes(single, "direct");
    const bundled = await emitSchemaTypes(loaded, "bundled");
    expect(direct.length).toBeGreaterThan(100);
    expect(direct).toBe(bundled);
  });

  it("a document with an external $ref goes through openapiTS, whose bundle pulls the file in", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-ots-"));
    await writeFile(path.join(dir, "pet.yaml"), "type: object\nrequired: [name]\nproperties:\n  name: { type: string }\n  wings: { type: integer }\n");
    await writeFile(
      path.join(dir, "api.yaml"),
      "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: './pet.yaml' }\n",
    );
    const loaded = await loadFile("api.yaml", dir);
    expect(hasOnlyInternalRefs(loaded.document)).toBe(false);
    const types = await emitSchemaTypes(loaded);
    expect(types).toMatch(/wings\?: number/);
    expect(types).toBe(await emitSchemaTypes(loaded, "bundled"));
  });

  // The render's bundle is built from the documents as loaded (src/openapi/bundle.ts), openapiTS's from the files.
  it.each([
    { spec: "multi-file-30.yaml", files: 5, shows: /owner\?: components\["schemas"\]\["owner"\]/ },
    { spec: "redocly-layout-30.yaml", files: 15, shows: /@description Returns one pet by its id\./ },
  ])("a multi-file spec bundled by the render gives openapiTS's own types for the unbundled files: $spec", async ({ spec, files, shows }) => {
    const set = await loadSpecSet(`test/fixtures/real-world/${spec}`, root);
    expect(set.files.size).toBe(files);
    const bundled = await bundleSpecSet(set);
    expect(hasOnlyInternalRefs(bundled.root.document)).toBe(true);
    const types = await emitSchemaTypes(bundled.root);
    expect(types).toMatch(shows);
    expect(types).toBe(await emitSchemaTypes(await loadFile(`test/fixtures/real-world/${spec}`, root), "bundled"));
  });

  it("finds an external $ref anywhere, and ignores internal ones and non-string $ref values", () => {
    expect(hasOnlyInternalRefs({ a: [{ b: { $ref: "#/components/schemas/X" } }], properties: { $ref: { type: "string" } } })).toBe(true);
    expect(hasOnlyInternalRefs({ a: [{ b: { $ref: "#/x" } }, { c: { $ref: "other.yaml#/x" } }] })).toBe(false);
  });

  it("reads $refs as the loader does: one in a `default` response counts, one in example data does not", () => {
    const responses = (response: JsonValue) => ({ openapi: "3.0.3", paths: { "/a": { get: { responses: { default: response } } } } });
    expect(hasOnlyInternalRefs(responses({ $ref: "errors.yaml#/Error" }))).toBe(false);
    expect(hasOnlyInternalRefs(responses({ description: "x", content: { "application/json": { example: { $ref: "errors.yaml#/Error" } } } }))).toBe(true);
  });
});
