// The contract tests' rule for undeclared properties: an example may only use a property that its schema (or one of
// the schema's allOf/oneOf/anyOf branches) declares, unless the schema is open. It is how a schema that lost a field
// is caught. Its own file, free of dependencies, because two readers need it: the contract kit beside each generated
// contract suite (specforge copies both files there), and specforge's example builder (src/model/example-fit.ts),
// which must not load ajv with the kit.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where `$ref`s are looked up: the document they point into, or (for specforge's example builder, across files) a resolver. */
export type SchemaSource = JsonObject | ((schema: Json) => Json | undefined);

function resolve(schema: Json | undefined, document: SchemaSource, seen = 0): JsonObject | undefined {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return undefined;
  if (typeof document === "function") {
    const resolved = document(schema);
    return resolved !== null && typeof resolved === "object" && !Array.isArray(resolved) ? resolved : undefined;
  }
  if (typeof schema.$ref === "string" && seen < 64) {
    let target: Json | undefined = document;
    for (const part of schema.$ref.replace(/^#\//, "").split("/")) {
      const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
      // A JSON pointer indexes arrays too: `#/targets/2` (the kit's normalized schemas), `…/allOf/0`.
      if (Array.isArray(target)) target = /^(0|[1-9]\d*)$/.test(key) ? target[Number(key)] : undefined;
      else target = target !== null && typeof target === "object" ? target[key] : undefined;
    }
    return resolve(target, document, seen + 1);
  }
  return schema;
}

function excludesObjects(schema: JsonObject | undefined): boolean {
  if (schema === undefined || schema.type === undefined) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return !types.includes("object");
}

interface Declared {
  names: Map<string, Json[]>;
  /** Extra keys are allowed (additionalProperties true/schema, or a free-form object). */
  open: Json[] | true | false;
}

function declaredProperties(schema: Json | undefined, document: SchemaSource, depth = 0): Declared {
  const s = resolve(schema, document);
  const result: Declared = { names: new Map(), open: false };
  if (!s || depth > 32) return { names: new Map(), open: true };
  const add = (other: Declared) => {
    for (const [name, schemas] of other.names) result.names.set(name, [...(result.names.get(name) ?? []), ...schemas]);
    if (other.open === true || result.open === true) result.open = true;
    else if (Array.isArray(other.open)) result.open = [...(Array.isArray(result.open) ? result.open : []), ...other.open];
  };
  if (s.properties && typeof s.properties === "object" && !Array.isArray(s.properties)) {
    for (const [name, child] of Object.entries(s.properties)) result.names.set(name, [child]);
  }
  // A name the schema requires is declared by it, even where no `properties` entry describes it (any value).
  if (Array.isArray(s.required)) for (const name of s.required) if (typeof name === "string" && !result.names.has(name)) result.names.set(name, [{}]);
  if (s.additionalProperties === true || (s.additionalProperties !== undefined && s.additionalProperties !== false && typeof s.additionalProperties === "object")) {
    result.open = s.additionalProperties === true || Object.keys(s.additionalProperties as object).length === 0 ? true : [s.additionalProperties];
  }
  if (typeof s.patternProperties === "object" && s.patternProperties !== null) result.open = true;
  const parts = ["allOf", "oneOf", "anyOf"].flatMap((k) => (Array.isArray(s[k]) ? (s[k] as Json[]) : []));
  // A branch no object can match (`{ type: "null" }` beside an object, as a nullable schema is read) declares nothing
  // about an object's properties: it neither names them nor leaves the object open.
  for (const part of parts) if (!excludesObjects(resolve(part, document))) add(declaredProperties(part, document, depth + 1));
  // An object schema that declares nothing at all is free-form.
  if (result.names.size === 0 && s.additionalProperties === undefined && parts.length === 0) result.open = true;
  return result;
}

// Pointers of properties an example has but its schema does not declare: how a schema that lost a field is caught.
export function undeclaredProperties(schema: Json | undefined, value: Json, pointer: string, document: SchemaSource, depth = 0): string[] {
  if (depth > 32 || value === null || typeof value !== "object") return [];
  const s = resolve(schema, document);
  if (!s) return [];
  if (Array.isArray(value)) {
    const items = s.items ?? collectArrayItems(s, document);
    return value.flatMap((item, i) => (items === undefined ? [] : undeclaredProperties(items, item, `${pointer}/${i}`, document, depth + 1)));
  }
  const declared = declaredProperties(s, document);
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const schemas = declared.names.get(key) ?? (Array.isArray(declared.open) ? declared.open : undefined);
    // A key declared by several branches (allOf/oneOf/anyOf) may use what any of them declares.
    if (schemas) problems.push(...undeclaredProperties(schemas.length === 1 ? (schemas[0] as Json) : { anyOf: schemas }, child, at, document, depth + 1));
    else if (declared.open !== true) problems.push(`${at}: property is not declared by the schema`);
  }
  return problems;
}

function collectArrayItems(s: JsonObject, document: SchemaSource): Json | undefined {
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const parts = s[key];
    if (Array.isArray(parts)) {
      for (const part of parts) {
        const r = resolve(part, document);
        if (r?.items !== undefined) return r.items;
      }
    }
  }
  return undefined;
}
