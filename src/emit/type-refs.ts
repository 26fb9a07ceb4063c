import type { CodeBlockWriter } from "ts-morph";
import type { OperationModel, ResponseModel } from "../model/types.js";

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

// A property name as an object literal or type member key: bare when it is an identifier, quoted otherwise.
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

// A property read: `.name` when it is an identifier, `["na-me"]` otherwise.
export function propertyAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
