import path from "node:path";
import { formatErrorLine, SpecforgeError, nearest } from "../errors.js";
import { loadFile, pathToPointer, pointerToPath, specError, type JsonObject, type JsonValue, type LoadedFile } from "./load.js";
import { placeOf } from "./places.js";

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
        throw specError(`remote $ref '${ref}' is not supported`, "download that document next to the spec and refer to it by a relative path", current.locate(`${at}/$ref`));
      }
      const absolute = path.resolve(path.dirname(current.absolutePath), target);
      if (files.has(absolute)) continue;
      let loaded: LoadedFile;
      try {
        loaded = await loadFile(displayPath(absolute, cwd), cwd);
      } catch (error) {
        if (!(error instanceof SpecforgeError)) throw error;
        const from = current.locate(`${at}/$ref`);
        // A problem inside the referenced file (a syntax error, say) is reported there, at its line.
        if (error.location?.line !== undefined) {
          throw specError(`${error.problem} (in the file that $ref '${ref}' at ${formatErrorLine("", "", { file: from.file, line: from.line }).replace(/: $/, "")} refers to)`, error.hint, error.location);
        }
        const shown = displayPath(absolute, cwd);
        const missing = error.problem === "spec file not found";
        const hint = missing ? `create ${shown}, or fix the $ref, which is resolved relative to ${current.file}${error.hint.startsWith("did you mean") ? `; ${error.hint}` : ""}` : error.hint;
        throw specError(`$ref '${ref}' points at ${shown}, ${missing ? "which does not exist" : `which cannot be used: ${error.problem}`}`, hint, from);
      }
      files.set(absolute, loaded);
      queue.push(loaded);
    }
  }
  const set: SpecSet = { root, files };
  // OpenAPI 3.1 schemas may be `true` or `false`; everything else a $ref can name is an object.
  const booleanSchemas = String(root.document.openapi).startsWith("3.1");
  for (const loaded of files.values()) {
    for (const { ref, at } of collectRefs(loaded.document)) {
      const target = resolveRef(set, ref, loaded, at);
      const { value } = target;
      if (isObject(value) || (booleanSchemas && typeof value === "boolean")) {
        checkSchemaRef(set, loaded, ref, at, target);
        continue;
      }
      const found = value === null ? "null" : Array.isArray(value) ? "a list" : `the ${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
      const parent = ref.replace(/\/[^/#]*$/, "");
      const parentValue = parent !== ref && parent.includes("#/") ? tryResolve(set, parent, loaded) : undefined;
      throw specError(
        `$ref '${ref}' points at ${found}, not at an object such as a schema, parameter or response`,
        isObject(parentValue) ? `did you mean '${parent}'?` : "point the $ref at a whole definition, e.g. '#/components/schemas/Name'",
        loaded.locate(`${at}/$ref`),
      );
    }
  }
  return set;
}

// A $ref where a schema belongs must name a schema: openapi-typescript renders a $ref to a container (the document,
// `components.schemas` itself) or to another kind of object (a security scheme, `info`) as that whole type, and the
// output does not compile. Only places the pointer shows for certain are judged; files that are not OpenAPI
// documents (a bare schema file reached by an external $ref) have no known places.
function checkSchemaRef(set: SpecSet, loaded: LoadedFile, ref: string, at: string, target: Resolved): void {
  const isOpenApi = (file: LoadedFile): boolean => file === set.root || typeof file.document.openapi === "string";
  if (!isOpenApi(loaded) || !isOpenApi(target.file) || placeOf(pointerToPath(at)).kind !== "schema") return;
  const place = placeOf(pointerToPath(target.pointer));
  if (place.kind !== "other") return;
  // The suggested entry must be one openapi-typescript can name as a type: a component schema or a property.
  const first = isObject(target.value) && /^#\/components\/schemas$|\/properties$/.test(target.pointer) ? Object.keys(target.value)[0] : undefined;
  const components = set.root.document.components;
  const schema = (isObject(components) && isObject(components.schemas) ? Object.keys(components.schemas)[0] : undefined) ?? "Name";
  const hint =
    first !== undefined
      ? `point it at one of its entries, e.g. '${ref.split("#")[0] ?? ""}${target.pointer}${pathToPointer([first]).slice(1)}'`
      : `a schema $ref names a schema, e.g. '${pathToPointer(["components", "schemas", schema])}'`;
  throw specError(`$ref '${ref}' points at ${place.what}, not at a schema`, hint, loaded.locate(`${at}/$ref`));
}

// Relative to the working directory when the file is inside it, so messages read the same on every machine.
function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
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
    throw specError(`$ref '${ref}' points at a file that was not loaded`, "check the file name in the $ref", base.locate(at + "/$ref"));
  }
  let value: JsonValue = file.document;
  const walked: string[] = [];
  for (const key of pointerToPath("#" + fragment)) {
    const next: JsonValue | undefined =
      Array.isArray(value) ? value[Number(key)] : value !== null && typeof value === "object" ? (value as JsonObject)[key] : undefined;
    if (next === undefined || !Object.hasOwn(value as object, key)) {
      const parent = pathToPointer(walked);
      const siblings = isObject(value) ? Object.keys(value) : [];
      const near = nearest(key, siblings);
      const where = file === base ? "" : ` in ${file.file}`;
      const owner = parent === "#" ? (file === base ? "the document" : file.file) + " has no top-level" : `${parent}${where} has no`;
      const problem = `$ref '${ref}' does not resolve: ${owner} '${key}'`;
      const hint = near ? `did you mean '${target}${pathToPointer([...walked, near])}'?` : `define ${"#" + fragment}${where}, or fix the $ref`;
      throw specError(problem, hint, base.locate(at + "/$ref"));
    }
    walked.push(key);
    value = next;
  }
  return { file, pointer: "#" + fragment, value };
}

function tryResolve(set: SpecSet, ref: string, base: LoadedFile): JsonValue | undefined {
  try {
    return resolveRef(set, ref, base, "#").value;
  } catch {
    return undefined;
  }
}

// Follows `$ref`s until a non-reference value; guards against reference cycles.
export function deref(set: SpecSet, value: JsonValue | undefined, base: LoadedFile, at: string): Resolved | undefined {
  let current: Resolved | undefined = value === undefined ? undefined : { file: base, pointer: at, value };
  const seen: string[] = [];
  while (current && isObject(current.value) && typeof current.value.$ref === "string") {
    const key = current.file.absolutePath + current.pointer;
    if (seen.includes(key)) {
      const chain = [...seen.slice(seen.indexOf(key)), key].map((k) => k.slice(k.lastIndexOf("#")));
      throw specError(`$ref cycle: ${chain.join(" -> ")}`, "a $ref must eventually reach a real object; point one of these at a definition", current.file.locate(current.pointer));
    }
    seen.push(key);
    current = resolveRef(set, current.value.$ref, current.file, current.pointer);
  }
  return current;
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
