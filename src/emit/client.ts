import { printSourceFile } from "./print.js";
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from "ts-morph";
import type { ApiModel, BodyRead, OperationModel, ParamsPart } from "../model/types.js";
import { nonJsonRead, nonJsonResultType } from "../model/media-types.js";
import { argumentName, isIdentifier, METHOD_LOCALS } from "../model/naming.js";
import { propertyAccess, propertyKey, writeData, writeOperationType, writeResponseBodyType } from "./type-refs.js";

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
    ...model.operations.flatMap(operationTypes),
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
  if (model.operations.some((op) => op.literalParts.length > 0)) names.push("type Literal");
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

// Keys every object has through Object.prototype at run time (`toString`, `constructor`, `__proto__`...).
const INHERITED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

// Whether one of those names would otherwise be found on Object.prototype when the caller leaves it out.
function picksInheritedName(op: OperationModel): boolean {
  return op.paramNames.some((name) => INHERITED_KEYS.has(name));
}

const READ_DOCS: Record<Exclude<BodyRead, "json">, string> = { text: "as text", blob: "as a Blob of its bytes", formData: "parsed into a FormData" };

// What openapi-fetch is told to read. It has no FormData reader, so a form is left as a stream for the runtime to parse.
const PARSE_AS: Record<BodyRead, string> = { json: "text", text: "text", blob: "blob", formData: "stream" };

// `ServiceTokenUpdateParams` and `ServiceTokenUpdateResponse`, derived from schema.ts.
function operationTypes(op: OperationModel): StatementStructures[] {
  const parts: WriterFunction[] = [];
  const open = (w: CodeBlockWriter, part: ParamsPart) => w.write(op.literalParts.includes(part) ? "Literal<" : "");
  const close = (w: CodeBlockWriter, part: ParamsPart) => w.write(op.literalParts.includes(part) ? ">" : "");
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
  const pathParams = op.parameters.filter((p) => p.in === "path" && p.passedAs === "params");
  if (pathParams.length > 0) {
    parts.push((w) => {
      w.write("Pick<");
      writeOperationType(w, op);
      w.write(`["parameters"]["path"], ${pathParams.map((p) => JSON.stringify(p.name)).join(" | ")}>`);
    });
  }
  for (const location of ["query", "header"] as const) {
    if (!op.parameters.some((p) => p.in === location)) continue;
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
      docs: docs(`What \`${op.fullName}\` resolves with${op.unwrapKey !== undefined ? " (the envelope's result)" : nonJson ? ` (the \`${success?.contentType}\` body ${READ_DOCS[nonJson]})` : ""}.`),
      type: (w) => {
        // Not from schema.ts: the schema of a PDF or a PNG says `string`, but the runtime resolves what it read.
        if (nonJson) {
          w.write(nonJsonResultType(nonJson));
          if (op.bodilessSuccess.length > 0) w.write(" | undefined");
          return;
        }
        const unwrap = op.unwrapKey !== undefined;
        if (unwrap) w.write("NonNullable<");
        writeResponseBodyType(w, op, success);
        if (unwrap) w.write(`[${JSON.stringify(op.unwrapKey)}]>`);
        // A documented bodiless 2xx (`204` beside the envelope's `200`) resolves with undefined.
        if (unwrap && op.bodilessSuccess.length > 0) w.write(" | undefined");
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
  writeGroup(w, groupTree(model.operations), onOperation);
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

function writeGroup(w: CodeBlockWriter, node: GroupNode, onOperation: () => void): void {
  w.inlineBlock(() => {
    for (const [name, child] of node.children) {
      w.write(`${propertyKey(name)}: `);
      writeGroup(w, child, onOperation);
      w.write(",").newLine();
    }
    for (const op of node.methods) {
      writeMethod(w, op);
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

// One method: split the flat params back into path, query, header and body by the spec's locations, check the path
// values, and send through the operation's runtime helpers.
function writeMethod(w: CodeBlockWriter, op: OperationModel): void {
  w.writeLine("/**");
  for (const line of methodDocs(op).split("\n")) w.writeLine(` *${line ? " " + line : ""}`);
  w.writeLine(" */");
  const args: string[] = [];
  if (op.positional) args.push(`${argumentName(op.positional.name)}: string`);
  if (op.paramsArgument !== "none") args.push(`params${op.paramsArgument === "required" ? "" : "?"}: ${op.paramsType}`);
  args.push("options?: RequestOptions");
  const nonJson = nonJsonRead(op);
  w.write(`async ${propertyKey(op.methodName)}(${args.join(", ")}): Promise<${op.responseType}>`).block(() => {
    w.writeLine(`const operation = runtime.operation(${JSON.stringify(op.fullName)});`);
    const picked = new Map<string, string>();
    const bindings: string[] = [];
    // Locals the method body declares itself: a spec name equal to one of them is bound under another name.
    const taken = new Set([...METHOD_LOCALS, ...(op.positional ? [argumentName(op.positional.name)] : [])]);
    const bindingFor = (name: string) => {
      // The same name in two locations (query and header) is one property of the flat params object.
      if (picked.has(name)) return;
      const local = isIdentifier(name) && !taken.has(name) ? name : `param${picked.size}`;
      taken.add(local);
      picked.set(name, local);
      bindings.push(local === name ? name : `${JSON.stringify(name)}: ${local}`);
    };
    op.paramNames.forEach(bindingFor);
    const restName = op.body?.flattened ? "body" : undefined;
    // With nothing to take out, the params are the body as they are: a rest pattern would fail on union body types.
    // A required body is sent even when the caller leaves out optional params (with no field, it is `{}`).
    const bodyMayBeAbsent = bindings.length === 0 && op.paramsArgument === "optional" && op.body?.required !== true;
    if (bindings.length === 0 && restName) w.writeLine(`const ${restName} = ${op.paramsArgument === "optional" && !bodyMayBeAbsent ? "params ?? {}" : "params"};`);
    else if (bindings.length > 0 || restName) {
      // ownParams: a name like `toString` must be found only when the caller passed it, not inherited.
      const source = picksInheritedName(op) ? "ownParams(params)" : op.paramsArgument === "optional" ? "params ?? {}" : "params";
      w.writeLine(`const { ${[...bindings, ...(restName ? [`...${restName}`] : [])].join(", ")} } = ${source};`);
    }
    const pathParams = op.parameters.filter((p) => p.in === "path");
    if (pathParams.length > 0) {
      w.write("type Path = ");
      writeOperationType(w, op);
      w.write('["parameters"]["path"];').newLine();
    }
    const body = op.body;
    // A `Literal<…>` body is the spec's body type by construction (it only lets an optional property be left out):
    // the one cast the method makes, to `Body`.
    const literalBody = body !== undefined && op.literalParts.includes("body");
    if (body && literalBody) {
      w.write(`type Body = ${body.required ? "" : "NonNullable<"}`);
      writeOperationType(w, op);
      w.write(`["requestBody"]${body.required ? "" : ">"}["content"][${JSON.stringify(body.contentType)}];`).newLine();
    }
    if (op.variant) w.writeLine(`const scope = operation.pathVariant(params, ${JSON.stringify(op.variant)});`);
    // Path values are checked here, before operation.call: a bad one rejects the call without any request.
    if (pathParams.length > 0) writePathValues(w, op, picked);
    w.write(`return operation.call((init) => http.${op.method.toUpperCase()}(${requestPathLiteral(op)}, `).inlineBlock(() => {
      w.writeLine("...init,");
      w.write("params: ").inlineBlock(() => {
        if (pathParams.length > 0) w.writeLine("path: pathValues,");
        for (const location of ["query", "header"] as const) {
          const list = op.parameters.filter((p) => p.in === location);
          const fixed = location === "query" ? op.fixedQuery.filter(([name]) => !list.some((p) => p.name === name)) : [];
          if (list.length === 0 && fixed.length === 0) continue;
          // Optional params may be undefined here; openapi-fetch leaves undefined values out of the request.
          const entries = [...list.map((p) => (picked.get(p.name) === p.name ? p.name : `${propertyKey(p.name)}: ${picked.get(p.name)}`)), ...fixed.map(([name, value]) => `${propertyKey(name)}: ${JSON.stringify(value)}`)];
          w.write(`${location}: { ${entries.join(", ")} } as NonNullable<`);
          writeOperationType(w, op);
          w.write(`["parameters"][${JSON.stringify(location)}]>,`).newLine();
        }
      });
      w.write(",").newLine();
      if (body) w.writeLine(bodyEntry({ flattened: body.flattened, literal: literalBody, mayBeAbsent: bodyMayBeAbsent, onlyWhenGiven: BODY_ONLY_WHEN_GIVEN.has(op.method) && op.body?.required !== true }));
      // JSON is read as text too: the runtime parses it, so that a bad body is an APIError with its status.
      w.writeLine(`parseAs: ${JSON.stringify(PARSE_AS[nonJson ?? "json"])},`);
    });
    w.write(`), ${readPlan(op)}, options);`);
  });
  w.write(",").newLine();
}

// Methods whose request body the spec may document but a caller may well not give: without one they send no body at
// all, rather than `{}` (fetch refuses any body with GET or HEAD, and a DELETE with a body is not what was asked).
// A body the spec marks required (DigitalOcean's DELETEs that name what to remove) is sent as given, as openapi-fetch's
// types require; a required one with GET or HEAD is refused at generate time (src/openapi/validate.ts).
const BODY_ONLY_WHEN_GIVEN = new Set(["get", "head", "delete"]);

// The request's `body` entry. A flattened body is the rest of params; an optional one taken whole from optional params
// (no names to take out of them) is sent only when params are given; with `onlyWhenGiven`, only when it has a field.
function bodyEntry({ flattened, literal, mayBeAbsent, onlyWhenGiven }: { flattened: boolean; literal: boolean; mayBeAbsent: boolean; onlyWhenGiven: boolean }): string {
  if (!flattened) return literal ? "body: params?.body as Body," : "body: params?.body,";
  if (onlyWhenGiven) return `...(body && Object.keys(body).length > 0 ? { body${literal ? ": body as Body" : ""} } : {}),`;
  if (literal) return "body: body as Body,";
  return mayBeAbsent ? "...(body && { body })," : "body,";
}

// The path a method passes openapi-fetch: the spec's key, which types the call; for a key that carries a query, its
// path part typed as the key (openapi-fetch would append the call's query after the key's own `?`).
function requestPathLiteral(op: OperationModel): string {
  return op.requestPath === op.path ? JSON.stringify(op.path) : `${JSON.stringify(op.requestPath)} as string as ${JSON.stringify(op.path)}`;
}

// `const pathValues = operation.path<Path>({ id: serviceTokenId, … }, { id: { maxLength: 36 }, … });`: every path
// value in template order, then the rules the spec gives them.
function writePathValues(w: CodeBlockWriter, op: OperationModel, picked: ReadonlyMap<string, string>): void {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const source = (name: string, passedAs: string): string =>
    passedAs === "positional" ? argumentName(name) : passedAs === "variant" ? `scope${propertyAccess(name)}` : (picked.get(name) as string);
  w.write("const pathValues = operation.path<Path>(");
  w.write(`{ ${pathParams.map((p) => `${propertyKey(p.name)}: ${source(p.name, p.passedAs)}`).join(", ")} }`);
  const ruled = pathParams.filter((p) => Object.keys(p.rule).length > 0);
  if (ruled.length > 0) w.write(`, { ${ruled.map((p) => `${propertyKey(p.name)}: ${JSON.stringify(p.rule)}`).join(", ")} }`);
  w.write(");").newLine();
}

// How the runtime turns a 2xx body into the method's value (src/runtime/client.ts ReadPlan). Without unwrapping the
// runtime resolves any bodiless 2xx with undefined; unwrapping, or reading a body that is not JSON, only those the spec
// documents (an empty text is "", empty bytes an empty Blob).
function readPlan(op: OperationModel): string {
  const nonJson = nonJsonRead(op);
  const read = op.unwrapKey !== undefined ? `unwrap: ${JSON.stringify(op.unwrapKey)}` : `read: ${JSON.stringify(nonJson ?? "json")}`;
  const bodiless = (op.unwrapKey !== undefined || nonJson) && op.bodilessSuccess.length > 0 ? `, bodiless: [${op.bodilessSuccess.join(", ")}]` : "";
  return `{ ${read}${bodiless} }`;
}
