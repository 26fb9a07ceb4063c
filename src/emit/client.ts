import { printSourceFile } from "./print.js";
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from "ts-morph";
import type { ApiModel, BodyRead, OperationModel, PaginationModel, ParamsPart } from "../model/types.js";
import { nonJsonRead, nonJsonResultType } from "../model/media-types.js";
import { argumentName, isIdentifier, METHOD_LOCALS } from "../model/naming.js";
import { propertyAccess, dataLiteral, propertyKey, writeOperationType, writeResponseBodyType } from "./type-refs.js";

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
    ...(model.userAgent === undefined ? [versionImport()] : []),
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
      declarations: [{ name: "api", type: "ApiDescription", initializer: (w) => w.write(apiDescription(model)) }],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "createClient",
      docs: docs(createClientDocs(model)),
      // Without options the environment may supply them (config `env`); the runtime says which are missing.
      parameters: [{ name: "options", type: "ClientOptions", initializer: "{}" }],
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
  const names = ["clientExtras", "createRuntime", "type APIPromise", "type ApiDescription", "type BaseClientOptions", "type RequestOptions"];
  if (model.operations.some((op) => op.pagination)) names.push("paginate", "type PagePromise");
  const encoded = model.operations.map((op) => op.body).filter((b) => b !== undefined && b.encoding !== "json");
  if (encoded.length > 0) names.push("uploadBody");
  if (encoded.some((b) => b?.encoding === "binary")) names.push("type Uploadable");
  if (encoded.some((b) => b && b.fileFields.length > 0)) names.push("type WithUploads");
  if (model.operations.some(picksInheritedName)) names.push("ownParams");
  if (model.operations.some((op) => op.literalParts.length > 0)) names.push("type Literal");
  return names;
}

function docs(text: string | undefined): string[] {
  return text ? [text.replace(/\*\//g, "*\\/")] : [];
}

// VERSION, for the default User-Agent.
function versionImport(): StatementStructures {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./version.js", namedImports: ["VERSION"] };
}

// The client's ApiDescription as an object literal. The User-Agent is the config's, else `<packageName>/` + VERSION
// from version.ts, so that a release that only bumps the version leaves client.ts as it was.
function apiDescription(model: ApiModel): string {
  const security: { option: string; type: string; name: string }[][] = model.credentialAlternatives.map((alternative) => alternative.map((s) => ({ option: s.option, type: s.type, name: s.headerName })));
  // When some operation needs no credentials, the client must not demand them up front.
  if (security.length > 0 && model.credentialsOptional) security.push([]);
  const entries: [string, string][] = [
    ["defaultBaseURL", dataLiteral(model.defaultBaseURL)],
    ["security", dataLiteral(security)],
    ...(model.envelope ? [["envelope", dataLiteral(model.envelope)] as [string, string]] : []),
    ["userAgent", model.userAgent !== undefined ? dataLiteral(model.userAgent) : `${dataLiteral(`${model.packageName}/`)} + VERSION`],
    ...(model.requestIdHeader ? [["requestIdHeader", dataLiteral(model.requestIdHeader)] as [string, string]] : []),
    ...(Object.keys(model.env).length > 0 ? [["env", dataLiteral(model.env)] as [string, string]] : []),
  ];
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}: ${value}`).join(", ")}}`;
}

function createClientDocs(model: ApiModel): string {
  const credentials = model.credentialAlternatives.map((a) => a.map((s) => `\`${s.option}\``).join(" and ")).join("; or ");
  const env = Object.entries(model.env).map(([option, name]) => `\`${name}\` (${option})`);
  return [
    `Creates a client for ${model.title}.`,
    credentials ? `Authenticate with ${credentials}.` : "",
    `Requests go to \`${model.defaultBaseURL || "options.baseURL"}\` unless \`baseURL\` says otherwise.`,
    env.length > 0 ? `Options left undefined are read from the environment where there is one: ${env.join(", ")}.` : "",
  ]
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
        // Bytes and files take uploads (src/runtime/upload.ts), not the string openapi-typescript makes of binary data.
        if (body.encoding === "binary") w.write("Uploadable");
        else if (body.fileFields.length > 0) {
          w.write("WithUploads<");
          bodyType(w);
          w.write(`, ${body.fileFields.map((f) => JSON.stringify(f)).join(" | ")}>`);
        } else bodyType(w);
        w.write(" }");
      });
  }
  const success = op.success;
  const nonJson = nonJsonRead(op);
  const pagination = op.pagination;
  if (pagination) return [paramsType(op, parts), ...pageTypes(op, pagination)];
  return [
    paramsType(op, parts),
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

// `ServiceTokenListParams`: the parts of the flat params object, intersected.
function paramsType(op: OperationModel, parts: WriterFunction[]): StatementStructures {
  return {
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
  };
}

// `NonNullable<NonNullable<Body["a"]>["b"]>`: the type at a property path of the 2xx JSON body ([] is the body).
function writeBodyAt(w: CodeBlockWriter, op: OperationModel, path: readonly string[]): void {
  for (let i = 0; i < path.length; i++) w.write("NonNullable<");
  writeResponseBodyType(w, op, op.success);
  for (const name of path) w.write(`[${JSON.stringify(name)}]>`);
}

// A paginated method's item type (its response type: what `for await` yields) and its page info's type.
function pageTypes(op: OperationModel, pagination: PaginationModel): StatementStructures[] {
  const { items, info } = pagination.rule;
  const types: StatementStructures[] = [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: op.responseType,
      docs: [`One item of the pages \`${op.fullName}\` resolves with (${items.length > 0 ? `the body's \`${items.join(".")}\`` : "the body itself"}).`],
      type: (w) => {
        writeBodyAt(w, op, items);
        w.write("[number]");
      },
    },
  ];
  if (info && pagination.infoType) {
    types.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: pagination.infoType,
      docs: [`The page info of \`${op.fullName}\` (the body's \`${info.join(".")}\`), as \`page.info\`.`],
      type: (w) => writeBodyAt(w, op, info),
    });
  }
  return types;
}

function writeCreateClientBody(w: CodeBlockWriter, model: ApiModel, onOperation: () => void): void {
  w.writeLine("const runtime = createRuntime(options, api);");
  w.writeLine(
    "const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });",
  );
  w.write("return ");
  // use/eject and get/post/put/patch/delete (src/runtime/extras.ts): the model keeps every top-level name clear of them.
  writeGroup(w, groupTree(model.operations), { onOperation, lead: "...clientExtras(runtime, http)," });
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

function writeGroup(w: CodeBlockWriter, node: GroupNode, { onOperation, lead }: { onOperation: () => void; lead?: string }): void {
  w.inlineBlock(() => {
    if (lead) w.writeLine(lead);
    for (const [name, child] of node.children) {
      w.write(`${propertyKey(name)}: `);
      writeGroup(w, child, { onOperation });
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
  const pagination = op.pagination;
  const resolved = pagination ? `PagePromise<${op.responseType}${pagination.infoType ? `, ${pagination.infoType}` : ""}>` : `APIPromise<${op.responseType}>`;
  // Not async: the method returns the runtime's promise itself, whose withResponse()/asResponse() an async function's
  // promise would not have. Problems found before sending reject it (see Operation in src/runtime/client.ts).
  w.write(`${propertyKey(op.methodName)}(${args.join(", ")}): ${resolved}`).block(() => {
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
    // A body the runtime encodes (a form, bytes, text) is handed to openapi-fetch as the spec's type too.
    if (body && (literalBody || body.encoding !== "json")) {
      w.write(`type Body = ${body.required ? "" : "NonNullable<"}`);
      writeOperationType(w, op);
      w.write(`["requestBody"]${body.required ? "" : ">"}["content"][${JSON.stringify(body.contentType)}];`).newLine();
    }
    if (op.variant) w.writeLine(`const scope = operation.pathVariant(params, ${JSON.stringify(op.variant)});`);
    // Path values are checked here, before operation.call: a bad one rejects the call without any request.
    if (pathParams.length > 0) writePathValues(w, op, picked);
    // Optional params may be undefined here; openapi-fetch leaves undefined values out of the request. The query has
    // the values the spec's path key fixes too (a key like `/pets?kind=cat`), after the caller's.
    const values = (location: "query" | "header") => {
      const list = op.parameters.filter((p) => p.in === location);
      const fixed = location === "query" ? op.fixedQuery.filter(([name]) => !list.some((p) => p.name === name)) : [];
      const entries = [...list.map((p) => (picked.get(p.name) === p.name ? p.name : `${propertyKey(p.name)}: ${picked.get(p.name)}`)), ...fixed.map(([name, value]) => `${propertyKey(name)}: ${JSON.stringify(value)}`)];
      return `{ ${entries.join(", ")} }`;
    };
    const hasValues = (location: "query" | "header") => op.parameters.some((p) => p.in === location) || (location === "query" && op.fixedQuery.length > 0);
    // Before the call: the runtime starts encoding the body (reading a stream, building a form) here, and the first
    // attempt waits for it.
    if (body && body.encoding !== "json") w.writeLine(`const body = uploadBody<Body>(operation, { value: params${op.paramsArgument === "optional" ? "?" : ""}.body, encoding: ${JSON.stringify(body.encoding)}, mediaType: ${JSON.stringify(body.contentType)} });`);
    // A paginated method sends the caller's query for the first page, and a later page's parameters over it.
    if (pagination) w.writeLine(`const query = ${values("query")};`);
    const send = pagination ? `paginate<${op.responseType}${pagination.infoType ? `, ${pagination.infoType}` : ""}>(operation, { send: (init, next) =>` : "operation.call((init) =>";
    w.write(`return ${send} http.${op.method.toUpperCase()}(${requestPathLiteral(op)}, `).inlineBlock(() => {
      w.write("params: ").inlineBlock(() => {
        if (pathParams.length > 0) w.writeLine("path: pathValues,");
        for (const location of ["query", "header"] as const) {
          if (!hasValues(location) && !(pagination && location === "query")) continue;
          w.write(`${location}: ${pagination && location === "query" ? "{ ...query, ...next }" : values(location)} as NonNullable<`);
          writeOperationType(w, op);
          w.write(`["parameters"][${JSON.stringify(location)}]>,`).newLine();
        }
      });
      w.write(",").newLine();
      if (body && body.encoding !== "json") w.writeLine("body,");
      else if (body) w.writeLine(bodyEntry({ flattened: body.flattened, literal: literalBody, mayBeAbsent: bodyMayBeAbsent, onlyWhenGiven: BODY_ONLY_WHEN_GIVEN.has(op.method) && op.body?.required !== true }));
      // JSON is read as text too: the runtime parses it, so that a bad body is an APIError with its status.
      w.writeLine(`parseAs: ${JSON.stringify(PARSE_AS[nonJson ?? "json"])},`);
      // Last: the runtime's settings for the attempt (its fetch, an unread body for asResponse()) win.
      w.writeLine("...init,");
    });
    w.write(pagination ? `), rule: ${JSON.stringify(pagination.rule)}, query, options });` : `), ${readPlan(op)}, options);`);
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
