import type { PaginationStyleConfig } from "../config.js";
import { SpecforgeError, type ErrorLocation } from "../errors.js";
import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import type { PageRuleModel, PaginationModel, ParamModel, SchemaResolver } from "./types.js";

// Which configured pagination style an operation pages by: a spec extension on the operation names one (or `false`,
// none), else the first style whose shape the operation has: its request parameter among the operation's query
// parameters, an array at `items` in the 2xx JSON body, and for "cursor" the next cursor in the body; for "link", a
// `Link` header documented on the 2xx response, or the next URL in the body.

/** The operation extension that names an operation's style, or turns pagination off for it with `false`. */
export const PAGINATION_EXTENSION = "x-pagination";

export interface PaginationInput {
  styles: readonly PaginationStyleConfig[];
  /** The operation object, for its extension. */
  op: JsonObject;
  /** "GET /path", as the styles' `operations` list it. */
  label: string;
  parameters: readonly ParamModel[];
  /** The 2xx response's JSON schema and headers, when it is JSON. */
  successSchema: JsonValue | undefined;
  successHeaders: JsonValue | undefined;
  resolve: SchemaResolver;
  /** Where the operation is, for the error when its extension names a style that does not fit. */
  location: ErrorLocation;
}

const pathOf = (dotted: string | undefined): string[] | undefined => (dotted === undefined ? undefined : dotted === "" ? [] : dotted.split("."));

// Every schema an object schema gives one property, through $ref and allOf: each part of an allOf constrains it, so
// an envelope part's untyped `result` and a list part's array `result` are both its schema.
function propertySchemas(schema: JsonValue | undefined, name: string, resolve: SchemaResolver): JsonValue[] {
  const s = resolve(schema);
  if (!isObject(s)) return [];
  const own = isObject(s.properties) && s.properties[name] !== undefined ? [s.properties[name]] : [];
  return [...own, ...(Array.isArray(s.allOf) ? s.allOf.flatMap((part) => propertySchemas(part, name, resolve)) : [])];
}

// The schemas at a property path of `schema` (none when some property is not declared).
function schemasAt(schema: JsonValue | undefined, path: readonly string[], resolve: SchemaResolver): JsonValue[] {
  let current: JsonValue[] = schema === undefined ? [] : [schema];
  for (const name of path) current = current.flatMap((s) => propertySchemas(s, name, resolve));
  return current;
}

function isArraySchema(schema: JsonValue | undefined, resolve: SchemaResolver): boolean {
  const s = resolve(schema);
  if (!isObject(s)) return false;
  return s.type === "array" || (Array.isArray(s.type) && s.type.includes("array")) || (s.type === undefined && s.items !== undefined);
}

// Whether a schema says its value is something other than an array: a type without "array", or properties.
function isOtherThanArray(schema: JsonValue | undefined, resolve: SchemaResolver): boolean {
  const s = resolve(schema);
  if (!isObject(s)) return false;
  if (typeof s.type === "string") return s.type !== "array";
  if (Array.isArray(s.type)) return !s.type.includes("array");
  return isObject(s.properties);
}

// The array schema at a property path, if the body has one there and no allOf part says it is something else (upstream
// has a list envelope's `result: array` beside a search's `result: object`, which no value satisfies).
export function arraySchemaAt(schema: JsonValue | undefined, path: readonly string[], resolve: SchemaResolver): JsonValue | undefined {
  const schemas = schemasAt(schema, path, resolve);
  const array = schemas.find((s) => isArraySchema(s, resolve));
  return array !== undefined && !schemas.some((s) => isOtherThanArray(s, resolve)) ? array : undefined;
}

// Why `style` does not fit the operation, or undefined when it does.
function misfit(style: PaginationStyleConfig, input: PaginationInput): string | undefined {
  const { parameters, successSchema, successHeaders, resolve } = input;
  if (successSchema === undefined) return "its 2xx response has no JSON schema";
  const query = new Set(parameters.filter((p) => p.in === "query").map((p) => p.name));
  const param = style.type === "page" ? style.pageParam : style.type === "cursor" ? style.cursorParam : undefined;
  if (param !== undefined && !query.has(param)) return `it has no query parameter \`${param}\``;
  if (!arraySchemaAt(successSchema, pathOf(style.items) ?? [], resolve)) return `its 2xx body has no array at \`${style.items || "(the body)"}\``;
  for (const [key, dotted] of [["info", style.info], ["nextCursor", style.nextCursor], ["nextLink", style.nextLink]] as const) {
    if (dotted !== undefined && schemasAt(successSchema, pathOf(dotted) ?? [], resolve).length === 0) return `its 2xx body has no \`${dotted}\` (the style's ${key})`;
  }
  if (style.type === "link" && style.nextLink === undefined) {
    const headers = resolve(successHeaders);
    if (!isObject(headers) || !Object.keys(headers).some((h) => h.toLowerCase() === "link")) return "its 2xx response documents no `Link` header";
  }
  return undefined;
}

function ruleOf(style: PaginationStyleConfig): PageRuleModel {
  const items = pathOf(style.items) ?? [];
  const optional = (entries: [string, string[] | string | undefined][]) => Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  const info = optional([["info", pathOf(style.info)]]);
  if (style.type === "page") {
    return { type: "page", items, ...info, param: style.pageParam as string, ...optional([["sizeParam", style.sizeParam], ["page", pathOf(style.page)], ["perPage", pathOf(style.perPage)], ["totalPages", pathOf(style.totalPages)], ["totalCount", pathOf(style.totalCount)]]) };
  }
  if (style.type === "cursor") return { type: "cursor", items, ...info, param: style.cursorParam as string, next: pathOf(style.nextCursor) ?? [], ...optional([["hasMore", pathOf(style.hasMore)]]) };
  return { type: "link", items, ...info, ...optional([["next", pathOf(style.nextLink)]]) };
}

// Settles how an operation pages, if it does.
export function operationPagination(input: PaginationInput): PaginationModel | undefined {
  const { styles, op, label, location } = input;
  const chosen = op[PAGINATION_EXTENSION];
  if (chosen === false) return undefined;
  if (chosen !== undefined) {
    const style = styles.find((s) => s.name === chosen);
    if (!style) throw new SpecforgeError(`${PAGINATION_EXTENSION} names ${JSON.stringify(chosen)}, which is not a configured pagination style`, styles.length ? `use one of ${styles.map((s) => s.name).join(", ")}, or false` : "add the style to the target's \"pagination\" in the config", location);
    const why = misfit(style, input);
    if (why) throw new SpecforgeError(`${label} cannot page by ${JSON.stringify(style.name)}: ${why}`, `fix the operation or the style, or remove ${PAGINATION_EXTENSION}`, location);
    return { style: style.name, rule: ruleOf(style) };
  }
  for (const style of styles) {
    if (style.operations && !style.operations.includes(label)) continue;
    const why = misfit(style, input);
    if (!why) return { style: style.name, rule: ruleOf(style) };
    // A style that lists the operation must fit it: say why it does not, rather than quietly not paging.
    if (style.operations) throw new SpecforgeError(`${label} cannot page by ${JSON.stringify(style.name)}: ${why}`, "fix the style, or take the operation off its `operations`", location);
  }
  return undefined;
}
