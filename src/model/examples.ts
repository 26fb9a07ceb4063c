import type { JsonObject, JsonValue } from "../spec/load.js";
import { isObject } from "../spec/refs.js";

export type SchemaResolver = (schema: JsonValue | undefined) => JsonValue | undefined;

// Builds a value that fits a schema, for responses the spec documents no example for:
// the schema's own `example`, else its `default`, else its first `enum` value, else a value of its type.
export function exampleFromSchema(schema: JsonValue | undefined, resolve: SchemaResolver, depth = 0, seen: ReadonlySet<object> = new Set()): JsonValue | undefined {
  const s = resolve(schema);
  if (!isObject(s) || depth > 12 || seen.has(s)) return undefined;
  const trail = new Set(seen).add(s);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0] as JsonValue;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) {
    const first = s.enum.find((v) => v !== null);
    return first === undefined ? null : first;
  }
  const next = (child: JsonValue | undefined) => exampleFromSchema(child, resolve, depth + 1, trail);
  if (Array.isArray(s.allOf)) {
    const merged: JsonObject = {};
    for (const part of s.allOf) {
      const value = next(part);
      if (isObject(value)) Object.assign(merged, value);
      else if (value !== undefined && s.allOf.length === 1) return value;
    }
    // A part's own `example` may leave out what another part (or the whole) requires.
    for (const part of [s, ...s.allOf]) {
      const resolved = resolve(part);
      if (isObject(resolved)) addRequired(merged, resolved, next);
    }
    return merged;
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      for (const option of options) {
        const value = next(option);
        if (value !== undefined && value !== null) return value;
      }
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "object" || (type === undefined && isObject(s.properties))) {
    const result: JsonObject = {};
    const properties = isObject(s.properties) ? s.properties : {};
    for (const name of Object.keys(properties)) {
      const value = next(properties[name]);
      if (value !== undefined) result[name] = value;
    }
    addRequired(result, s, next);
    return result;
  }
  if (type === "array") {
    const item = next(s.items);
    const min = typeof s.minItems === "number" ? s.minItems : 0;
    const max = typeof s.maxItems === "number" ? s.maxItems : Number.POSITIVE_INFINITY;
    return item === undefined ? [] : Array.from({ length: Math.min(Math.max(1, min), max) }, () => item);
  }
  if (type === "string") return stringForFormat(s);
  if (type === "integer" || type === "number") {
    // 3.1 writes exclusiveMinimum as the bound; 3.0 as a boolean beside `minimum`.
    const exclusive = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : s.exclusiveMinimum === true && typeof s.minimum === "number" ? s.minimum : undefined;
    const min = exclusive !== undefined ? exclusive + (type === "integer" ? 1 : 0.5) : typeof s.minimum === "number" ? s.minimum : 0;
    return type === "integer" ? Math.ceil(min) : min;
  }
  if (type === "boolean") return true;
  if (type === "null") return null;
  return undefined;
}

// A required property the value lacks: built from its schema when it has one that yields a value; otherwise
// (required but never declared, or declared as any value) null, which such a property accepts.
function addRequired(value: JsonObject, s: JsonObject, next: (child: JsonValue | undefined) => JsonValue | undefined): void {
  if (!Array.isArray(s.required)) return;
  const properties = isObject(s.properties) ? s.properties : {};
  for (const name of s.required) {
    if (typeof name !== "string" || name in value) continue;
    value[name] = next(properties[name]) ?? null;
  }
}

function stringForFormat(s: JsonObject): string {
  const formats: Record<string, string> = {
    "date-time": "2014-01-01T05:20:00.12345Z",
    date: "2014-01-01",
    time: "05:20:00Z",
    email: "user@example.com",
    uri: "https://example.com/",
    url: "https://example.com/",
    uuid: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
    ipv4: "192.0.2.1",
    ipv6: "2001:db8::1",
    hostname: "example.com",
  };
  const base = (typeof s.format === "string" && formats[s.format]) || "string";
  const min = typeof s.minLength === "number" ? s.minLength : 0;
  const max = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  const padded = base.length < min ? base.padEnd(min, "x") : base;
  return padded.length > max ? padded.slice(0, max) : padded;
}
