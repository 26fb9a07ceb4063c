import { printSourceFile } from "./print.js";
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from "ts-morph";
import type { ApiModel, BodyRead, OperationModel, ParamModel } from "../model/types.js";
import { nonJsonRead, nonJsonResultType } from "../model/media-types.js";
import { argumentName, isIdentifier } from "../model/naming.js";
import { isObjectMemberName, propertyKey, reachesObjectMemberName, writeData, writeOperationType, writeResponseBodyType } from "./type-refs.js";

// Emits client.ts: readable type aliases, ClientOptions and createClient(), built as one ts-morph structure.
/** `onOperation` is called after each operation's method is written, for progress on large APIs. */
export function emitClient(model: ApiModel, onOperation: () => void = () => {}): string {
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "openapi-fetch",
      defaultImport: "createFetchClient",
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "./schema.js",
      isTypeOnly: true,
      namedImports: ["components", "paths"].filter((n) => n === "paths" || model.namedSchemas.length > 0),
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "./runtime/index.js",
      namedImports: runtimeImports(model),
    },
    ...model.namedSchemas.map(
      (s): StatementStructures => ({
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: s.exportName,
        docs: docs(s.description ?? `The \`${s.schemaKey}\` schema.`),
        type: (w) => w.write(`components["schemas"][${JSON.stringify(s.schemaKey)}]`),
      }),
    ),
    ...model.operations.flatMap((op) => operationTypes(op, model)),
    clientOptionsType(model),
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["What the runtime needs to know about this API: where it is, how it authenticates, how responses are wrapped."],
      declarations: [{ name: "api", type: "ApiDescription", initializer: (w) => writeData(w, apiDescription(model)) }],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "createClient",
      docs: docs(createClientDocs(model)),
      parameters: [{ name: "options", type: "ClientOptions", ...(model.securitySchemes.length === 0 ? { initializer: "{}" } : {}) }],
      statements: (w) => writeCreateClientBody(w, model, onOperation),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "Client",
      docs: ["The client that createClient() returns."],
      type: "ReturnType<typeof createClient>",
    },
  ];
  return printSourceFile(statements);
}

function runtimeImports(model: ApiModel): string[] {
  const names = ["createRuntime", "type ApiDescription", "type BaseClientOptions", "type RequestOptions"];
  if (model.operations.some(picksInheritedName)) names.push("ownParams");
  if (model.operations.some((op) => literalParts(op, model).size > 0)) names.push("type Literal");
  if (model.operations.some((o) => o.params.some((p) => p.in === "path"))) names.unshift("checkPathParam");
  if (model.operations.some((o) => o.variant)) names.unshift("resolvePathVariant");
  return names;
}

function docs(text: string | undefined): string[] {
  return text ? [text.replace(/\*\//g, "*\\/")] : [];
}

function apiDescription(model: ApiModel): unknown {
  const security: { option: string; type: string; name: string }[][] = model.credentialAlternatives.map((alternative) => alternative.map((s) => ({ option: s.option, type: s.type, name: s.headerName })));
  // When some operation needs no credentials, the client must not demand them up front.
  if (security.length > 0 && model.credentialsOptional) security.push([]);
  return { defaultBaseURL: model.defaultBaseURL, security, ...(model.envelope ? { envelope: model.envelope } : {}) };
}

function createClientDocs(model: ApiModel): string {
  const credentials = model.credentialAlternatives.map((a) => a.map((s) => `\`${s.option}\``).join(" and ")).join("; or ");
  return [`Creates a client for ${model.title}.`, credentials ? `Authenticate with ${credentials}.` : "", `Requests go to \`${model.defaultBaseURL || "options.baseURL"}\` unless \`baseURL\` says otherwise.`]
    .filter(Boolean)
    .join("\n\n");
}

// A type alias, not an interface: aliases are assignable to the runtime's Record<string, unknown> options.
function clientOptionsType(model: ApiModel): StatementStructures {
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: "ClientOptions",
    docs: ["Options for createClient(): credentials from the spec's security schemes, plus transport settings."],
    type: (w) => {
      w.write("BaseClientOptions & ").inlineBlock(() => {
        for (const s of model.securitySchemes) {
          const doc = [s.description, s.type === "header" ? `Sent as the \`${s.headerName}\` header.` : `Sent as \`Authorization: ${s.type === "bearer" ? "Bearer" : "Basic"} …\`.`].filter(Boolean).join("\n\n");
          w.writeLine("/**");
          for (const line of doc.replace(/\*\//g, "*\\/").split("\n")) w.writeLine(` *${line ? " " + line : ""}`);
          w.writeLine(" */");
          w.writeLine(`${propertyKey(s.option)}?: string | null | undefined;`);
        }
      });
    },
  };
}

function pathParamsNotPositional(op: OperationModel): ParamModel[] {
  return op.params.filter((p) => p.in === "path" && p !== op.positional && !(op.variant && (p.name === op.variant.selector || p.name === op.variant.id)));
}

// Keys every object has through Object.prototype at run time (`toString`, `constructor`, `__proto__`...).
const INHERITED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

// The names writeMethod takes out of the flat params object: variant choices and the non-positional parameters.
function pickedNames(op: OperationModel): string[] {
  const variant = op.variant;
  const params = op.params.filter((p) => p !== op.positional && !(variant && (p.name === variant.selector || p.name === variant.id)));
  return [...(variant ? Object.keys(variant.choices) : []), ...params.map((p) => p.name)];
}

// Whether one of those names would otherwise be found on Object.prototype when the caller leaves it out.
function picksInheritedName(op: OperationModel): boolean {
  return pickedNames(op).some((name) => INHERITED_KEYS.has(name));
}

// The parts of an operation's params that callers write as object literals with a property named like an Object
// member (`constructor`, `toString`...): those are typed `Literal<…>` (see src/runtime/client.ts) so that leaving
// such an optional property out still compiles.
function literalParts(op: OperationModel, model: ApiModel): Set<"query" | "header" | "body"> {
  const parts = new Set<"query" | "header" | "body">();
  for (const p of op.params) if ((p.in === "query" || p.in === "header") && isObjectMemberName(p.name)) parts.add(p.in);
  if (op.body && reachesObjectMemberName(op.body.schema, model.components)) parts.add("body");
  return parts;
}

const READ_DOCS: Record<Exclude<BodyRead, "json">, string> = { text: "as text", blob: "as a Blob of its bytes", formData: "parsed into a FormData" };

// What openapi-fetch is told to read. It has no FormData reader, so a form is left as a stream for the runtime to parse.
const PARSE_AS: Record<BodyRead, string> = { json: "text", text: "text", blob: "blob", formData: "stream" };

// `ServiceTokenUpdateParams` and `ServiceTokenUpdateResponse`, derived from schema.ts.
function operationTypes(op: OperationModel, model: ApiModel): StatementStructures[] {
  const parts: WriterFunction[] = [];
  const literal = literalParts(op, model);
  const open = (w: CodeBlockWriter, part: "query" | "header" | "body") => w.write(literal.has(part) ? "Literal<" : "");
  const close = (w: CodeBlockWriter, part: "query" | "header" | "body") => w.write(literal.has(part) ? ">" : "");
  if (op.variant) {
    const variant = op.variant;
    const choices = Object.keys(variant.choices);
    parts.push((w) => {
      w.write("(");
      choices.forEach((choice) => {
        w.newLine().write("| {").indent(() => {
          w.writeLine(`/** Path parameter \`${variant.id}\` for \`${variant.selector}\` = "${variant.choices[choice]}". Mutually exclusive with ${choices.filter((c) => c !== choice).map((c) => `\`${c}\``).join(", ")}. */`);
          w.writeLine(`${propertyKey(choice)}: string;`);
          for (const other of choices) if (other !== choice) w.writeLine(`${propertyKey(other)}?: never;`);
        });
        w.write("}");
      });
      w.newLine().write(")");
    });
  }
  const pathParams = pathParamsNotPositional(op);
  if (pathParams.length > 0) {
    parts.push((w) => {
      w.write("Pick<");
      writeOperationType(w, op);
      w.write(`["parameters"]["path"], ${pathParams.map((p) => JSON.stringify(p.name)).join(" | ")}>`);
    });
  }
  for (const location of ["query", "header"] as const) {
    if (!op.params.some((p) => p.in === location)) continue;
    parts.push((w) => {
      open(w, location);
      w.write("NonNullable<");
      writeOperationType(w, op);
      w.write(`["parameters"][${JSON.stringify(location)}]>`);
      close(w, location);
    });
  }
  if (op.body) {
    const body = op.body;
    const bodyType: WriterFunction = (w) => {
      open(w, "body");
      w.write(body.required ? "" : "NonNullable<");
      writeOperationType(w, op);
      w.write(`["requestBody"]${body.required ? "" : ">"}["content"][${JSON.stringify(body.contentType)}]`);
      close(w, "body");
    };
    if (body.flattened) parts.push(bodyType);
    else
      parts.push((w) => {
        w.write(`{ body${body.required ? "" : "?"}: `);
        bodyType(w);
        w.write(" }");
      });
  }
  const success = op.success;
  const nonJson = nonJsonRead(op);
  return [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: op.paramsType,
      docs: [`Parameters of \`${op.fullName}\` (${op.method.toUpperCase()} ${op.path}).`],
      type: (w) => {
        if (parts.length === 0) w.write("Record<string, never>");
        parts.forEach((part, i) => {
          if (i > 0) w.write(" & ");
          part(w);
        });
      },
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: op.responseType,
      // docs() escapes the `*/` of a media type such as `*/*`, which would end the comment.
      docs: docs(`What \`${op.fullName}\` resolves with${op.unwrap ? " (the envelope's result)" : nonJson ? ` (the \`${success?.contentType}\` body ${READ_DOCS[nonJson]})` : ""}.`),
      type: (w) => {
        // Not from schema.ts: the schema of a PDF or a PNG says `string`, but the runtime resolves what it read.
        if (nonJson) {
          w.write(nonJsonResultType(nonJson));
          if (op.bodilessSuccess.length > 0) w.write(" | undefined");
          return;
        }
        if (op.unwrap) w.write("NonNullable<");
        writeResponseBodyType(w, op, success);
        if (op.unwrap) w.write(`[${JSON.stringify(op.unwrapKey)}]>`);
        // A documented bodiless 2xx (`204` beside the envelope's `200`) resolves with undefined.
        if (op.unwrap && op.bodilessSuccess.length > 0) w.write(" | undefined");
      },
    },
  ];
}

function writeCreateClientBody(w: CodeBlockWriter, model: ApiModel, onOperation: () => void): void {
  w.writeLine("const runtime = createRuntime(options, api);");
  w.writeLine(
    "const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });",
  );
  w.write("return ");
  writeGroup(w, groupTree(model.operations), model, onOperation);
  w.write(";");
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

function writeGroup(w: CodeBlockWriter, node: GroupNode, model: ApiModel, onOperation: () => void): void {
  w.inlineBlock(() => {
    for (const [name, child] of node.children) {
      w.write(`${propertyKey(name)}: `);
      writeGroup(w, child, model, onOperation);
      w.write(",").newLine();
    }
    for (const op of node.methods) {
      writeMethod(w, op, model);
      onOperation();
    }
  });
}

function methodDocs(op: OperationModel): string {
  const lines = [op.summary, op.description !== op.summary ? op.description : undefined].filter(Boolean) as string[];
  lines.push(`\`${op.method.toUpperCase()} ${op.path}\``);
  if (op.positional) lines.push(`@param ${argumentName(op.positional.name)} ${op.positional.description ?? `Path parameter \`${op.positional.name}\`.`}`);
  if (op.deprecated) lines.push("@deprecated");
  return lines.join("\n\n").replace(/\*\//g, "*\\/");
}

// False when the operation takes nothing but its positional id: the method is then `(id, options?)`.
export function hasParams(op: OperationModel): boolean {
  return Boolean(op.variant || op.body || op.params.some((p) => p !== op.positional));
}

function paramsRequired(op: OperationModel): boolean {
  return Boolean(
    op.variant ||
      pathParamsNotPositional(op).length > 0 ||
      op.params.some((p) => p.in !== "path" && p.required) ||
      (op.body && (op.body.flattened ? op.body.requiredProperties.length > 0 : op.body.required)),
  );
}

function writeMethod(w: CodeBlockWriter, op: OperationModel, model: ApiModel): void {
  const name = JSON.stringify(op.fullName);
  w.writeLine("/**");
  for (const line of methodDocs(op).split("\n")) w.writeLine(` *${line ? " " + line : ""}`);
  w.writeLine(" */");
  const args: string[] = [];
  if (op.positional) args.push(`${argumentName(op.positional.name)}: string`);
  if (hasParams(op)) args.push(`params${paramsRequired(op) ? "" : "?"}: ${op.paramsType}`);
  args.push("options?: RequestOptions");
  const nonJson = nonJsonRead(op);
  w.write(`async ${propertyKey(op.methodName)}(${args.join(", ")}): Promise<${op.responseType}>`).block(() => {
    // Split the flat params object back into path, query, header and body, by the spec's locations.
    const picked = new Map<string, string>();
    const bindings: string[] = [];
    // Locals the method body declares itself: a spec name equal to one of them is bound under another name.
    const taken = new Set(["params", "options", "body", "pathValues", "scope", "init", "runtime", "http", ...(op.positional ? [argumentName(op.positional.name)] : [])]);
    const bindingFor = (name: string) => {
      // The same name in two locations (query and header) is one property of the flat params object.
      if (picked.has(name)) return;
      const local = isIdentifier(name) && !taken.has(name) ? name : `param${picked.size}`;
      taken.add(local);
      picked.set(name, local);
      bindings.push(local === name ? name : `${JSON.stringify(name)}: ${local}`);
    };
    pickedNames(op).forEach(bindingFor);
    const restName = op.body?.flattened ? "body" : undefined;
    // With nothing to take out, the params are the body as they are: a rest pattern would fail on union body types.
    if (bindings.length === 0 && restName) w.writeLine(`const ${restName} = params;`);
    else if (bindings.length > 0 || restName) {
      const source = picksInheritedName(op) ? "ownParams(params)" : "params ?? {}";
      w.writeLine(`const { ${[...bindings, ...(restName ? [`...${restName}`] : [])].join(", ")} } = ${source};`);
    }
    const pathParams = op.params.filter((p) => p.in === "path");
    if (pathParams.length > 0) {
      w.write("type Path = ");
      writeOperationType(w, op);
      w.write('["parameters"]["path"];').newLine();
    }
    const literalBody = op.body !== undefined && !op.body.flattened && literalParts(op, model).has("body");
    const body = op.body;
    if (body && (body.flattened || literalBody)) {
      w.write(`type Body = ${body.required ? "" : "NonNullable<"}`);
      writeOperationType(w, op);
      w.write(`["requestBody"]${body.required ? "" : ">"}["content"][${JSON.stringify(body.contentType)}];`).newLine();
    }
    if (op.variant) w.writeLine(`const scope = resolvePathVariant(${name}, params, ${JSON.stringify(op.variant)});`);
    // Path parameters are checked here, before runtime.call: a bad one rejects the call without any request.
    if (pathParams.length > 0) {
      w.write("const pathValues: Path = ").inlineBlock(() => {
        for (const p of pathParams) {
          const source = p === op.positional ? argumentName(p.name) : op.variant && (p.name === op.variant.selector || p.name === op.variant.id) ? `scope[${JSON.stringify(p.name)}]` : (picked.get(p.name) as string);
          const rule = Object.keys(p.rule).length > 0 ? `, ${JSON.stringify(p.rule)}` : "";
          // checkPathParam returns the string it checked; a number-typed parameter takes it as is (openapi-fetch only serialises it).
          const cast = p.schemaType === undefined || p.schemaType === "string" ? "as" : "as unknown as";
          w.writeLine(`${propertyKey(p.name)}: checkPathParam(${name}, ${JSON.stringify(p.name)}, ${source}${rule}) ${cast} Path[${JSON.stringify(p.name)}],`);
        }
      });
      w.write(";").newLine();
    }
    w.write(`return runtime.call(${name}, (init) => http.${op.method.toUpperCase()}(${JSON.stringify(op.path)}, `).inlineBlock(() => {
      w.writeLine("...init,");
      w.write("params: ").inlineBlock(() => {
        if (pathParams.length > 0) w.writeLine("path: pathValues,");
        for (const location of ["query", "header"] as const) {
          const list = op.params.filter((p) => p.in === location);
          if (list.length === 0) continue;
          // Optional params may be undefined here; openapi-fetch leaves undefined values out of the request.
          w.write(`${location}: { ${list.map((p) => (picked.get(p.name) === p.name ? p.name : `${propertyKey(p.name)}: ${picked.get(p.name)}`)).join(", ")} } as NonNullable<`);
          writeOperationType(w, op);
          w.write(`["parameters"][${JSON.stringify(location)}]>,`).newLine();
        }
      });
      w.write(",").newLine();
      // The rest of params is the body by construction; TypeScript cannot always see that through unions.
      // A `Literal<…>` body is the spec's body type by construction (it only lets an optional property be left out).
      if (op.body) w.writeLine(op.body.flattened ? "body: body as unknown as Body," : literalBody ? "body: params?.body as Body," : "body: params?.body,");
      // JSON is read as text too: the runtime parses it, so that a bad body is an APIError with its status.
      w.writeLine(`parseAs: ${JSON.stringify(PARSE_AS[nonJson ?? "json"])},`);
    });
    // Without unwrapping the runtime resolves any bodiless 2xx with undefined; unwrapping, or reading a body that is
    // not JSON, only those the spec documents (an empty text is "", empty bytes an empty Blob).
    const bodiless = (op.unwrap || nonJson) && op.bodilessSuccess.length > 0 ? `, [${op.bodilessSuccess.join(", ")}]` : "";
    w.write(`), options, ${nonJson ? JSON.stringify(nonJson) : op.unwrap}${bodiless});`);
  });
  w.write(",").newLine();
}
