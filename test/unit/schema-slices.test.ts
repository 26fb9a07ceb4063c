// schema.ts sliced per group (src/emit/schema/schema-files.ts): what each slice holds, that nothing is written twice,
// that the whole and the slices type-check and agree, and that a consumer of one group's slice loads no other's.
import ts from "typescript";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { emitSchemaFiles, emitSchemaTypes } from "../../src/emit/schema/schema-types.js";
import { SHARED_SCHEMA_FILE, sliceSchemaStatements, type SchemaFileGroup } from "../../src/emit/schema/schema-files.js";
import { readSchemaUnits } from "../../src/emit/schema/schema-units.js";
import { planSlices } from "../../src/emit/schema/schema-slices.js";
import type { JsonObject } from "../../src/openapi/load.js";

type Json = JsonObject;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` });
const json = (schema: Json) => ({ content: { "application/json": { schema } } });
const op = (id: string, schema: Json) => ({ operationId: id, responses: { "200": { description: "ok", ...json(schema) } } });

function documentOf(paths: Json, schemas?: Json, extra: Json = {}): Json {
  return { openapi: "3.1.0", info: { title: "t", version: "1" }, paths, ...(schemas ? { components: { schemas } } : {}), ...extra };
}

const render = (document: Json, groups: SchemaFileGroup[]) => emitSchemaFiles({ file: "api.json", absolutePath: "/tmp/api.json", document }, groups);

// The member names a file declares in `components.schemas` with their own type (not an access into another slice).
function ownSchemas(text: string): string[] {
  const source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest);
  const components = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "components");
  const schemas = components?.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === "schemas");
  if (!schemas || !ts.isPropertySignature(schemas) || !schemas.type || !ts.isTypeLiteralNode(schemas.type)) return [];
  return schemas.type.members.flatMap((m) => {
    if (!ts.isPropertySignature(m) || !m.name || !m.type) return [];
    const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : "";
    const alias = ts.isIndexedAccessTypeNode(m.type) && /^\w+Types\.components\[/.test(m.type.getText(source));
    return alias ? [] : [name];
  });
}

// Type-checks the files with `extra` beside them; returns the diagnostics and the files tsc loaded for `root`.
function check(files: Map<string, string>, extra: Record<string, string>, root?: string): { errors: string[]; loaded: string[] } {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"] } });
  for (const [file, text] of files) project.createSourceFile(`/pkg/${file}`, text);
  for (const [file, text] of Object.entries(extra)) project.createSourceFile(`/pkg/${file}`, text);
  const errors = project.getPreEmitDiagnostics().map((d) => `${d.getSourceFile()?.getFilePath()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, "\n")}`);
  let loaded: string[] = [];
  if (root) {
    const program = ts.createProgram({ rootNames: [`/pkg/${root}`], options: { noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [], noLib: true }, host: memoryHost(files, extra) });
    loaded = program.getSourceFiles().map((f) => f.fileName.replace("/pkg/", ""));
  }
  return { errors, loaded };
}

function memoryHost(files: Map<string, string>, extra: Record<string, string>): ts.CompilerHost {
  const all = new Map([...files, ...Object.entries(extra)].map(([file, text]) => [`/pkg/${file}`, text]));
  const host = ts.createCompilerHost({});
  return {
    ...host,
    fileExists: (name) => all.has(name),
    readFile: (name) => all.get(name),
    getSourceFile: (name, version) => (all.has(name) ? ts.createSourceFile(name, all.get(name) as string, version) : undefined),
    getCurrentDirectory: () => "/pkg",
    directoryExists: (dir) => [...all.keys()].some((file) => file.startsWith(`${dir}/`)),
    realpath: (name) => name,
    getDirectories: () => [],
  };
}

// Two groups: `a` with two paths, `b` with one path and the POST of a path whose GET is `a`'s.
const document = documentOf(
  {
    "/a": { get: op("getA", ref("AOnly")) },
    "/a/{id}": { get: op("getAOne", ref("Shared")) },
    "/b": { get: op("getB", ref("BOnly")) },
    "/mixed": { get: op("getMixed", ref("AOnly")), post: op("postMixed", ref("Odd name/with-chars")) },
  },
  {
    // Reached by `a` only through another component.
    AOnly: { type: "object", properties: { inner: ref("AInner"), shared: ref("Shared") } },
    AInner: { type: "string" },
    BOnly: { type: "object", properties: { shared: ref("Shared") } },
    Shared: { type: "object", properties: { deep: ref("SharedDeep") } },
    SharedDeep: { type: "integer" },
    "Odd name/with-chars": { type: "object", properties: { hasOwnProperty: { type: "string" } }, required: ["hasOwnProperty"] },
    Unused: { type: "object", properties: { a: ref("AOnly") } },
  },
);
const groups: SchemaFileGroup[] = [
  { file: "schema/a.ts", operations: [{ path: "/a", method: "get" }, { path: "/a/{id}", method: "get" }, { path: "/mixed", method: "get" }] },
  { file: "schema/b.ts", operations: [{ path: "/b", method: "get" }, { path: "/mixed", method: "post" }] },
];

describe("schema.ts sliced per group", () => {
  it("puts what one group reaches in its slice, what two reach in the shared one, the rest in schema.ts: each once", async () => {
    const files = await render(document, groups);
    expect([...files.keys()]).toEqual(["schema.ts", "schema/a.ts", "schema/b.ts", SHARED_SCHEMA_FILE]);
    expect(ownSchemas(files.get("schema/a.ts") as string)).toEqual(["AOnly", "AInner"]);
    expect(ownSchemas(files.get("schema/b.ts") as string)).toEqual(["BOnly", "Odd name/with-chars"]);
    expect(ownSchemas(files.get(SHARED_SCHEMA_FILE) as string)).toEqual(["Shared", "SharedDeep"]);
    expect(ownSchemas(files.get("schema.ts") as string)).toEqual(["Unused"]);
    // The masked name is put back in every file that holds it.
    expect(files.get("schema/b.ts")).toContain("hasOwnProperty: string;");
    expect([...files.values()].join("\n")).not.toContain("__specforge");
  });

  it("gives each group the methods of a shared path item that are its own, the others absent", async () => {
    const files = await render(document, groups);
    const itemOf = (file: string) => (files.get(file) as string).replace(/\s+/g, " ").match(/"\/mixed": \{.*?trace\?: never; \}/)?.[0] ?? "";
    expect(itemOf("schema/a.ts")).toContain('get: operations["getMixed"]');
    expect(itemOf("schema/a.ts")).toContain("post?: never");
    expect(itemOf("schema/b.ts")).toContain("get?: never");
    expect(itemOf("schema/b.ts")).toContain('post: operations["postMixed"]');
    // schema.ts keeps the item whole, and points at the one slice that holds a path item whole.
    expect(files.get("schema.ts")).toContain('get: operations["getMixed"]');
    expect(files.get("schema.ts")).toMatch(/"\/b": bTypes\.paths\["\/b"\]/);
  });

  it("type-checks, and schema.ts's types are the slices' types", async () => {
    const files = await render(document, groups);
    const same = `
      import type { paths, components } from "./schema.js";
      import type * as A from "./schema/a.js";
      import type * as B from "./schema/b.js";
      type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
      const checks: [
        Same<paths["/a"]["get"], A.paths["/a"]["get"]>,
        Same<paths["/mixed"]["post"], B.paths["/mixed"]["post"]>,
        Same<components["schemas"]["Shared"], A.components["schemas"]["Shared"]>,
        Same<components["schemas"]["Odd name/with-chars"]["hasOwnProperty"], string>,
        Same<components["schemas"]["Unused"]["a"], A.components["schemas"]["AOnly"] | undefined>,
      ] = [true, true, true, true, true];
      void checks;
    `;
    expect(check(files, { "same.ts": same }).errors).toEqual([]);
  });

  it("makes tsc load one group's slice and the shared one for a consumer of that group, and no other's", async () => {
    const files = await render(document, groups);
    const { loaded } = check(files, { "use-b.ts": 'import type { paths } from "./schema/b.js";\nexport type R = paths["/b"]["get"];\n' }, "use-b.ts");
    expect(loaded.sort()).toEqual(["schema/_shared.ts", "schema/b.ts", "use-b.ts"]);
  });

  it("writes no shared slice when nothing is shared, and handles one group and no components", async () => {
    const one = await render(documentOf({ "/x": { get: op("x", { type: "string" }) } }), [{ file: "schema/only.ts", operations: [{ path: "/x", method: "get" }] }]);
    expect([...one.keys()]).toEqual(["schema.ts", "schema/only.ts"]);
    expect(check(one, { "use.ts": 'import type { paths } from "./schema/only.js";\nexport const x: paths["/x"]["get"]["responses"][200]["content"]["application/json"] = "s";\n' }).errors).toEqual([]);
  });

  it("handles a document-level $defs (openapi-typescript writes the $ref's schema in place; `$defs` stays in schema.ts)", async () => {
    const withDefs = documentOf({ "/d": { get: op("d", { $ref: "#/$defs/Thing" }) } }, undefined, { $defs: { Thing: { type: "string" } } });
    const files = await render(withDefs, [{ file: "schema/d.ts", operations: [{ path: "/d", method: "get" }] }]);
    expect(files.get("schema.ts")).toContain("export type $defs");
    expect(files.get("schema/d.ts")).not.toContain("$defs");
    expect(check(files, { "use.ts": 'import type { paths } from "./schema/d.js";\nexport type R = paths["/d"]["get"];\n' }).errors).toEqual([]);
  });

  it("is the same text as one schema.ts would be, apart from the slices (the members are openapi-typescript's)", async () => {
    const whole = await emitSchemaTypes({ file: "api.json", absolutePath: "/tmp/api.json", document });
    const files = await render(document, groups);
    // Every schema's declaration appears exactly once across the files, as openapi-typescript wrote it.
    for (const name of ["AOnly", "AInner", "BOnly", "Shared", "SharedDeep", "Unused"]) {
      const declaration = whole.match(new RegExp(`\\n {8}${name}: \\{[^]*?\\n {8}\\};`))?.[0] ?? whole.match(new RegExp(`\\n {8}${name}: [^\\n]*;`))?.[0];
      expect(declaration, name).toBeDefined();
      const count = [...files.values()].filter((text) => text.includes(declaration as string)).length;
      expect(count, name).toBe(1);
    }
  });
});

describe("planSlices", () => {
  const plan = (text: string) => planSlices(readSchemaUnits([...ts.createSourceFile("s.ts", text, ts.ScriptTarget.Latest).statements]), [{ operations: [] }]);

  it("declines output it cannot read as units: a container referred to whole, or a reference without a member name", () => {
    expect(plan("export interface paths {}\nexport interface components { schemas: {} }\ntype X = components;")).toMatch(/components referred to as a whole/);
    expect(plan('export interface paths {}\nexport interface components { schemas: { A: string } }\ntype X = components["schemas"];')).toMatch(/without the names of its member/);
    expect(plan("export interface paths {}\ntype X = string;")).not.toBeTypeOf("string");
  });

  it("leaves such output whole in schema.ts, each group's slice re-exporting its paths", () => {
    const source = ts.createSourceFile("s.ts", 'export interface paths { "/a": { get: operations["a"] } }\nexport interface operations { a: { responses: {} } }\ntype X = operations;', ts.ScriptTarget.Latest);
    const files = sliceSchemaStatements(source.statements, [{ file: "schema/a.ts", operations: [{ path: "/a", method: "get" }] }]);
    const printer = ts.createPrinter();
    const print = (nodes: readonly ts.Node[]) => nodes.map((node) => printer.printNode(ts.EmitHint.Unspecified, node, source)).join("\n");
    expect([...files.keys()]).toEqual(["schema.ts", "schema/a.ts"]);
    expect(print(files.get("schema.ts") ?? [])).toBe(print(source.statements));
    expect(print(files.get("schema/a.ts") ?? [])).toBe('export type { paths } from "../schema.js";');
  });
});
