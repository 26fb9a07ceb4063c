import type { JsonObject, JsonValue } from "../../openapi/load.js";
import { pathToPointer, pointerToPath } from "../../openapi/pointer.js";
import { forEachRef, forEachSchema, isObject, valueAt } from "../../openapi/walk.js";

// openapi-typescript settles the value of a discriminator's property for each schema a discriminator names, by
// rewriting that schema in place (its scanDiscriminators): for `oneOf` with a discriminator, every `$ref` branch gets
// the property as an enum of the mapping's keys that name it, or, when the mapping names it not, of its own schema
// name (OAS 3.1 section 4.8.25, "implicit" mapping); an `allOf` child of a schema with a discriminator gets the same.
// Two things go wrong with the schemas users bring:
//
// 1. No mapping, but the branch says its value itself (OpenAI's chat messages: `ChatCompletionRequestMessage` is
//    `oneOf` the six message schemas with `discriminator: { propertyName: role }`, and each declares
//    `role: { enum: [system] }`). The implicit value is the schema name, so `role` is typed
//    "ChatCompletionRequestSystemMessage" and no message a user writes compiles. Where a branch (or allOf child)
//    restricts the property to values (`enum` or `const`) that leave out its schema name, those values are what is
//    meant: they are written into the mapping of the copy handed to openapi-typescript.
//
// 2. The rewrite is global, so it narrows the schema for every other use (DigitalOcean's droplet actions: the bulk
//    action's `oneOf` maps seven values to `droplet_action`, whose own `type` enum has fifteen; the single-droplet
//    action's `anyOf`, and `droplet_action_resize: allOf [droplet_action, …]`, then reject `type: "resize"`). Where a
//    branch is referenced anywhere else and the values would narrow what it declares, the narrowing is made local
//    instead: the branch becomes `allOf: [branch, { properties: { <name>: { enum: values } } }]` and the mapping no
//    longer names it, so openapi-typescript leaves the shared schema as written.
//
// Returns how many mapping entries were written and how many branches were narrowed locally; `document` (a copy) is
// changed in place. The contract tests validate against the spec itself, not this copy.
export function settleDiscriminatorValues(document: JsonValue): { mapped: number; localized: number } {
  const result = { mapped: 0, localized: 0 };
  const references = referenceCounts(document);
  const children = allOfChildren(document);
  forEachSchema(document, (schema, pointer) => {
    const { discriminator } = schema;
    if (!isObject(discriminator) || typeof discriminator.propertyName !== "string") return;
    const property = discriminator.propertyName;
    if (Array.isArray(schema.oneOf)) {
      settleUnion(document, { schema, pointer, property, references }, result);
    } else if (!Array.isArray(schema.anyOf)) {
      // A base schema that its children extend (Pet with a discriminator; Cat: allOf [Pet, …]).
      for (const child of children.get(pointer) ?? []) {
        mapDeclaredValues(discriminator, property, { ref: child, target: valueAt(document, pointerToPath(child)), document }, result);
      }
    }
  }, { document });
  return result;
}

interface Union {
  schema: JsonObject;
  pointer: string;
  property: string;
  references: ReadonlyMap<string, number>;
}

function settleUnion(document: JsonValue, union: Union, result: { mapped: number; localized: number }): void {
  const { schema, pointer, property, references } = union;
  const discriminator = schema.discriminator as JsonObject;
  const branches = schema.oneOf as JsonValue[];
  const branchRefs = branches.map((b) => (isObject(b) && typeof b.$ref === "string" && b.$ref.startsWith("#") ? canonical(b.$ref) : undefined));
  branches.forEach((branch, index) => {
    const target = branchRefs[index];
    if (target === undefined || !isObject(branch)) return;
    const ref = branch.$ref as string;
    const value = valueAt(document, pointerToPath(target));
    mapDeclaredValues(discriminator, property, { ref, target: value, document }, result);
    const values = mappedValues(discriminator, target) ?? [implicitName(ref)];
    const declared = declaredValues(value, property, document, new Set());
    const narrows = declared === undefined || declared.some((v) => !values.includes(v));
    const uses = (references.get(target) ?? 0) - branchRefs.filter((r) => r === target).length;
    // A branch that builds on the union itself (Cat: allOf [Pet, …]) is the inheritance openapi-typescript reads it as.
    if (!narrows || uses === 0 || buildsOn(value, pointer, document)) return;
    branches[index] = { allOf: [branch, { type: "object", required: [property], properties: { [property]: { type: "string", enum: values } } }] };
    if (isObject(discriminator.mapping)) {
      const mapping = discriminator.mapping;
      for (const key of Object.keys(mapping)) if (mappingTarget(mapping[key]) === target) delete mapping[key];
    }
    result.localized++;
  });
}

// Rule 1: a schema the mapping does not name, whose own values for the property leave out its schema name, is
// mapped under those values.
function mapDeclaredValues(discriminator: JsonObject, property: string, named: { ref: string; target: JsonValue | undefined; document: JsonValue }, result: { mapped: number }): void {
  const { ref, target, document } = named;
  if (mappedValues(discriminator, canonical(ref)) !== undefined) return;
  const declared = declaredValues(target, property, document, new Set());
  if (declared === undefined || declared.length === 0 || declared.includes(implicitName(ref))) return;
  const mapping = isObject(discriminator.mapping) ? discriminator.mapping : (discriminator.mapping = {});
  for (const value of declared) {
    // A value the mapping already gives another schema stays that schema's.
    if (Object.hasOwn(mapping, value)) continue;
    mapping[value] = ref;
    result.mapped++;
  }
}

// The mapping's keys that name `target` (a canonical pointer), or undefined when none does.
function mappedValues(discriminator: JsonObject, target: string): string[] | undefined {
  if (!isObject(discriminator.mapping)) return undefined;
  const keys = Object.keys(discriminator.mapping).filter((key) => mappingTarget((discriminator.mapping as JsonObject)[key]) === target);
  return keys.length > 0 ? keys : undefined;
}

// A mapping value is a $ref or a schema name (OAS 3.1 section 4.8.25.1).
function mappingTarget(value: JsonValue | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  return value.startsWith("#") ? canonical(value) : pathToPointer(["components", "schemas", value]);
}

// The implicit discriminator value of a $ref, as openapi-typescript takes it: the ref's last segment.
function implicitName(ref: string): string {
  return ref.split("/").pop() ?? ref;
}

function canonical(ref: string): string {
  return pathToPointer(pointerToPath(ref));
}

// The values a schema allows for `property` (its `const`, or the strings of its `enum`), through local $refs and
// allOf (where several parts restrict it, the values all of them allow); undefined when nothing restricts it.
function declaredValues(schema: JsonValue | undefined, property: string, document: JsonValue, seen: Set<string>): string[] | undefined {
  const resolved = resolveLocal(schema, document, seen);
  if (!isObject(resolved)) return undefined;
  let values: string[] | undefined;
  const meet = (more: string[] | undefined) => {
    if (more !== undefined) values = values === undefined ? more : values.filter((v) => more.includes(v));
  };
  if (isObject(resolved.properties) && Object.hasOwn(resolved.properties, property)) meet(valuesOf(resolved.properties[property], document, new Set(seen)));
  if (Array.isArray(resolved.allOf)) for (const part of resolved.allOf) meet(declaredValues(part, property, document, new Set(seen)));
  return values;
}

// The strings a property schema admits when it lists them: `const`, `enum`, or a oneOf/anyOf of such schemas.
function valuesOf(schema: JsonValue | undefined, document: JsonValue, seen: Set<string>): string[] | undefined {
  const resolved = resolveLocal(schema, document, seen);
  if (!isObject(resolved)) return undefined;
  if (typeof resolved.const === "string") return [resolved.const];
  if (Array.isArray(resolved.enum)) return resolved.enum.filter((v): v is string => typeof v === "string");
  for (const key of ["oneOf", "anyOf"]) {
    const list = resolved[key];
    if (!Array.isArray(list)) continue;
    const parts = list.map((part) => valuesOf(part, document, new Set(seen)));
    if (parts.some((p) => p === undefined)) return undefined;
    return [...new Set(parts.flatMap((p) => p as string[]))];
  }
  return undefined;
}

// A schema with its local $ref followed (each pointer once, so a cycle ends).
function resolveLocal(schema: JsonValue | undefined, document: JsonValue, seen: Set<string>): JsonValue | undefined {
  let current = schema;
  while (isObject(current) && typeof current.$ref === "string" && current.$ref.startsWith("#")) {
    const target = canonical(current.$ref);
    if (seen.has(target)) return undefined;
    seen.add(target);
    current = valueAt(document, pointerToPath(target));
  }
  return current;
}

// Whether `schema` lists a $ref to `pointer` in its allOf.
function buildsOn(schema: JsonValue | undefined, pointer: string, document: JsonValue): boolean {
  const resolved = resolveLocal(schema, document, new Set());
  return isObject(resolved) && Array.isArray(resolved.allOf) && resolved.allOf.some((part) => isObject(part) && typeof part.$ref === "string" && part.$ref.startsWith("#") && canonical(part.$ref) === pointer);
}

// How many $refs name each local pointer.
function referenceCounts(document: JsonValue): Map<string, number> {
  const counts = new Map<string, number>();
  forEachRef(document, ({ ref }) => {
    if (!ref.startsWith("#")) return;
    const target = canonical(ref);
    counts.set(target, (counts.get(target) ?? 0) + 1);
  });
  return counts;
}

// For each schema named by an `allOf` item of another schema: the pointers of those that extend it.
function allOfChildren(document: JsonValue): Map<string, string[]> {
  const children = new Map<string, string[]>();
  forEachSchema(document, (schema, pointer) => {
    if (!Array.isArray(schema.allOf)) return;
    for (const part of schema.allOf) {
      if (!isObject(part) || typeof part.$ref !== "string" || !part.$ref.startsWith("#")) continue;
      const base = canonical(part.$ref);
      children.set(base, [...(children.get(base) ?? []), pointer]);
    }
  }, { document });
  return children;
}
