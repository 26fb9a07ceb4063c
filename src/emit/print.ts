import { printStructure, StructureKind, type StatementStructures, type WriterFunction } from "ts-morph";

// Prints ts-morph statement structures as source text. printStructure writes the text directly; creating a
// SourceFile would also parse it into a syntax tree that nothing reads (on the whole Cloudflare API, 34 MB of
// client and tests, that parse cost seconds and gigabytes). Prettier lays the text out afterwards.
export function printSourceFile(statements: (StatementStructures | WriterFunction)[]): string {
  return printStructure({ kind: StructureKind.SourceFile, statements }, { indentNumberOfSpaces: 2 });
}
