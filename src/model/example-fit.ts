import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { undeclaredProperties } from "../testkit/contract-undeclared.js";
import type { SchemaResolver } from "./types.js";
import { fullFormats, type FormatName } from "ajv-formats/dist/formats.js";

// Whether a value satisfies a schema, for the example builder: it decides whether a schema's own `example` can be
// trusted (upstream's often leave out required fields, carry undeclared ones, or have the wrong type) and which
// oneOf/anyOf branch to build. The contract test checks the result with ajv; compiling ajv for every schema of a
// large API at generation time costs tens of seconds, so this is a small interpreter of the keywords examples
// break. It checks `format` with ajv-formats' own definitions (the contract kit enables all of them, in full mode)
// and leaves `multipleOf`, `uniqueItems` and `not` unchecked, so an example it accepts may still fail the contract
// test, where the failure is reported as such.
export function exampleFits(value: JsonValue, schema: JsonValue | undefined, resolve: SchemaResolver): boolean {
  // Undeclared properties are the contract kit's own rule, applied through the same resolver.
  return fits(value, schema, resolve, 0) && undeclaredProperties(schema ?? {}, value, "", (s) => resolve(s)).length === 0;
}

function fits(value: JsonValue, schema: JsonValue | undefined, resolve: SchemaResolver, depth: number): boolean {
  const s = resolve(schema);
  // Past this depth the value is taken as fitting: the check must end on self-referencing schemas.
  if (!isObject(s) || depth > 32) return true;
  const next = (v: JsonValue, child: JsonValue | undefined) => fits(v, child, resolve, depth + 1);
  // OpenAPI 3.0's `nullable` admits null whatever else the schema says.
  if (value === null && s.nullable === true) return true;
  if (s.const !== undefined && !sameJson(s.const, value)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((option) => sameJson(option, value))) return false;
  if (Array.isArray(s.allOf) && !s.allOf.every((part) => next(value, part))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((part) => next(value, part))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((part) => next(value, part)).length !== 1) return false;
  const types = Array.isArray(s.type) ? s.type : typeof s.type === "string" ? [s.type] : undefined;
  if (types && !types.some((type) => hasType(value, type))) return false;
  if ((typeof value === "string" || typeof value === "number") && !fitsFormat(value, s.format)) return false;
  if (typeof value === "string") return fitsString(value, s);
  if (typeof value === "number") return fitsNumber(value, s);
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) return false;
    if (typeof s.maxItems === "number" && value.length > s.maxItems) return false;
    return s.items === undefined || value.every((item) => next(item, s.items));
  }
  if (isObject(value)) return fitsObject(value, s, next);
  return true;
}

function fitsObject(value: JsonObject, s: JsonObject, next: (v: JsonValue, child: JsonValue | undefined) => boolean): boolean {
  const keys = Object.keys(value);
  if (typeof s.minProperties === "number" && keys.length < s.minProperties) return false;
  if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) return false;
  if (Array.isArray(s.required) && !s.required.every((name) => typeof name !== "string" || Object.hasOwn(value, name))) return false;
  const properties = isObject(s.properties) ? s.properties : {};
  for (const key of keys) {
    const child = value[key] as JsonValue;
    if (Object.hasOwn(properties, key)) {
      if (!next(child, properties[key])) return false;
    } else if (s.additionalProperties === false) return false;
    else if (isObject(s.additionalProperties) && !next(child, s.additionalProperties)) return false;
  }
  return true;
}

function fitsString(value: string, s: JsonObject): boolean {
  // JSON Schema counts lengths in code points, not UTF-16 units.
  const length = [...value].length;
  if (typeof s.minLength === "number" && length < s.minLength) return false;
  if (typeof s.maxLength === "number" && length > s.maxLength) return false;
  if (typeof s.pattern === "string") {
    const pattern = compiledPattern(s.pattern);
    if (pattern && !pattern.test(value)) return false;
  }
  return true;
}

// Each pattern compiled once per run: a large API checks the same id patterns thousands of times.
const patterns = new Map<string, RegExp | null>();
function compiledPattern(source: string): RegExp | null {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(source, "u");
    } catch {
      // A pattern JavaScript cannot compile is not held against the example here; ajv will judge it.
      pattern = null;
    }
    patterns.set(source, pattern);
  }
  return pattern;
}

// A format ajv-formats does not define (a spec's own, such as `cidr`) is an annotation: the kit accepts any value.
function fitsFormat(value: string | number, format: JsonValue | undefined): boolean {
  if (typeof format !== "string" || !Object.hasOwn(fullFormats, format)) return true;
  const definition = fullFormats[format as FormatName] as FormatSpec;
  if (typeof definition === "boolean") return definition;
  // A definition object names the data type it applies to (int32 is a number format); the others are string formats.
  const { type, validate } = isDefinition(definition) ? definition : { type: undefined, validate: definition };
  if ((type ?? "string") !== typeof value) return true;
  if (typeof validate === "string") return compiledPattern(validate)?.test(String(value)) ?? true;
  if (validate instanceof RegExp) return validate.test(String(value));
  return validate(value) === true;
}

// The shapes ajv-formats' full formats take (ajv's `Format` type, narrowed to what they use: none is async).
type FormatTest = string | RegExp | ((data: string | number) => unknown);
type FormatSpec = boolean | FormatTest | { type?: "string" | "number"; validate: FormatTest };

function isDefinition(definition: Exclude<FormatSpec, boolean>): definition is { type?: "string" | "number"; validate: FormatTest } {
  return typeof definition === "object" && !(definition instanceof RegExp);
}

function fitsNumber(value: number, s: JsonObject): boolean {
  if (typeof s.minimum === "number" && (value < s.minimum || (s.exclusiveMinimum === true && value === s.minimum))) return false;
  if (typeof s.maximum === "number" && (value > s.maximum || (s.exclusiveMaximum === true && value === s.maximum))) return false;
  // 3.1 writes the exclusive bound itself as a number.
  if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) return false;
  if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) return false;
  return true;
}

function hasType(value: JsonValue, type: JsonValue): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return true;
  }
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i] as JsonValue));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key] as JsonValue, b[key] as JsonValue));
  }
  return false;
}
