// Redocly's multi-file layout, read as Redocly and openapi-typescript read it: operations given as
// `get: { $ref: ops/x.yml }`, `$ref`s inside `description`s (to a Markdown file, or to a key of a YAML file), relative
// `$ref`s across folders; a problem inside a referenced file is reported there, and a --lenient repair made in a
// referenced file reaches the bundle.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecforgeError } from "../../src/errors.js";
import { emitSchemaTypes } from "../../src/emit/schema/schema-types.js";
import { bundleSpecSet } from "../../src/openapi/bundle.js";
import { loadFile, type JsonObject } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { repairSpec } from "../../src/openapi/repair.js";
import { validateSpec } from "../../src/openapi/validate.js";
import { valueAt } from "../../src/openapi/walk.js";
import { REPO_ROOT } from "../e2e/repo-copy.js";

const LAYOUT = path.join(REPO_ROOT, "test/fixtures/real-world/redocly-layout-30.yaml");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "specforge-multi-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Writes files (path → YAML text) under a fresh folder; returns the folder.
async function files(name: string, texts: Record<string, string>): Promise<string> {
  const root = path.join(dir, name);
  for (const [file, text] of Object.entries(texts)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

const ROOT = (operation: string) => `openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    get:
      $ref: "${operation}"
`;

// A file as messages name it: relative to the working directory when inside it.
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

async function errorOf(run: () => unknown): Promise<SpecforgeError | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SpecforgeError) return error;
    throw error;
  }
  return undefined;
}

describe("Redocly's multi-file layout", () => {
  it("loads, validates and bundles test/fixtures/real-world/redocly-layout-30.yaml: operations inline, description $refs replaced by their text", async () => {
    const set = await loadSpecSet(LAYOUT);
    expect(repairSpec(set, false)).toEqual([]);
    validateSpec(set);
    const bundled = (await bundleSpecSet(set)).root.document;
    const at = (pointer: string) => valueAt(bundled, pointer.split("/").slice(1).map((k) => k.replace(/~1/g, "/")));
    expect(at("#/info/description")).toBe("# Pets\n\nA pet store whose operations live in their own files.\n");
    expect(at("#/tags/0/description")).toBe("Everything about pets.\n");
    expect(at("#/paths/~1pets~1{pet_id}/get/operationId")).toBe("pets_get");
    expect(at("#/paths/~1pets~1{pet_id}/get/description")).toBe("Returns one pet by its id.\n");
    expect(at("#/paths/~1pets/post/operationId")).toBe("pets_create");
    expect(JSON.stringify(bundled)).not.toMatch(/"\$ref":"(?!#\/components\/)/);
  });

  it("validates an operation given as a $ref: its missing responses are reported in its own file, at its line", async () => {
    const root = await files("no-responses", { "api.yaml": ROOT("ops/list.yml"), "ops/list.yml": "operationId: list\nsummary: List\n" });
    const error = await errorOf(async () => validateSpec(await loadSpecSet(path.join(root, "api.yaml"))));
    expect(error?.problem).toBe("GET /pets: missing `responses`");
    expect(error?.location?.file).toBe(shown(path.join(root, "ops/list.yml")));
    expect(error?.location?.pointer).toBe("#");
  });

  it("resolves the $refs inside a referenced operation from that operation's file", async () => {
    const root = await files("relative", {
      "api.yaml": ROOT("resources/pets/list.yml"),
      "resources/pets/list.yml": 'operationId: list\nresponses:\n  "200":\n    $ref: "responses/ok.yml"\n  "404":\n    $ref: "../../shared/missing.yml"\n',
      "resources/pets/responses/ok.yml": "description: ok\ncontent:\n  application/json:\n    schema: { type: strnig }\n",
      "shared/missing.yml": "description: not found\n",
    });
    const error = await errorOf(async () => validateSpec(await loadSpecSet(path.join(root, "api.yaml"))));
    expect(error?.problem).toBe('schema type "strnig" is not a JSON Schema type');
    expect(error?.location?.file).toBe(shown(path.join(root, "resources/pets/responses/ok.yml")));
    expect(error?.location).toMatchObject({ line: 4, pointer: "#/content/application~1json/schema/type" });
  });

  it("repairs a referenced operation's file under --lenient, names the file, and the bundle carries the repair", async () => {
    const root = await files("lenient", {
      "api.yaml": ROOT("ops/list.yml"),
      "ops/list.yml": 'operationId: list\nresponses:\n  "200":\n    description: ok\n    content:\n      application/json: { schema: { type: string } }\n      examples: { a: { value: x } }\n',
    });
    const strict = await loadSpecSet(path.join(root, "api.yaml"));
    expect((await errorOf(() => validateSpec(strict)))?.problem).toBe("GET /pets: response 200: 'examples' is not a media type");
    const set = await loadSpecSet(path.join(root, "api.yaml"));
    const repairs = repairSpec(set, true);
    expect(repairs).toEqual([{ file: shown(path.join(root, "ops/list.yml")), pointer: "#/responses/200/content/examples", message: "'examples' is not a media type (a media type's own field written one level too high?); dropped" }]);
    validateSpec(set);
    const bundled = (await bundleSpecSet(set)).root.document;
    const content = valueAt(bundled, ["paths", "/pets", "get", "responses", "200", "content"]) as JsonObject;
    expect(Object.keys(content)).toEqual(["application/json"]);
  });

  it("replaces a description $ref to a text inside a single file, as Redocly does, and types it as openapiTS does", async () => {
    const root = await files("single", {
      "api.yaml": `openapi: 3.0.3
info: { title: t, version: "1", description: { $ref: "#/x-texts/intro" } }
x-texts:
  intro: The introduction.
  pets: All about pets.
paths:
  /pets:
    get:
      operationId: listPets
      description: { $ref: "#/x-texts/pets" }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, description: { $ref: "#/x-texts/pets" }, properties: { name: { type: string } } }
`,
    });
    const set = await loadSpecSet(path.join(root, "api.yaml"));
    validateSpec(set);
    const bundled = (await bundleSpecSet(set)).root;
    expect(valueAt(bundled.document, ["info", "description"])).toBe("The introduction.");
    expect(valueAt(bundled.document, ["paths", "/pets", "get", "description"])).toBe("All about pets.");
    const types = await emitSchemaTypes(bundled, "direct");
    expect(types).toMatch(/@description All about pets\./);
    expect(types).toBe(await emitSchemaTypes(await loadFile(path.join(root, "api.yaml")), "bundled"));
  });
});
