import { printSourceFile } from "./print.js";
import { StructureKind, type CodeBlockWriter, type StatementStructures } from "ts-morph";
import type { ApiModel, OperationModel } from "../model/types.js";
import { argumentName } from "../model/naming.js";
import { identifierOf, unique, type ClientLayout } from "./client-layout.js";
import { createClientDocs } from "./core.js";
import { docs, methodDocs, writeDocComment } from "./operation-docs.js";
import { propertyKey } from "./type-refs.js";

// Emits client.ts, the facade: the named schema aliases, the operations' types re-exported from their group modules,
// and createClient(), whose nested object (`cf.zeroTrust.access.serviceTokens.update(…)`) holds one method per
// operation, each delegating to its function in the group module (src/emit/operation-modules.ts) with the client's core.
//
// Each top-level group's object is made by a function of its own, whose type TypeScript reads off its object literal,
// and the Client type is put together from theirs: the package is built one file at a time (isolatedDeclarations, see
// src/self/package-build.ts), where the type of a spread (the client extras') cannot be read, and one literal for a
// whole large API (the Cloudflare API's 3,207 methods) is longer than TypeScript serializes (TS7056).
export function emitClient(model: ApiModel, layout: ClientLayout): string {
  const paginated = model.operations.some((op) => op.pagination);
  const parts = facadeParts(groupTree(model.operations), layout);
  const statements: StatementStructures[] = [
    schemaImport(model.namedSchemas.length > 0),
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "./runtime/index.js",
      namedImports: ["clientExtras", ...(model.operations.some((op) => !op.pagination) ? ["type APIPromise"] : []), ...(paginated ? ["type PagePromise"] : []), "type RequestOptions"],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./core.js", namedImports: ["createClientCore", "type ClientOptions"] },
    ...layout.modules.map((module): StatementStructures => ({ kind: StructureKind.ImportDeclaration, moduleSpecifier: `./${module.file.replace(/\.ts$/, ".js")}`, namespaceImport: module.namespace })),
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./core.js", isTypeOnly: true, namedExports: ["ClientOptions"] },
    // The operations' types live beside their functions; the package root exports them from here, as it always has.
    ...layout.modules.map((module): StatementStructures => ({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: `./${module.file.replace(/\.ts$/, ".js")}`,
      isTypeOnly: true,
      namedExports: module.operations.flatMap(typeNames),
    })),
    ...model.namedSchemas.map(
      (s): StatementStructures => ({
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: s.exportName,
        docs: docs(s.description ?? `The \`${s.schemaKey}\` schema.`),
        type: (w) => w.write(`components["schemas"][${JSON.stringify(s.schemaKey)}]`),
      }),
    ),
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "createClient",
      docs: docs(createClientDocs(model)),
      // Without options the environment may supply them (config `env`); the runtime says which are missing.
      parameters: [{ name: "options", type: "ClientOptions", initializer: "{}" }],
      returnType: "Client",
      statements: (w) => writeCreateClientBody(w, parts, layout),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "Client",
      docs: ["The client that createClient() returns."],
      type: (w) => writeClientType(w, parts),
    },
    ...parts.map(
      (part): StatementStructures => ({
        kind: StructureKind.Function,
        name: part.function,
        // The core's type spelt through createClientCore, not by its name, which a schema alias of this file may take.
        parameters: [{ name: layout.core, type: "ReturnType<typeof createClientCore>" }],
        statements: (w) => {
          w.write("return ");
          writeGroup(w, part.node, layout);
          w.write(";");
        },
      }),
    ),
  ];
  return printSourceFile(statements);
}

// `paths` types the escape hatch (client.get(path)…); `components` the named schema aliases.
function schemaImport(named: boolean): StatementStructures {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./schema.js", isTypeOnly: true, namedImports: named ? ["components", "paths"] : ["paths"] };
}

// A piece of the facade made by one function: a top-level group (`key`), or the methods that have no group, which sit
// at the top (no key).
interface FacadePart {
  key: string | undefined;
  function: string;
  node: GroupNode;
}

function facadeParts(tree: GroupNode, layout: ClientLayout): FacadePart[] {
  // The function names must differ from client.ts's other values: its imports and createClient.
  const taken = new Set(["createClient", "createClientCore", "clientExtras", layout.core, ...layout.modules.map((m) => m.namespace)]);
  const parts: FacadePart[] = [...tree.children].map(([key, node]) => ({ key, function: unique(`${identifierOf(key)}Methods`, taken, ""), node }));
  if (tree.methods.length > 0) parts.push({ key: undefined, function: unique("topLevelMethods", taken, ""), node: { children: new Map(), methods: tree.methods } });
  return parts;
}

function writeCreateClientBody(w: CodeBlockWriter, parts: FacadePart[], layout: ClientLayout): void {
  w.writeLine(`const ${layout.core} = createClientCore(options);`);
  w.write("return ").inlineBlock(() => {
    // use/eject and get/post/put/patch/delete (src/runtime/extras.ts): the model keeps every top-level name clear of them.
    // The core's client is typed by no paths (src/emit/core.ts); the escape hatch is typed by the whole API's. An import
    // type, not an imported name, which a named schema alias of this module could take.
    w.writeLine(`...clientExtras(${layout.core}.runtime, ${layout.core}.http as import("openapi-fetch").Client<paths>),`);
    for (const part of parts) w.writeLine(part.key === undefined ? `...${part.function}(${layout.core}),` : `${propertyKey(part.key)}: ${part.function}(${layout.core}),`);
  });
  w.write(";");
}

// The extras' type, then each part's: the spelling avoids the names ClientExtras and ClientCore, as above.
function writeClientType(w: CodeBlockWriter, parts: FacadePart[]): void {
  w.write("ReturnType<typeof clientExtras<paths>>");
  const keyed = parts.filter((part) => part.key !== undefined);
  if (keyed.length > 0) {
    w.write(" & ").inlineBlock(() => {
      for (const part of keyed) w.writeLine(`${propertyKey(part.key as string)}: ReturnType<typeof ${part.function}>;`);
    });
  }
  for (const part of parts) if (part.key === undefined) w.write(` & ReturnType<typeof ${part.function}>`);
}

// The type aliases operation-types.ts declares for an operation.
function typeNames(op: OperationModel): string[] {
  return [op.paramsType, op.responseType, ...(op.pagination?.infoType ? [op.pagination.infoType] : [])];
}

interface GroupNode {
  children: Map<string, GroupNode>;
  methods: OperationModel[];
}

function groupTree(operations: OperationModel[]): GroupNode {
  const root: GroupNode = { children: new Map(), methods: [] };
  for (const op of operations) {
    let node = root;
    for (const name of op.group) {
      let child = node.children.get(name);
      if (!child) node.children.set(name, (child = { children: new Map(), methods: [] }));
      node = child;
    }
    node.methods.push(op);
  }
  return root;
}

function writeGroup(w: CodeBlockWriter, node: GroupNode, layout: ClientLayout): void {
  w.inlineBlock(() => {
    for (const [name, child] of node.children) {
      w.write(`${propertyKey(name)}: `);
      writeGroup(w, child, layout);
      w.write(",").newLine();
    }
    for (const op of node.methods) writeMethod(w, op, layout);
  });
}

// One method: the operation's signature and docs, and a call of its function with the client's core.
function writeMethod(w: CodeBlockWriter, op: OperationModel, layout: ClientLayout): void {
  const fn = layout.functions.get(op);
  if (!fn) throw new Error(`no function for ${op.fullName}`);
  const ns = fn.module.namespace;
  writeDocComment(w, methodDocs(op));
  const args: { name: string; declared: string }[] = [];
  if (op.positional) args.push({ name: argumentName(op.positional.name), declared: `${argumentName(op.positional.name)}: string` });
  if (op.paramsArgument !== "none") args.push({ name: "params", declared: `params${op.paramsArgument === "required" ? "" : "?"}: ${ns}.${op.paramsType}` });
  args.push({ name: "options", declared: "options?: RequestOptions" });
  const pagination = op.pagination;
  const resolved = pagination ? `PagePromise<${ns}.${op.responseType}${pagination.infoType ? `, ${ns}.${pagination.infoType}` : ""}>` : `APIPromise<${ns}.${op.responseType}>`;
  w.write(`${propertyKey(op.methodName)}(${args.map((a) => a.declared).join(", ")}): ${resolved}`).block(() => {
    w.writeLine(`return ${ns}.${fn.name}(${[layout.core, ...args.map((a) => a.name)].join(", ")});`);
  });
  w.write(",").newLine();
}
