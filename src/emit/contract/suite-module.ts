import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import type { ApiModel } from "../../model/types.js";
import { errorClassForStatus } from "../../testkit/contract-errors.js";
import { printSourceFile } from "../print.js";
import { writeData } from "../type-refs.js";

// contract/suite.ts: what every group file of the contract suite shares, written once: the schema checker's data,
// the placeholder credentials, the client factory and the error classes the runner (src/testkit/contract-runner.ts)
// is set up with. Each group file imports the `operation` function it exports.

/** The suite module's path in the package. */
export const SUITE_MODULE = "contract/suite.ts";

function credentialSets(model: ApiModel): Record<string, string>[] {
  return model.credentialAlternatives.map((alternative) => Object.fromEntries(alternative.map((s) => [s.option, `contract-test-${s.option}`])));
}

// The error classes some response example's status makes the runtime throw, and APIError (the fallback).
function usedErrorClasses(model: ApiModel): string[] {
  const used = new Set(["APIError"]);
  for (const op of model.operations) for (const response of op.responses) if (response.sampleStatus >= 400) used.add(errorClassForStatus(response.sampleStatus));
  return [...used].sort();
}

export function emitSuiteModule(model: ApiModel): string {
  const errors = usedErrorClasses(model);
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../index.js", namedImports: ["createClient", ...errors, "type ClientOptions"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../contract-kit.js", namedImports: ["loadSchemaChecker"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "../contract-runner.js", namedImports: ["contractSuite", "type OperationCase"] },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["The schemas each example is checked against: every media type's schema, and the component schemas they reach."],
      declarations: [{ name: "check", initializer: 'loadSchemaChecker(new URL("./schemas.json", import.meta.url))' }],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["One set of placeholder credentials per security alternative of the spec."],
      declarations: [{ name: "credentials", type: "ClientOptions[]", initializer: (w) => writeData(w, credentialSets(model)) }],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: ["Declares one operation's contract tests (one describe and its cases) from its examples and typed calls."],
      declarations: [
        {
          name: "operation",
          // Written out: the package's tsconfig has isolatedDeclarations, which the real-world e2e holds every
          // generated file to, and an exported const needs a type that can be read without inferring it.
          type: "(operation: OperationCase<ReturnType<typeof createClient>>) => void",
          initializer: (w) => {
            w.write("contractSuite(").inlineBlock(() => {
              // A client wired to the fetch the runner gives (a stub that serves the example, or a live server), without retries.
              w.writeLine("connect: (auth: ClientOptions | undefined, fetch: typeof globalThis.fetch, baseURL: string) => createClient({ ...auth, baseURL, fetch, maxRetries: 0 }),");
              w.writeLine("check,");
              w.writeLine(`errors: { ${errors.join(", ")} },`);
              w.writeLine("credentials,");
              w.write("schemes: ");
              writeData(w, model.securitySchemes.map((s) => ({ option: s.option, header: s.headerName, type: s.type })));
              w.write(",").newLine();
              w.writeLine(`baseURL: ${JSON.stringify(model.defaultBaseURL || "https://contract.test")},`);
              if (model.envelope?.errors) w.writeLine(`errorsKey: ${JSON.stringify(model.envelope.errors)},`);
            });
            w.write(")");
          },
        },
      ],
    },
  ];
  return printSourceFile(statements);
}
