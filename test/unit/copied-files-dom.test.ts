// The files specforge copies into every generated package and beside every contract suite (src/runtime/,
// src/testkit/) must compile in the projects users bring: a browser-facing one (the DOM lib, bundler resolution) as
// well as a Node one, both strict. The two differ in the types of fetch's bodies (the DOM lib's BodyInit takes a
// Uint8Array only over a plain ArrayBuffer), so a file can compile in one and not the other.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../e2e/repo-copy.js";

const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true } as const;

const PROJECTS: Record<string, ts.CompilerOptions> = {
  "DOM lib, bundler resolution": { ...STRICT, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"], module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
  "Node, no DOM lib": { ...STRICT, target: ts.ScriptTarget.ES2022, lib: ["lib.es2023.d.ts"], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ["node"] },
};

const FILES = ["src/testkit/contract-kit.ts", "src/testkit/contract-schemas.ts", "src/testkit/contract-undeclared.ts", "src/runtime/index.ts"].map((f) => path.join(REPO_ROOT, f));

describe("the copied runtime and contract kit compile in the projects users bring", () => {
  for (const [name, options] of Object.entries(PROJECTS)) {
    it(name, () => {
      const program = ts.createProgram(FILES, { ...options, typeRoots: [path.join(REPO_ROOT, "node_modules/@types")] });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(REPO_ROOT, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      expect(program.getSourceFiles().some((f) => f.fileName.endsWith("contract-kit.ts"))).toBe(true);
      expect(diagnostics).toEqual([]);
    }, 120_000);
  }
});
