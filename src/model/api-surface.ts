import type { JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { nonJsonRead, nonJsonResultType } from "./media-types.js";
import { argumentName } from "./naming.js";
import { collectProperties, propertySchema, requiredProperties } from "./schemas.js";
import type { OperationModel, SchemaResolver, SurfaceEntry } from "./types.js";

/** The schemas, as written, that an operation's surface is described from. */
export interface SurfaceSchemas {
  body: JsonValue | undefined;
  result: JsonValue | undefined;
  /** Each parameter's schema, by name. */
  params: ReadonlyMap<string, JsonValue | undefined>;
}

// The public surface of one operation, for API.md and the breaking-change report.
export function operationSurface(op: OperationModel, schemas: SurfaceSchemas, resolve: SchemaResolver): SurfaceEntry[] {
  const { body: bodySchema, result: resultSchema, params: paramSchemas } = schemas;
  const entries: SurfaceEntry[] = [];
  const args = [op.positional ? argumentName(op.positional.name) : undefined, "params", "options?"].filter(Boolean).join(", ");
  entries.push({ method: op.fullName, kind: "method", name: `${op.fullName}(${args})`, type: `${op.method.toUpperCase()} ${op.path} → ${op.pagination ? `pages of ${op.responseType}` : op.responseType}`, required: true, doc: op.summary });
  if (op.positional) {
    entries.push({ method: op.fullName, kind: "param", name: argumentName(op.positional.name), type: typeText(paramSchemas.get(op.positional.name), resolve), required: true, doc: op.positional.description });
  }
  if (op.variant) {
    const choices = Object.keys(op.variant.choices);
    for (const choice of choices) {
      entries.push({ method: op.fullName, kind: "param", name: choice, type: "string", required: true, doc: `exactly one of ${choices.join(", ")}` });
    }
  }
  for (const p of op.parameters) {
    if (p.passedAs !== "params") continue;
    entries.push({ method: op.fullName, kind: "param", name: p.name, type: typeText(paramSchemas.get(p.name), resolve), required: p.required, doc: p.description });
  }
  if (op.body) {
    if (op.body.flattened) entries.push(...fieldEntries({ method: op.fullName, kind: "param", schema: bodySchema }, resolve));
    else entries.push({ method: op.fullName, kind: "param", name: "body", type: typeText(bodySchema, resolve), required: op.body.required });
  }
  entries.push(...fieldEntries({ method: op.fullName, kind: "result", schema: resultSchema }, resolve));
  // A body that is not JSON is one value: listed as such, so a change of how it is read shows in the diff.
  const read = nonJsonRead(op);
  if (read) {
    entries.push({ method: op.fullName, kind: "result", name: "(body)", type: nonJsonResultType(read), required: op.bodilessSuccess.length === 0, doc: `the ${op.success?.contentType} body` });
  }
  return entries;
}

// One entry per property of an object schema: the fields of a flattened body (params), or of the result. A result
// that is a list (`list()` resolving `ServiceToken[]`) lists its items' fields as `[].name`, so a field removed from
// the items shows in the diff as it does for a single object.
function fieldEntries({ method, kind, schema, prefix = "" }: { method: string; kind: "param" | "result"; schema: JsonValue | undefined; prefix?: string }, resolve: SchemaResolver): SurfaceEntry[] {
  const s = resolve(schema);
  if (!isObject(s)) return [];
  if (kind === "result" && prefix === "" && (s.type === "array" || (s.type === undefined && s.items !== undefined)) && !Array.isArray(s.items)) {
    return fieldEntries({ method, kind, schema: s.items, prefix: "[]." }, resolve);
  }
  const names = collectProperties(s, resolve) ?? [];
  const required = new Set(requiredProperties(s, resolve));
  return names.map((name) => {
    const property = propertySchema(s, name, resolve);
    const resolved = resolve(property);
    const doc = isObject(resolved) && typeof resolved.description === "string" ? resolved.description : isObject(property) && typeof property.description === "string" ? property.description : undefined;
    return { method, kind, name: `${prefix}${name}`, type: typeText(property, resolve), required: required.has(name), doc };
  });
}

// A short, stable rendering of a schema's type; enough to see narrowing and widening in a diff.
export function typeText(schema: JsonValue | undefined, resolve: SchemaResolver, depth = 0): string {
  if (schema === undefined) return "unknown";
  if (depth > 4) return "object";
  if (isObject(schema) && typeof schema.$ref === "string") {
    const target = resolve(schema);
    if (isObject(target) && typeof target.title === "string") return target.title;
    return typeText(target, resolve, depth + 1);
  }
  if (!isObject(schema)) return "unknown";
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes("null"));
  let text: string;
  if (Array.isArray(schema.enum)) text = schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) text = ((schema.oneOf ?? schema.anyOf) as JsonValue[]).map((s) => typeText(s, resolve, depth + 1)).join(" | ");
  else if (Array.isArray(schema.allOf)) text = schema.allOf.map((s) => typeText(s, resolve, depth + 1)).join(" & ");
  else {
    const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== "null").join(" | ") : typeof schema.type === "string" ? schema.type : isObject(schema.properties) ? "object" : "unknown";
    if (type === "array") text = `${typeText(schema.items, resolve, depth + 1)}[]`;
    else text = typeof schema.format === "string" ? `${type}<${schema.format}>` : type;
  }
  return nullable && !text.split(" | ").includes("null") ? `${text} | null` : text;
}
