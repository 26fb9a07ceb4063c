import type { JsonObject, JsonValue } from "../openapi/load.js";
import { pointerToPath } from "../openapi/pointer.js";
import { forEachRef, forEachSchema, isObject } from "../openapi/walk.js";
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

// The names of the component schemas that `schemas` reach through $refs, transitively, sorted: what a self-contained
// copy of those schemas must carry along. A component reached at all is carried whole (a $ref may point inside it,
// `#/components/schemas/Pet/properties/owner`), so its own $refs count too.
export function componentSchemaClosure(schemas: readonly JsonValue[], document: JsonObject): string[] {
  const components = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  const needed = new Set<string>();
  const queue: JsonValue[] = [...schemas];
  while (queue.length > 0) {
    forEachRef(
      queue.pop(),
      ({ ref }) => {
        const [section, group, name] = ref.startsWith("#") ? pointerToPath(ref) : [];
        if (section !== "components" || group !== "schemas" || name === undefined || needed.has(name) || !Object.hasOwn(components, name)) return;
        needed.add(name);
        queue.push(components[name] as JsonValue);
      },
      { kind: "schema" },
    );
  }
  return [...needed].sort();
}
