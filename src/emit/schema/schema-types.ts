import { pathToFileURL } from "node:url";
import type { OpenAPI3, OpenAPITSOptions } from "openapi-typescript";
import type ts from "typescript";
import { SpecforgeError } from "../../errors.js";
import type { TypesDocument } from "../../model/types.js";
import { rewriteForOpenapiTypescript } from "./input-rewrites.js";
import { openapiTypescriptNodes, printOpenapiTypescriptNodes } from "./openapi-typescript-direct.js";
import { maskPrototypeNames } from "./prototype-names.js";
import { aliasSchemaCycles } from "./schema-cycles.js";
import { sliceSchemaStatements, type SchemaFileGroup } from "./schema-files.js";

// The options specforge runs openapi-typescript with (both routes of openapiTypescriptNodes read the same ones).
const OPENAPI_TYPESCRIPT_OPTIONS: OpenAPITSOptions = {
  silent: true,
  // `type: object` with no properties is any object in JSON Schema; openapi-typescript's default,
  // Record<string, never>, rejects every documented example that has keys (~230 type errors on the 2026 API).
  emptyObjectsUnknown: true,
  // A `default` does not make a property required: JSON Schema accepts a value without it, so must the type.
  // openapi-typescript's default makes such properties required outside inline parameters and request bodies,
  // which rejected documented examples (and request bodies built from components) that leave them out.
  defaultNonNullable: false,
};

// Emits schema.ts with openapi-typescript, in process, as one file. `route` is for tests (see openapiTypescriptNodes).
export async function emitSchemaTypes(root: TypesDocument, route: "auto" | "bundled" | "direct" = "auto"): Promise<string> {
  const { nodes, restore } = await schemaNodes(root, route);
  return restore(printOpenapiTypescriptNodes(nodes));
}

// The same types as files a consumer of one group can load alone (schema-files.ts): schema.ts and one slice per group,
// plus the shared slice. Package-relative file → text.
export async function emitSchemaFiles(root: TypesDocument, groups: readonly SchemaFileGroup[]): Promise<Map<string, string>> {
  const { nodes, restore } = await schemaNodes(root, "auto");
  const files = new Map<string, string>();
  for (const [file, statements] of sliceSchemaStatements(nodes, groups)) files.set(file, restore(printOpenapiTypescriptNodes(statements)));
  return files;
}

// openapi-typescript's nodes for the document, and what puts masked names back into their printed text.
async function schemaNodes(root: TypesDocument, route: "auto" | "bundled" | "direct"): Promise<{ nodes: ts.Node[]; restore: (text: string) => string }> {
  let nodes: ts.Node[];
  let masked: ReturnType<typeof maskPrototypeNames>;
  try {
    // openapi-typescript may bundle the document it is given; hand it a copy so our model's data stays untouched.
    // Keys its resolver cannot read (`hasOwnProperty`...) are masked in that copy and put back in its output.
    // The rewrites that make its types accept what the schemas accept are listed in input-rewrites.ts.
    const copy = structuredClone(root.document);
    rewriteForOpenapiTypescript(copy);
    masked = maskPrototypeNames(copy);
    // openapiTS names the document by its `cwd` and Redocly resolves external $refs from that name's folder, so it
    // is the root file's own URL (its folder's URL made "./pet.yaml" resolve one folder too high).
    const options = { ...OPENAPI_TYPESCRIPT_OPTIONS, cwd: pathToFileURL(root.absolutePath) };
    nodes = await openapiTypescriptNodes(masked.document as unknown as OpenAPI3, options, route);
  } catch (error) {
    throw new SpecforgeError(`openapi-typescript rejected the spec: ${(error as Error).message.split("\n")[0]}`, "fix the spec at that pointer", {
      file: root.file,
    });
  }
  // A schema that contains itself through an array does not compile as openapi-typescript writes it (TS2502).
  return { nodes: aliasSchemaCycles(nodes), restore: masked.restore };
}
