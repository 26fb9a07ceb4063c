import type { CodeBlockWriter } from "ts-morph";
import type { OperationModel, ResponseModel } from "../model/types.js";
import { pointerToPath, type JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";

// Writers for indexed-access types into openapi-typescript's `paths`, so every emitted type derives from schema.ts.

// `paths["/a/{b}"]["put"]`
export function writeOperationType(writer: CodeBlockWriter, op: OperationModel): void {
  writer.write(`paths[${JSON.stringify(op.path)}][${JSON.stringify(op.method)}]`);
}

// A response key as openapi-typescript writes it: numbers for codes, strings for ranges and `default`.
export function responseKey(response: ResponseModel): string {
  return /^\d+$/.test(response.status) ? response.status : JSON.stringify(response.status);
}

// The parsed body type of a response, or `undefined` when it has no content.
export function writeResponseBodyType(writer: CodeBlockWriter, op: OperationModel, response: ResponseModel | undefined): void {
  if (!response?.contentType) {
    writer.write("undefined");
    return;
  }
  writeOperationType(writer, op);
  writer.write(`["responses"][${responseKey(response)}]["content"][${JSON.stringify(response.contentType)}]`);
}

// Plain data (tables, examples) as a TypeScript expression: JSON, except that a `__proto__` key is written
// computed (`["__proto__"]`), because as a plain key in an object literal it sets the prototype instead.
export function writeData(writer: CodeBlockWriter, value: unknown): void {
  writer.write(dataLiteral(value));
}

export function dataLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dataLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${k === "__proto__" ? '["__proto__"]' : JSON.stringify(k)}: ${dataLiteral(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

// The members of TypeScript's `Object` interface (lib.es5.d.ts). An object literal "has" each of them, inherited, and
// TypeScript checks that against an optional property of the same name: see `Literal` in src/runtime/client.ts.
const OBJECT_MEMBERS = new Set(["constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"]);

export function isObjectMemberName(name: string): boolean {
  return OBJECT_MEMBERS.has(name);
}

// Whether an object property named like an Object member is reachable from `schema` (through component $refs), so
// a literal of its type must be checked against `Literal<T>` rather than `T`.
export function reachesObjectMemberName(schema: JsonValue | undefined, components: JsonValue): boolean {
  const schemas = isObject(components) && isObject(components.schemas) ? components.schemas : {};
  const seen = new Set<string>();
  const visit = (value: JsonValue | undefined): boolean => {
    if (Array.isArray(value)) return value.some(visit);
    if (!isObject(value)) return false;
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/schemas/")) {
        const [, , name = ""] = pointerToPath(child);
        if (seen.has(name) || !Object.hasOwn(schemas, name)) continue;
        seen.add(name);
        if (visit(schemas[name])) return true;
      } else if (key === "properties" && isObject(child)) {
        if (Object.keys(child).some((name) => OBJECT_MEMBERS.has(name)) || Object.values(child).some(visit)) return true;
      } else if (!["example", "examples", "default", "enum", "const"].includes(key) && visit(child)) return true;
    }
    return false;
  };
  return visit(schema);
}

