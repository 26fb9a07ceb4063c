import type { TargetConfig } from "../config.js";
import { SpecforgeError } from "../errors.js";
import { pathToPointer, type JsonObject, type JsonValue } from "../openapi/load.js";
import { deref, isObject, type SpecSet } from "../openapi/refs.js";
import { HTTP_METHODS, parameterList } from "../openapi/validate.js";
import { operationSurface } from "./api-surface.js";
import { exampleFits } from "./example-fit.js";
import { exampleFromSchema, type SchemaResolver } from "./examples.js";
import { isJsonMediaType, responseReadFor } from "./media-types.js";
import { camelCase, isIdentifier, pascalCase, singular } from "./naming.js";
import type { ApiModel, BodyModel, ExampleModel, NamedSchema, OperationModel, ParamModel, PathRule, ResponseModel, SecuritySchemeModel } from "./types.js";

// Names the generated package already exports; a spec-derived type name must not take one of them.
const RESERVED_EXPORTS = new Set(["Client", "ClientOptions", "RequestOptions", "createClient", "APIError", "paths", "components", "operations"]);
const BUILT_IN_OPTIONS = new Set(["baseURL", "timeout", "maxRetries", "fetch", "defaultHeaders"]);

// Turns a validated spec into plain operation records (https://spec.openapis.org/oas/v3.1.0#operation-object).
export function specToModel(set: SpecSet, target: TargetConfig): ApiModel {
  const doc = set.root.document;
  const resolve: SchemaResolver = (schema) => (schema === undefined ? undefined : deref(set, schema, set.root, "#")?.value);
  const schemes = securitySchemesToModel(set);
  const operations: OperationModel[] = [];
  const schemasOf = new Map<OperationModel, OperationSchemas>();
  const paths = doc.paths as JsonObject;
  for (const template of Object.keys(paths).sort()) {
    const itemPointer = pathToPointer(["paths", template]);
    const item = deref(set, paths[template], set.root, itemPointer)?.value as JsonObject;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const [model, schemas] = operationToModel({ set, target, resolve, template, method, op, item, pointer: `${itemPointer}/${method}`, schemes });
      operations.push(model);
      schemasOf.set(model, schemas);
    }
  }
  const notes: string[] = [];
  checkUniqueNames(set, operations, target.lenient === true, notes);
  assignTypeNames(operations);
  for (const op of operations) {
    const schemas = schemasOf.get(op) as OperationSchemas;
    op.surface = operationSurface(op, resolve, schemas.body, schemas.result, schemas.params);
  }
  const info = doc.info as JsonObject;
  return {
    title: String(info.title ?? target.name),
    version: String(info.version ?? "0.0.0"),
    openapi: String(doc.openapi),
    defaultBaseURL: serverUrl(doc.servers),
    securitySchemes: schemes,
    credentialAlternatives: credentialAlternatives(operations, schemes),
    credentialsOptional: operations.some((o) => o.security.length === 0 || o.security.some((a) => a.length === 0)),
    operations,
    namedSchemas: namedSchemas(doc),
    envelope: target.envelope,
    components: isObject(doc.components) ? doc.components : {},
    notes,
  };
}

interface OperationInput {
  set: SpecSet;
  target: TargetConfig;
  resolve: SchemaResolver;
  template: string;
  method: (typeof HTTP_METHODS)[number];
  op: JsonObject;
  item: JsonObject;
  pointer: string;
  schemes: SecuritySchemeModel[];
}

// Raw schemas an operation's API surface is described from.
interface OperationSchemas {
  body: JsonValue | undefined;
  result: JsonValue | undefined;
  params: Map<string, JsonValue | undefined>;
}

function operationToModel(input: OperationInput): [OperationModel, OperationSchemas] {
  const { set, target, resolve, template, method, op, item, pointer } = input;
  const { group, methodName, operationIdName } = operationName(input);
  const declared = new Map<string, ParamModel>();
  const paramSchemas = new Map<string, JsonValue | undefined>();
  for (const p of [...parameterList(set, item.parameters, pointer.replace(/\/[a-z]+$/, "/parameters")), ...parameterList(set, op.parameters, `${pointer}/parameters`)]) {
    declared.set(`${p.in}:${p.name}`, paramToModel(p.value, resolve));
    paramSchemas.set(p.name, p.value.schema);
  }
  // A name may appear twice in a template (/accounts/{account_id}/…/accounts/{account_id}); it is one parameter.
  const pathNames = [...new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))];
  const params = [
    ...pathNames.map((name) => declared.get(`path:${name}`) as ParamModel),
    ...[...declared.values()].filter((p) => p.in === "query" || p.in === "header"),
  ];
  const variant = target.pathVariants.find((v) => pathNames.includes(v.selector) && pathNames.includes(v.id));
  if (variant) {
    const selector = declared.get(`path:${variant.selector}`);
    const allowed = selector?.rule.enum;
    for (const value of Object.values(variant.choices)) {
      if (allowed && !allowed.includes(value)) {
        throw new SpecforgeError(`path variant value '${value}' is not in the enum of {${variant.selector}}`, `add '${value}' to the enum, or fix pathVariants in the config`, set.root.locate(`${pointer}/parameters`));
      }
    }
  }
  const inParams = (p: ParamModel) => p.in === "path" && (target.contextParams.includes(p.name) || (variant !== undefined && (p.name === variant.selector || p.name === variant.id)));
  const lastPath = [...params].reverse().find((p) => p.in === "path" && !inParams(p));
  const body = requestBodyToModel(input);
  const publicNames = [
    ...params.filter((p) => p !== lastPath && !(variant && (p.name === variant.selector || p.name === variant.id))).map((p) => p.name),
    ...(variant ? Object.keys(variant.choices) : []),
  ];
  const clash = body?.flattened ? body.properties.find((name) => publicNames.includes(name)) : undefined;
  if (body && clash !== undefined) {
    // A body field and a parameter share a name: keep the body whole under `body` instead of flattening.
    body.flattened = false;
    body.properties = [];
    body.requiredProperties = [];
  }
  const responses = responsesToModel(input);
  const success = responses.find((r) => r.sampleStatus >= 200 && r.sampleStatus < 300);
  // The envelope is JSON: a body of another media type is resolved as it is read, whatever its schema says.
  const envelopeNames = success?.schema === undefined || success.read !== "json" ? undefined : collectProperties(success.schema, resolve);
  const unwrap = Boolean(target.envelope && envelopeNames?.includes(target.envelope.result) && envelopeNames.includes(target.envelope.success));
  const successSchema = resolve(success?.schema);
  // A body that is not JSON resolves as a string, Blob or FormData: its schema describes no fields of the result.
  const resultSchema = success?.read !== undefined && success.read !== "json" ? undefined : unwrap && isObject(successSchema) && target.envelope ? envelopeResult(successSchema, target.envelope.result, resolve) : success?.schema;
  const model: OperationModel = {
    pointer,
    path: template,
    method,
    group,
    methodName,
    fullName: [...group, methodName].join("."),
    operationIdName,
    paramsType: "",
    responseType: "",
    summary: text(op.summary),
    description: text(op.description),
    deprecated: op.deprecated === true,
    positional: lastPath,
    params,
    variant,
    body,
    responses,
    security: operationSecurity(op.security ?? set.root.document.security, input.schemes),
    success,
    unwrap,
    unwrapKey: unwrap ? target.envelope?.result : undefined,
    bodilessSuccess: responses.filter((r) => /^2\d\d$/.test(r.status) && r.contentType === undefined).map((r) => Number(r.status)),
    surface: [],
  };
  return [model, { body: body?.schema, result: resultSchema, params: paramSchemas }];
}

// The envelope's result property schema, through allOf.
function envelopeResult(schema: JsonObject, key: string, resolve: SchemaResolver): JsonValue | undefined {
  if (isObject(schema.properties) && schema.properties[key] !== undefined) return schema.properties[key];
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const r = resolve(part);
    const found = isObject(r) ? envelopeResult(r, key, resolve) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

// Grouping rule: x-fern-sdk-group-name / x-fern-sdk-method-name, else the first tag and the operationId, else method + path.
function operationName({ set, template, method, op, pointer }: OperationInput): { group: string[]; methodName: string; operationIdName: string | undefined } {
  const fernGroup = op["x-fern-sdk-group-name"];
  const fernMethod = op["x-fern-sdk-method-name"];
  let group: string[];
  let methodName: string;
  if (typeof fernGroup === "string" && typeof fernMethod === "string") {
    group = fernGroup.split(".").map(camelCase).filter(Boolean);
    methodName = camelCase(fernMethod);
  } else {
    const tag = Array.isArray(op.tags) && typeof op.tags[0] === "string" ? op.tags[0] : undefined;
    group = tag ? [camelCase(tag)].filter(Boolean) : [];
    if (typeof op.operationId === "string") {
      // `access-service-tokens-update-a-service-token` under tag "Access Service Tokens" reads `updateAServiceToken`.
      methodName = stripPrefix(camelCase(op.operationId), group);
    } else {
      const words = template.split("/").filter((s) => s && !s.startsWith("{"));
      methodName = camelCase([method, ...words].join(" "));
    }
  }
  if (!isIdentifier(methodName) && !/^(delete|new|default|in|import|export|function|class|enum)$/.test(methodName)) {
    throw new SpecforgeError(
      `${method.toUpperCase()} ${template}: cannot make a method name from ${JSON.stringify(fernMethod ?? op.operationId ?? "")}`,
      "set x-fern-sdk-method-name or operationId to a name that starts with a letter",
      set.root.locate(pointer),
    );
  }
  const operationIdName = typeof op.operationId === "string" ? stripPrefix(camelCase(op.operationId), group) : undefined;
  return { group, methodName, operationIdName };
}

// `accessServiceTokensUpdate` under group accessServiceTokens reads `update`.
function stripPrefix(name: string, group: string[]): string {
  const prefix = group.at(-1);
  if (prefix && name.length > prefix.length && name.toLowerCase().startsWith(prefix.toLowerCase())) {
    const rest = name.slice(prefix.length);
    return rest.charAt(0).toLowerCase() + rest.slice(1);
  }
  return name;
}

// Two operations on one name is an error that names both; with `lenient`, later ones (in path order) are renamed
// predictably instead: their operationId, then method + fixed path segments, then a number.
function checkUniqueNames(set: SpecSet, operations: OperationModel[], lenient: boolean, notes: string[]): void {
  const seen = new Map<string, OperationModel>();
  const groups = new Set(operations.flatMap((o) => o.group.map((_, i) => o.group.slice(0, i + 1).join("."))));
  const taken = (name: string) => seen.has(name) || groups.has(name);
  for (const op of operations) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    if (taken(op.fullName)) {
      const other = seen.get(op.fullName);
      if (!lenient) {
        throw new SpecforgeError(
          other ? `two operations are both named ${op.fullName}: ${other.method.toUpperCase()} ${other.path} and ${label}` : `method ${op.fullName} (${label}) has the same name as a group of methods`,
          "give one of them another x-fern-sdk-method-name or operationId",
          set.root.locate(op.pointer),
        );
      }
      const prefix = op.group.join(".");
      const candidates = [op.operationIdName, camelCase([op.method, ...op.path.split("/").filter((s) => s && !s.startsWith("{"))].join(" "))].filter((c): c is string => Boolean(c) && isIdentifier(c as string));
      let renamed = candidates.map((c) => (prefix ? `${prefix}.${c}` : c)).find((full) => !taken(full));
      for (let n = 2; !renamed; n++) if (!taken(`${op.fullName}${n}`)) renamed = `${op.fullName}${n}`;
      notes.push(`${label}: ${op.fullName} is taken; named ${renamed}`);
      op.methodName = renamed.slice(prefix ? prefix.length + 1 : 0);
      op.fullName = renamed;
    }
    seen.set(op.fullName, op);
  }
}

// `ServiceTokenUpdateParams`: singular resource + method; the whole group path where the short name is ambiguous.
function assignTypeNames(operations: OperationModel[]): void {
  const short = (op: OperationModel) => singular(pascalCase(op.group.at(-1) ?? "")) + pascalCase(op.methodName);
  const long = (op: OperationModel) => op.group.map((g, i, all) => (i === all.length - 1 ? singular(pascalCase(g)) : pascalCase(g))).join("") + pascalCase(op.methodName);
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(short(op), (counts.get(short(op)) ?? 0) + 1);
  const used = new Set<string>();
  for (const op of operations) {
    let base = (counts.get(short(op)) ?? 0) > 1 ? long(op) : short(op);
    // A group such as "0" or "35l" makes a name that starts with a digit: keep it a valid identifier.
    if (!/^[A-Za-z_$]/.test(base)) base = `Op${base}`;
    // Groups that differ only in spelling (url-scanner, url_scanner) can still meet: number the later ones.
    for (let n = 2; used.has(base); n++) base = `${base.replace(/\d+$/, "")}${n}`;
    used.add(base);
    op.paramsType = `${base}Params`;
    op.responseType = `${base}Response`;
  }
}

function paramToModel(p: JsonObject, resolve: SchemaResolver): ParamModel {
  const schema = resolve(p.schema);
  const s = isObject(schema) ? schema : {};
  const rule: PathRule = {};
  if (typeof s.maxLength === "number") rule.maxLength = s.maxLength;
  if (typeof s.minLength === "number") rule.minLength = s.minLength;
  if (typeof s.pattern === "string") rule.pattern = s.pattern;
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) rule.enum = s.enum as string[];
  const example = p.example ?? firstExample(p.examples, resolve) ?? exampleFromSchema(p.schema, resolve);
  return {
    name: String(p.name),
    in: p.in as ParamModel["in"],
    required: p.in === "path" || p.required === true,
    description: text(p.description) ?? text(s.description),
    rule,
    schemaType: typeof s.type === "string" ? s.type : undefined,
    example,
  };
}

function firstExample(examples: JsonValue | undefined, resolve: SchemaResolver): JsonValue | undefined {
  if (!isObject(examples)) return undefined;
  for (const entry of Object.values(examples)) {
    const e = resolve(entry);
    if (isObject(e) && e.value !== undefined) return e.value;
  }
  return undefined;
}

// Picks the JSON media type when there is one (`application/json`, `application/problem+json`, …).
function pickMediaType(content: JsonObject): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => t === "application/json") ?? types.find((t) => /[/+]json\b/.test(t)) ?? types[0];
}

function requestBodyToModel({ set, resolve, op, pointer }: OperationInput): BodyModel | undefined {
  if (op.requestBody === undefined) return undefined;
  const resolved = deref(set, op.requestBody, set.root, `${pointer}/requestBody`);
  const body = resolved?.value as JsonObject;
  const content = body.content as JsonObject;
  const contentType = pickMediaType(content);
  if (!contentType) return undefined;
  const media = resolve(content[contentType]) as JsonObject;
  const schema = resolve(media.schema);
  const properties = isObject(schema) ? collectProperties(schema, resolve) : undefined;
  const json = isJsonMediaType(contentType);
  const flattened = json && properties !== undefined && properties.length > 0 && !Array.isArray((schema as JsonObject).oneOf) && !Array.isArray((schema as JsonObject).anyOf);
  return {
    required: body.required === true,
    contentType,
    flattened,
    properties: flattened ? properties : [],
    requiredProperties: flattened ? requiredProperties(schema as JsonObject, resolve) : [],
    schemaPointer: media.schema === undefined ? undefined : `${resolved?.pointer}/content/${escape(contentType)}/schema`,
    schema: media.schema,
    examples: bodyExamples(media, resolve, json && body.required === true),
  };
}

// A required JSON body whose media type gives no schema, or an empty one (upstream writes `application/json: {}`
// and `schema: {}`), takes any JSON value, so nothing can be built from it; the contract tests still need a body
// to make the call, so it gets `{}`.
function bodyExamples(media: JsonObject, resolve: SchemaResolver, requiredJson: boolean): ExampleModel[] {
  const examples = mediaExamples(media, resolve, media.schema);
  if (examples.length === 0 && requiredJson) examples.push({ name: "built from the schema", value: {}, built: true, fits: true });
  return examples;
}

function responsesToModel({ set, resolve, op, pointer }: OperationInput): ResponseModel[] {
  const responses = op.responses as JsonObject;
  const statuses = Object.keys(responses).sort();
  const hasSuccess = statuses.some((s) => /^2/.test(s));
  return statuses.map((status) => {
    const resolved = deref(set, responses[status], set.root, `${pointer}/responses/${escape(status)}`);
    const response = resolved?.value as JsonObject;
    const content = isObject(response.content) ? response.content : {};
    const contentType = pickMediaType(content);
    const media = contentType ? (resolve(content[contentType]) as JsonObject) : undefined;
    const sampleStatus = status === "default" ? (hasSuccess ? 500 : 200) : Number(status.replace(/XX$/i, "00"));
    return {
      status,
      sampleStatus,
      contentType,
      read: contentType ? responseReadFor(content, contentType, resolve) : undefined,
      schemaPointer: media?.schema === undefined || !contentType ? undefined : `${resolved?.pointer}/content/${escape(contentType)}/schema`,
      schema: media?.schema,
      examples: media ? mediaExamples(media, resolve, media.schema) : [],
    };
  });
}

// Named `examples`, else the single `example`, else (when a schema is given) one built from the schema.
function mediaExamples(media: JsonObject, resolve: SchemaResolver, buildFrom: JsonValue | undefined): ExampleModel[] {
  const out: ExampleModel[] = [];
  if (isObject(media.examples)) {
    for (const name of Object.keys(media.examples)) {
      const e = resolve(media.examples[name]);
      if (isObject(e) && e.value !== undefined) out.push({ name, summary: text(e.summary), value: e.value, built: false, fits: exampleFits(e.value, buildFrom, resolve) });
    }
  }
  if (out.length === 0 && media.example !== undefined) out.push({ name: "example", value: media.example, built: false, fits: exampleFits(media.example, buildFrom, resolve) });
  if (out.length === 0 && buildFrom !== undefined) {
    const value = exampleFromSchema(buildFrom, resolve);
    if (value !== undefined) out.push({ name: "built from the schema", value, built: true, fits: exampleFits(value, buildFrom, resolve) });
  }
  return out;
}

// Property names of an object schema, through $ref and allOf.
export function collectProperties(schema: JsonValue, resolve: SchemaResolver, seen = new Set<object>()): string[] | undefined {
  const s = resolve(schema);
  if (!isObject(s) || seen.has(s)) return undefined;
  seen.add(s);
  const names = new Set<string>(isObject(s.properties) ? Object.keys(s.properties) : []);
  let isObjectSchema = s.type === "object" || isObject(s.properties);
  if (Array.isArray(s.allOf)) {
    for (const part of s.allOf) {
      const inner = collectProperties(part, resolve, seen);
      if (inner) {
        isObjectSchema = true;
        inner.forEach((n) => names.add(n));
      }
    }
  }
  return isObjectSchema ? [...names] : undefined;
}

// Required property names of an object schema, through $ref and allOf.
function requiredProperties(schema: JsonValue, resolve: SchemaResolver, seen = new Set<object>()): string[] {
  const s = resolve(schema);
  if (!isObject(s) || seen.has(s)) return [];
  seen.add(s);
  const own = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : [];
  const inherited = Array.isArray(s.allOf) ? s.allOf.flatMap((part) => requiredProperties(part, resolve, seen)) : [];
  return [...new Set([...own, ...inherited])];
}


function securitySchemesToModel(set: SpecSet): SecuritySchemeModel[] {
  const components = set.root.document.components;
  const schemes = isObject(components) && isObject(components.securitySchemes) ? components.securitySchemes : {};
  const out: SecuritySchemeModel[] = [];
  for (const key of Object.keys(schemes)) {
    const s = deref(set, schemes[key], set.root, pathToPointer(["components", "securitySchemes", key]))?.value;
    if (!isObject(s)) continue;
    let option = camelCase(key) || "credential";
    if (BUILT_IN_OPTIONS.has(option) || !isIdentifier(option)) option = `${option}Credential`;
    const description = text(s.description);
    if (s.type === "http" && String(s.scheme).toLowerCase() === "bearer") out.push({ key, option, type: "bearer", headerName: "Authorization", description });
    else if (s.type === "http" && String(s.scheme).toLowerCase() === "basic") out.push({ key, option, type: "basic", headerName: "Authorization", description });
    else if (s.type === "oauth2" || s.type === "openIdConnect") out.push({ key, option, type: "bearer", headerName: "Authorization", description });
    else if (s.type === "apiKey" && s.in === "header" && typeof s.name === "string") out.push({ key, option, type: "header", headerName: s.name, description });
    // apiKey in query or cookie is not supported by the runtime: operations that only accept it get no credentials.
  }
  return out;
}

// Every operation's security alternatives, deduplicated in first-seen order: the client authenticates once for all.
function credentialAlternatives(operations: OperationModel[], schemes: SecuritySchemeModel[]): SecuritySchemeModel[][] {
  const byKey = new Map(schemes.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const out: SecuritySchemeModel[][] = [];
  for (const op of operations) {
    for (const alternative of op.security) {
      const id = alternative.join("+");
      if (seen.has(id) || alternative.length === 0) continue;
      seen.add(id);
      out.push(alternative.map((key) => byKey.get(key)).filter((s): s is SecuritySchemeModel => s !== undefined));
    }
  }
  return out;
}

function operationSecurity(security: JsonValue | undefined, schemes: SecuritySchemeModel[]): string[][] {
  if (!Array.isArray(security)) return [];
  const known = new Set(schemes.map((s) => s.key));
  const alternatives: string[][] = [];
  for (const requirement of security) {
    if (!isObject(requirement)) continue;
    const keys = Object.keys(requirement);
    if (keys.every((k) => known.has(k))) alternatives.push(keys);
  }
  return alternatives;
}

function namedSchemas(doc: JsonObject): NamedSchema[] {
  const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const out: NamedSchema[] = [];
  const taken = new Set(RESERVED_EXPORTS);
  for (const key of Object.keys(schemas).sort()) {
    const schema = schemas[key];
    if (!isObject(schema) || typeof schema.title !== "string") continue;
    const exportName = pascalCase(schema.title);
    if (!isIdentifier(exportName) || taken.has(exportName)) continue;
    taken.add(exportName);
    out.push({ exportName, schemaKey: key, description: text(schema.description) });
  }
  return out;
}

function serverUrl(servers: JsonValue | undefined): string {
  if (!Array.isArray(servers) || !isObject(servers[0])) return "";
  const server = servers[0];
  let url = String(server.url ?? "");
  // Server variables take their defaults (https://spec.openapis.org/oas/v3.1.0#server-variable-object).
  if (isObject(server.variables)) {
    for (const [name, variable] of Object.entries(server.variables)) {
      if (isObject(variable)) url = url.replaceAll(`{${name}}`, String(variable.default ?? ""));
    }
  }
  return url.replace(/\/+$/, "");
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
