import path from "node:path";
import { formatErrorLine, nearest, SpecforgeError } from "../errors.js";
import { isPlainTextFile, loadFile, loadTextFile, specError, type JsonObject, type JsonValue, type LoadedFile } from "./load.js";
import { placeOf } from "./places.js";
import { pathToPointer, pointerToPath } from "./pointer.js";
import { forEachRef, forEachSchema, isObject, valueAt, type Kind, type RefSite, type Stop } from "./walk.js";

// A root spec file and every file its `$ref`s reach, all already loaded.
export interface SpecSet {
  root: LoadedFile;
  files: ReadonlyMap<string, LoadedFile>;
  /** Where each file is read from, and as what: the root (and any other OpenAPI document) whole, a bare file (an
   * operation in `ops/x.yml`, a schema in `pet.yaml#/Pet`) at each pointer a $ref names, as what that $ref stands for.
   * Absent for a set made from one document in memory (the bundle), where the root is all there is. */
  parts?: readonly SpecPart[];
}

// One value of a spec set that the walks start from.
export interface SpecPart {
  file: LoadedFile;
  pointer: string;
  kind: Kind;
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
  const isOpenApi = (loaded: LoadedFile): boolean => loaded === root || typeof loaded.document.openapi === "string";
  // What is walked for $refs: every OpenAPI document whole, and in any other file (a bare schema file) only what
  // the $refs into it reach, as what those $refs stand for: a schema, a response... The walk then knows where data
  // is (a `$ref` key in an example is not a reference) and which $refs stand where a schema belongs.
  const entries: SpecPart[] = [{ file: root, pointer: "#", kind: "document" }];
  // The root is entered already: a local $ref in it must not list it again (every walk of the set would see it twice).
  const entered = new Set<string>([`${root.absolutePath} document #`]);
  const sites: { file: LoadedFile; site: RefSite }[] = [];
  const sitesSeen = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const { file: current, pointer, kind } = entries[i] as (typeof entries)[number];
    const found: RefSite[] = [];
    forEachRef(valueAt(current.document, pointerToPath(pointer)), (site) => void found.push(site), { kind, at: pointer });
    for (const site of found) {
      const { ref, at } = site;
      if (sitesSeen.has(`${current.absolutePath}${at}`)) continue;
      sitesSeen.add(`${current.absolutePath}${at}`);
      sites.push({ file: current, site });
      const [target = "", fragment = ""] = ref.split("#");
      let targetFile = current;
      if (target !== "") {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
          throw specError(`remote $ref '${ref}' is not supported`, "download that document next to the spec and refer to it by a relative path", current.locate(`${at}/$ref`));
        }
        const absolute = path.resolve(path.dirname(current.absolutePath), target);
        targetFile = files.get(absolute) ?? (await loadReferenced(absolute, { ref, at, from: current, cwd }));
        files.set(absolute, targetFile);
      }
      const entry = isOpenApi(targetFile) ? { pointer: "#", kind: "document" as const } : { pointer: pathToPointer(pointerToPath(`#${fragment}`)), kind: site.kind };
      const key = `${targetFile.absolutePath} ${entry.kind} ${entry.pointer}`;
      if (entered.has(key)) continue;
      entered.add(key);
      entries.push({ file: targetFile, ...entry });
    }
  }
  const set: SpecSet = { root, files, parts: entries };
  // OpenAPI 3.1 schemas may be `true` or `false`; everything else a $ref can name is an object.
  const booleanSchemas = String(root.document.openapi).startsWith("3.1");
  for (const { file: loaded, site } of sites) {
    const { ref, at } = site;
    const target = resolveRef(set, ref, loaded, at);
    const { value } = target;
    if (isObject(value) || (booleanSchemas && typeof value === "boolean")) {
      if (site.kind === "schema" && isOpenApi(target.file)) checkSchemaRef(set, loaded, ref, at, target);
      continue;
    }
    // Outside the places the walk models (a `description: { $ref: intro.md#/text }`, which Redocly's layout uses for
    // long texts), a $ref may stand for any value: Redocly's bundler, and so openapi-typescript, put the value in its place.
    if (site.kind === "unknown") continue;
    const found = value === null ? "null" : Array.isArray(value) ? "a list" : `the ${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
    const parent = ref.replace(/\/[^/#]*$/, "");
    const parentValue = parent !== ref && parent.includes("#/") ? tryResolve(set, parent, loaded) : undefined;
    throw specError(
      `$ref '${ref}' points at ${found}, not at an object such as a schema, parameter or response`,
      isObject(parentValue) ? `did you mean '${parent}'?` : "point the $ref at a whole definition, e.g. '#/components/schemas/Name'",
      loaded.locate(`${at}/$ref`),
    );
  }
  return set;
}

// Loads the file an external $ref names; a failure is reported at the $ref, or at its own line for a problem inside it.
async function loadReferenced(absolute: string, { ref, at, from, cwd }: { ref: string; at: string; from: LoadedFile; cwd: string }): Promise<LoadedFile> {
  try {
    const shown = displayPath(absolute, cwd);
    return await (isPlainTextFile(absolute) ? loadTextFile(shown, cwd) : loadFile(shown, cwd));
  } catch (error) {
    if (!(error instanceof SpecforgeError)) throw error;
    const where = from.locate(`${at}/$ref`);
    // A problem inside the referenced file (a syntax error, say) is reported there, at its line.
    if (error.location?.line !== undefined) {
      throw specError(`${error.problem} (in the file that $ref '${ref}' at ${formatErrorLine("", "", { file: where.file, line: where.line }).replace(/: $/, "")} refers to)`, error.hint, error.location);
    }
    const shown = displayPath(absolute, cwd);
    const missing = error.problem === "spec file not found";
    const hint = missing ? `create ${shown}, or fix the $ref, which is resolved relative to ${from.file}${error.hint.startsWith("did you mean") ? `; ${error.hint}` : ""}` : error.hint;
    throw specError(`$ref '${ref}' points at ${shown}, ${missing ? "which does not exist" : `which cannot be used: ${error.problem}`}`, hint, where);
  }
}

// A $ref that stands where a schema belongs (the walk says so) must name a schema: openapi-typescript renders a $ref to a container (the document,
// `components.schemas` itself) or to another kind of object (a security scheme, `info`) as that whole type, and the
// output does not compile. Only targets in OpenAPI documents are judged, where the pointer shows what they are; a
// file that is not one (a bare schema file reached by an external $ref) has no known places.
function checkSchemaRef(set: SpecSet, loaded: LoadedFile, ref: string, at: string, target: Resolved): void {
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

// Resolves one `$ref` from `base`; an unresolvable one is a SpecforgeError at the `$ref`'s location.
export function resolveRef(set: SpecSet, ref: string, base: LoadedFile, at: string): Resolved {
  const [target = "", fragment = ""] = ref.split("#");
  const file = target === "" ? base : set.files.get(path.resolve(path.dirname(base.absolutePath), target));
  if (!file) {
    throw specError(`$ref '${ref}' points at a file that was not loaded`, "check the file name in the $ref", base.locate(at + "/$ref"));
  }
  let value: JsonValue = file.plainText ? file.text : file.document;
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

// Calls `visit` on every schema of a spec set, in every file, with the file it is in: the root document's (and the
// local $refs they reach), then each part of another file that a $ref names (its schemas, and theirs in that file).
export function forEachSchemaOfSet(set: SpecSet, visit: (schema: JsonObject, pointer: string, file: LoadedFile) => Stop): void {
  let stopped = false;
  for (const { file, pointer, kind } of set.parts ?? [{ file: set.root, pointer: "#", kind: "document" as const }]) {
    forEachSchema(
      valueAt(file.document, pointerToPath(pointer)),
      (schema, at) => {
        if (visit(schema, at, file) === "stop") stopped = true;
        return stopped ? "stop" : undefined;
      },
      { kind, at: pointer, document: file.document },
    );
    if (stopped) return;
  }
}

export { isObject } from "./walk.js";
