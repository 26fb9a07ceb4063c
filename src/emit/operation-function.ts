import type { CodeBlockWriter } from "ts-morph";
import type { BodyRead, OperationModel, PageRuleModel, PathRule } from "../model/types.js";
import { nonJsonRead } from "../model/media-types.js";
import { argumentName, isIdentifier, METHOD_LOCALS } from "../model/naming.js";
import { writeDocComment, methodDocs } from "./operation-docs.js";
import { propertyAccess, propertyKey, writeOperationType } from "./type-refs.js";

// Writes one operation's function, exported from its group's module: `accessServiceTokensUpdate(core, serviceTokenId,
// params, options)`. It takes what the facade's method takes, after the core (the runtime and openapi-fetch's client,
// src/emit/core.ts), so the facade's method only delegates and a bundler keeps just the functions a consumer imports.

// What openapi-fetch is told to read. It has no FormData reader, so a form is left as a stream for the runtime to parse.
const PARSE_AS: Record<BodyRead, string> = { json: "text", text: "text", blob: "blob", formData: "stream" };

// Keys every object has through Object.prototype at run time (`toString`, `constructor`, `__proto__`...).
const INHERITED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

// Whether one of those names would otherwise be found on Object.prototype when the caller leaves it out.
export function picksInheritedName(op: OperationModel): boolean {
  return op.paramNames.some((name) => INHERITED_KEYS.has(name));
}


// One function: split the flat params back into path, query, header and body by the spec's locations, check the path
// values, and send through the operation's runtime helpers. `core` is the name of its first parameter.
/**
 * `http` names the module's type of the core's openapi-fetch client, typed by the group's paths; `variantName` the
 * module's constant for the operation's path variant (operationModules hoists each, written once per module).
 */
export function writeOperationFunction(w: CodeBlockWriter, op: OperationModel, name: string, core: string, http: string, variantName?: string): void {
  writeDocComment(w, methodDocs(op));
  const args: string[] = [`${core}: ClientCore`];
  if (op.positional) args.push(`${argumentName(op.positional.name)}: string`);
  if (op.paramsArgument !== "none") args.push(`params${op.paramsArgument === "required" ? "" : "?"}: ${op.paramsType}`);
  args.push("options?: RequestOptions");
  const nonJson = nonJsonRead(op);
  const pagination = op.pagination;
  const resolved = pagination ? `PagePromise<${op.responseType}${pagination.infoType ? `, ${pagination.infoType}` : ""}>` : `APIPromise<${op.responseType}>`;
  // Not async: the function returns the runtime's promise itself, whose withResponse()/asResponse() an async function's
  // promise would not have. Problems found before sending reject it (see Operation in src/runtime/client.ts).
  w.write(`export function ${name}(${args.join(", ")}): ${resolved}`).block(() => {
    w.writeLine(`const operation = ${core}.runtime.operation(${JSON.stringify(op.fullName)});`);
    const picked = new Map<string, string>();
    const bindings: string[] = [];
    // Locals the function declares itself (and its core): a spec name equal to one of them is bound under another name.
    const taken = new Set([...METHOD_LOCALS, core, ...(op.positional ? [argumentName(op.positional.name)] : []), ...(variantName ? [variantName] : [])]);
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
    if (op.variant) w.writeLine(`const scope = operation.pathVariant(params, ${variantName ?? JSON.stringify(op.variant)});`);
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
    w.write(`return ${send} (${core}.http as ${http}).${op.method.toUpperCase()}(${requestPathLiteral(op)}, `).inlineBlock(() => {
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
    w.write(pagination ? `), rule: ${JSON.stringify(pagination.rule)}, style: ${PAGE_STYLES[pagination.rule.type]}, query, options });` : `), ${readPlan(op)}, options);`);
  });
  w.newLine();
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
  // A merged path's selector and id, when they lead the template (`/{accounts_or_zones}/{account_or_zone_id}/…`), are
  // the variant's result spread, in that order: shorter in every bundle than naming each.
  const [first, second] = pathParams;
  const spread = op.variant !== undefined && first?.name === op.variant.selector && second?.name === op.variant.id && first.passedAs === "variant" && second.passedAs === "variant";
  const named = (spread ? pathParams.slice(2) : pathParams).map((p) => `${propertyKey(p.name)}: ${source(p.name, p.passedAs)}`);
  w.write("const pathValues = operation.path<Path>(");
  w.write(spread && named.length === 0 ? "scope" : `{ ${[...(spread ? ["...scope"] : []), ...named].join(", ")} }`);
  const ruled = pathParams.filter((p) => Object.keys(p.rule).length > 0 && !choiceAlwaysPasses(op, p.name, p.rule));
  if (ruled.length > 0) w.write(`, { ${ruled.map((p) => `${propertyKey(p.name)}: ${JSON.stringify(p.rule)}`).join(", ")} }`);
  w.write(");").newLine();
}

// Whether the rule of a merged path's selector holds for every value the variant can give it (an enum listing each
// choice, e.g. ["accounts", "zones"]): checking it on each call could never fail, and its text is in every bundle.
function choiceAlwaysPasses(op: OperationModel, name: string, rule: PathRule): boolean {
  if (op.variant?.selector !== name || rule.enum === undefined || Object.keys(rule).length !== 1) return false;
  const allowed = rule.enum;
  return Object.values(op.variant.choices).every((choice) => allowed.includes(choice));
}

// How the runtime turns a 2xx body into the method's value (src/runtime/client.ts ReadPlan). Without unwrapping the
// runtime resolves any bodiless 2xx with undefined; unwrapping, or reading a body that is not JSON, only those the spec
// documents (an empty text is "", empty bytes an empty Blob). A body that is not JSON is read by a reader the module
// imports (READERS), so that the runtime's core bundles none.
function readPlan(op: OperationModel): string {
  const nonJson = nonJsonRead(op);
  const read = op.unwrapKey !== undefined ? `unwrap: ${JSON.stringify(op.unwrapKey)}` : nonJson ? `read: ${READERS[nonJson]}` : 'read: "json"';
  const bodiless = (op.unwrapKey !== undefined || nonJson) && op.bodilessSuccess.length > 0 ? `, bodiless: [${op.bodilessSuccess.join(", ")}]` : "";
  return `{ ${read}${bodiless} }`;
}

/** The runtime's function of each pagination style (src/runtime/pagination.ts), imported by the modules that page so. */
export const PAGE_STYLES: Record<PageRuleModel["type"], string> = { page: "byPage", cursor: "byCursor", link: "byLink" };

/** The runtime's reader (src/runtime/read.ts) of each body that is not JSON. */
export const READERS: Record<Exclude<BodyRead, "json">, string> = { text: "readText", blob: "readBlob", formData: "readForm" };

/** The reader an operation's function imports, if it reads a body that is not JSON (and does not unwrap). */
export function readerOf(op: OperationModel): string | undefined {
  const nonJson = nonJsonRead(op);
  return op.unwrapKey === undefined && nonJson && !op.pagination ? READERS[nonJson] : undefined;
}
