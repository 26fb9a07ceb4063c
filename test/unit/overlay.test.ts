// Overlay 1.0 actions: one action can reach every selected operation (wildcards, filters, RFC 9535's `..`).
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadFile, type JsonObject, type JsonValue } from "../../src/openapi/load.js";
import { extractOperations } from "../../src/upstream/extract.js";
import { applyOverlay } from "../../src/upstream/overlay.js";
import { listOperations, parseOperationSelector, selectOperations } from "../../src/upstream/select.js";

const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-overlay-"));
let count = 0;
async function overlayOf(actions: JsonValue[]) {
  const file = path.join(dir, `overlay-${count++}.yaml`);
  await writeFile(file, stringify({ overlay: "1.0.0", info: { title: "t", version: "1" }, actions }));
  return loadFile(file);
}

// The fixture's widget operations, cut as refresh cuts them.
async function widgets(): Promise<JsonObject> {
  const source = await loadFile("test/fixtures/extract/grouped.yaml");
  const picked = selectOperations({ document: source.document, selectors: [parseOperationSelector("group:shop.widgets")], file: source.file });
  return structuredClone(extractOperations(source, picked)) as JsonObject;
}

type Parameter = { name: string; schema: { enum?: string[] } };
// Every `accounts_or_zones` parameter, at the path level or the operation level.
function selectorParameters(fragment: JsonObject): Parameter[] {
  const out: Parameter[] = [];
  for (const item of Object.values(fragment.paths as Record<string, Record<string, { parameters?: Parameter[] }>>)) {
    for (const parameter of (item.parameters as unknown as Parameter[] | undefined) ?? []) if (parameter.name === "accounts_or_zones") out.push(parameter);
    for (const value of Object.values(item)) for (const parameter of (value as { parameters?: Parameter[] }).parameters ?? []) if (parameter.name === "accounts_or_zones") out.push(parameter);
  }
  return out;
}

const ENUM = { update: { schema: { enum: ["accounts", "zones"] } } };

describe("applyOverlay", () => {
  it("gives every merged path's selector parameter the enum, path-level and operation-level alike, with `..`", async () => {
    const fragment = await widgets();
    const before = selectorParameters(fragment);
    // The fixture has both kinds: two operation-level and one path-level parameter.
    expect(before).toHaveLength(3);
    applyOverlay(fragment, await overlayOf([{ target: "$.paths..parameters[?(@.name=='accounts_or_zones')]", ...ENUM }]));
    expect(selectorParameters(fragment).map((p) => p.schema.enum)).toEqual([["accounts", "zones"], ["accounts", "zones"], ["accounts", "zones"]]);
  });

  it("reaches only operation-level parameters with wildcards, as the JSONPath says", async () => {
    const fragment = await widgets();
    applyOverlay(fragment, await overlayOf([{ target: "$.paths[*][*].parameters[?(@.name=='accounts_or_zones')]", ...ENUM }]));
    expect(selectorParameters(fragment).filter((p) => p.schema.enum).length).toBe(2);
  });

  it("applies an update once to a node that nested `..` segments reach twice", async () => {
    // `$..a` is both `a`s, and `..box` below each reaches the inner box twice; a value appended twice would show.
    const document: JsonObject = { a: { a: { box: { list: [1] } } } };
    applyOverlay(document, await overlayOf([{ target: "$..a..box", update: { list: 2 } }]));
    expect(document).toEqual({ a: { a: { box: { list: [1, 2] } } } });
  });

  it("removes every element a filter matches from one list", async () => {
    const document: JsonObject = { tags: [{ name: "x" }, { name: "keep" }, { name: "x" }, { name: "x" }] };
    applyOverlay(document, await overlayOf([{ target: "$.tags[?(@.name=='x')]", remove: true }]));
    expect(document).toEqual({ tags: [{ name: "keep" }] });
  });

  it("gives each target its own copy of the update, so a later action edits one target only", async () => {
    const document: JsonObject = { paths: { "/a": { get: {} }, "/b": { get: {} } } };
    applyOverlay(document, await overlayOf([
      { target: "$.paths.*.get", update: { "x-meta": { seen: ["all"] } } },
      { target: "$.paths['/a'].get.x-meta", update: { seen: ["a"] } },
    ]));
    expect(document).toEqual({ paths: { "/a": { get: { "x-meta": { seen: ["all", "a"] } } }, "/b": { get: { "x-meta": { seen: ["all"] } } } } });
  });

  it("names the action whose target matches nothing", async () => {
    const fragment = await widgets();
    await expect(async () => applyOverlay(fragment, await overlayOf([{ target: "$.paths..parameters[?(@.name=='zone_id')]", ...ENUM }]))).rejects.toThrow(/#\/actions\/0\/target: overlay target .* matches nothing/);
  });

  it("keeps the operations it was not asked about", async () => {
    const source = await loadFile("test/fixtures/extract/grouped.yaml");
    const all = listOperations(source.document).length;
    const fragment = structuredClone(extractOperations(source, listOperations(source.document))) as JsonObject;
    applyOverlay(fragment, await overlayOf([{ target: "$.paths..parameters[?(@.name=='accounts_or_zones')]", ...ENUM }]));
    expect(listOperations(fragment)).toHaveLength(all);
  });
});
