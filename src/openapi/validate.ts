import { nearest } from "../errors.js";
import { specError, type JsonObject, type JsonValue, type LoadedFile } from "./load.js";
import { childPointer, pathToPointer } from "./pointer.js";
import { deref, forEachSchemaOfSet, isObject, type Resolved, type SpecSet } from "./refs.js";
import { schemaDialectProblems } from "./schema-dialect.js";
import { HTTP_METHODS } from "./walk.js";

export { HTTP_METHODS } from "./walk.js";
export type HttpMethod = (typeof HTTP_METHODS)[number];

// Styles openapi-fetch can serialize, per parameter location (https://spec.openapis.org/oas/v3.1.0#style-values).
export const SUPPORTED_STYLES: Readonly<Record<string, readonly string[]>> = {
  path: ["simple", "label", "matrix"],
  query: ["form", "spaceDelimited", "pipeDelimited", "deepObject"],
  header: ["simple"],
  cookie: ["form"],
};

// A `responses` key: a status code, a range or `default` (https://spec.openapis.org/oas/v3.1.0#patterned-fields-0).
export function isStatusKey(key: string): boolean {
  return /^([1-5]\d\d|[1-5]XX|default)$/.test(key);
}

// A `content` key: a media type or media range, parameters allowed (RFC 6838, RFC 9110 section 8.3.1).
export function isMediaTypeKey(key: string): boolean {
  return /^[^/\s;]+\/[^/\s;]+(\s*;.*)?$/.test(key);
}

// Checks the shape rules the generator relies on, so later stages can trust the document. An operation, path item,
// parameter, request body or response given as a `$ref` (to another file, as in Redocly's multi-file layout) is
// checked where it is, and a problem in it is reported at its own file and line. With `lenient`, what --lenient
// reads as written (src/openapi/repair-shapes.ts: a component name OpenAPI does not allow, a 3.0 operation without
// `responses`) is let through.
export function validateSpec(set: SpecSet, options: { lenient?: boolean } = {}): void {
  const { root } = set;
  const doc = root.document;
  const fail = failIn(root);
  if (doc.swagger !== undefined) {
    fail(`Swagger ${String(doc.swagger)} is not supported, only OpenAPI 3.0 and 3.1`, "convert it to OpenAPI 3 first, e.g. with `npx swagger2openapi`", "#/swagger");
  }
  checkVersion(doc.openapi, fail);
  if (doc.info === undefined) fail("missing `info` object", "add `info:` with `title` and `version` at the top level", "#");
  if (!isObject(doc.info)) fail(`\`info\` must be a mapping, found ${describe(doc.info)}`, "write `info:` with `title:` and `version:` under it", "#/info");
  if (doc.paths === undefined) fail("missing `paths` object: specforge generates the client from the operations under `paths`", "add `paths:` with at least one operation, e.g. `/pets: { get: … }`", "#");
  if (!isObject(doc.paths)) fail(`\`paths\` must be a mapping from path templates to path items, found ${describe(doc.paths)}`, "write `paths:` with entries such as `/pets: { get: … }`", "#/paths");
  checkSecurityRequirements(doc.security, doc, "#/security", fail);
  checkComponentNames(doc.components, { fail, lenient: options.lenient === true });
  checkSchemaTypes(set);
  checkSchemaDialect(set);
  for (const { template, item, operations } of operationsOf(set)) {
    if (!template.startsWith("/")) fail(`path '${template}' does not start with '/'`, "paths are relative to the server URL and start with '/'; --lenient reads it with one", pathToPointer(["paths", template]));
    if (!isObject(item.value)) fail(`path item '${template}' is not an object`, "each path maps HTTP methods to operations", pathToPointer(["paths", template]));
    const shared = parameterList(set, (item.value as JsonObject).parameters, { base: item.file, pointer: `${item.pointer}/parameters` });
    for (const { method, operation } of operations) {
      if (!isObject(operation.value)) {
        failIn(operation.file)(`operation ${method.toUpperCase()} ${template} is not an object`, "an operation is a mapping with `responses`", operation.pointer);
      }
      const responsesOptional = options.lenient === true || String(doc.openapi).startsWith("3.1");
      validateOperation(set, { label: `${method.toUpperCase()} ${template}`, method, template, operation: operation as Resolved & { value: JsonObject }, shared, responsesOptional });
    }
  }
}

// A path item and its operations, each resolved through any `$ref` to where it is written.
export interface PathOperations {
  template: string;
  item: Resolved;
  operations: { method: HttpMethod; operation: Resolved }[];
}

// Every path item of the root document and the operations it declares, `$ref`s followed (an operation given as
// `get: { $ref: ops/x.yml }`, which Redocly and openapi-typescript read as the operation that file holds).
export function operationsOf(set: SpecSet): PathOperations[] {
  const { root } = set;
  const paths = isObject(root.document.paths) ? root.document.paths : {};
  return Object.keys(paths).map((template) => {
    const itemPointer = pathToPointer(["paths", template]);
    const item = deref(set, paths[template], root, itemPointer) ?? { file: root, pointer: itemPointer, value: null };
    const operations: PathOperations["operations"] = [];
    if (isObject(item.value)) {
      for (const method of HTTP_METHODS) {
        const value = item.value[method];
        if (value === undefined) continue;
        const at = `${item.pointer}/${method}`;
        operations.push({ method, operation: deref(set, value, item.file, at) ?? { file: item.file, pointer: at, value: null } });
      }
    }
    return { template, item, operations };
  });
}

// Throws a problem found in `file` at the line of a pointer into it.
function failIn(file: LoadedFile): Fail {
  return (problem, hint, pointer) => {
    throw specError(problem, hint, file.locate(pointer));
  };
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
  if (/^3\.[01]$/.test(text)) fail(`OpenAPI version "${text}" lacks the patch number`, `write the full version, e.g. "${text}.0" (--lenient reads it so)`, "#/openapi");
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

// Component names are used as type keys and in $refs; OpenAPI restricts them to ^[a-zA-Z0-9.\-_]+$. With `lenient`,
// any other non-empty name is read as written (the empty one's $ref names the map itself).
function checkComponentNames(components: JsonValue | undefined, { fail, lenient }: { fail: Fail; lenient: boolean }): void {
  if (components === undefined) return;
  if (!isObject(components)) fail(`\`components\` must be a mapping, found ${describe(components)}`, "write `components:` with `schemas:`, `parameters:` and so on under it", "#/components");
  for (const [section, entries] of Object.entries(components as JsonObject)) {
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      if (/^[a-zA-Z0-9._-]+$/.test(name) || (lenient && name !== "")) continue;
      const suggestion = name.replace(/[^a-zA-Z0-9._-]+/g, "_").replace(/^_+|_+$/g, "");
      fail(
        `component name ${JSON.stringify(name)} in components.${section} is not allowed: OpenAPI limits component names to letters, digits, '.', '-' and '_'`,
        suggestion ? `rename it (and the $refs to it), e.g. to '${suggestion}', or run with --lenient to read it as written` : "give it a name made of letters, digits, '.', '-' or '_', and update the $refs to it",
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

// `content` is a mapping of media types to media type objects, each with an optional schema. `base` is the file the
// map is written in, which its `$ref`s are relative to.
function checkContent(set: SpecSet, content: JsonValue, where: { base: LoadedFile; pointer: string; label: string }): void {
  const { base, pointer, label } = where;
  const fail = failIn(base);
  for (const [mediaType, entry] of Object.entries(content as JsonObject)) {
    const at = childPointer(pointer, mediaType);
    if (!isMediaTypeKey(mediaType)) fail(`${label}: '${mediaType}' is not a media type`, "use a media type such as application/json, text/plain or */*; --lenient drops a key that is none", at);
    const media = deref(set, entry, base, at);
    if (!media || !isObject(media.value)) {
      const ref = media ? refFromName(set, media.value) : undefined;
      fail(`${label}: media type '${mediaType}' must map to a mapping, found ${describe(media?.value)}`, `write \`${mediaType}: { schema: ${ref ? `{ $ref: "${ref}" }` : "…"} }\``, at);
    }
    checkSchema(set, (media!.value as JsonObject).schema, `${media!.pointer}/schema`, `${label} (${mediaType})`, failIn(media!.file));
  }
}

interface ParamRef {
  name: string;
  in: string;
  value: JsonObject;
  /** Where the parameter object is written: its file and pointer there. */
  file: LoadedFile;
  pointer: string;
}

// Resolves a `parameters` list (written at `pointer` in `base`, the root unless given) into parameter objects, each
// with the file and pointer it is written at.
export function parameterList(set: SpecSet, list: JsonValue | undefined, where: string | { base: LoadedFile; pointer: string }): ParamRef[] {
  const { base, pointer } = typeof where === "string" ? { base: set.root, pointer: where } : where;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw specError("`parameters` must be a list", "write each parameter as a list item", base.locate(pointer));
  return list.map((entry, index) => {
    const at = `${pointer}/${index}`;
    const resolved = deref(set, entry, base, at);
    const value = resolved?.value;
    if (!resolved || !isObject(value) || typeof value.name !== "string" || typeof value.in !== "string") {
      throw specError("a parameter needs `name` and `in`", "give every parameter a name and a location (path, query, header, cookie)", (resolved?.file ?? base).locate(resolved?.pointer ?? at));
    }
    return { name: value.name, in: value.in, value, file: resolved.file, pointer: resolved.pointer };
  });
}

interface OperationSite {
  /** `GET /pets`, for messages. */
  label: string;
  method: HttpMethod;
  template: string;
  /** The operation object, where it is written. */
  operation: Resolved & { value: JsonObject };
  /** The path item's parameters. */
  shared: ParamRef[];
  /** Whether the operation may leave out `responses` (OpenAPI 3.1, or 3.0 under --lenient). */
  responsesOptional: boolean;
}

function validateOperation(set: SpecSet, site: OperationSite): void {
  const { label, template, shared } = site;
  const { value: op, file, pointer } = site.operation;
  const fail = failIn(file);
  const at = (p: ParamRef): Fail => failIn(p.file);
  const own = parameterList(set, op.parameters, { base: file, pointer: `${pointer}/parameters` });
  const byKey = new Map<string, ParamRef>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  const seenOwn = new Set<string>();
  for (const p of own) {
    const key = `${p.in}:${p.name}`;
    if (seenOwn.has(key)) at(p)(`${label}: parameter '${p.name}' in ${p.in} is declared twice`, "remove one of the two declarations; a parameter is identified by its name and location (--lenient keeps the later one)", p.pointer);
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
        at(similar)(`${label}: path template has {${name}} but no path parameter declares it; the path parameter '${similar.name}' is declared instead`, "rename one to match the other; names are case-sensitive", similar.pointer);
      }
      fail(`${label}: path template has {${name}} but no path parameter declares it`, `add a parameter { name: ${name}, in: path, required: true, schema: { type: string } }`, pointer);
    }
  }
  for (const p of params) {
    if (!["path", "query", "header", "cookie"].includes(p.in)) {
      at(p)(`${label}: parameter '${p.name}' has unknown location '${p.in}'`, `use path, query, header or cookie${p.in === "body" || p.in === "formData" ? "; a body is a requestBody in OpenAPI 3 (--lenient drops this parameter)" : ""}`, p.pointer);
    }
    if (p.in === "path" && !inTemplate.includes(p.name)) {
      at(p)(`${label}: path parameter '${p.name}' is not in the path template`, `add {${p.name}} to the path, or remove the parameter`, p.pointer);
    }
    if (p.value.schema === undefined && p.value.content === undefined) {
      at(p)(`${label}: parameter '${p.name}' has neither \`schema\` nor \`content\``, "give it a schema, e.g. `schema: { type: string }`, or run with --lenient to read it as any value", p.pointer);
    }
    checkSchema(set, p.value.schema, `${p.pointer}/schema`, `${label}: parameter '${p.name}'`, at(p));
    const style = p.value.style;
    if (style !== undefined && !(SUPPORTED_STYLES[p.in] ?? []).includes(String(style))) {
      at(p)(`${label}: parameter '${p.name}' uses style '${String(style)}', which is not supported in ${p.in}`, `use one of: ${(SUPPORTED_STYLES[p.in] ?? []).join(", ")} (--lenient reads it as the first)`, `${p.pointer}/style`);
    }
  }
  if (op.requestBody !== undefined) {
    const body = deref(set, op.requestBody, file, `${pointer}/requestBody`);
    if (!body || !isObject(body.value)) fail(`${label}: requestBody must be a mapping, found ${describe(body?.value)}`, "write `requestBody: { content: { application/json: { schema: … } } }`", `${pointer}/requestBody`);
    const { file: bodyFile, pointer: bodyAt, value } = body as Resolved & { value: JsonObject };
    const failBody = failIn(bodyFile);
    const content = value.content;
    if (content === undefined) {
      const stray = ["schema", "examples", "example"].find((k) => value[k] !== undefined);
      failBody(
        `${label}: requestBody has no \`content\` map${stray ? ` (its \`${stray}\` belongs under a media type)` : ""}`,
        "nest it under a media type: `requestBody: { content: { application/json: { schema: … } } }`",
        bodyAt,
      );
    }
    if (!isObject(content)) failBody(`${label}: requestBody \`content\` must be a map of media types, found ${describe(content)}`, "write `content: { application/json: { schema: … } }`", `${bodyAt}/content`);
    if (Object.keys(content as JsonObject).length === 0) failBody(`${label}: requestBody \`content\` names no media type, so there is no body to send`, "add one, e.g. `application/json: { schema: … }`, or remove the requestBody", `${bodyAt}/content`);
    checkContent(set, content as JsonValue, { base: bodyFile, pointer: `${bodyAt}/content`, label: `${label} request body` });
    checkSendableBody({ method: site.method, body: value, label, at: `${pointer}/requestBody` }, fail);
  }
  checkSecurityRequirements(op.security, set.root.document, `${pointer}/security`, fail);
  if (op.responses === undefined) {
    if (site.responsesOptional) return;
    fail(`${label}: missing \`responses\``, "document at least one response, e.g. `responses: { \"200\": { description: OK } }`, or run with --lenient to read it as documenting none", pointer);
  }
  if (!isObject(op.responses)) fail(`${label}: \`responses\` must be a mapping from status codes to responses, found ${describe(op.responses)}`, "write e.g. `responses: { \"200\": { description: OK } }`", `${pointer}/responses`);
  if (Object.keys(op.responses as JsonObject).length === 0) fail(`${label}: \`responses\` is empty`, "document at least one response, e.g. `\"200\": { description: OK }`, or run with --lenient to read it as documenting none", `${pointer}/responses`);
  for (const [status, entry] of Object.entries(op.responses as JsonObject)) {
    const at = childPointer(`${pointer}/responses`, status);
    if (!isStatusKey(status)) fail(`${label}: response key '${status}' is not a status code`, "use a code such as 200, a range such as 4XX, or default; --lenient drops a key that is none", at);
    const response = deref(set, entry, file, at);
    if (!response || !isObject(response.value)) fail(`${label}: response ${status} must be a mapping, found ${describe(response?.value)}`, "a response needs a `description`, and `content` when it has a body", at);
    const { file: responseFile, pointer: responseAt, value } = response as Resolved & { value: JsonObject };
    const content = value.content;
    if (content !== undefined && !isObject(content)) {
      failIn(responseFile)(`${label}: response ${status} has \`content\` that is not a map of media types (found ${describe(content)})`, "write `content: { application/json: { schema: … } }`", `${responseAt}/content`);
    }
    if (content !== undefined) checkContent(set, content, { base: responseFile, pointer: `${responseAt}/content`, label: `${label}: response ${status}` });
  }
}

const SCHEMA_TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"];
// The `type` values of a schema that are not JSON Schema types.
export function unknownSchemaTypes(schema: JsonObject): JsonValue[] {
  if (schema.type === undefined) return [];
  return (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => !(typeof t === "string" && SCHEMA_TYPES.includes(t)));
}

// A schema `type` outside JSON Schema's seven would generate a type that matches nothing
// (https://spec.openapis.org/oas/v3.0.3#data-types). Every file's schemas are checked, at their own lines.
function checkSchemaTypes(set: SpecSet): void {
  forEachSchemaOfSet(set, (schema, pointer, file) => {
    const [type] = unknownSchemaTypes(schema);
    if (type === undefined) return;
    const near = typeof type === "string" ? nearest(type, SCHEMA_TYPES) : undefined;
    failIn(file)(`schema type ${JSON.stringify(type)} is not a JSON Schema type`, near ? `did you mean '${near}'? (or run with --lenient to read it as any type)` : `use one of ${SCHEMA_TYPES.join(", ")}, or run with --lenient to read it as any type`, `${pointer}/type`);
  });
}

// OpenAPI 3.0 keywords in a 3.1 document, and patterns JavaScript cannot read (src/openapi/schema-dialect.ts), in any
// file of the set: a located error, since each would make the types, the examples and the contract tests read the
// schema differently. `--lenient` rewrites them instead (src/openapi/repair.ts), naming each.
function checkSchemaDialect(set: SpecSet): void {
  const problems = schemaDialectProblems(set);
  const [first] = problems;
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more such place${problems.length > 2 ? "s" : ""})` : "";
  const hint = first.keyword === "pattern" || first.keyword === "patternProperties" ? "fix the regular expression, or run with --lenient to drop it" : "write it the 3.1 way, or run with --lenient to read it as OpenAPI 3.0 meant it";
  failIn(first.file)(`${first.problem}${more}`, hint, `${first.pointer}/${first.keyword === "patternProperties" ? "" : first.keyword}`.replace(/\/$/, ""));
}

// A GET or HEAD whose request body is required could never succeed: fetch refuses to send a body with either
// ("Request with GET/HEAD method cannot have body"). An optional one is fine: the client sends none unless given.
function checkSendableBody({ method, body, label, at }: { method: HttpMethod; body: JsonObject; label: string; at: string }, fail: Fail): void {
  if ((method === "get" || method === "head") && body.required === true) {
    fail(`${label}: its request body is required, but fetch cannot send a body with ${method.toUpperCase()}, so no call could succeed`, "make the body optional or move it to another method, or run with --lenient to drop it", at);
  }
}
