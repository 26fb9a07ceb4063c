import type { JsonObject, JsonValue } from "../openapi/load.js";
import { pathToPointer } from "../openapi/pointer.js";
import { forEachSchema, isObject, reachableRefs, valueAt } from "../openapi/walk.js";
import type { SchemaResolver } from "./types.js";

// Questions the model asks of schemas: which properties an object schema has, which it requires, what the envelope's
// result is, and what a schema reaches through component $refs. allOf parts count as the schema's own
// (https://json-schema.org/draft/2020-12/json-schema-core#section-10.2.1.1).

// Property names of an object schema, through $ref and allOf; undefined when the schema does not describe an object.
export function collectProperties(schema: JsonValue | undefined, resolve: SchemaResolver, seen = new Set<object>()): string[] | undefined {
  const s = resolve(schema);
  if (!isObject(s) || seen.has(s)) return undefined;
  seen.add(s);
  const names = new Set<string>(isObject(s.properties) ? Object.keys(s.properties) : []);
  let isObjectSchema = s.type === "object" || isObject(s.properties);
  if (Array.isArray(s.allOf)) {
    for (const part of s.allOf) {
      const inner = collectProperties(part, resolve, seen);
      if (inner) {
        isObjectSchema = true;
        inner.forEach((n) => names.add(n));
      }
    }
  }
  return isObjectSchema ? [...names] : undefined;
}

// Required property names of an object schema, through $ref and allOf, each once.
export function requiredProperties(schema: JsonValue | undefined, resolve: SchemaResolver, seen = new Set<object>()): string[] {
  const s = resolve(schema);
  if (!isObject(s) || seen.has(s)) return [];
  seen.add(s);
  const own = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : [];
  const inherited = Array.isArray(s.allOf) ? s.allOf.flatMap((part) => requiredProperties(part, resolve, seen)) : [];
  return [...new Set([...own, ...inherited])];
}

// The schema of one property of an object schema, through $ref and allOf (the first part that declares it).
export function propertySchema(schema: JsonValue | undefined, name: string, resolve: SchemaResolver): JsonValue | undefined {
  const s = resolve(schema);
  if (!isObject(s)) return undefined;
  if (isObject(s.properties) && s.properties[name] !== undefined) return s.properties[name];
  for (const part of Array.isArray(s.allOf) ? s.allOf : []) {
    const found = propertySchema(part, name, resolve);
    if (found !== undefined) return found;
  }
  return undefined;
}

// The members of TypeScript's `Object` interface (lib.es5.d.ts). An object literal "has" each of them, inherited, and
// TypeScript checks that against an optional property of the same name: see `Literal` in src/runtime/client.ts.
const OBJECT_MEMBERS = new Set(["constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"]);

// Whether a name is one of the members every object literal inherits from Object.
export function isObjectMemberName(name: string): boolean {
  return OBJECT_MEMBERS.has(name);
}

// Whether an object property named like an Object member is reachable from `schema` (through the document's $refs), so
// a literal of its type must be checked against `Literal<T>` rather than `T`.
export function reachesObjectMemberName(schema: JsonValue | undefined, document: JsonObject): boolean {
  let found = false;
  forEachSchema(
    schema,
    (s) => {
      found = isObject(s.properties) && Object.keys(s.properties).some(isObjectMemberName);
      return found ? "stop" : undefined;
    },
    { kind: "schema", document },
  );
  return found;
}

// The parts of `document` that `schemas` reach through local $refs, transitively, each at its own place: a sparse copy
// of the document in which each such $ref resolves as in the spec, whether it points at a component schema or inside
// a response, a parameter, a path or an allOf list (`#/components/schemas/Pet/allOf/0`). A target inside another
// target is carried with it; the containers on the way to a target hold nothing else (a list's other items are null).
export function referencedParts(schemas: readonly JsonValue[], document: JsonObject): JsonObject {
  const paths = reachableRefs(schemas, { kind: "schema", document }).map((target) => target.path);
  const carried: string[][] = [];
  for (const path of [...paths].sort((a, b) => a.length - b.length)) {
    if (path.length > 0 && !carried.some((outer) => outer.every((key, i) => path[i] === key))) carried.push(path);
  }
  const out: JsonObject = {};
  for (const path of carried.sort((a, b) => (pathToPointer(a) < pathToPointer(b) ? -1 : 1))) {
    const value = valueAt(document, path);
    if (value !== undefined) placeAt(out, { path, value, document });
  }
  return out;
}

// Sets `value` at `path` in the sparse copy `out`, making each container on the way the kind (object or list) it is
// in `document`.
function placeAt(out: JsonObject, { path, value, document }: { path: string[]; value: JsonValue; document: JsonObject }): void {
  let container: JsonObject | JsonValue[] = out;
  path.forEach((key, depth) => {
    const last = depth === path.length - 1;
    const original = valueAt(document, path.slice(0, depth + 1));
    const existing: JsonValue | undefined = Array.isArray(container) ? container[Number(key)] : container[key];
    const next: JsonValue = last ? value : existing !== undefined && existing !== null ? existing : Array.isArray(original) ? [] : {};
    if (Array.isArray(container)) {
      while (container.length < Number(key)) container.push(null);
      container[Number(key)] = next;
    } else container[key] = next;
    if (!last) container = next as JsonObject | JsonValue[];
  });
}

// The JSON types a schema allows by its `type` keywords, its own and its allOf parts' together (OpenAPI 3.0's
// `nullable` adds null); undefined when none of them names a type. An empty list: the parts demand disjoint types,
// so no value fits.
export function declaredTypes(schema: JsonValue | undefined, resolve: SchemaResolver, seen = new Set<object>()): string[] | undefined {
  const s = resolve(schema);
  if (s === false) return [];
  if (!isObject(s) || seen.has(s)) return undefined;
  seen.add(s);
  let types = ownTypes(s);
  for (const part of Array.isArray(s.allOf) ? s.allOf : []) {
    const inner = declaredTypes(part, resolve, seen);
    if (inner !== undefined) types = types === undefined ? inner : intersectTypes(types, inner);
  }
  return types;
}

// The types a schema names itself, without its allOf parts.
export function ownTypes(s: JsonObject): string[] | undefined {
  const listed = typeof s.type === "string" ? [s.type] : Array.isArray(s.type) ? s.type.filter((t): t is string => typeof t === "string") : undefined;
  return listed !== undefined && s.nullable === true && !listed.includes("null") ? [...listed, "null"] : listed;
}

// The types two type lists both allow: an integer is a number.
export function intersectTypes(a: readonly string[], b: readonly string[]): string[] {
  const has = (list: readonly string[], type: string) => list.includes(type) || (type === "integer" && list.includes("number"));
  return [...new Set([...a.filter((t) => has(b, t)), ...b.filter((t) => has(a, t))])];
}
