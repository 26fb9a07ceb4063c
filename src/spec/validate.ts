import { SpecforgeError } from "../errors.js";
import { pathToPointer, type JsonObject, type JsonValue } from "./load.js";
import { deref, isObject, type SpecSet } from "./refs.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
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
    throw new SpecforgeError(problem, hint, root.locate(pointer));
  };
  if (typeof doc.swagger === "string") {
    fail(`Swagger ${doc.swagger} is not supported`, "convert it to OpenAPI 3 first (for example with swagger2openapi)", "#/swagger");
  }
  if (doc.openapi === undefined) fail("missing `openapi` version field", "add `openapi: 3.0.3` (or 3.1.0) at the top", "#");
  if (typeof doc.openapi !== "string" || !/^3\.[01]\.\d+$/.test(doc.openapi)) {
    fail(`unsupported OpenAPI version ${JSON.stringify(doc.openapi)}`, "specforge reads OpenAPI 3.0.x and 3.1.x; write the version as a string such as \"3.0.3\"", "#/openapi");
  }
  if (!isObject(doc.info)) fail("missing `info` object", "add `info:` with `title` and `version`", "#");
  if (!isObject(doc.paths)) fail("missing `paths` object", "add `paths:` with at least one operation", "#");
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

interface ParamRef {
  name: string;
  in: string;
  value: JsonObject;
  pointer: string;
}

// Resolves a `parameters` list into parameter objects with their pointers.
export function parameterList(set: SpecSet, list: JsonValue | undefined, pointer: string): ParamRef[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new SpecforgeError("`parameters` must be a list", "write each parameter as a list item", set.root.locate(pointer));
  return list.map((entry, index) => {
    const at = `${pointer}/${index}`;
    const resolved = deref(set, entry, set.root, at);
    const value = resolved?.value;
    if (!isObject(value) || typeof value.name !== "string" || typeof value.in !== "string") {
      throw new SpecforgeError("a parameter needs `name` and `in`", "give every parameter a name and a location (path, query, header, cookie)", set.root.locate(at));
    }
    return { name: value.name, in: value.in, value, pointer: at };
  });
}

function validateOperation(set: SpecSet, template: string, method: string, op: JsonObject, pointer: string, shared: ParamRef[], fail: Fail): void {
  const label = `${method.toUpperCase()} ${template}`;
  const own = parameterList(set, op.parameters, `${pointer}/parameters`);
  const byKey = new Map<string, ParamRef>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  const params = [...byKey.values()];
  const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  for (const name of inTemplate) {
    if (!params.some((p) => p.in === "path" && p.name === name)) {
      fail(`${label}: path template has {${name}} but no path parameter declares it`, `add a parameter { name: ${name}, in: path, required: true }`, pointer);
    }
  }
  for (const p of params) {
    if (!["path", "query", "header", "cookie"].includes(p.in)) {
      fail(`${label}: parameter '${p.name}' has unknown location '${p.in}'`, "use path, query, header or cookie", p.pointer);
    }
    if (p.in === "path" && !inTemplate.includes(p.name)) {
      fail(`${label}: path parameter '${p.name}' is not in the path template`, `add {${p.name}} to the path, or remove the parameter`, p.pointer);
    }
    const style = p.value.style;
    if (style !== undefined && !(SUPPORTED_STYLES[p.in] ?? []).includes(String(style))) {
      fail(`${label}: parameter '${p.name}' uses style '${String(style)}', which is not supported in ${p.in}`, `use one of: ${(SUPPORTED_STYLES[p.in] ?? []).join(", ")}`, `${p.pointer}/style`);
    }
  }
  if (op.requestBody !== undefined) {
    const body = deref(set, op.requestBody, set.root, `${pointer}/requestBody`);
    if (!body || !isObject(body.value) || !isObject(body.value.content)) {
      fail(`${label}: requestBody has no \`content\` map`, "add `content: { application/json: { schema: … } }`", `${pointer}/requestBody`);
    }
  }
  if (!isObject(op.responses)) fail(`${label}: missing \`responses\``, "document at least one response, e.g. `200`", pointer);
  for (const [status, entry] of Object.entries(op.responses as JsonObject)) {
    const at = `${pointer}/responses/${status}`;
    if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) fail(`${label}: response key '${status}' is not a status code`, "use a code such as 200, a range such as 4XX, or default", at);
    const response = deref(set, entry, set.root, at);
    if (!response || !isObject(response.value)) fail(`${label}: response ${status} is not an object`, "a response needs a `description`", at);
    const content = (response!.value as JsonObject).content;
    if (content !== undefined && !isObject(content)) {
      fail(`${label}: response ${status} has \`content\` that is not a map of media types`, "write `content: { application/json: { schema: … } }`", `${at}/content`);
    }
  }
}
