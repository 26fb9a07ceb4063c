import type { ApiModel } from "../model/types.js";
import { emitClient } from "./client.js";
import { clientLayout } from "./client-layout.js";
import { emitCore } from "./core.js";
import { emitOperationModules } from "./operation-modules.js";
import type { SchemaFileGroup } from "./schema/schema-files.js";

// The client's files, laid out once (src/emit/client-layout.ts): core.ts, one module per top-level group under
// operations/, and client.ts, the facade over them. Output-relative path → text.
/** `onOperation` is called after each operation's function is written, for progress on large APIs. */
export function emitClientFiles(model: ApiModel, onOperation: () => void = () => {}): Map<string, string> {
  const layout = clientLayout(model);
  return new Map([["core.ts", emitCore(model)], ...emitOperationModules(layout, onOperation), ["client.ts", emitClient(model, layout)]]);
}

// The slices of schema.ts the group modules import their types from (src/emit/schema/schema-files.ts): one per module,
// with the operations whose types it must hold.
export function schemaGroups(model: ApiModel): SchemaFileGroup[] {
  return clientLayout(model).modules.map((module) => ({ file: module.schemaFile, operations: module.operations.map((op) => ({ path: op.path, method: op.method })) }));
}
