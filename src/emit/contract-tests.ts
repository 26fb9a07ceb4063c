import { printSourceFile } from "./print.js";
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from "ts-morph";
import type { JsonValue } from "../model/json.js";
import type { ApiModel, BodyRead, ExampleModel, OperationModel, ParamModel, ResponseModel } from "../model/types.js";
import { isJsonObject } from "../model/json.js";
import { isJsonMediaType, nonJsonRead, nonJsonResultType } from "../model/media-types.js";
import { heldToType } from "../model/type-fit.js";
import { dataLiteral, propertyAccess, propertyKey, responseKey, writeData, writeOperationType } from "./type-refs.js";

// The error class the runtime must throw for a status; the contract tests hold it to this table.
export function errorClassForStatus(status: number): string {
  const table: Record<number, string> = { 400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError", 409: "ConflictError", 422: "UnprocessableEntityError", 429: "RateLimitError" };
  return table[status] ?? (status >= 500 ? "InternalServerError" : "APIError");
}

// Emits contract.test.ts: one vitest case per documented example and check, named so a failure reads as a sentence.
/** `onOperation` is called after each operation's suite is written, for progress on large APIs. */
export function emitContractTests(model: ApiModel, onOperation: () => void = () => {}): string {
  const plans = model.operations.map(planOperation);
  const literal = plans.some((plan) => plan.bodyLiteral || plan.responses.some((r) => r.literal));
  const usedClasses = new Set(["APIError"]);
  for (const plan of plans) for (const r of plan.responses) if (r.response.sampleStatus >= 400) usedClasses.add(errorClassForStatus(r.response.sampleStatus));
  const statements: (StatementStructures | WriterFunction)[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "vitest", namedImports: ["describe", "expect", "it"] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./index.js", namedImports: ["createClient", ...[...usedClasses].sort(), "type ClientOptions"] },
    ...(literal ? [literalImport()] : []),
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./schema.js", isTypeOnly: true, namedImports: ["paths"] },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "./contract-kit.js",
      namedImports: [...kitReaders(model), "createSchemaChecker", "liveBaseURL", "liveFetch", "stubFetch", "type ServedResponse"],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["The schemas each example is checked against: every media type's schema, and the component schemas they reach."],
      declarations: [{ name: "check", initializer: (w) => { w.write("createSchemaChecker("); writeData(w, { openapi: model.contractSchemas.openapi, ...model.contractSchemas.referenced, media: model.contractSchemas.media }); w.write(")"); } }],
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
      declarations: [{ name: "baseURL", initializer: (w) => w.write(`liveBaseURL ?? ${JSON.stringify(model.defaultBaseURL || "https://contract.test")}`) }],
    },
    {
      kind: StructureKind.Function,
      name: "connect",
      docs: ["A client wired to a stub fetch that serves the example (or, with CONTRACT_BASE_URL, to that server)."],
      parameters: [
        { name: "served", type: "ServedResponse" },
        { name: "exampleName", type: "string | undefined" },
        { name: "auth", type: "ClientOptions", initializer: "credentials[0] ?? {}" },
      ],
      statements: (w) => {
        w.writeLine("const wire = liveBaseURL ? liveFetch({ code: served.status, example: exampleName }) : stubFetch(served);");
        w.writeLine("const client = createClient({ ...auth, baseURL, fetch: wire.fetch, maxRetries: 0 });");
        w.writeLine("return { client, requests: wire.requests };");
      },
    },
    {
      kind: StructureKind.Function,
      name: "expectedPath",
      docs: ["The path the spec says a request goes to: the server's base path plus the filled template."],
      parameters: [{ name: "filled", type: "string" }],
      statements: (w) => w.writeLine('return new URL(baseURL).pathname.replace(/\\/$/, "") + filled;'),
    },
    {
      kind: StructureKind.Function,
      name: "expectFits",
      docs: ["Asserts that a value fits the schema under `key`; a failure names each problem, led by its JSON pointer."],
      parameters: [
        { name: "key", type: "string" },
        { name: "value", type: "unknown" },
      ],
      statements: (w) => {
        w.writeLine("const problems = check(key, value);");
        w.writeLine('expect(problems, problems.join("\\n")).toEqual([]);');
      },
    },
    ...plans.map((plan): WriterFunction => (w) => {
      writeOperationSuite(w, model, plan);
      onOperation();
    }),
  ];
  return printSourceFile(statements);
}

// The contract kit's helpers for bodies that are not JSON, as far as some operation reads one.
function kitReaders(model: ApiModel): string[] {
  const reads = new Set(model.operations.map(nonJsonRead));
  const paged = model.operations.some((op) => op.pagination) ? ["atPath", "pagedResponses"] : [];
  const encodings = new Set(model.operations.map((op) => op.body?.encoding));
  const files = model.operations.some((op) => (op.body?.fileFields.length ?? 0) > 0) ? ["withFiles"] : [];
  const needs = new Set([
    ...(reads.has("blob") || encodings.has("binary") ? ["binaryBody"] : []),
    ...(reads.has("formData") ? ["formBody", "formContents"] : []),
    ...(encodings.has("multipart") ? ["formContents", "formOf", "sentForm"] : []),
    ...(encodings.has("urlencoded") ? ["urlencodedOf"] : []),
    ...files,
    ...paged,
  ]);
  return [...needs];
}

function literalImport(): StatementStructures {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./runtime/index.js", isTypeOnly: true, namedImports: ["Literal"] };
}

interface ResponsePlan {
  response: ResponseModel;
  example: ExampleModel;
  mediaKey: string | undefined;
  /** Whether its example is checked against `Literal<…>` (a property named like an Object member is reachable). */
  literal: boolean;
}

interface OperationPlan {
  op: OperationModel;
  responses: ResponsePlan[];
  bodyExamples: ExampleModel[];
  bodyKey: string | undefined;
  bodyLiteral: boolean;
  /** Whether the calls that test responses, credentials and path variants send a body (fetch refuses one with GET or HEAD). */
  callsSendBody: boolean;
}

// Methods a body cannot be sent with: fetch refuses it ("Request with GET/HEAD method cannot have body").
const BODILESS_METHODS = new Set(["get", "head"]);

// Each response example to test (a documented status without content gets one "no content" case), and the body's.
function planOperation(op: OperationModel): OperationPlan {
  const responses: ResponsePlan[] = [];
  for (const response of op.responses) {
    const examples = response.examples.length > 0 ? response.examples : response.contentType ? [] : [{ name: "no content", value: null, built: true, fits: true, problems: [], typeProblems: [] }];
    for (const example of examples) responses.push({ response, example, mediaKey: response.mediaKey, literal: response.literal });
  }
  return { op, responses, bodyExamples: op.body?.examples ?? [], bodyKey: op.body?.mediaKey, bodyLiteral: op.body?.literal ?? false, callsSendBody: !BODILESS_METHODS.has(op.method) };
}

// Indexes into the spec's credential alternatives of those the operation accepts, leaving out each one that holds
// an earlier one whole: given its credentials, the runtime uses the first alternative they satisfy, so a shadowed
// alternative (upstream lists `api_email + api_key + api_token` after `api_email + api_key`) is never sent as such.
function ownAlternatives(model: ApiModel, op: OperationModel): number[] {
  const key = (keys: string[]) => [...keys].sort().join(" ");
  const accepted = new Set(op.security.map(key));
  const keysOf = model.credentialAlternatives.map((alternative) => alternative.map((s) => s.key));
  const shadowed = (index: number) => keysOf.slice(0, index).some((earlier) => earlier.length > 0 && earlier.every((k) => keysOf[index]?.includes(k)));
  return keysOf.flatMap((keys, index) => (accepted.has(key(keys)) && !shadowed(index) ? [index] : []));
}

function credentialSets(model: ApiModel): Record<string, string>[] {
  return model.credentialAlternatives.map((alternative) => Object.fromEntries(alternative.map((s) => [s.option, `contract-test-${s.option}`])));
}

function exampleFor(p: ParamModel): string {
  const value = p.example;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : p.rule.enum?.[0] ?? "example";
}

// A parameter's value in the call's params object, as source of its schema's type: an integer path parameter is a
// number there (openapi-typescript's type), while the positional id is always a string. A query or header
// parameter's documented example is used as it is written.
function argumentFor(p: ParamModel): string {
  if (p.in !== "path" && p.example !== undefined) return JSON.stringify(p.example);
  const text = exampleFor(p);
  if (p.schemaType === "integer" || p.schemaType === "number") return String(Number.isFinite(Number(text)) ? Number(text) : 0);
  if (p.schemaType === "boolean") return String(text === "true");
  return JSON.stringify(text);
}

// The argument list for one call: positional id, then params with path/query examples and the body spread in.
// `.zeroTrust.access.serviceTokens.update`, with `["8c"]` for names that are not identifiers.
function accessor(op: OperationModel): string {
  return [...op.group, op.methodName].map(propertyAccess).join("");
}

interface CallArgs {
  /** Expression for the request body, spread into params when the body is flattened. */
  body?: string | undefined;
  /** Which path variant to use (default: the first). */
  choice?: string | undefined;
  /** Raw value for the positional path parameter (default: its example). */
  positional?: string | undefined;
  /** The body written out as a literal (its fields in params when flattened), so tsc checks it as a caller's own. */
  literalBody?: JsonValue | undefined;
  /** Documented values for parameters, by name, passed as written (optional ones too). */
  documented?: ReadonlyMap<string, JsonValue> | undefined;
}

function writeCall(w: CodeBlockWriter, plan: OperationPlan, args: CallArgs): void {
  const { op } = plan;
  const { body: bodyExpression, choice, literalBody, documented } = args;
  w.write(`client${accessor(op)}(`);
  if (op.positional) w.write(`${JSON.stringify(args.positional ?? exampleFor(op.positional))}, `);
  const entries: string[] = [];
  if (op.variant) {
    const idParam = op.parameters.find((p) => p.name === op.variant?.id);
    entries.push(`${propertyKey(choice ?? Object.keys(op.variant.choices)[0] ?? "")}: ${JSON.stringify(idParam ? exampleFor(idParam) : "id")}`);
  }
  for (const p of op.parameters) {
    if (p.passedAs !== "params") continue;
    const value = documented?.get(p.name);
    if (value !== undefined && p.in !== "path") entries.push(`${propertyKey(p.name)}: ${dataLiteral(value)}`);
    else if (p.in === "path" || p.required) entries.push(`${propertyKey(p.name)}: ${argumentFor(p)}`);
  }
  if (literalBody !== undefined) {
    if (op.body?.flattened && isJsonObject(literalBody)) entries.push(...Object.entries(literalBody).map(([key, value]) => `${key === "__proto__" ? '["__proto__"]' : JSON.stringify(key)}: ${dataLiteral(value)}`));
    else entries.push(`body: ${dataLiteral(literalBody)}`);
  } else if (bodyExpression) entries.push(op.body?.flattened ? `...${bodyExpression}` : `body: ${bodyExpression}`);
  if (op.paramsArgument !== "none") w.write(`{ ${entries.join(", ")} }`);
  w.write(")");
}

// A filled path as a URL carries it: characters a path may not hold as they are (`<upload_url>`) percent-encoded.
function onTheWire(filled: string): string {
  return new URL(filled, "https://contract.test").pathname;
}

function filledPath(op: OperationModel, choice: string | undefined): string {
  return op.requestPath.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (op.variant && name === op.variant.selector) return encodeURIComponent(op.variant.choices[choice ?? Object.keys(op.variant.choices)[0] ?? ""] ?? "");
    const p = op.parameters.find((x) => x.in === "path" && x.name === name);
    return encodeURIComponent(p ? exampleFor(p) : name);
  });
}

function describeExample(example: ExampleModel): string {
  return example.built ? `a response built from the schema (the spec documents no example)` : `example "${example.name}"`;
}

// Written above an example const that is not held to its schema's TypeScript type (see heldToType): it does not fit
// the schema, or it does and openapi-typescript's type for the schema is narrower (ExampleModel.typeProblems).
function writeNotHeldToType(w: CodeBlockWriter, example: ExampleModel): void {
  if (!example.fits) w.writeLine("// Does not fit its schema by specforge's reading, so not held to its type; the schema check below says where.");
  else {
    w.writeLine(`// Fits its schema, but not openapi-typescript's type for it: ${(example.typeProblems[0] ?? "").replace(/\s+/g, " ")}.`);
    w.writeLine("// So it is not held to that type; the schema check below holds it to the schema.");
  }
}

function writeOperationSuite(w: CodeBlockWriter, model: ApiModel, plan: OperationPlan): void {
  const { op } = plan;
  const title = `${op.fullName} (${op.method.toUpperCase()} ${op.path})`;
  w.write(`describe(${JSON.stringify(title)}, () => `).inlineBlock(() => {
    w.write("type Operation = ");
    writeOperationType(w, op);
    w.write(";").newLine();
    if (op.body) {
      w.writeLine(`type RequestBody = ${op.body.required ? "" : "NonNullable<"}Operation["requestBody"]${op.body.required ? "" : ">"}["content"][${JSON.stringify(op.body.contentType)}];`);
    }
    const bodyType = plan.bodyLiteral ? "Literal<RequestBody>" : "RequestBody";
    plan.bodyExamples.forEach((example, i) => {
      const typed = heldToType(example);
      if (!typed) writeNotHeldToType(w, example);
      w.write(`const requestExample${i}${typed ? "" : ": unknown"} = `);
      writeData(w, example.value);
      w.write(typed ? ` satisfies ${bodyType};` : ";").newLine();
    });
    // A body that does not fit its schema is still sent, so the request check reports where it breaks the schema.
    const bodyArgument = (i: number) => uploadArgument(op, plan.bodyExamples[i] !== undefined && !heldToType(plan.bodyExamples[i]) ? `(requestExample${i} as ${bodyType})` : `requestExample${i}`);
    // The calls that test something else send a body that fits (op.body.callExample), so that a documented body
    // that contradicts its schema fails its own tests only.
    const callExample = op.body?.callExample;
    const callIndex = callExample ? plan.bodyExamples.indexOf(callExample) : -1;
    if (callExample && callIndex < 0 && plan.callsSendBody) {
      w.write("const callBody = ");
      writeData(w, callExample.value);
      w.write(` satisfies ${bodyType};`).newLine();
    }
    const bodyExpr = !plan.callsSendBody ? undefined : callIndex >= 0 ? bodyArgument(callIndex) : callExample ? uploadArgument(op, "callBody") : plan.bodyExamples.length > 0 ? bodyArgument(0) : undefined;
    const path = filledPath(op, undefined);
    const success = op.success;
    plan.responses.forEach((r, i) => writeResponseCases(w, { model, plan, response: r, name: `response${i}`, bodyExpr, path }));
    writePagesCase(w, { plan, bodyExpr, path });
    plan.bodyExamples.forEach((example, i) => {
      const name = `requestExample${i}`;
      const which = example.built ? "built from the schema" : `example "${example.name}"`;
      w.blankLine();
      if (plan.bodyKey) {
        w.write(`it(${JSON.stringify(`request body ${which} matches the request body schema`)}, () => `).inlineBlock(() => {
          w.writeLine(`expectFits(${JSON.stringify(plan.bodyKey)}, ${name});`);
        });
        w.write(");").newLine();
      }
      // A documented body is written out in a call, as a caller would: tsc holds it to the method's params type. Not
      // one the test wraps to upload (a Blob, a form's files): the caller's type differs from the example's there.
      if (!example.built && heldToType(example) && uploadArgument(op, name) === name) writeCompileCheck(w, plan, { title: `request body ${which} compiles as a call to ${op.fullName}`, literalBody: example.value });
      // fetch cannot send a body with GET or HEAD: the model lists such an example as untested.
      if (!plan.callsSendBody) return;
      const encoding = op.body?.encoding ?? "json";
      w.write(`it(${JSON.stringify(`request body ${which} is sent as ${encoding === "json" ? "JSON" : op.body?.contentType} to ${op.method.toUpperCase()} ${path}`)}, async () => `).inlineBlock(() => {
        writeServe(w, { plan, success });
        if (encoding !== "json") w.writeLine(`const sent = ${bodyArgument(i)};`);
        w.write("await ");
        writeCall(w, plan, { body: encoding === "json" ? bodyArgument(i) : "sent" });
        w.write(";").newLine();
        writeRequestAssertions(w, plan, { path, bodySent: true });
        if (encoding === "json") w.writeLine(`expect(requests[0]?.body).toEqual(${name});`);
        else writeEncodedBodyAssertions(w, op);
      });
      w.write(");").newLine();
    });
    writeParameterExamples(w, plan);
    // Each security alternative, and each path variant, reaches the server as the spec describes.
    // Only the operation's own alternatives: one that accepts just a key must not be tested with a token.
    const own = ownAlternatives(model, op);
    const all = own.length === model.credentialAlternatives.length;
    if (success && own.length > 0) {
      w.blankLine();
      const sets = all ? "credentials" : `[${own.map((i) => `credentials[${i}] as ClientOptions`).join(", ")}]`;
      w.write(`it.each(${sets}.map((auth) => [Object.keys(auth).join(" + "), auth] as const))("authenticates with %s as the security scheme says", async (_, auth) => `).inlineBlock(() => {
        writeServe(w, { plan, success, auth: "auth" });
        w.write("await ");
        writeCall(w, plan, { body: bodyExpr });
        w.write(";").newLine();
        w.writeLine("const headers = requests[0]?.headers;");
        for (const scheme of model.securitySchemes) {
          const value = scheme.type === "bearer" ? `\`Bearer \${auth.${scheme.option}}\`` : scheme.type === "basic" ? `\`Basic \${btoa(String(auth.${scheme.option}))}\`` : `auth.${scheme.option}`;
          w.writeLine(`if (auth.${scheme.option} !== undefined) expect(headers?.get(${JSON.stringify(scheme.headerName)})).toBe(${value});`);
        }
      });
      w.write(");").newLine();
    }
    if (success && op.variant) {
      for (const choice of Object.keys(op.variant.choices).slice(1)) {
        const choicePath = filledPath(op, choice);
        w.write(`it(${JSON.stringify(`with ${choice}, fills the path as ${choicePath}`)}, async () => `).inlineBlock(() => {
          writeServe(w, { plan, success });
          w.write("await ");
          writeCall(w, plan, { body: bodyExpr, choice });
          w.write(";").newLine();
          w.writeLine(`expect(requests[0]?.url.pathname).toBe(expectedPath(${JSON.stringify(onTheWire(choicePath))}));`);
        });
        w.write(");").newLine();
      }
    }
    const positional = op.positional;
    const raw = encodingProbe(positional);
    if (success && positional && raw !== undefined) {
      w.write(`it(${JSON.stringify(`percent-encodes ${positional.name} in the path`)}, async () => `).inlineBlock(() => {
        writeServe(w, { plan, success });
        // Only the request matters here; a live server may well answer 404 for this id.
        w.write("await ");
        writeCall(w, plan, { body: bodyExpr, positional: raw });
        w.write(".catch(() => undefined);").newLine();
        w.writeLine(`expect(requests[0]?.url.pathname).toContain(${JSON.stringify(encodeURIComponent(raw))});`);
      });
      w.write(");").newLine();
    }
  });
  w.write(");").newLine();
}

// A body the runtime encodes, as the test passes it: bytes (binaryBody) for a binary body, Files for a form's file
// fields (the spec types their data as strings), the example itself otherwise.
function uploadArgument(op: OperationModel, expression: string): string {
  const body = op.body;
  if (body?.encoding === "binary") return `binaryBody(${expression})`;
  if (body?.encoding === "multipart" && body.fileFields.length > 0) return `withFiles(${expression}, ${JSON.stringify(body.fileFields)})`;
  return expression;
}

// What a body the runtime encodes must arrive as (the test passed it as `sent`): the form's parts, the urlencoded
// pairs, the bytes, or the text, each with its content type.
function writeEncodedBodyAssertions(w: CodeBlockWriter, op: OperationModel): void {
  const body = op.body;
  if (!body) return;
  const type = 'requests[0]?.headers.get("content-type")';
  const text = "new TextDecoder().decode(requests[0]?.bytes)";
  if (body.encoding === "multipart") {
    w.writeLine(`expect(${type}).toMatch(/^multipart\\/form-data; boundary=/);`);
    w.writeLine("expect(await sentForm(requests[0])).toEqual(await formContents(formOf(sent)));");
  } else if (body.encoding === "urlencoded") {
    w.writeLine(`expect(${type}).toBe("application/x-www-form-urlencoded");`);
    w.writeLine(`expect([...new URLSearchParams(${text})]).toEqual(urlencodedOf(sent));`);
  } else if (body.encoding === "binary") {
    w.writeLine(`expect(${type}).toBe(${JSON.stringify(body.contentType.includes("*") ? "application/octet-stream" : body.contentType)});`);
    w.writeLine("expect(requests[0]?.bytes).toEqual(sent);");
  } else {
    w.writeLine(`expect(${type}).toBe(${JSON.stringify(body.contentType)});`);
    w.writeLine(`expect(${text}).toBe(typeof sent === "string" ? sent : JSON.stringify(sent));`);
  }
}

// How many pages the contract test of a paginated method serves.
const PAGES = 3;

// A paginated method, iterated with `for await` over pages built from its 2xx example: every item of every page
// arrives, and each later page is asked for as the pagination style says (page=2, a cursor, the Link's query). Only
// with the stub: a live mock answers every page with the same example.
function writePagesCase(w: CodeBlockWriter, { plan, bodyExpr, path }: { plan: OperationPlan; bodyExpr: string | undefined; path: string }): void {
  const { op } = plan;
  const index = plan.responses.findIndex((r) => r.response === op.success);
  const served = plan.responses[index];
  const pagination = op.pagination;
  if (!pagination || !served?.response.contentType) return;
  let list: unknown = served.example.value;
  for (const key of pagination.rule.items) list = list !== null && typeof list === "object" && !Array.isArray(list) ? (list as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list) || list.length === 0) return;
  const ask = pagination.rule.type === "page" ? `${pagination.rule.param}=2` : pagination.rule.type === "cursor" ? `${pagination.rule.param} from the body` : "the Link's query";
  w.blankLine();
  w.write(`it.skipIf(liveBaseURL !== undefined)(${JSON.stringify(`pages through ${PAGES} pages built from the ${served.response.status} ${describeExample(served.example)}, asking for each next one with ${ask}`)}, async () => `).inlineBlock(() => {
    w.writeLine(`const pages = pagedResponses(response${index}, { rule: ${JSON.stringify(pagination.rule)}, pages: ${PAGES}, status: ${served.response.sampleStatus}, contentType: ${JSON.stringify(served.response.contentType)} });`);
    w.writeLine("const wire = stubFetch(pages.served);");
    w.writeLine("const client = createClient({ ...credentials[0], baseURL, fetch: wire.fetch, maxRetries: 0 });");
    w.writeLine("const requests = wire.requests;");
    w.writeLine("const items: unknown[] = [];");
    w.write("for await (const item of ");
    writeCall(w, plan, { body: bodyExpr });
    w.write(") items.push(item);").newLine();
    w.writeLine("expect(items).toEqual(pages.items);");
    w.writeLine("expect(requests).toHaveLength(pages.served.length);");
    w.writeLine(`for (const request of requests) expect(request.url.pathname).toBe(expectedPath(${JSON.stringify(path)}));`);
    w.writeLine("pages.next.forEach((query, i) => {");
    w.writeLine("  for (const [name, value] of Object.entries(query)) expect(requests[i + 1]?.url.searchParams.get(name)).toBe(value);");
    w.writeLine("});");
  });
  w.write(");").newLine();
}

// Serves the success example through the stub; it refers to the example's const rather than repeating it.
// A value full of characters that need percent-encoding, within the parameter's length rules (none if it has an enum or pattern).
function encodingProbe(p: ParamModel | undefined): string | undefined {
  if (!p || p.rule.enum || p.rule.pattern) return undefined;
  const max = p.rule.maxLength ?? Infinity;
  const min = p.rule.minLength ?? 0;
  const raw = "a b/c?d#e".slice(0, Math.max(3, Math.min(9, max))).padEnd(min, "%");
  return raw.length <= max && encodeURIComponent(raw) !== raw ? raw : undefined;
}

// The body a stub serves for a response's example: for a 2xx the method reads as bytes, those bytes; for one it reads
// as a form, a FormData; else the example.
function servedBody(op: OperationModel, response: ResponseModel, name: string): string {
  const read = response.sampleStatus < 300 ? nonJsonRead(op) : undefined;
  if (read === "blob") return `binaryBody(${name})`;
  if (read === "formData") return `formBody(${name})`;
  return name;
}

interface ServeOptions {
  plan: OperationPlan;
  /** The response the stub serves (the operation's success). */
  success: ResponseModel | undefined;
  /** The expression of the credentials to connect with, when not the first set. */
  auth?: string | undefined;
}

function writeServe(w: CodeBlockWriter, { plan, success, auth }: ServeOptions): void {
  const status = success?.sampleStatus ?? 200;
  const index = plan.responses.findIndex((r) => r.response === success);
  const served = plan.responses[index];
  w.write("const { client, requests } = connect(");
  if (served?.response.contentType) w.write(`{ status: ${status}, body: ${servedBody(plan.op, served.response, `response${index}`)}, contentType: ${JSON.stringify(served.response.contentType)} }`);
  else w.write(`{ status: ${status} }`);
  w.write(`, ${served && !served.example.built ? JSON.stringify(served.example.name) : "undefined"}${auth ? `, ${auth}` : ""});`).newLine();
}

function writeRequestAssertions(w: CodeBlockWriter, plan: OperationPlan, { path, bodySent }: { path: string; bodySent: boolean }): void {
  w.writeLine("expect(requests).toHaveLength(1);");
  w.writeLine(`expect(requests[0]?.method).toBe(${JSON.stringify(plan.op.method.toUpperCase())});`);
  w.writeLine(`expect(requests[0]?.url.pathname).toBe(expectedPath(${JSON.stringify(onTheWire(path))}));`);
  // The query the path key itself carries (`/responses?beta=true`) goes with every request.
  for (const [name, value] of plan.op.fixedQuery) w.writeLine(`expect(requests[0]?.url.searchParams.get(${JSON.stringify(name)})).toBe(${JSON.stringify(value)});`);
  for (const p of plan.op.parameters) {
    if (p.in === "query" && p.required && (typeof p.example === "string" || typeof p.example === "number" || typeof p.example === "boolean")) {
      w.writeLine(`expect(requests[0]?.url.searchParams.get(${JSON.stringify(p.name)})).toBe(${JSON.stringify(String(p.example))});`);
    }
  }
  // The call passes no optional query parameter, so none may be sent (a name like `toString` must not be inherited).
  const fixed = new Set(plan.op.fixedQuery.map(([name]) => name));
  const optional = [...new Set(plan.op.parameters.filter((p) => p.in === "query" && !p.required && !fixed.has(p.name)).map((p) => p.name))];
  if (optional.length > 0) w.writeLine(`expect(${JSON.stringify(optional)}.filter((name) => requests[0]?.url.searchParams.has(name))).toEqual([]);`);
  // The body on the wire is checked where it is JSON, which the request records as parsed.
  if (plan.bodyKey && bodySent && plan.op.body && isJsonMediaType(plan.op.body.contentType)) w.writeLine(`expectFits(${JSON.stringify(plan.bodyKey)}, requests[0]?.body);`);
  // A GET or HEAD goes without a body; a DELETE documented with one sends none unless the caller gives one.
  if (!bodySent && plan.op.body) w.writeLine("expect(requests[0]?.body).toBeUndefined();");
}

interface CompileCheck {
  title: string;
  literalBody?: JsonValue | undefined;
  documented?: ReadonlyMap<string, JsonValue> | undefined;
}

// A call written out with documented values, which the test only checks is a function: tsc checks the call, with
// its literals held to the method's params type as a caller's would be (an unknown field is an error there too).
function writeCompileCheck(w: CodeBlockWriter, plan: OperationPlan, { title, literalBody, documented }: CompileCheck): void {
  w.write(`it(${JSON.stringify(title)}, () => `).inlineBlock(() => {
    w.writeLine("const { client } = connect({ status: 200 }, undefined);");
    w.writeLine("// Type-checked, not sent.");
    w.write("const call = () => ");
    writeCall(w, plan, { literalBody, documented });
    w.write(";").newLine();
    w.writeLine('expect(call).toBeTypeOf("function");');
  });
  w.write(");").newLine();
}

// Each documented example of a parameter is checked against the parameter's schema; those that fit are written out
// in one call, which must compile.
function writeParameterExamples(w: CodeBlockWriter, plan: OperationPlan): void {
  const documented = new Map<string, JsonValue>();
  for (const p of plan.op.parameters) {
    for (const example of p.examples) {
      if (p.mediaKey) {
        w.write(`it(${JSON.stringify(`the ${p.in} parameter ${p.name}'s example "${example.name}" matches its schema`)}, () => `).inlineBlock(() => {
          w.write(`expectFits(${JSON.stringify(p.mediaKey)}, `);
          writeData(w, example.value);
          w.write(");").newLine();
        });
        w.write(");").newLine();
      }
      if (heldToType(example) && p.passedAs === "params" && p.in !== "path" && !documented.has(p.name)) documented.set(p.name, example.value);
    }
  }
  if (documented.size > 0) writeCompileCheck(w, plan, { title: `the documented parameter examples compile as a call to ${plan.op.fullName}`, documented, literalBody: plan.op.body?.required ? plan.op.body.callExample?.value : undefined });
}

const RESOLVES_AS: Record<Exclude<BodyRead, "json">, string> = { text: "it as text", blob: "its bytes as a Blob", formData: "its parts as a FormData" };

// What a method resolves for a body that is not JSON: the type it is declared with (the `const body: …` line does
// not compile otherwise), and the value the stub served, read back as a string, a Blob's bytes or a form's parts.
interface NonJsonResultOptions {
  read: Exclude<BodyRead, "json">;
  response: ResponseModel;
  /** The const that holds the example served. */
  name: string;
  /** The operation documents a bodiless 2xx, so the method's type admits undefined. */
  bodiless: boolean;
  /** The example was built from the schema (a live server answers with its own bytes). */
  built: boolean;
}

function writeNonJsonResult(w: CodeBlockWriter, { read, response, name, bodiless, built }: NonJsonResultOptions): void {
  const type = nonJsonResultType(read);
  w.writeLine(`const body: ${type}${bodiless ? " | undefined" : ""} = result;`);
  if (read === "text") {
    // The stub serves a JSON response's example, and any example that is not a string, as its JSON text.
    w.writeLine(`expect(body).toBe(${response.read === "json" ? `JSON.stringify(${name})` : `typeof ${name} === "string" ? ${name} : JSON.stringify(${name})`});`);
    return;
  }
  w.writeLine(`expect(body).toBeInstanceOf(${type});`);
  // A live server sends bytes of its own; the stub's are known.
  if (!built) w.writeLine("if (liveBaseURL) return;");
  const value = bodiless ? `(body as ${type})` : "body";
  if (read === "blob") w.writeLine(`expect(new Uint8Array(await ${value}.arrayBuffer())).toEqual(binaryBody(${name}));`);
  else w.writeLine(`expect(await formContents(${value})).toEqual(await formContents(formBody(${name})));`);
}

interface ResponseCasesOptions {
  model: ApiModel;
  plan: OperationPlan;
  response: ResponsePlan;
  /** The const the example is declared as. */
  name: string;
  /** The request body expression the call sends, if any. */
  bodyExpr: string | undefined;
  /** The filled path the request must go to. */
  path: string;
}

// One response example: its const, its schema check, and the call that is served it.
function writeResponseCases(w: CodeBlockWriter, { model, plan, response: r, name, bodyExpr, path }: ResponseCasesOptions): void {
  const { op } = plan;
  const { response, example } = r;
  const label = `${response.status} ${describeExample(example)}`;
  const typed = heldToType(example);
  w.blankLine();
  if (response.contentType) {
    if (!typed) writeNotHeldToType(w, example);
    w.write(`const ${name}${typed ? "" : ": unknown"} = `);
    writeData(w, example.value);
    const type = `Operation["responses"][${responseKey(response)}]["content"][${JSON.stringify(response.contentType)}]`;
    w.write(typed ? ` satisfies ${r.literal ? `Literal<${type}>` : type};` : ";").newLine();
  }
  // A member of the example, for the assertions on what the client resolves or throws with.
  const member = (key: string | undefined) => (typed ? `${name}[${JSON.stringify(key)}]` : `(${name} as Record<string, unknown>)[${JSON.stringify(key)}]`);
  if (r.mediaKey) {
    w.write(`it(${JSON.stringify(`the ${label} matches the ${response.status} response schema`)}, () => `).inlineBlock(() => {
      w.writeLine(`expectFits(${JSON.stringify(r.mediaKey)}, ${name});`);
    });
    w.write(");").newLine();
  }
  const status = response.sampleStatus;
  // A 1xx never reaches a client (and no Response can be made with one): its schema check above is its test. A 3xx
  // that reaches the client (a redirect fetch did not follow) is an error, as any other non-2xx.
  if (status < 200) return;
  const served = `{ status: ${status}${response.contentType ? `, body: ${servedBody(op, response, name)}, contentType: ${JSON.stringify(response.contentType)}` : ""} }`;
  const exampleName = example.built ? "undefined" : JSON.stringify(example.name);
  if (status < 300) {
    const read = nonJsonRead(op);
    const what = !response.contentType ? "nothing" : op.unwrapKey !== undefined ? `its ${op.unwrapKey}` : read ? RESOLVES_AS[read] : "it";
    w.write(`it(${JSON.stringify(`when the server answers with the ${label}, the client sends ${op.method.toUpperCase()} ${path} and resolves with ${what}`)}, async () => `).inlineBlock(() => {
      w.writeLine(`const { client, requests } = connect(${served}, ${exampleName});`);
      w.write("const result = await ");
      writeCall(w, plan, { body: bodyExpr });
      w.write(";").newLine();
      writeRequestAssertions(w, plan, { path, bodySent: bodyExpr !== undefined });
      if (example.built) w.writeLine("if (liveBaseURL) return;");
      // A paginated method resolves the first page: its items are the example's.
      if (op.pagination && response.contentType) w.writeLine(`expect(result.items).toEqual(atPath(${name}, ${JSON.stringify(op.pagination.rule.items)}) ?? []);`);
      else if (!response.contentType) w.writeLine("expect(result).toBeUndefined();");
      else if (read) writeNonJsonResult(w, { read, response, name, bodiless: op.bodilessSuccess.length > 0, built: example.built });
      // An example without the unwrapped member (a schema that does not require it) resolves to undefined; its type
      // has no such member to index.
      else if (op.unwrapKey !== undefined && isJsonObject(example.value) && !Object.hasOwn(example.value, op.unwrapKey)) w.writeLine("expect(result).toBeUndefined();");
      else if (op.unwrapKey !== undefined) w.writeLine(`expect(result).toEqual(${member(op.unwrapKey)});`);
      // A body of a media type that is not JSON (multipart/form-data, a pcap) is handed back as the text served; the
      // stub serves an example that is not a string as its JSON text.
      else if (!isJsonMediaType(response.contentType) && typeof example.value !== "string") w.writeLine(`expect(result).toEqual(JSON.stringify(${name}));`);
      else w.writeLine(`expect(result).toEqual(${name});`);
    });
    w.write(");").newLine();
    return;
  }
  const errorClass = errorClassForStatus(status);
  w.write(`it(${JSON.stringify(`when the server answers with the ${label}, the client throws ${errorClass} carrying its errors`)}, async () => `).inlineBlock(() => {
    w.writeLine(`const { client, requests } = connect(${served}, ${exampleName});`);
    w.write("const failure = await ");
    writeCall(w, plan, { body: bodyExpr });
    w.write(".then(() => undefined, (error: unknown) => error);").newLine();
    writeRequestAssertions(w, plan, { path, bodySent: bodyExpr !== undefined });
    w.writeLine(`expect(failure).toBeInstanceOf(${errorClass});`);
    w.writeLine(`expect((failure as APIError).status).toBe(${status});`);
    const errorsKey = model.envelope?.errors;
    if (errorsKey && response.contentType && isJsonObject(example.value) && Array.isArray(example.value[errorsKey])) {
      // A live server answers with an example of its own for a status the spec documents none for: only the stub
      // serves the built one.
      if (example.built) w.writeLine("if (liveBaseURL) return;");
      w.writeLine(`expect((failure as APIError).errors).toEqual(${member(errorsKey)});`);
    }
  });
  w.write(");").newLine();
}

