import path from "node:path";
import { SpecforgeError } from "../errors.js";
import { loadFile, pathToPointer, pointerToPath, type JsonObject, type JsonValue, type LoadedFile } from "./load.js";

// A root spec file and every file its `$ref`s reach, all already loaded.
export interface SpecSet {
  root: LoadedFile;
  files: ReadonlyMap<string, LoadedFile>;
}

export interface Resolved {
  file: LoadedFile;
  pointer: string;
  value: JsonValue;
}

// Loads a spec and, transitively, the files its external `$ref`s name; fails on any `$ref` that does not resolve.
export async function loadSpecSet(file: string, cwd = process.cwd()): Promise<SpecSet> {
  const root = await loadFile(file, cwd);
  const files = new Map<string, LoadedFile>([[root.absolutePath, root]]);
  const queue = [root];
  while (queue.length > 0) {
    const current = queue.shift() as LoadedFile;
    for (const { ref, at } of collectRefs(current.document)) {
      const [target = ""] = ref.split("#");
      if (target === "") continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        throw new SpecforgeError(`remote $ref '${ref}' is not supported`, "download that document next to the spec and refer to it by relative path", current.locate(at));
      }
      const absolute = path.resolve(path.dirname(current.absolutePath), target);
      if (files.has(absolute)) continue;
      let loaded: LoadedFile;
      try {
        loaded = await loadFile(path.relative(cwd, absolute) || absolute, cwd);
      } catch (error) {
        if (error instanceof SpecforgeError) {
          throw new SpecforgeError(`$ref '${ref}' points at a file that cannot be used: ${error.problem}`, `create ${path.relative(cwd, absolute)} or fix the $ref`, current.locate(at));
        }
        throw error;
      }
      files.set(absolute, loaded);
      queue.push(loaded);
    }
  }
  const set: SpecSet = { root, files };
  for (const loaded of files.values()) {
    for (const { ref, at } of collectRefs(loaded.document)) resolveRef(set, ref, loaded, at);
  }
  return set;
}

const DATA_KEYWORDS = new Set(["example", "default", "enum", "const"]);

// Every `$ref` string in a document, with the pointer of the object that holds it.
export function collectRefs(document: JsonValue): { ref: string; at: string }[] {
  const found: { ref: string; at: string }[] = [];
  const trail: (string | number)[] = [];
  const walk = (value: JsonValue): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        trail.push(index);
        walk(item);
        trail.pop();
      });
    } else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        const child = value[key] as JsonValue;
        if (key === "$ref" && typeof child === "string") {
          found.push({ ref: child, at: pathToPointer(trail) });
          continue;
        }
        // Example and default values are data, not schema: a `$ref` key inside one is just a key.
        const parent = trail.at(-1);
        if (DATA_KEYWORDS.has(key) && parent !== "properties") continue;
        if (key === "value" && trail.at(-2) === "examples") continue;
        trail.push(key);
        walk(child);
        trail.pop();
      }
    }
  };
  walk(document);
  return found;
}

// Resolves one `$ref` from `base`; an unresolvable one is a SpecforgeError at the `$ref`'s location.
export function resolveRef(set: SpecSet, ref: string, base: LoadedFile, at: string): Resolved {
  const [target = "", fragment = ""] = ref.split("#");
  const file = target === "" ? base : set.files.get(path.resolve(path.dirname(base.absolutePath), target));
  if (!file) {
    throw new SpecforgeError(`$ref '${ref}' points at a file that was not loaded`, "check the file name in the $ref", base.locate(at));
  }
  let value: JsonValue = file.document;
  for (const key of pointerToPath("#" + fragment)) {
    const next: JsonValue | undefined =
      Array.isArray(value) ? value[Number(key)] : value !== null && typeof value === "object" ? (value as JsonObject)[key] : undefined;
    if (next === undefined || !Object.hasOwn(value as object, key)) {
      throw new SpecforgeError(`$ref '${ref}' does not resolve`, `define ${"#" + fragment} in ${file.file} or fix the $ref`, base.locate(at + "/$ref"));
    }
    value = next;
  }
  return { file, pointer: "#" + fragment, value };
}

// Follows `$ref`s until a non-reference value; guards against reference cycles.
export function deref(set: SpecSet, value: JsonValue | undefined, base: LoadedFile, at: string): Resolved | undefined {
  let current: Resolved | undefined = value === undefined ? undefined : { file: base, pointer: at, value };
  const seen = new Set<string>();
  while (current && isObject(current.value) && typeof current.value.$ref === "string") {
    const key = current.file.absolutePath + current.pointer;
    if (seen.has(key)) {
      throw new SpecforgeError(`$ref cycle through ${current.pointer}`, "a $ref must eventually point at a real object", current.file.locate(current.pointer));
    }
    seen.add(key);
    current = resolveRef(set, current.value.$ref, current.file, current.pointer);
  }
  return current;
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
