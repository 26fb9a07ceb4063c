import type { JsonObject, JsonValue } from "../openapi/load.js";
import { pathToPointer } from "../openapi/pointer.js";
import { isObject } from "../openapi/walk.js";
import type { ExampleModel, SchemaResolver } from "./types.js";

// Where the TypeScript type openapi-typescript writes for a schema rejects a value the schema itself accepts. The
// contract tests hold an example to its type with `satisfies` only where the example fits both; the schema check
// (exampleFits, src/model/example-fit.ts) answers the first question, this the second.
//
// The two differ where openapi-typescript reads a keyword as a type the schema does not state: a schema without
// `type` that has `properties`, `additionalProperties` or `patternProperties` is typed as an object
// (transformSchemaObjectCore in openapi-typescript's transform/schema-object.ts), though JSON Schema lets null, a
// string or an array through it. An allOf is a TypeScript intersection, and one whose property is typed both that
// object and null (`{ result?: { id?: string } } & { result: null }`, upstream's failure envelopes) reduces to
// `never`, which no literal satisfies. Only that narrowing is checked: elsewhere openapi-typescript's type is as wide
// as the schema, so a value that fits the schema fits the type.
export function typeProblems(value: JsonValue, schema: JsonValue | undefined, resolve: SchemaResolver): string[] {
  const problems: string[] = [];
  visit(value, schema, { resolve, path: [], depth: 0, problems });
  return [...new Set(problems)];
}

// Whether the contract tests may hold an example to its schema's TypeScript type (`satisfies`, a typed call): it fits
// the schema, and the type openapi-typescript writes for it admits it.
export function heldToType(example: Pick<ExampleModel, "fits" | "typeProblems">): boolean {
  return example.fits && example.typeProblems.length === 0;
}

interface Visit {
  resolve: SchemaResolver;
  /** The keys from the checked value down to this one, for the pointer each problem is led by. */
  path: string[];
  depth: number;
  problems: string[];
}

// Past this depth (a schema that contains itself, with a value that does too) the rest is taken as fitting.
const MAX_DEPTH = 64;

function visit(value: JsonValue, schema: JsonValue | undefined, at: Visit): void {
  const s = at.resolve(schema);
  if (!isObject(s) || at.depth > MAX_DEPTH) return;
  // `const` is typed as its literal; OpenAPI 3.0's `nullable` adds `| null` to whatever the type is.
  if (s.const !== undefined && s.const !== null) return;
  if (value === null && s.nullable === true) return;
  if (typedAsObject(s) && !isObject(value)) {
    at.problems.push(`${pointerOf(at.path)}: ${describe(value)}, where the schema has ${objectKeywords(s)} but no \`type\` (openapi-typescript types it as an object)`);
    return;
  }
  const next = (key: string): Visit => ({ ...at, path: [...at.path, key], depth: at.depth + 1 });
  if (isObject(value)) {
    const properties = isObject(s.properties) ? s.properties : {};
    for (const [key, member] of Object.entries(value)) {
      const declared = Object.hasOwn(properties, key) ? properties[key] : isObject(s.additionalProperties) ? s.additionalProperties : undefined;
      if (declared !== undefined) visit(member, declared, next(key));
    }
  }
  if (Array.isArray(value)) {
    const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
    value.forEach((item, i) => visit(item, tuple ? tuple[i] : isObject(s.items) ? s.items : undefined, next(String(i))));
  }
  // allOf is an intersection: the value must be of every part's type.
  for (const part of Array.isArray(s.allOf) ? s.allOf : []) visit(value, part, { ...at, depth: at.depth + 1 });
  // anyOf and oneOf are unions: of some branch's type (a branch the value does not fit at all is left to the schema check).
  for (const kind of ["anyOf", "oneOf"] as const) {
    const branches = s[kind];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const each = branches.map((branch) => {
      const own: string[] = [];
      visit(value, branch, { ...at, depth: at.depth + 1, problems: own });
      return own;
    });
    if (!each.some((own) => own.length === 0)) at.problems.push(...(each[0] ?? []));
  }
}

// Whether openapi-typescript types a schema without `type` as an object: it has (non-empty) properties, or
// additionalProperties or patternProperties that are not false. A schema whose `type` says object is checked by
// the schema check already; one whose `type` names another type is typed as that type.
function typedAsObject(s: JsonObject): boolean {
  return s.type === undefined && objectKeywords(s) !== "";
}

function objectKeywords(s: JsonObject): string {
  const present = [
    isObject(s.properties) && Object.keys(s.properties).length > 0 ? "properties" : "",
    s.additionalProperties !== undefined && s.additionalProperties !== false ? "additionalProperties" : "",
    isObject(s.patternProperties) ? "patternProperties" : "",
  ];
  return present.filter((keyword) => keyword !== "").join(", ");
}

function describe(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

// The value's pointer as the schema check writes it in its problems ("/" for the value itself).
function pointerOf(path: readonly string[]): string {
  return path.length === 0 ? "/" : pathToPointer(path).slice(1);
}
