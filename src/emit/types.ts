import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { SpecforgeError } from "../errors.js";
import type { LoadedFile } from "../spec/load.js";
import { inlineDiscriminatedUnions } from "./discriminated-unions.js";
import { widenIndexSignatures } from "./index-signatures.js";
import { maskPrototypeNames } from "./prototype-names.js";
import { declareRequiredNames } from "./required-names.js";
import { aliasSchemaCycles } from "./schema-cycles.js";

// Emits schema.ts with openapi-typescript's Node API, in process.
export async function emitSchemaTypes(root: LoadedFile): Promise<string> {
  let nodes: Awaited<ReturnType<typeof openapiTS>>;
  let masked: ReturnType<typeof maskPrototypeNames>;
  try {
    // openapi-typescript bundles the document it is given; hand it a copy so our model's data stays untouched.
    // Keys its resolver cannot read (`hasOwnProperty`...) are masked in that copy and put back in its output.
    const copy = structuredClone(root.document);
    declareRequiredNames(copy);
    inlineDiscriminatedUnions(copy);
    widenIndexSignatures(copy);
    masked = maskPrototypeNames(copy);
    nodes = await openapiTS(masked.document as unknown as Parameters<typeof openapiTS>[0], {
      silent: true,
      // `type: object` with no properties is any object in JSON Schema; openapi-typescript's default,
      // Record<string, never>, rejects every documented example that has keys (~230 type errors on the 2026 API).
      emptyObjectsUnknown: true,
      // A `default` does not make a property required: JSON Schema accepts a value without it, so must the type.
      // openapi-typescript's default makes such properties required outside inline parameters and request bodies,
      // which rejected documented examples (and request bodies built from components) that leave them out.
      defaultNonNullable: false,
      cwd: new URL(`file://${path.dirname(root.absolutePath)}/`),
    });
  } catch (error) {
    throw new SpecforgeError(`openapi-typescript rejected the spec: ${(error as Error).message.split("\n")[0]}`, "fix the spec at that pointer", { file: root.file });
  }
  // A schema that contains itself through an array does not compile as openapi-typescript writes it (TS2502).
  return masked.restore(astToString(aliasSchemaCycles(nodes)));
}
