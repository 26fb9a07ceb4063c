import { printSourceFile } from "./print.js";
import { StructureKind, VariableDeclarationKind, type StatementStructures, type WriterFunction } from "ts-morph";
import type { OperationModel } from "../model/types.js";
import type { ClientLayout, OperationModule } from "./client-layout.js";
import { PAGE_STYLES, picksInheritedName, readerOf, writeOperationFunction } from "./operation-function.js";
import { operationTypes } from "./operation-types.js";

// Emits the group modules (`operations/zero-trust.ts`…): each operation's types and its function, which client.ts's
// methods delegate to and a tree-shaking consumer imports alone. Output-relative path → text, in the layout's order.
// Every operation type's name ends in Params, Response or PageInfo (src/model/method-names.ts): this one is clear of them.
const HTTP_TYPE = "Http";

/** `onOperation` is called after each operation's function is written, for progress on large APIs. */
export function emitOperationModules(layout: ClientLayout, onOperation: () => void = () => {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const module of layout.modules) files.set(module.file, emitOperationModule(module, layout, onOperation));
  return files;
}

function emitOperationModule(module: OperationModule, layout: ClientLayout, onOperation: () => void): string {
  const variants = variantConstants(module.operations);
  return printSourceFile([
    // The group's slice of the types, not schema.ts: tsc then loads this group's types and the shared ones, no other's.
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: `../${module.schemaFile.replace(/\.ts$/, ".js")}`, isTypeOnly: true, namedImports: ["paths"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "openapi-fetch", isTypeOnly: true, namedImports: ["Client as FetchClient"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../runtime/index.js", namedImports: runtimeImports(module.operations) },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../core.js", isTypeOnly: true, namedImports: ["ClientCore"] },
    {
      kind: StructureKind.TypeAlias,
      name: HTTP_TYPE,
      docs: ["The core's openapi-fetch client, typed by this group's paths: core.ts types it by none, so that it loads no group's types."],
      type: "FetchClient<paths>",
    },
    // Each path variant once, not inline in every function that takes it: the facade's bundle has every function.
    // `as const` keeps its names literal, which type the variant's result (src/runtime/path.ts PathVariant).
    ...[...variants].map(([text, name]): StatementStructures => ({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, initializer: `${text} as const` }],
    })),
    ...module.operations.flatMap((op): (StatementStructures | WriterFunction)[] => [
      ...operationTypes(op),
      (w) => {
        const fn = layout.functions.get(op);
        if (!fn) throw new Error(`no function name for ${op.fullName}`);
        writeOperationFunction(w, op, fn.name, layout.core, HTTP_TYPE, op.variant && variants.get(JSON.stringify(op.variant)));
        onOperation();
      },
    ]),
  ]);
}

// The module's constant for each distinct path variant its operations take, by the variant's JSON: PATH_VARIANT, then
// PATH_VARIANT_2…, upper case so that no function (camelCase) or type (PascalCase) of the module takes the name.
function variantConstants(operations: OperationModel[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const op of operations) {
    const text = op.variant && JSON.stringify(op.variant);
    if (text !== undefined && !names.has(text)) names.set(text, names.size === 0 ? "PATH_VARIANT" : `PATH_VARIANT_${names.size + 1}`);
  }
  return names;
}

// What a module's functions and types use of the runtime, and nothing else (an unused import would be kept by tsc).
function runtimeImports(operations: OperationModel[]): string[] {
  const names: string[] = [];
  if (operations.some((op) => op.pagination)) names.push("paginate");
  // Each pagination style the module's operations use, and no other (src/runtime/pagination.ts PageStyle).
  names.push(...new Set(operations.flatMap((op) => (op.pagination ? [PAGE_STYLES[op.pagination.rule.type]] : [])).sort()));
  const encoded = operations.map((op) => op.body).filter((b) => b !== undefined && b.encoding !== "json");
  if (encoded.length > 0) names.push("uploadBody");
  if (operations.some(picksInheritedName)) names.push("ownParams");
  // The readers of bodies that are not JSON, only where some operation reads one (src/runtime/read.ts).
  names.push(...new Set(operations.map(readerOf).filter((r) => r !== undefined).sort()));
  if (operations.some((op) => !op.pagination)) names.push("type APIPromise");
  if (operations.some((op) => op.pagination)) names.push("type PagePromise");
  names.push("type RequestOptions");
  if (encoded.some((b) => b?.encoding === "binary")) names.push("type Uploadable");
  if (encoded.some((b) => b && b.fileFields.length > 0)) names.push("type WithUploads");
  if (operations.some((op) => op.literalParts.length > 0)) names.push("type Literal");
  return names;
}
