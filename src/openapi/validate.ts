import { nearest } from "../errors.js";
import { specError, type JsonObject, type JsonValue } from "./load.js";
import { childPointer, pathToPointer } from "./pointer.js";
import { deref, isObject, type SpecSet } from "./refs.js";
import { schemaDialectProblems } from "./schema-dialect.js";
import { forEachSchema, HTTP_METHODS } from "./walk.js";

export { HTTP_METHODS } from "./walk.js";
export type HttpMethod = (typeof HTTP_METHODS)[number];

// Styles openapi-fetch can serialize, per parameter location (https://spec.openapis.org/oas/v3.1.0#style-values).
const SUPPORTED_STYLES: Record<string, readonly string[]> = {
  path: ["simple", "label", "matrix"],
  query: ["form", "spaceDelimited", "pipeDelimited", "deepObject"],
  header: ["simple"],
  cookie: ["form"],
};

// Checks the shape rules the generator relies on, so later stages can trust the document.
export function validateSpec(set: SpecSet): void {
  const { root } = set;
  const doc = root.document;
  const fail = (problem: string, hint: string, pointer: string): never => {
    throw specError(problem, hint, root.locate(pointer));
  };
  if (doc.swagger !== undefined) {
    fail(`Swagger ${String(doc.swagger)} is not supported, only OpenAPI 3.0 and 3.1`, "convert it to OpenAPI 3 first, e.g. with `npx swagger2openapi`", "#/swagger");
  }
  checkVersion(doc.openapi, fail);
  if (doc.info === undefined) fail("missing `info` object", "add `info:` with `title` and `version` at the top level", "#");
  if (!isObject(doc.info)) fail(`\`info\` must be a mapping, found ${describe(doc.info)}`, "write `info:` with `title:` and `version:` under it", "#/info");
  if (doc.paths === undefined) fail("missing `paths` object: specforge generates the client from the operations under `paths`", "add `paths:` with at least one operation, e.g. `/pets: { get: … }`", "#");
  if (!isObject(doc.paths)) fail(`\`paths\` must be a mapping from path templates to path items, found ${describe(doc.paths)}`, "write `paths:` with entries such as `/pets: { get: … }`", "#/paths");
  checkSecurityRequirements(doc.security, doc, "#/security", fail);
  checkComponentNames(doc.components, fail);
  checkSchemaTypes(doc, fail);
  checkSchemaDialect(doc, fail);
  const paths = doc.paths as JsonObject;
  for (const template of Object.keys(paths)) {
    const itemPointer = pathToPointer(["paths", template]);
    if (!template.startsWith("/")) fail(`path '${template}' does not start with '/'`, "paths are relative to the server URL and start with '/'", itemPointer);
    const item = deref(set, paths[template], root, itemPointer);
    if (!item || !isObject(item.value)) fail(`path item '${template}' is not an object`, "each path maps HTTP methods to operations", itemPointer);
    const pathItem = item!.value as JsonObject;
    const shared = parameterList(set, pathItem.parameters, `${itemPointer}/parameters`);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      const opPointer = `${itemPointer}/${method}`;
      if (!isObject(operation)) fail(`operation ${method.toUpperCase()} ${template} is not an object`, "an operation is a mapping with `responses`", opPointer);
      validateOperation(set, template, method, operation as JsonObject, opPointer, shared, fail);
    }
  }
}

type Fail = (problem: string, hint: string, pointer: string) => never;

// `openapi` must be a 3.0.x or 3.1.x version string; the common mistakes get their own hint.
function checkVersion(version: JsonValue | undefined, fail: Fail): void {
  if (version === undefined) fail("missing `openapi` version field", "add `openapi: 3.0.3` (or `openapi: 3.1.0`) as the first line", "#");
  if (typeof version === "number") {
    fail(`\`openapi\` is the number ${version}, not a version string`, `YAML reads an unquoted ${version} as a number: write the full version, e.g. \`openapi: 3.0.3\` or \`openapi: "3.1.0"\``, "#/openapi");
  }
  if (typeof version !== "string") fail(`\`openapi\` must be a version string, found ${describe(version)}`, "write e.g. `openapi: 3.0.3`", "#/openapi");
  const text = version as string;
  if (/^3\.[01]\.\d+$/.test(text)) return;
  if (/^3\.[01]$/.test(text)) fail(`OpenAPI version "${text}" lacks the patch number`, `write the full version, e.g. "${text}.0"`, "#/openapi");
  if (/^2(\.|$)/.test(text)) fail(`OpenAPI ${text} is Swagger 2, which is not supported`, "convert it to OpenAPI 3 first, e.g. with `npx swagger2openapi`", "#/openapi");
  fail(`unsupported OpenAPI version "${text}"`, "specforge reads OpenAPI 3.0.x and 3.1.x; if the document follows one of those, write that version, e.g. 3.1.0", "#/openapi");
}

// Each security requirement must name schemes that components.securitySchemes declares.
function checkSecurityRequirements(security: JsonValue | undefined, doc: JsonObject, pointer: string, fail: Fail): void {
  if (security === undefined) return;
  if (!Array.isArray(security)) fail(`\`security\` must be a list of requirements, found ${describe(security)}`, "write e.g. `security: [{ api_token: [] }]`", pointer);
  const declared = isObject(doc.components) && isObject(doc.components.securitySchemes) ? Object.keys(doc.components.securitySchemes) : [];
  (security as JsonValue[]).forEach((requirement, index) => {
    const at = `${pointer}/${index}`;
    if (!isObject(requirement)) fail(`a security requirement must be a mapping, found ${describe(requirement)}`, "write e.g. `- api_token: []`", at);
    for (const name of Object.keys(requirement as JsonObject)) {
      if (declared.includes(name)) continue;
      const near = nearest(name, declared);
      fail(
        `security requirement names '${name}', which components.securitySchemes does not declare`,
        near ? `did you mean '${near}'?` : declared.length > 0 ? `declared schemes: ${declared.join(", ")}` : "declare it under components.securitySchemes",
        childPointer(at, name),
      );
    }
  });
}

// Component names are used as type keys and in $refs; OpenAPI restricts them to ^[a-zA-Z0-9.\-_]+$.
function checkComponentNames(components: JsonValue | undefined, fail: Fail): void {
  if (components === undefined) return;
  if (!isObject(components)) fail(`\`components\` must be a mapping, found ${describe(components)}`, "write `components:` with `schemas:`, `parameters:` and so on under it", "#/components");
  for (const [section, entries] of Object.entries(components as JsonObject)) {
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      if (/^[a-zA-Z0-9._-]+$/.test(name)) continue;
      const suggestion = name.replace(/[^a-zA-Z0-9._-]+/g, "_").replace(/^_+|_+$/g, "");
      fail(
        `component name ${JSON.stringify(name)} in components.${section} is not allowed: OpenAPI limits component names to letters, digits, '.', '-' and '_'`,
        suggestion ? `rename it (and the $refs to it), e.g. to '${suggestion}'` : "give it a name made of letters, digits, '.', '-' or '_', and update the $refs to it",
        pathToPointer(["components", section, name]),
      );
    }
  }
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value === "string" ? "the string" : `the ${typeof value}`} ${JSON.stringify(value).slice(0, 40)}`;
}

// A schema is a mapping (OpenAPI 3.1 also allows `true` and `false`).
function checkSchema(set: SpecSet, schema: JsonValue | undefined, pointer: string, label: string, fail: Fail): void {
  if (schema === undefined) return;
  const is31 = String(set.root.document.openapi).startsWith("3.1");
  if (isObject(schema) || (is31 && typeof schema === "boolean")) return;
  const ref = refFromName(set, schema);
  fail(`${label}: \`schema\` must be a mapping, found ${describe(schema)}`, ref ? `to refer to a schema, write \`schema: { $ref: "${ref}" }\`` : "write a schema object, e.g. `schema: { type: string }`, or a `$ref`", pointer);
}

// `Pet` or `#/components/schemas/Pet` written where a schema object belongs: the $ref that was probably meant.
function refFromName(set: SpecSet, value: JsonValue): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value.startsWith("#/") || /\.(ya?ml|json)(#|$)/.test(value)) return value;
  const components = set.root.document.components;
  const schemas = isObject(components) && isObject(components.schemas) ? components.schemas : {};
  return Object.hasOwn(schemas, value) ? `#/components/schemas/${value}` : undefined;
}

// `content` is a mapping of media types to media type objects, each with an optional schema.
function checkContent(set: SpecSet, content: JsonValue, pointer: string, label: string, fail: Fail): void {
  for (const [mediaType, entry] of Object.entries(content as JsonObject)) {
    const at = childPointer(pointer, mediaType);
    if (!/^[^/\s;]+\/[^/\s;]+(\s*;.*)?$/.test(mediaType)) fail(`${label}: '${mediaType}' is not a media type`, "use a media type such as application/json, text/plain or */*", at);
    const media = deref(set, entry, set.root, at);
    if (!media || !isObject(media.value)) {
      const ref = media ? refFromName(set, media.value) : undefined;
      fail(`${label}: media type '${mediaType}' must map to a mapping, found ${describe(media?.value)}`, `write \`${mediaType}: { schema: ${ref ? `{ $ref: "${ref}" }` : "…"} }\``, at);
    }
    checkSchema(set, (media!.value as JsonObject).schema, `${at}/schema`, `${label} (${mediaType})`, fail);
  }
}

interface ParamRef {
  name: string;
  in: string;
  value: JsonObject;
  pointer: string;
}

// Resolves a `parameters` list into parameter objects with their pointers.
export function parameterList(set: SpecSet, list: JsonValue | undefined, pointer: string): ParamRef[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw specError("`parameters` must be a list", "write each parameter as a list item", set.root.locate(pointer));
  return list.map((entry, index) => {
    const at = `${pointer}/${index}`;
    const resolved = deref(set, entry, set.root, at);
    const value = resolved?.value;
    if (!isObject(value) || typeof value.name !== "string" || typeof value.in !== "string") {
      throw specError("a parameter needs `name` and `in`", "give every parameter a name and a location (path, query, header, cookie)", set.root.locate(at));
    }
    return { name: value.name, in: value.in, value, pointer: at };
  });
}

function validateOperation(set: SpecSet, template: string, method: string, op: JsonObject, pointer: string, shared: ParamRef[], fail: Fail): void {
  const label = `${method.toUpperCase()} ${template}`;
  const own = parameterList(set, op.parameters, `${pointer}/parameters`);
  const byKey = new Map<string, ParamRef>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  const seenOwn = new Set<string>();
  for (const p of own) {
    const key = `${p.in}:${p.name}`;
    if (seenOwn.has(key)) fail(`${label}: parameter '${p.name}' in ${p.in} is declared twice`, "remove one of the two declarations; a parameter is identified by its name and location", p.pointer);
    seenOwn.add(key);
  }
  const params = [...byKey.values()];
  const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  for (const name of inTemplate) {
    if (!params.some((p) => p.in === "path" && p.name === name)) {
      // A near miss (`petid` for `{petId}`) is almost always the same parameter, misspelt.
      const unused = params.filter((p) => p.in === "path" && !inTemplate.includes(p.name));
      const near = nearest(name, unused.map((p) => p.name));
      const similar = unused.find((p) => p.name === near);
      if (similar) {
        fail(`${label}: path template has {${name}} but no path parameter declares it; the path parameter '${similar.name}' is declared instead`, "rename one to match the other; names are case-sensitive", similar.pointer);
      }
      fail(`${label}: path template has {${name}} but no path parameter declares it`, `add a parameter { name: ${name}, in: path, required: true, schema: { type: string } }`, pointer);
    }
  }
  for (const p of params) {
    if (!["path", "query", "header", "cookie"].includes(p.in)) {
      fail(`${label}: parameter '${p.name}' has unknown location '${p.in}'`, "use path, query, header or cookie", p.pointer);
    }
    if (p.in === "path" && !inTemplate.includes(p.name)) {
      fail(`${label}: path parameter '${p.name}' is not in the path template`, `add {${p.name}} to the path, or remove the parameter`, p.pointer);
    }
    if (p.value.schema === undefined && p.value.content === undefined) {
      fail(`${label}: parameter '${p.name}' has neither \`schema\` nor \`content\``, "give it a schema, e.g. `schema: { type: string }`", p.pointer);
    }
    checkSchema(set, p.value.schema, `${p.pointer}/schema`, `${label}: parameter '${p.name}'`, fail);
    const style = p.value.style;
    if (style !== undefined && !(SUPPORTED_STYLES[p.in] ?? []).includes(String(style))) {
      fail(`${label}: parameter '${p.name}' uses style '${String(style)}', which is not supported in ${p.in}`, `use one of: ${(SUPPORTED_STYLES[p.in] ?? []).join(", ")}`, `${p.pointer}/style`);
    }
  }
  if (op.requestBody !== undefined) {
    const at = `${pointer}/requestBody`;
    const body = deref(set, op.requestBody, set.root, at);
    if (!body || !isObject(body.value)) fail(`${label}: requestBody must be a mapping, found ${describe(body?.value)}`, "write `requestBody: { content: { application/json: { schema: … } } }`", at);
    const bodyAt = body!.file === set.root ? body!.pointer : at;
    const content = (body!.value as JsonObject).content;
    if (content === undefined) {
      const stray = ["schema", "examples", "example"].find((k) => (body!.value as JsonObject)[k] !== undefined);
      fail(
        `${label}: requestBody has no \`content\` map${stray ? ` (its \`${stray}\` belongs under a media type)` : ""}`,
        "nest it under a media type: `requestBody: { content: { application/json: { schema: … } } }`",
        bodyAt,
      );
    }
    if (!isObject(content)) fail(`${label}: requestBody \`content\` must be a map of media types, found ${describe(content)}`, "write `content: { application/json: { schema: … } }`", `${bodyAt}/content`);
    if (Object.keys(content as JsonObject).length === 0) fail(`${label}: requestBody \`content\` names no media type, so there is no body to send`, "add one, e.g. `application/json: { schema: … }`, or remove the requestBody", `${bodyAt}/content`);
    checkContent(set, content as JsonValue, `${bodyAt}/content`, `${label} request body`, fail);
    checkSendableBody({ method, body: body!.value as JsonObject, label, at }, fail);
  }
  if (op.responses === undefined) fail(`${label}: missing \`responses\``, "document at least one response, e.g. `responses: { \"200\": { description: OK } }`", pointer);
  if (!isObject(op.responses)) fail(`${label}: \`responses\` must be a mapping from status codes to responses, found ${describe(op.responses)}`, "write e.g. `responses: { \"200\": { description: OK } }`", `${pointer}/responses`);
  if (Object.keys(op.responses as JsonObject).length === 0) fail(`${label}: \`responses\` is empty`, "document at least one response, e.g. `\"200\": { description: OK }`", `${pointer}/responses`);
  checkSecurityRequirements(op.security, set.root.document, `${pointer}/security`, fail);
  for (const [status, entry] of Object.entries(op.responses as JsonObject)) {
    const at = childPointer(`${pointer}/responses`, status);
    if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) fail(`${label}: response key '${status}' is not a status code`, "use a code such as 200, a range such as 4XX, or default", at);
    const response = deref(set, entry, set.root, at);
    if (!response || !isObject(response.value)) fail(`${label}: response ${status} must be a mapping, found ${describe(response?.value)}`, "a response needs a `description`, and `content` when it has a body", at);
    const content = (response!.value as JsonObject).content;
    if (content !== undefined && !isObject(content)) {
      fail(`${label}: response ${status} has \`content\` that is not a map of media types (found ${describe(content)})`, "write `content: { application/json: { schema: … } }`", `${response!.file === set.root ? response!.pointer : at}/content`);
    }
    const base = response!.file === set.root ? response!.pointer : at;
    if (content !== undefined) checkContent(set, content, `${base}/content`, `${label}: response ${status}`, fail);
  }
}

const SCHEMA_TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"];
// The `type` values of a schema that are not JSON Schema types.
export function unknownSchemaTypes(schema: JsonObject): JsonValue[] {
  if (schema.type === undefined) return [];
  return (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => !(typeof t === "string" && SCHEMA_TYPES.includes(t)));
}

// A schema `type` outside JSON Schema's seven would generate a type that matches nothing
// (https://spec.openapis.org/oas/v3.0.3#data-types).
function checkSchemaTypes(doc: JsonObject, fail: (problem: string, hint: string, pointer: string) => never): void {
  forEachSchema(doc, (schema, pointer) => {
    const [type] = unknownSchemaTypes(schema);
    if (type === undefined) return;
    const near = typeof type === "string" ? nearest(type, SCHEMA_TYPES) : undefined;
    fail(`schema type ${JSON.stringify(type)} is not a JSON Schema type`, near ? `did you mean '${near}'? (or run with --lenient to read it as any type)` : `use one of ${SCHEMA_TYPES.join(", ")}, or run with --lenient to read it as any type`, `${pointer}/type`);
  }, { document: doc });
}

// OpenAPI 3.0 keywords in a 3.1 document, and patterns JavaScript cannot read (src/openapi/schema-dialect.ts): a
// located error, since each would make the types, the examples and the contract tests read the schema differently.
// `--lenient` rewrites them instead (src/openapi/repair.ts), naming each.
function checkSchemaDialect(doc: JsonObject, fail: Fail): void {
  const problems = schemaDialectProblems(doc);
  const [first] = problems;
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more such place${problems.length > 2 ? "s" : ""})` : "";
  const hint = first.keyword === "pattern" || first.keyword === "patternProperties" ? "fix the regular expression, or run with --lenient to drop it" : "write it the 3.1 way, or run with --lenient to read it as OpenAPI 3.0 meant it";
  fail(`${first.problem}${more}`, hint, `${first.pointer}/${first.keyword === "patternProperties" ? "" : first.keyword}`.replace(/\/$/, ""));
}

// A GET or HEAD whose request body is required could never succeed: fetch refuses to send a body with either
// ("Request with GET/HEAD method cannot have body"). An optional one is fine: the client sends none unless given.
function checkSendableBody({ method, body, label, at }: { method: string; body: JsonObject; label: string; at: string }, fail: Fail): void {
  if ((method === "get" || method === "head") && body.required === true) {
    fail(`${label}: its request body is required, but fetch cannot send a body with ${method.toUpperCase()}, so no call could succeed`, "make the body optional or move it to another method, or run with --lenient to drop it", at);
  }
}
