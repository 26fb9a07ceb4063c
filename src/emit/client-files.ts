import type { ApiModel } from "../model/types.js";
import { emitClient } from "./client.js";
import { clientLayout } from "./client-layout.js";
import { emitCore } from "./core.js";
import { emitOperationModules } from "./operation-modules.js";

// The client's files, laid out once (src/emit/client-layout.ts): core.ts, one module per top-level group under
// operations/, and client.ts, the facade over them. Output-relative path → text.
/** `onOperation` is called after each operation's function is written, for progress on large APIs. */
export function emitClientFiles(model: ApiModel, onOperation: () => void = () => {}): Map<string, string> {
  const layout = clientLayout(model);
  return new Map([["core.ts", emitCore(model)], ...emitOperationModules(layout, onOperation), ["client.ts", emitClient(model, layout)]]);
}
