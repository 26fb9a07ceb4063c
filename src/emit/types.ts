import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { SpecforgeError } from "../errors.js";
import type { LoadedFile } from "../spec/load.js";
import { maskPrototypeNames } from "./prototype-names.js";

// Emits schema.ts with openapi-typescript's Node API, in process.
export async function emitSchemaTypes(root: LoadedFile): Promise<string> {
  try {
    // openapi-typescript bundles the document it is given; hand it a copy so our model's data stays untouched.
    // Keys its resolver cannot read (`hasOwnProperty`...) are masked in that copy and put back in its output.
    const masked = maskPrototypeNames(structuredClone(root.document));
    const nodes = await openapiTS(masked.document as unknown as Parameters<typeof openapiTS>[0], {
      silent: true,
      cwd: new URL(`file://${path.dirname(root.absolutePath)}/`),
    });
    return masked.restore(astToString(nodes));
  } catch (error) {
    throw new SpecforgeError(`openapi-typescript rejected the spec: ${(error as Error).message.split("\n")[0]}`, "fix the spec at that pointer", { file: root.file });
  }
}
