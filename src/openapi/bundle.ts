import { createRequire } from "node:module";
import type { BaseResolver as RedoclyBaseResolver, bundle as redoclyBundle, createConfig as redoclyCreateConfig, Source as RedoclySource } from "@redocly/openapi-core";
import { SpecforgeError } from "../errors.js";
import type { JsonObject, JsonValue, LoadedFile } from "./load.js";
import { pointerToPath } from "./pointer.js";
import { forEachRef, isObject, valueAt } from "./walk.js";
import type { SpecSet } from "./refs.js";

// A spec split over files becomes one document before the model sees it: each value an external `$ref` reaches is
// moved into `components` (a schema in pet.yaml becomes #/components/schemas/pet) and the `$ref` points there. Every
// later stage then works on one document, as it does for a single-file spec: the model's schema resolver, the
// contract tests' self-contained schema map, and openapi-typescript's transform (src/emit/schema/openapi-typescript-direct.ts).
//
// The bundler is Redocly's, the one openapi-typescript's own `openapiTS()` runs, so the component names in schema.ts
// are the ones openapiTS gives a multi-file spec. The loader has already checked that every `$ref` resolves, with
// file and line (src/openapi/refs.ts). Redocly is handed the documents the loader parsed (and `--lenient` repaired)
// rather than reading the files again, so a repair in a file a $ref reaches is in the bundle, and nothing is read twice.

interface RedoclyParts {
  BaseResolver: typeof RedoclyBaseResolver;
  bundle: typeof redoclyBundle;
  createConfig: typeof redoclyCreateConfig;
  Source: typeof RedoclySource;
}

// Loaded only for a multi-file spec: @redocly/openapi-core is ~0.4 s of module loading.
function loadRedocly(): RedoclyParts {
  return createRequire(import.meta.url)("@redocly/openapi-core") as RedoclyParts;
}

// The spec set as one file: the root, with the bundled document.
// A single-file set is its own bundle, as Redocly's would be: the same document, with each `$ref` outside the
// modelled places that names a value other than an object (`description: { $ref: "#/x-texts/intro" }`) replaced by
// that value, and given an empty `components` object when it has none (openapi-typescript's output depends on that,
// see src/emit/schema/openapi-typescript-direct.ts).
export async function bundleSpecSet(set: SpecSet): Promise<SpecSet> {
  if (set.files.size === 1) {
    inlineValueRefs(set.root.document);
    if (set.root.document.components !== undefined) return set;
    const root: LoadedFile = { ...set.root, document: { ...set.root.document, components: {} } };
    return { root, files: new Map([[root.absolutePath, root]]) };
  }
  const { root } = set;
  const { BaseResolver, bundle, createConfig, Source } = loadRedocly();
  const config = await createConfig({}, { extends: ["minimal"] });
  // Redocly's resolver looks a file up in its cache (keyed by absolute path) before reading it: every file is there.
  const resolver = new BaseResolver(config.resolve);
  for (const file of set.files.values()) {
    if (file !== root) resolver.cache.set(file.absolutePath, Promise.resolve({ source: new Source(file.absolutePath, file.text), parsed: file.plainText ? file.text : file.document }));
  }
  const result = await bundle({ config, dereference: false, externalRefResolver: resolver, doc: { source: new Source(root.absolutePath, root.text), parsed: root.document } });
  const error = result.problems.find((problem) => problem.severity === "error");
  if (error) {
    throw new SpecforgeError(`the spec's files could not be bundled into one document: ${error.message}`, "fix the $ref at that pointer", {
      file: root.file,
      pointer: error.location[0]?.pointer,
    });
  }
  // The root keeps its text, hash and line lookup: a pointer into what was moved into `components` has no line there,
  // and is reported without one.
  const bundled: LoadedFile = { ...root, document: result.bundle.parsed as JsonObject };
  return { root: bundled, files: new Map([[root.absolutePath, bundled]]) };
}

// Replaces, in place, each local `$ref` that stands where the walk models nothing (kind "unknown") and names a string,
// number, boolean or list by that value, as Redocly's bundler does (its `replaceRef` for a value that is no object).
function inlineValueRefs(document: JsonObject): void {
  const sites: { at: string; ref: string }[] = [];
  forEachRef(document, ({ ref, at, kind }) => void (kind === "unknown" && ref.startsWith("#") && sites.push({ at, ref })));
  for (const { at, ref } of sites) {
    const target = valueAt(document, pointerToPath(ref));
    if (target === undefined || isObject(target)) continue;
    const path = pointerToPath(at);
    const key = path.pop();
    const parent = valueAt(document, path);
    if (key === undefined || parent === undefined || parent === null || typeof parent !== "object") continue;
    if (Array.isArray(parent)) parent[Number(key)] = target as JsonValue;
    else parent[key] = target as JsonValue;
  }
}
