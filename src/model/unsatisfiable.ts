import type { JsonObject, JsonValue } from "../openapi/load.js";
import { childPointer, pointerToPath } from "../openapi/pointer.js";
import { forEachSchema, isObject } from "../openapi/walk.js";
import { sameJson } from "./example-fit.js";
import { declaredTypes, intersectTypes, ownTypes } from "./schemas.js";
import type { SchemaResolver } from "./types.js";

// Schemas of a document that contradict themselves, found from the schema alone, so only where that is certain: a
// schema that admits no value at all (`enum: []`, bounds that cross, an allOf of disjoint types; reported where it is
// written, not again at each object that requires it), and a discriminator whose implicit mapping (the schema's name, when `mapping` does not
// name a branch: https://spec.openapis.org/oas/v3.1.0#discriminator-object) is a value that branch does not allow.
// The example builder cannot build a fitting value for the first kind; openapi-typescript types the discriminator
// property of the second as the schema's name, so no value fits both the schema and its type.

export interface SchemaContradiction {
  pointer: string;
  kind: "unsatisfiable schema" | "discriminator";
  /** One line each (a discriminator: one per branch it contradicts). */
  problems: string[];
}

// Every such contradiction in the document, each schema once, in walk order.
export function schemaContradictions(document: JsonObject, resolve: SchemaResolver): SchemaContradiction[] {
  const out: SchemaContradiction[] = [];
  forEachSchema(
    document,
    (schema, pointer) => {
      const why = emptyBecause(schema, resolve);
      if (why !== undefined) out.push({ pointer, kind: "unsatisfiable schema", problems: [why] });
      const conflicts = discriminatorConflicts(schema, resolve);
      if (conflicts.length > 0) out.push({ pointer: `${pointer}/discriminator`, kind: "discriminator", problems: conflicts });
    },
    { document },
  );
  return out;
}

// Why a schema admits no value, when that follows from its own keywords (and its allOf parts' types); undefined when
// it may admit one.
function emptyBecause(schema: JsonObject, resolve: SchemaResolver): string | undefined {
  if (schema.nullable === true) return undefined;
  if (Array.isArray(schema.enum) && schema.enum.length === 0) return "`enum: []` admits no value";
  if (schema.const !== undefined && Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(option, schema.const as JsonValue))) return "its `const` is not among its `enum` values";
  if (isObject(schema.not) && Object.keys(schema.not).length === 0) return "`not: {}` admits no value";
  for (const [low, high, what] of [["minLength", "maxLength", "length"], ["minItems", "maxItems", "item count"], ["minProperties", "maxProperties", "property count"], ["minimum", "maximum", "value"]] as const) {
    if (typeof schema[low] === "number" && typeof schema[high] === "number" && (schema[low] as number) > (schema[high] as number)) return `its ${what} must be at least ${String(schema[low])} and at most ${String(schema[high])}`;
  }
  // Each part's types through its own allOf parts (`allOf: [{$ref: envelope}, {type: string}]`, where the envelope is
  // an allOf of objects). A part that is itself empty is reported at its own place.
  const parts = Array.isArray(schema.allOf) ? schema.allOf.map((part) => declaredTypes(part, resolve)) : [];
  if (parts.some((types) => types !== undefined && types.length === 0)) return undefined;
  const typed = [ownTypes(schema), ...parts].filter((types): types is string[] => types !== undefined);
  if (typed.length > 1 && typed.reduce((a, b) => intersectTypes(a, b)).length === 0) {
    return `its allOf parts demand disjoint types (${typed.map((t) => t.join(" or ")).join("; ")})`;
  }
  // An allOf part or a required property that admits no value is reported at its own place (the walk reaches it),
  // not again at every schema around it.
  return undefined;
}

// The branches of a discriminated oneOf/anyOf whose discriminator value, by the mapping or (without an entry for them)
// by their schema name, is one their own discriminator property does not allow.
function discriminatorConflicts(schema: JsonObject, resolve: SchemaResolver): string[] {
  const discriminator = schema.discriminator;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== "string") return [];
  const property = discriminator.propertyName;
  const mapping = isObject(discriminator.mapping) ? Object.entries(discriminator.mapping).filter((entry): entry is [string, string] => typeof entry[1] === "string") : [];
  const branches = [...(Array.isArray(schema.oneOf) ? schema.oneOf : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])];
  const problems: string[] = [];
  for (const branch of branches) {
    if (!isObject(branch) || typeof branch.$ref !== "string" || !branch.$ref.startsWith("#")) continue;
    const path = pointerToPath(branch.$ref);
    const name = path.length === 3 && path[0] === "components" && path[1] === "schemas" ? path[2] : undefined;
    if (name === undefined) continue;
    const mapped = mapping.filter(([, target]) => target === branch.$ref || target === name).map(([value]) => value);
    const values = mapped.length > 0 ? mapped : [name];
    const allowed = allowedValues(resolve(branch), property, resolve);
    if (allowed === undefined || values.some((value) => allowed.some((option) => option === value))) continue;
    const how = mapped.length > 0 ? `the mapping names it ${values.map((v) => JSON.stringify(v)).join(" or ")}` : `there is no mapping, so its value is its schema name ${JSON.stringify(name)}`;
    problems.push(`for the branch ${childPointer("#/components/schemas", name)}, ${how}, but that branch's ${JSON.stringify(property)} allows only ${allowed.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  return problems;
}

// The values a schema allows for one of its properties, when its `const` or `enum` (through allOf) lists them.
function allowedValues(schema: JsonValue | undefined, property: string, resolve: SchemaResolver, depth = 0): JsonValue[] | undefined {
  if (!isObject(schema) || depth > 8) return undefined;
  const own = isObject(schema.properties) ? resolve(schema.properties[property]) : undefined;
  if (isObject(own)) {
    if (own.const !== undefined) return [own.const];
    if (Array.isArray(own.enum)) return own.enum;
  }
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const found = allowedValues(resolve(part), property, resolve, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
