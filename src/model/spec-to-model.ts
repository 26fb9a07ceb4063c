import type { TargetConfig } from "../config.js";
import { SpecforgeError, type ErrorLocation } from "../errors.js";
import { pathToPointer, type JsonObject, type JsonValue } from "../openapi/load.js";
import { pointerToPath } from "../openapi/pointer.js";
import { valueAt } from "../openapi/walk.js";
import { deref, isObject, type SpecSet } from "../openapi/refs.js";
import { HTTP_METHODS, parameterList, type HttpMethod } from "../openapi/validate.js";
import { operationSurface, type SurfaceSchemas } from "./api-surface.js";
import { requestBodyToModel, responsesToModel } from "./content.js";
import { docText } from "./doc-text.js";
import { isFormMediaType, isJsonMediaType } from "./media-types.js";
import { assignTypeNames, makeNamesUnique, operationNames, preferShortNames } from "./method-names.js";
import { isIdentifier, pascalCase } from "./naming.js";
import { arraySchemaAt, operationPagination } from "./pagination.js";
import { parametersToModel } from "./parameters.js";
import { collectProperties, isObjectMemberName, referencedParts, propertySchema, reachesObjectMemberName } from "./schemas.js";
import { contradictionsOf } from "./contradictions.js";
import { schemaContradictions } from "./unsatisfiable.js";
import { credentialAlternatives, credentialsOptional, operationSecurity, securitySchemesToModel } from "./security.js";
import type { ApiModel, BodyModel, ContractSchemas, NamedSchema, OperationModel, ParamsPart, ResponseModel, SchemaResolver, SecuritySchemeModel, TypesDocument, UntestedExample } from "./types.js";

// Names the generated package already exports; a spec-derived type name must not take one of them.
// What the generated package exports besides the schema aliases (client.ts's own names, and the runtime's that index.ts
// re-exports): a component titled like one of them keeps its indexed-access type but gets no alias.
const RESERVED_EXPORTS = new Set([
  ...["Client", "ClientOptions", "createClient", "paths", "components", "operations", "VERSION"],
  ...["APIError", "APIConnectionError", "APIConnectionTimeoutError", "APIUserAbortError", "AuthenticationError", "BadRequestError", "ConflictError"],
  ...["InternalServerError", "InvalidRequestError", "NotFoundError", "PermissionDeniedError", "RateLimitError", "UnprocessableEntityError"],
  ...["APIPromise", "Page", "PagePromise", "toFile", "BaseClientOptions", "RequestOptions", "ResponseMessage", "WithResponse", "Logger", "LogLevel"],
  ...["Uploadable", "RawRequestOptions"],
]);

// Turns a validated, bundled spec into the model the emitters read (https://spec.openapis.org/oas/v3.1.0#operation-object).
export function specToModel(set: SpecSet, target: TargetConfig): ApiModel {
  const doc = set.root.document;
  const resolve: SchemaResolver = (schema) => (schema === undefined ? undefined : deref(set, schema, set.root, "#")?.value);
  const schemes = securitySchemesToModel(
    set,
    target.credentialOptions && { names: target.credentialOptions, location: { file: target.configFile ?? "the config", pointer: `#/targets/${target.name}/credentialOptions` } },
  );
  const componentSchemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const media = new MediaSchemas();
  const operations: OperationModel[] = [];
  const surfaceSchemas = new Map<OperationModel, SurfaceSchemas>();
  const shortNames = new Map<OperationModel, string>();
  const paths = doc.paths as JsonObject;
  for (const template of Object.keys(paths).sort()) {
    const itemPointer = pathToPointer(["paths", template]);
    const item = deref(set, paths[template], set.root, itemPointer)?.value as JsonObject;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const input: OperationInput = { set, target, resolve, template, method, op, item, pointer: `${itemPointer}/${method}`, schemes };
      const { model, surface, shortName } = operationToModel(input, { index: operations.length, media, document: doc });
      operations.push(model);
      if (shortName !== undefined) shortNames.set(model, shortName);
      surfaceSchemas.set(model, surface);
    }
  }
  checkPaginationOperations(target, operations);
  preferShortNames(operations, shortNames);
  const notes = makeNamesUnique(operations, { lenient: target.lenient === true, locate: (op) => set.root.locate(op.pointer) });
  assignTypeNames(operations);
  for (const op of operations) op.surface = operationSurface(op, surfaceSchemas.get(op) as SurfaceSchemas, resolve);
  const info = doc.info as JsonObject;
  const openapi = String(doc.openapi);
  const version = String(info.version ?? "0.0.0");
  return {
    title: String(info.title ?? target.name),
    version,
    packageName: target.packageName,
    ...(target.userAgent !== undefined ? { userAgent: target.userAgent } : {}),
    requestIdHeader: target.requestIdHeader,
    env: clientEnv(target, schemes),
    openapi,
    defaultBaseURL: serverUrl(doc.servers),
    securitySchemes: schemes,
    credentialAlternatives: credentialAlternatives(operations, schemes),
    credentialsOptional: credentialsOptional(operations),
    operations,
    namedSchemas: namedSchemas(componentSchemas, operationTypeNames(operations)),
    envelope: target.envelope,
    typesDocument: typesDocument(set),
    contractSchemas: media.toContractSchemas(openapi, doc),
    notes,
    contradictions: [...contradictionsOf(operations), ...schemaContradictions(doc, resolve).map(({ pointer, kind, problems }) => ({ operations: [], kind, pointer, problems }))],
  };
}

interface OperationInput {
  set: SpecSet;
  target: TargetConfig;
  resolve: SchemaResolver;
  template: string;
  method: HttpMethod;
  op: JsonObject;
  item: JsonObject;
  pointer: string;
  schemes: SecuritySchemeModel[];
}

interface ContractContext {
  /** The operation's position in the model: its media schemas' keys start with it. */
  index: number;
  media: MediaSchemas;
  /** The bundled document, which the media schemas' $refs point into. */
  document: JsonObject;
}

function operationToModel(input: OperationInput, { index, media, document }: ContractContext): { model: OperationModel; surface: SurfaceSchemas; shortName: string | undefined } {
  const { set, target, resolve, template, method, op, item, pointer } = input;
  const { group, methodName, operationIdName, shortName } = operationNames({ op, template, method, location: set.root.locate(pointer) });
  // The pointer of what is written at a pointer: itself, or its $ref's target (the bundle has one file).
  const located = (at: string): string => deref(set, valueAt(set.root.document, pointerToPath(at)), set.root, at)?.pointer ?? at;
  // Each parameter with the pointer it is written at (parameterList follows its $ref).
  const declared = [...parameterList(set, item.parameters, pointer.replace(/\/[a-z]+$/, "/parameters")), ...parameterList(set, op.parameters, `${pointer}/parameters`)];
  const { parameters, positional, variant, paramNames, schemas: paramSchemas } = parametersToModel({
    template,
    declared,
    pathVariants: target.pathVariants,
    contextParams: target.contextParams,
    resolve,
    location: set.root.locate(`${pointer}/parameters`),
  });
  const body = op.requestBody === undefined ? undefined : requestBodyToModel(deref(set, op.requestBody, set.root, `${pointer}/requestBody`)?.value as JsonObject, resolve, { at: `${pointer}/requestBody`, located });
  if (body?.model.flattened && body.model.properties.some((name) => paramNames.includes(name))) {
    // A body field and a parameter share a name: keep the body whole under `body` instead of flattening.
    body.model.flattened = false;
    body.model.properties = [];
    body.model.requiredProperties = [];
  }
  // No `responses` (3.1 allows it; --lenient reads a 3.0 operation so): any status may come, and none is documented
  // with content, which is what a `default` response without content says.
  const responses = responsesToModel(isObject(op.responses) ? op.responses : { default: { description: "" } }, resolve, { at: `${pointer}/responses`, located });
  // The contract kit's media schemas, in the order the contract tests were always keyed: responses, then the body,
  // then the parameters whose documented examples are checked.
  for (const response of responses) {
    if (response.model.contentType && isJsonMediaType(response.model.contentType)) response.model.mediaKey = media.add(`${index}.${response.model.status}`, response.schema);
    response.model.literal = reachesObjectMemberName(response.schema, document);
  }
  if (body) {
    // A form's examples are objects its schema describes too: they are checked as a JSON body's are.
    if (isJsonMediaType(body.model.contentType) || isFormMediaType(body.model.contentType)) body.model.mediaKey = media.add(`${index}.body`, body.schema);
    body.model.literal = reachesObjectMemberName(body.schema, document);
  }
  for (const p of parameters) {
    const schema = declared.findLast((d) => d.value.in === p.in && d.value.name === p.name)?.value.schema;
    if (p.examples.length > 0) p.mediaKey = media.add(`${index}.${p.in}.${p.name}`, schema);
  }
  const untested = [...responses.flatMap((r) => r.untested), ...(body?.untested ?? []), ...informationalExamples(responses.map((r) => r.model)), ...unsendableBodyExamples(method, body?.model)];
  const success = responses.find((r) => r.model.sampleStatus >= 200 && r.model.sampleStatus < 300);
  const resultRead = success?.model.read ?? "json";
  const pagination = operationPagination({
    styles: target.pagination ?? [],
    op,
    label: `${method.toUpperCase()} ${template}`,
    parameters,
    successSchema: resultRead === "json" ? success?.schema : undefined,
    successHeaders: success?.headers,
    resolve,
    location: set.root.locate(pointer),
  });
  // The envelope is JSON: a body of another media type is resolved as it is read, whatever its schema says.
  const envelopeNames = success?.schema === undefined || resultRead !== "json" ? undefined : collectProperties(success.schema, resolve);
  const unwrapKey = target.envelope && envelopeNames?.includes(target.envelope.result) && envelopeNames.includes(target.envelope.success) ? target.envelope.result : undefined;
  // A body that is not JSON resolves as a string, Blob or FormData: its schema describes no fields of the result.
  // A paginated method resolves pages of items: its result, as API.md lists it, is one item.
  const resultSchema = pagination
    ? itemSchema(arraySchemaAt(success?.schema, pagination.rule.items, resolve), resolve)
    : resultRead !== "json"
      ? undefined
      : unwrapKey !== undefined
        ? propertySchema(success?.schema, unwrapKey, resolve)
        : success?.schema;
  // A path key may carry a query (`/responses?beta=true`): a fixed part of every request's query, not of its path.
  const queryStart = template.indexOf("?");
  const model: OperationModel = {
    pointer,
    path: template,
    requestPath: queryStart < 0 ? template : template.slice(0, queryStart),
    fixedQuery: queryStart < 0 ? [] : [...new URLSearchParams(template.slice(queryStart + 1))],
    method,
    group,
    methodName,
    fullName: [...group, methodName].join("."),
    operationIdName,
    paramsType: "",
    responseType: "",
    summary: docText(op.summary),
    description: docText(op.description),
    deprecated: op.deprecated === true,
    parameters,
    positional,
    variant,
    paramNames,
    paramsArgument: paramsArgument({ parameters, variant, body: body?.model }),
    literalParts: literalParts({ parameters, body: body?.model }),
    body: body?.model,
    responses: responses.map((r) => r.model),
    security: operationSecurity(op.security ?? set.root.document.security, input.schemes),
    success: success?.model,
    resultRead,
    unwrapKey,
    bodilessSuccess: responses.filter((r) => /^2\d\d$/.test(r.model.status) && r.model.contentType === undefined).map((r) => Number(r.model.status)),
    pagination,
    surface: [],
    untested,
  };
  return { model, surface: { body: body?.schema, result: resultSchema, params: paramSchemas }, shortName };
}

// The examples of 1xx responses: their schema checks run, but no client test serves one (fetch never hands an
// informational response to the client, and a Response cannot be made with one).
function informationalExamples(responses: ResponseModel[]): UntestedExample[] {
  return responses.flatMap((r) =>
    r.sampleStatus < 200 ? r.examples.filter((e) => !e.built && e.pointer !== undefined).map((e) => ({ pointer: e.pointer as string, reason: `a ${r.status} response reaches no client: only its schema check runs` })) : [],
  );
}

// The request body examples of a GET or HEAD: fetch refuses to send a body with one, so they are checked against their
// schema and compiled as calls, but never sent.
function unsendableBodyExamples(method: HttpMethod, body: BodyModel | undefined): UntestedExample[] {
  if (!body || (method !== "get" && method !== "head")) return [];
  return body.examples.filter((e) => !e.built && e.pointer !== undefined).map((e) => ({ pointer: e.pointer as string, reason: `fetch cannot send a body with ${method.toUpperCase()}: the example is checked against its schema but not sent` }));
}

// Whether the method takes params after its positional id, and whether the caller may leave them out: they are
// required when the variant's choice, a path parameter, a required query or header parameter, or a required body
// field (or a required body, when it is not flattened) has to be in them.
function paramsArgument({ parameters, variant, body }: { parameters: OperationModel["parameters"]; variant: OperationModel["variant"]; body: BodyModel | undefined }): OperationModel["paramsArgument"] {
  const passed = parameters.filter((p) => p.passedAs === "params");
  if (!variant && !body && passed.length === 0) return "none";
  const required =
    variant !== undefined ||
    passed.some((p) => p.in === "path" || p.required) ||
    (body !== undefined && (body.flattened ? body.requiredProperties.length > 0 : body.required));
  return required ? "required" : "optional";
}

// The parts of params a caller writes as an object literal with a property named like an Object member (`toString`,
// `constructor`…): those are typed `Literal<…>` (src/runtime/client.ts) so that leaving such an optional property
// out still compiles.
function literalParts({ parameters, body }: { parameters: OperationModel["parameters"]; body: BodyModel | undefined }): ParamsPart[] {
  const parts: ParamsPart[] = [];
  for (const location of ["query", "header"] as const) if (parameters.some((p) => p.in === location && isObjectMemberName(p.name))) parts.push(location);
  if (body?.literal) parts.push("body");
  return parts;
}

// The media schemas the contract tests validate against, each under a key that names its operation and status.
class MediaSchemas {
  private readonly entries: [string, JsonValue][] = [];

  // Records a media type's schema; returns its key, or undefined when the media type gives none.
  add(key: string, schema: JsonValue | undefined): string | undefined {
    if (schema === undefined) return undefined;
    this.entries.push([key, schema]);
    return key;
  }

  // The self-contained schema map: the media schemas and every part of the document they reach.
  toContractSchemas(openapi: string, document: JsonObject): ContractSchemas {
    return { openapi, referenced: referencedParts(this.entries.map(([, schema]) => schema), document), media: Object.fromEntries(this.entries) };
  }
}

// The document openapi-typescript is given. Redocly's bundle step (which specforge skips for a single-file document,
// see src/emit/schema/openapi-typescript-direct.ts) gives an OpenAPI 3 root a `components` object when it has none,
// and openapi-typescript's output depends on it: the model hands it one either way.
function typesDocument(set: SpecSet): TypesDocument {
  const { file, absolutePath, document } = set.root;
  return { file, absolutePath, document: document.components === undefined ? { ...document, components: {} } : document };
}

// The names an operation's types take in client.ts (`ServiceTokenListResponse`...): they come first, since a method's
// signature shows them, so a component titled the same (SCIM's "Group List Response") gets no alias.
function operationTypeNames(operations: readonly OperationModel[]): string[] {
  return operations.flatMap((op) => [op.paramsType, op.responseType, op.pagination?.infoType ?? []].flat());
}

// A component schema with a `title` is exported under it, where that name is an identifier and free.
function namedSchemas(componentSchemas: JsonObject, operationTypes: readonly string[]): NamedSchema[] {
  const out: NamedSchema[] = [];
  const taken = new Set([...RESERVED_EXPORTS, ...operationTypes]);
  for (const key of Object.keys(componentSchemas).sort()) {
    const schema = componentSchemas[key];
    if (!isObject(schema) || typeof schema.title !== "string") continue;
    const exportName = pascalCase(schema.title);
    if (!isIdentifier(exportName) || taken.has(exportName)) continue;
    taken.add(exportName);
    out.push({ exportName, schemaKey: key, description: docText(schema.description) });
  }
  return out;
}

// The items' schema of an array schema.
function itemSchema(schema: JsonValue | undefined, resolve: SchemaResolver): JsonValue | undefined {
  const s = resolve(schema);
  return isObject(s) ? s.items : undefined;
}

// Where a target's key is in its config file (none for --spec/--out, which have no config).
function configLocation(target: TargetConfig, key: string): ErrorLocation | undefined {
  return target.configFile ? { file: target.configFile, pointer: `#/targets/${target.name}/${key}` } : undefined;
}

// Options the runtime reads from the environment besides credentials.
const ENV_OPTIONS = ["baseURL", "logLevel"];

// The config's `env`, each key checked against the client's options: a typo must not leave a variable unread.
function clientEnv(target: TargetConfig, schemes: readonly SecuritySchemeModel[]): Record<string, string> {
  const options = [...schemes.map((s) => s.option), ...ENV_OPTIONS];
  for (const option of Object.keys(target.env ?? {})) {
    if (!options.includes(option)) throw new SpecforgeError(`\`env\` names \`${option}\`, which is not an option of this client`, `use one of ${options.join(", ")}`, configLocation(target, `env/${option}`));
  }
  return { ...target.env };
}

// Every operation a pagination style lists must be in the spec: a typo must not leave a list method unpaged.
function checkPaginationOperations(target: TargetConfig, operations: readonly OperationModel[]): void {
  const labels = new Set(operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
  (target.pagination ?? []).forEach((style, i) => {
    for (const label of style.operations ?? []) {
      if (!labels.has(label)) throw new SpecforgeError(`pagination style ${JSON.stringify(style.name)} lists ${label}, which the spec does not have`, "write it as METHOD and the path template as in the spec", configLocation(target, `pagination/${i}/operations`));
    }
  });
}

// The first server's URL, its variables at their defaults (https://spec.openapis.org/oas/v3.1.0#server-variable-object).
function serverUrl(servers: JsonValue | undefined): string {
  if (!Array.isArray(servers) || !isObject(servers[0])) return "";
  const server = servers[0];
  let url = String(server.url ?? "");
  if (isObject(server.variables)) {
    for (const [name, variable] of Object.entries(server.variables)) {
      if (isObject(variable)) url = url.replaceAll(`{${name}}`, String(variable.default ?? ""));
    }
  }
  return url.replace(/\/+$/, "");
}

