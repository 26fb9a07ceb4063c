import type { CodeBlockWriter } from "ts-morph";
import type { JsonValue } from "../../model/json.js";
import type { OperationModel, ParamModel } from "../../model/types.js";
import { isJsonObject } from "../../model/json.js";
import { dataLiteral, propertyAccess, propertyKey } from "../type-refs.js";

// The typed calls of a client method in the contract suite: the only code of an operation's tests that must be
// typed code (the runner, src/testkit/contract-runner.ts, does everything else from data).

export function exampleFor(p: ParamModel): string {
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

// `.zeroTrust.access.serviceTokens.update`, with `["8c"]` for names that are not identifiers.
function accessor(op: OperationModel): string {
  return [...op.group, op.methodName].map(propertyAccess).join("");
}

export interface CallArgs {
  /** The identifier of the body the call sends (spread into params when the body is flattened). */
  body?: string | undefined;
  /** Which path variant to use (default: the first). */
  choice?: string | undefined;
  /** The identifier of the positional id; without it, the id's example is written out. */
  id?: string | undefined;
  /** The body written out as a literal (its fields in params when flattened), so tsc checks it as a caller's own. */
  literalBody?: JsonValue | undefined;
  /** Documented values for parameters, by name, passed as written (optional ones too). */
  documented?: ReadonlyMap<string, JsonValue> | undefined;
}

// `client.a.b.c(id, { account_id: "…", ...body })`: positional id, then params with path/query examples and the body.
export function writeCall(w: CodeBlockWriter, op: OperationModel, args: CallArgs): void {
  const { body, choice, literalBody, documented } = args;
  w.write(`client${accessor(op)}(`);
  if (op.positional) w.write(`${args.id ?? JSON.stringify(exampleFor(op.positional))}, `);
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
  } else if (body) entries.push(op.body?.flattened ? `...${body}` : `body: ${body}`);
  if (op.paramsArgument !== "none") w.write(`{ ${entries.join(", ")} }`);
  w.write(")");
}

// What the calls put in the path parameter `name`, percent-encoded as the request carries it.
function pathValue(op: OperationModel, name: string, choice: string | undefined): string {
  if (op.variant && name === op.variant.selector) return encodeURIComponent(op.variant.choices[choice ?? Object.keys(op.variant.choices)[0] ?? ""] ?? "");
  const p = op.parameters.find((x) => x.in === "path" && x.name === name);
  return encodeURIComponent(p ? exampleFor(p) : name);
}

export function filledPath(op: OperationModel, choice: string | undefined): string {
  return op.requestPath.replace(/\{([^}]+)\}/g, (_, name: string) => pathValue(op, name, choice));
}

/**
 * The values of the path key's parameters in order, when the runner fills `path` with them to the path the calls
 * send (src/testkit/contract-runner.ts OperationCase.fill); undefined when that path is written out instead.
 */
export function pathFill(op: OperationModel, choice: string | undefined): string[] | undefined {
  const values = [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => pathValue(op, match[1] ?? "", choice));
  let i = 0;
  return values.length > 0 && op.path.replace(/\{[^}]+\}/g, () => values[i++] ?? "") === filledPath(op, choice) ? values : undefined;
}

/** The probe's value where the parameter's length rules leave it whole: the runner's default (contract-runner.ts PROBE, which the kit cannot import from here; test/unit/contract-emit.test.ts holds the two equal). */
export const PROBE = "a b/c?d#e";

// A value full of characters that need percent-encoding, within the parameter's length rules (none if it has an enum or pattern).
export function encodingProbe(p: ParamModel | undefined): string | undefined {
  if (!p || p.rule.enum || p.rule.pattern) return undefined;
  const max = p.rule.maxLength ?? Infinity;
  const min = p.rule.minLength ?? 0;
  const raw = PROBE.slice(0, Math.max(3, Math.min(PROBE.length, max))).padEnd(min, "%");
  return raw.length <= max && encodeURIComponent(raw) !== raw ? raw : undefined;
}
