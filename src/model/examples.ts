import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { exampleFits } from "./example-fit.js";
import type { SchemaResolver } from "./types.js";

// Past FULL_DEPTH only what a schema requires is built (no optional properties, no array items beyond minItems): a
// full value that deep would swell the generated tests, but a required property left as null breaks its schema
// (upstream's scan reports nest past it). Past MAX_DEPTH nothing is built; `seen` already stops cycles.
const FULL_DEPTH = 12;
const MAX_DEPTH = 48;

// Builds a value that fits a schema, for responses the spec documents no example for: the schema's own `example`,
// `default` or first `examples` entry when it fits the schema (upstream's often do not), else its `const` or first
// `enum` value, else a value built from its parts and type.
export function exampleFromSchema(schema: JsonValue | undefined, resolve: SchemaResolver, depth = 0, seen: ReadonlySet<object> = new Set()): JsonValue | undefined {
  const s = resolve(schema);
  if (!isObject(s) || depth > MAX_DEPTH || seen.has(s)) return undefined;
  const minimal = depth > FULL_DEPTH;
  const trail = new Set(seen).add(s);
  const documented = [s.example, s.default, Array.isArray(s.examples) ? s.examples[0] : undefined];
  for (const candidate of documented) if (candidate !== undefined && exampleFits(candidate, s, resolve)) return candidate;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) {
    // The first value that also meets the schema's other keywords (upstream lists `record_name` under
    // `format: hostname`), else the first at all.
    const options = s.enum.filter((v) => v !== null);
    const first = options.find((v) => exampleFits(v, s, resolve)) ?? options[0];
    return first === undefined ? null : first;
  }
  const next = (child: JsonValue | undefined) => exampleFromSchema(child, resolve, depth + 1, trail);
  if (Array.isArray(s.allOf)) {
    const values = s.allOf.map(next);
    if (values.some(isObject)) {
      const merged: JsonObject = {};
      // A part that only lists required names gives them null placeholders: those never replace a value another
      // part built from the property's schema.
      for (const value of values) {
        if (!isObject(value)) continue;
        for (const [name, v] of Object.entries(value)) if (v !== null || !Object.hasOwn(merged, name)) merged[name] = v as JsonValue;
      }
      // A part's own `example` may leave out what another part (or the whole) requires.
      for (const part of [s, ...s.allOf]) {
        const resolved = resolve(part);
        if (isObject(resolved)) addRequired(merged, resolved, next);
      }
      return merged;
    }
    // Parts that are not objects (a `$ref` to a string id beside `readOnly: true`): the value one of them gives.
    const scalar = values.find((value) => value !== undefined);
    if (scalar !== undefined) return scalar;
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = s[key];
    if (!Array.isArray(options)) continue;
    // The first branch whose value, with what the schema itself says beside the branches, fits the whole schema
    // (for oneOf: exactly one branch); else the first that yields a value. Branches that only add constraints
    // (`anyOf: [{ required: [a] }, { required: [b] }]`) yield nothing: the schema's own object is tried for them.
    const own = ownObject(s, { next, resolve, minimal });
    const values = options.map(next).flatMap((value) => (value === undefined || value === null ? [] : [withOwn(value, own, s)]));
    if (own) values.push(own);
    const value = values.find((candidate) => exampleFits(candidate, s, resolve)) ?? values[0];
    if (value !== undefined) return value;
  }
  const documentedFallback = documented.find((candidate) => candidate !== undefined);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  // Without a type, `properties` or `required` still describe an object (upstream writes `{ required: [id] }`).
  if (type === "object" || (type === undefined && (isObject(s.properties) || Array.isArray(s.required)))) {
    // A free-form object (no properties to build from) keeps its documented example, fitting or not.
    if (!isObject(s.properties) && !Array.isArray(s.required) && documentedFallback !== undefined) return documentedFallback;
    return ownObject(s, { next, resolve, minimal }) ?? {};
  }
  if (type === "array") {
    const item = next(s.items);
    const min = typeof s.minItems === "number" ? s.minItems : 0;
    const max = typeof s.maxItems === "number" ? s.maxItems : Number.POSITIVE_INFINITY;
    if (minimal && min === 0) return [];
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
  // No type to build from: the documented example is the best guess there is.
  return documentedFallback;
}

// The object a schema's own `properties` and `required` describe (undefined when it names none), kept within
// `maxProperties` by leaving out optional properties first.
interface BuildContext {
  /** Builds a value for a subschema one level deeper. */
  next: (child: JsonValue | undefined) => JsonValue | undefined;
  resolve: SchemaResolver;
  /** Past FULL_DEPTH: only what the schema requires. */
  minimal: boolean;
}

function ownObject(s: JsonObject, { next, resolve, minimal }: BuildContext): JsonObject | undefined {
  if (!isObject(s.properties) && !Array.isArray(s.required)) return undefined;
  const result: JsonObject = {};
  addRequired(result, s, next);
  if (minimal) return result;
  const properties = isObject(s.properties) ? s.properties : {};
  const room = typeof s.maxProperties === "number" ? s.maxProperties : Number.POSITIVE_INFINITY;
  for (const name of Object.keys(properties)) {
    if (Object.hasOwn(result, name) || Object.keys(result).length >= room) continue;
    const value = next(properties[name]);
    // An optional property no value of which the builder can make fit (an enum that breaks its own format) is
    // better left out than shown wrong.
    if (value !== undefined && exampleFits(value, properties[name], resolve)) result[name] = value;
  }
  // Properties in declaration order, as a reader of the schema expects them.
  const order = [...Object.keys(properties), ...Object.keys(result)];
  return Object.fromEntries([...new Set(order)].filter((name) => Object.hasOwn(result, name)).map((name) => [name, result[name] as JsonValue]));
}

// A branch's value under what the schema itself declares beside its branches: those properties hold for every branch.
// A name the schema only requires (its schema lives in the branches, as in `required: [name]` beside
// `anyOf: [$ref]`) has a null placeholder in `own`: the branch's value, built from the property's schema, wins.
function withOwn(value: JsonValue, own: JsonObject | undefined, s: JsonObject): JsonValue {
  if (!own || !isObject(value)) return value;
  const declared = isObject(s.properties) ? s.properties : {};
  const merged: JsonObject = { ...value };
  for (const [name, v] of Object.entries(own)) if (Object.hasOwn(declared, name) || !Object.hasOwn(merged, name)) merged[name] = v as JsonValue;
  return merged;
}

// A required property the value lacks: built from its schema when it has one that yields a value; otherwise
// (required but never declared, or declared as any value) null, which such a property accepts.
function addRequired(value: JsonObject, s: JsonObject, next: (child: JsonValue | undefined) => JsonValue | undefined): void {
  if (!Array.isArray(s.required)) return;
  const properties = isObject(s.properties) ? s.properties : {};
  for (const name of s.required) {
    if (typeof name !== "string" || Object.hasOwn(value, name)) continue;
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
    "iso-time": "05:20:00Z",
    "iso-date-time": "2014-01-01T05:20:00.12345Z",
    duration: "P1D",
    "uri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}",
    "json-pointer": "/example",
    "json-pointer-uri-fragment": "#/example",
    "relative-json-pointer": "0/example",
    // base64 of "example".
    byte: "ZXhhbXBsZQ==",
  };
  const base = (typeof s.format === "string" && formats[s.format]) || "string";
  const min = typeof s.minLength === "number" ? s.minLength : 0;
  const max = typeof s.maxLength === "number" ? s.maxLength : Infinity;
  const padded = base.length < min ? base.padEnd(min, "x") : base;
  return padded.length > max ? padded.slice(0, max) : padded;
}
