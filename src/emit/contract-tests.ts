import { StructureKind, type StatementStructures, type WriterFunction } from "ts-morph";
import type { ApiModel, OperationModel } from "../model/types.js";
import { clientLayout } from "./client-layout.js";
import { writeOperationCase } from "./contract/operation-case.js";
import { emitSchemaFile, SCHEMA_FILE } from "./contract/schema-map.js";
import { emitSuiteModule, SUITE_MODULE } from "./contract/suite-module.js";
import { printSourceFile } from "./print.js";

export { errorClassForStatus } from "../testkit/contract-errors.js";

// Emits the contract suite: contract/suite.ts (what all share), contract/schemas.json (the schema map) and one contract/<group>.test.ts per module of the
// client (src/emit/client-layout.ts), so vitest runs the groups in parallel and a user can run one. A group file holds
// each operation, in a block of its own, with its examples as typed data and its typed calls; the runner in the contract kit
// (src/testkit/contract-runner.ts) turns them into one vitest case per documented example and check.
/** `onOperation` is called after each operation's cases are written, for progress on large APIs. */
export function emitContractTests(model: ApiModel, onOperation: () => void = () => {}): Map<string, string> {
  const files = new Map<string, string>([
    [SCHEMA_FILE, emitSchemaFile(model)],
    [SUITE_MODULE, emitSuiteModule(model)],
  ]);
  const layout = clientLayout(model);
  for (const module of layout.modules) files.set(`contract/${module.subpath.slice(2)}.test.ts`, emitGroupFile(model, module.operations, onOperation));
  return files;
}

function emitGroupFile(model: ApiModel, operations: OperationModel[], onOperation: () => void): string {
  const literal = operations.some((op) => op.body?.literal || op.responses.some((r) => r.literal));
  const files = operations.some((op) => op.body?.encoding === "multipart" && op.body.fileFields.length > 0);
  const replies = operations.some((op) => op.responses.some((r) => r.contentType));
  const bodies = operations.some((op) => op.body);
  const kit = [...(replies ? ["Reply"] : []), ...(bodies ? ["RequestBody"] : []), ...(files ? ["WithFiles"] : [])];
  const statements: (StatementStructures | WriterFunction)[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../schema.js", isTypeOnly: true, namedImports: ["paths"] },
    ...(literal ? [typeImport("../runtime/index.js", ["Literal"])] : []),
    ...(kit.length > 0 ? [typeImport("../contract-kit.js", kit)] : []),
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./suite.js", namedImports: ["operation"] },
    ...operations.map((op): WriterFunction => (w) => {
      w.blankLineIfLastNot();
      writeOperationCase(w, model, op);
      onOperation();
    }),
  ];
  return printSourceFile(statements);
}

function typeImport(moduleSpecifier: string, names: string[]): StatementStructures {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier, isTypeOnly: true, namedImports: names };
}
