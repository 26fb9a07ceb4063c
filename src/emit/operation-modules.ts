import { printSourceFile } from "./print.js";
import { StructureKind, type StatementStructures, type WriterFunction } from "ts-morph";
import type { OperationModel } from "../model/types.js";
import type { ClientLayout, OperationModule } from "./client-layout.js";
import { picksInheritedName, writeOperationFunction } from "./operation-function.js";
import { operationTypes } from "./operation-types.js";

// Emits the group modules (`operations/zero-trust.ts`…): each operation's types and its function, which client.ts's
// methods delegate to and a tree-shaking consumer imports alone. Output-relative path → text, in the layout's order.
/** `onOperation` is called after each operation's function is written, for progress on large APIs. */
export function emitOperationModules(layout: ClientLayout, onOperation: () => void = () => {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const module of layout.modules) files.set(module.file, emitOperationModule(module, layout, onOperation));
  return files;
}

function emitOperationModule(module: OperationModule, layout: ClientLayout, onOperation: () => void): string {
  return printSourceFile([
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../schema.js", isTypeOnly: true, namedImports: ["paths"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../runtime/index.js", namedImports: runtimeImports(module.operations) },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../core.js", isTypeOnly: true, namedImports: ["ClientCore"] },
    ...module.operations.flatMap((op): (StatementStructures | WriterFunction)[] => [
      ...operationTypes(op),
      (w) => {
        const fn = layout.functions.get(op);
        if (!fn) throw new Error(`no function name for ${op.fullName}`);
        writeOperationFunction(w, op, fn.name, layout.core);
        onOperation();
      },
    ]),
  ]);
}

// What a module's functions and types use of the runtime, and nothing else (an unused import would be kept by tsc).
function runtimeImports(operations: OperationModel[]): string[] {
  const names: string[] = [];
  if (operations.some((op) => op.pagination)) names.push("paginate");
  const encoded = operations.map((op) => op.body).filter((b) => b !== undefined && b.encoding !== "json");
  if (encoded.length > 0) names.push("uploadBody");
  if (operations.some(picksInheritedName)) names.push("ownParams");
  if (operations.some((op) => !op.pagination)) names.push("type APIPromise");
  if (operations.some((op) => op.pagination)) names.push("type PagePromise");
  names.push("type RequestOptions");
  if (encoded.some((b) => b?.encoding === "binary")) names.push("type Uploadable");
  if (encoded.some((b) => b && b.fileFields.length > 0)) names.push("type WithUploads");
  if (operations.some((op) => op.literalParts.length > 0)) names.push("type Literal");
  return names;
}
