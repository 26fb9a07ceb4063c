import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { SpecforgeError } from "../errors.js";
import type { LoadedFile } from "../spec/load.js";

// Emits schema.ts with openapi-typescript's Node API, in process.
export async function emitSchemaTypes(root: LoadedFile): Promise<string> {
  try {
    // openapi-typescript bundles the document it is given; hand it a copy so our model's data stays untouched.
    const document = structuredClone(root.document) as unknown as Parameters<typeof openapiTS>[0];
    const nodes = await openapiTS(document, {
      silent: true,
      cwd: new URL(`file://${path.dirname(root.absolutePath)}/`),
    });
    return astToString(nodes);
  } catch (error) {
    throw new SpecforgeError(`openapi-typescript rejected the spec: ${(error as Error).message.split("\n")[0]}`, "fix the spec at that pointer", { file: root.file });
  }
}
