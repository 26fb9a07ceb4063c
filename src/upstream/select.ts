// Operation selectors: which operations `extract` and `refresh` cut out of an upstream document.
//
//   METHOD /path            exactly one operation, e.g. "PUT /pets/{id}"
//   METHOD-or-* /glob       a glob over "METHOD /path": `*` matches within one path segment, `**` across segments,
//                           e.g. "* /accounts/*/pets/**"
//   tag:NAME                operations whose `tags` include NAME (case-insensitive: tags are display text)
//   group:NAME              operations whose x-fern-sdk-group-name is NAME or below it (NAME.…)
//   operationId:ID          the operation with that operationId; `*` in ID matches any run of characters
//   x-KEY:VALUE             operations whose extension x-KEY is VALUE or a list holding it (e.g. x-stainless-skip:terraform)
//
// Selectors add up: an operation is cut when any selector picks it. A selector that picks nothing is an error that
// names the nearest candidates, since upstream renames things and a silent empty cut would drop an API.
import { SpecforgeError, type ErrorLocation } from "../errors.js";
import { nearestCandidates } from "../errors.js";
import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { HTTP_METHODS } from "../openapi/validate.js";

// One operation of a document, where it is.
export interface UpstreamOperation {
  method: string;
  path: string;
  operation: JsonObject;
}

export type SelectorKind = "method-path" | "tag" | "group" | "operationId" | "extension";

export interface Selector {
  /** As written. */
  text: string;
  kind: SelectorKind;
  matches(operation: UpstreamOperation): boolean;
}

const GROUP_EXTENSION = "x-fern-sdk-group-name";
const FORMS = '"METHOD /path", a glob such as "* /things/**", "tag:NAME", "group:NAME", "operationId:ID" or "x-KEY:VALUE"';

// Parses one selector; text that is none of the forms above is an error listing them.
export function parseOperationSelector(text: string): Selector {
  const prefixed = /^\s*(tag|group|operationId|x-[\w.-]+):\s*(\S(?:.*\S)?)\s*$/i.exec(text);
  if (prefixed) {
    const [, rawKind = "", value = ""] = prefixed;
    const kind = rawKind.toLowerCase();
    if (kind === "tag") {
      const wanted = value.toLowerCase();
      return { text, kind: "tag", matches: ({ operation }) => stringsOf(operation.tags).some((t) => t.toLowerCase() === wanted) };
    }
    if (kind === "group") {
      return { text, kind: "group", matches: ({ operation }) => stringsOf(operation[GROUP_EXTENSION]).some((g) => g === value || g.startsWith(`${value}.`)) };
    }
    if (kind === "operationid") {
      const pattern = valueGlob(value);
      return { text, kind: "operationId", matches: ({ operation }) => typeof operation.operationId === "string" && pattern.test(operation.operationId) };
    }
    const key = rawKind;
    const pattern = valueGlob(value);
    return { text, kind: "extension", matches: ({ operation }) => stringsOf(operation[key]).some((v) => pattern.test(v)) };
  }
  const m = /^\s*(\*|[A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  const method = m?.[1]?.toLowerCase() ?? "";
  if (!m || (method !== "*" && !(HTTP_METHODS as readonly string[]).includes(method))) {
    throw new SpecforgeError(`'${text}' is not an operation selector`, `write ${FORMS}`);
  }
  const path = m[2] as string;
  const pathPattern = pathGlob(path);
  return { text, kind: "method-path", matches: (op) => (method === "*" || op.method === method) && pathPattern.test(op.path) };
}

// Every operation of a document, in path order, then in the order HTTP_METHODS lists methods.
export function listOperations(document: JsonObject): UpstreamOperation[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const out: UpstreamOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObject(operation)) out.push({ method, path, operation });
    }
  }
  return out;
}

export interface SelectRequest {
  document: JsonObject;
  /** The selectors, parsed. */
  selectors: Selector[];
  /** The document's file, named in errors. */
  file: string;
  /** Where the i-th selector was written, for its error (default: the document's file). */
  locate?: ((index: number) => ErrorLocation) | undefined;
}

// The operations any selector picks, each once, in document order; a selector that picks nothing is an error.
export function selectOperations(request: SelectRequest): UpstreamOperation[] {
  const all = listOperations(request.document);
  const picked = new Set<UpstreamOperation>();
  request.selectors.forEach((selector, index) => {
    const matched = all.filter((op) => selector.matches(op));
    if (matched.length === 0) throw noMatch(selector, all, request.file, request.locate?.(index) ?? { file: request.file });
    for (const op of matched) picked.add(op);
  });
  return all.filter((op) => picked.has(op));
}

function noMatch(selector: Selector, all: UpstreamOperation[], document: string, location: ErrorLocation): SpecforgeError {
  // The document is named in the message only when the error points elsewhere (at a config's selector).
  const file = location.file === document ? "the spec" : document;
  const prefixed = /^\s*([\w-]+):\s*(.*?)\s*$/.exec(selector.text);
  const value = prefixed?.[2] ?? selector.text.trim();
  const fail = (what: string, candidates: string[], missing: string) => {
    const near = nearestCandidates(value, [...new Set(candidates)]);
    return new SpecforgeError(`${selector.text} matches no operation in ${file}`, near.length > 0 ? `nearest ${what}: ${near.join(", ")}` : missing, location);
  };
  switch (selector.kind) {
    case "tag":
      return fail("tags", all.flatMap((op) => stringsOf(op.operation.tags)), `no operation in ${file} has tags; select by group:, operationId: or "METHOD /path"`);
    case "group":
      return fail("groups", all.flatMap((op) => stringsOf(op.operation[GROUP_EXTENSION])), `no operation in ${file} has ${GROUP_EXTENSION}; select by tag:, operationId: or "METHOD /path"`);
    case "operationId":
      return fail("operationIds", all.flatMap((op) => stringsOf(op.operation.operationId)), `no operation in ${file} has an operationId; select by "METHOD /path"`);
    case "extension": {
      const key = prefixed?.[1] ?? "";
      const keys = all.flatMap((op) => Object.keys(op.operation).filter((k) => k.startsWith("x-")));
      if (!keys.includes(key)) {
        const near = nearestCandidates(key, [...new Set(keys)]);
        return new SpecforgeError(`${selector.text} matches no operation in ${file}: no operation has ${key}`, near.length > 0 ? `nearest extensions: ${near.join(", ")}` : "check the extension's name", location);
      }
      return fail(`values of ${key}`, all.flatMap((op) => stringsOf(op.operation[key])), "check the value");
    }
    case "method-path":
      return methodPathNoMatch(selector.text, all, file, location);
  }
}

// For "METHOD /path", the old message: the methods the path does have, or the nearest paths.
function methodPathNoMatch(text: string, all: UpstreamOperation[], file: string, location: ErrorLocation): SpecforgeError {
  const [method = "", path = ""] = text.trim().split(/\s+/);
  const literal = path.replace(/\*+/g, "");
  if (path.includes("*") || method === "*") {
    const near = nearestCandidates(literal, [...new Set(all.map((op) => op.path))]);
    return new SpecforgeError(`${text.trim()} matches no operation in ${file}`, near.length > 0 ? `nearest paths: ${near.join(", ")}` : "check the glob: `*` stays within one path segment, `**` crosses them", location);
  }
  const here = all.filter((op) => op.path === path).map((op) => op.method.toUpperCase());
  const near = nearestCandidates(path, [...new Set(all.map((op) => op.path))]);
  return new SpecforgeError(
    `${method.toUpperCase()} ${path} is not in the spec${here.length > 0 ? ` (it has ${here.join(", ")})` : ""}`,
    near.length > 0 ? `nearest paths: ${near.join(", ")}` : "check the path and method",
    location,
  );
}

function stringsOf(value: JsonValue | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

// A path glob: `**` spans segments, `*` stays inside one; everything else, `{braces}` included, is literal.
function pathGlob(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : escapeRegExp(part)))
    .join("");
  return new RegExp(`^${source}$`);
}

function valueGlob(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map(escapeRegExp).join(".*")}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
