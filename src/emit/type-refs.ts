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

// `JSON.stringify` output is a valid TypeScript expression for plain data (tables, examples).
export function writeData(writer: CodeBlockWriter, value: unknown): void {
  writer.write(JSON.stringify(value, null, 2) ?? "undefined");
}

export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
