import { InvalidRequestError } from "./errors.js";

export interface PathParamRule {
  maxLength?: number;
  minLength?: number;
  enum?: readonly string[];
  pattern?: string;
}

// e.g. { selector: "accounts_or_zones", id: "account_or_zone_id", choices: { account_id: "accounts", zone_id: "zones" } }
// Generic so that literal names and choices give the generated code exact types (e.g. "accounts" | "zones").
export interface PathVariant<S extends string = string, I extends string = string, C extends string = string> {
  selector: S;
  id: I;
  choices: Readonly<Record<string, C>>;
}

// Values are echoed in messages, so keep them short and quoted.
const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

// Compiled once per pattern. A pattern this engine cannot compile (null) is not enforced rather than failing every call.
const patterns = new Map<string, RegExp | null>();
const compile = (p: string): RegExp | null => {
  let re = patterns.get(p);
  if (re === undefined) {
    // JSON Schema means "u" mode, but specs often carry escapes like \_ that only legacy mode accepts.
    for (const flags of ["u", ""]) {
      try {
        re = new RegExp(p, flags);
        break;
      } catch {
        re = null;
      }
    }
    patterns.set(p, (re ??= null));
  }
  return re;
};

// Module-level, not literals in the function: a regex literal makes a new RegExp object on every evaluation, and
// this runs for every path parameter of every call. Neither has the g or y flag, so sharing them keeps no state.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Surrogate}/u;

// Out of line, so that a call that passes (nearly all) creates no closure for the message.
const fail = (method: string, name: string, why: string, got: string): never => {
  throw new InvalidRequestError(`${method}: path parameter ${name} ${why} (got ${got})`);
};

// Validates one path parameter and returns it as a string (openapi-fetch percent-encodes it later).
export function checkPathParam(method: string, name: string, value: unknown, rule?: PathParamRule): string {
  const s = typeof value === "number" && isFinite(value) ? String(value) : value;
  if (typeof s !== "string") return fail(method, name, "must be a string or finite number", s === null ? "null" : typeof s);
  // "." and ".." survive encodeURIComponent and would be resolved away by URL normalisation.
  if (!s || s === "." || s === "..") fail(method, name, 'must not be empty, "." or ".."', quote(s));
  // Only a value with surrogates (rare in ids) needs the code-point checks below; the rest skip a regex and a spread.
  const surrogates = ANY_SURROGATE.test(s);
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws URIError).
  if (surrogates && LONE_SURROGATE.test(s)) fail(method, name, "must be well-formed Unicode", "a lone surrogate");
  if (!rule) return s;
  const { maxLength: max = Infinity, minLength: min = 0, enum: allowed, pattern } = rule;
  // JSON Schema lengths count code points, not UTF-16 units; without surrogates the two are the same.
  const n = surrogates ? [...s].length : s.length;
  if (n > max || n < min) fail(method, name, `must be at ${n > max ? `most ${max}` : `least ${min}`} characters`, `${n}`);
  if (allowed && !allowed.includes(s)) fail(method, name, `must be one of ${allowed.map(quote).join(", ")}`, quote(s));
  if (pattern !== undefined && compile(pattern)?.test(s) === false) fail(method, name, `must match /${pattern}/`, quote(s));
  return s;
}

// Picks the URL prefix of a path shared by several parents (/accounts/{id}, /zones/{id}) from the one id given.
export function resolvePathVariant<S extends string, I extends string, C extends string>(
  method: string,
  params: object, // not Record<string, unknown>: that would reject interface types, which lack an index signature
  variant: PathVariant<S, I, C>,
): Record<S, C> & Record<I, string> {
  const p = params as Readonly<Record<string, unknown>>;
  const keys = Object.keys(variant.choices);
  // A loop, not filter(): no closure and no second array on every call.
  let key: string | undefined;
  let given = 0;
  for (const k of keys) {
    if (p[k] === undefined) continue;
    key ??= k;
    given++;
  }
  if (given !== 1 || key === undefined) throw new InvalidRequestError(`${method}: pass exactly one of ${keys.join(" or ")}`);
  // Type and "."/".." checks only: the generator applies the id's own rule to the returned value.
  const id = checkPathParam(method, key, p[key]);
  return { [variant.selector]: variant.choices[key], [variant.id]: id } as Record<S, C> & Record<I, string>;
}
