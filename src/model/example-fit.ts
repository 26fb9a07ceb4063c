import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { discriminatorChoice } from "../testkit/contract-schemas.js";
import { undeclaredProperties } from "../testkit/contract-undeclared.js";
import type { SchemaResolver } from "./types.js";
import { fullFormats, type FormatName } from "ajv-formats/dist/formats.js";

// Whether a value satisfies a schema, and if not, where and why: the example builder asks it which documented
// `example` to trust and which oneOf/anyOf branch to build, and the model asks it which examples contradict their
// schemas (reported at generate time, src/model/contradictions.ts). The contract tests check the same values with ajv;
// compiling ajv for every schema of a large API at generation time costs tens of seconds, so this is an interpreter
// of every keyword ajv validates with in the contract kit (JSON Schema draft-07 for OpenAPI 3.0, 2020-12 for 3.1,
// https://json-schema.org/draft/2020-12/json-schema-validation), read as the kit reads them
// (src/testkit/contract-schemas.ts): OpenAPI 3.0's `nullable` and boolean exclusive bounds, `enum: []` admitting
// nothing, a pattern JavaScript compiles only without the `u` flag read in legacy mode, formats by ajv-formats' own
// definitions, the kit's own rule against undeclared properties, and a discriminator that picks a branch of its
// oneOf/anyOf (the kit rewrites it for ajv, which runs with `discriminator: false`). test/property/example-fit.test.ts holds the two to the same
// answers.
export function exampleFits(value: JsonValue, schema: JsonValue | undefined, resolve: SchemaResolver): boolean {
  return new FitCheck(resolve).fits(value, schema) && undeclaredProperties(schema ?? {}, value, "", (s) => resolve(s)).length === 0;
}

// Where and why a value does not satisfy a schema: one line per problem, led by the JSON pointer of the value it
// concerns (`/items/0/id: must match pattern "^[0-9]+$"`). Empty when it fits.
export function exampleProblems(value: JsonValue, schema: JsonValue | undefined, resolve: SchemaResolver): string[] {
  const problems: string[] = [];
  new FitCheck(resolve, (problem) => problems.push(problem)).fits(value, schema);
  problems.push(...undeclaredProperties(schema ?? {}, value, "", (s) => resolve(s)));
  return [...new Set(problems)];
}

// Past this depth of schemas (with no value to descend into, as `A = allOf: [A]`) a value is taken as fitting.
const MAX_DEPTH = 64;

class FitCheck {
  private depth = 0;
  /** The keys from the checked value down to the one being checked, for the pointers in problems. */
  private readonly path: string[] = [];

  constructor(
    private readonly resolve: SchemaResolver,
    /** Told each problem; without it the check stops at the first. */
    private report?: (problem: string) => void,
  ) {}

  fits(value: JsonValue, schema: JsonValue | undefined): boolean {
    const s = this.resolve(schema);
    if (s === false) return this.fail("no value is allowed (the schema is false)");
    if (!isObject(s) || this.depth > MAX_DEPTH) return true;
    this.depth++;
    try {
      return this.fitsObjectSchema(value, s);
    } finally {
      this.depth--;
    }
  }

  // Whether a value fits, without reporting: the branches of anyOf/oneOf/not/if.
  private quietly(value: JsonValue, schema: JsonValue | undefined): boolean {
    const report = this.report;
    this.report = undefined;
    try {
      return this.fits(value, schema);
    } finally {
      this.report = report;
    }
  }

  private fail(message: string): false {
    this.report?.(`${this.path.length === 0 ? "/" : this.path.map((key) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}: ${message}`);
    return false;
  }

  // The check of a value one level down (an item, a property).
  private child(key: string, value: JsonValue, schema: JsonValue | undefined): boolean {
    this.path.push(key);
    try {
      return this.fits(value, schema);
    } finally {
      this.path.pop();
    }
  }

  private fitsObjectSchema(value: JsonValue, s: JsonObject): boolean {
    // OpenAPI 3.0's `nullable` admits null whatever else the schema says.
    if (value === null && s.nullable === true) return true;
    let ok = true;
    const done = () => !ok && this.report === undefined;
    const types = Array.isArray(s.type) ? s.type : typeof s.type === "string" ? [s.type] : undefined;
    if (types && !types.some((type) => hasType(value, type))) ok = this.fail(`must be ${types.join(",")}`);
    if (done()) return false;
    if (s.const !== undefined && !sameJson(s.const, value)) ok = this.fail("must be equal to constant");
    if (Array.isArray(s.enum) && !s.enum.some((option) => sameJson(option, value))) ok = this.fail(`must be equal to one of the allowed values ${JSON.stringify(s.enum)}`);
    if (done()) return false;
    if (typeof value === "string" || typeof value === "number") ok = this.fitsFormat(value, s.format) && ok;
    if (typeof value === "string") ok = this.fitsString(value, s) && ok;
    else if (typeof value === "number") ok = this.fitsNumber(value, s) && ok;
    else if (Array.isArray(value)) ok = this.fitsArray(value, s) && ok;
    else if (isObject(value)) ok = this.fitsObject(value, s) && ok;
    if (done()) return false;
    return this.fitsApplicators(value, s) && ok;
  }

  private fitsApplicators(value: JsonValue, s: JsonObject): boolean {
    let ok = true;
    if (Array.isArray(s.allOf)) for (const part of s.allOf) if (!(ok = this.fits(value, part) && ok) && this.report === undefined) return false;
    // A discriminator that picks a branch: the value must fit that branch, whatever the others say (discriminatorChoice).
    const picked = pickedBranch(value, s);
    if (picked !== undefined) ok = this.fits(value, picked.branch) && ok;
    if (Array.isArray(s.anyOf) && picked?.kind !== "anyOf" && !s.anyOf.some((part) => this.quietly(value, part))) ok = this.fail("must match a schema in anyOf");
    if (Array.isArray(s.oneOf) && picked?.kind !== "oneOf") {
      const matched = s.oneOf.filter((part) => this.quietly(value, part)).length;
      if (matched !== 1) ok = this.fail(matched === 0 ? "must match a schema in oneOf" : `must match exactly one schema in oneOf (matches ${matched})`);
    }
    if (s.not !== undefined && this.quietly(value, s.not)) ok = this.fail("must NOT be valid");
    if (s.if !== undefined) {
      const branch = this.quietly(value, s.if) ? s.then : s.else;
      if (branch !== undefined) ok = this.fits(value, branch) && ok;
    }
    return ok;
  }

  private fitsString(value: string, s: JsonObject): boolean {
    let ok = true;
    // JSON Schema counts lengths in code points, not UTF-16 units.
    const length = typeof s.minLength === "number" || typeof s.maxLength === "number" ? [...value].length : 0;
    if (typeof s.minLength === "number" && length < s.minLength) ok = this.fail(`must NOT have fewer than ${s.minLength} characters`);
    if (typeof s.maxLength === "number" && length > s.maxLength) ok = this.fail(`must NOT have more than ${s.maxLength} characters`);
    if (typeof s.pattern === "string" && compiledPattern(s.pattern)?.test(value) === false) ok = this.fail(`must match pattern "${s.pattern}"`);
    return ok;
  }

  private fitsNumber(value: number, s: JsonObject): boolean {
    let ok = true;
    // 3.0 writes an exclusive bound as a boolean beside `minimum`; 3.1 writes the bound itself as a number.
    if (typeof s.minimum === "number") {
      if (s.exclusiveMinimum === true ? value <= s.minimum : value < s.minimum) ok = this.fail(`must be ${s.exclusiveMinimum === true ? ">" : ">="} ${s.minimum}`);
    }
    if (typeof s.maximum === "number") {
      if (s.exclusiveMaximum === true ? value >= s.maximum : value > s.maximum) ok = this.fail(`must be ${s.exclusiveMaximum === true ? "<" : "<="} ${s.maximum}`);
    }
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) ok = this.fail(`must be > ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) ok = this.fail(`must be < ${s.exclusiveMaximum}`);
    if (typeof s.multipleOf === "number" && s.multipleOf > 0 && !isMultipleOf(value, s.multipleOf)) ok = this.fail(`must be multiple of ${s.multipleOf}`);
    return ok;
  }

  private fitsArray(value: JsonValue[], s: JsonObject): boolean {
    let ok = true;
    if (typeof s.minItems === "number" && value.length < s.minItems) ok = this.fail(`must NOT have fewer than ${s.minItems} items`);
    if (typeof s.maxItems === "number" && value.length > s.maxItems) ok = this.fail(`must NOT have more than ${s.maxItems} items`);
    if (s.uniqueItems === true) {
      const duplicate = value.findIndex((item, i) => value.slice(0, i).some((earlier) => sameJson(earlier, item)));
      if (duplicate >= 0) ok = this.fail(`must NOT have duplicate items (item ${duplicate} is a duplicate)`);
    }
    // A list of schemas: draft-07's `items` tuple with `additionalItems`, or 2020-12's `prefixItems` with `items`.
    const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
    const rest = Array.isArray(s.prefixItems) ? s.items : Array.isArray(s.items) ? s.additionalItems : s.items;
    for (let i = 0; i < value.length; i++) {
      const itemSchema = tuple && i < tuple.length ? tuple[i] : rest;
      if (itemSchema !== undefined) ok = this.child(String(i), value[i] as JsonValue, itemSchema) && ok;
      if (!ok && this.report === undefined) return false;
    }
    if (s.contains !== undefined) {
      const count = value.filter((item) => this.quietly(item, s.contains)).length;
      const min = typeof s.minContains === "number" ? s.minContains : 1;
      if (count < min) ok = this.fail(min === 1 ? "must contain at least 1 valid item" : `must contain at least ${min} valid items`);
      if (typeof s.maxContains === "number" && count > s.maxContains) ok = this.fail(`must contain at most ${s.maxContains} valid items`);
    }
    return ok;
  }

  private fitsObject(value: JsonObject, s: JsonObject): boolean {
    let ok = true;
    const keys = Object.keys(value);
    if (typeof s.minProperties === "number" && keys.length < s.minProperties) ok = this.fail(`must NOT have fewer than ${s.minProperties} properties`);
    if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) ok = this.fail(`must NOT have more than ${s.maxProperties} properties`);
    for (const name of requiredNames(s.required)) if (!Object.hasOwn(value, name)) ok = this.fail(`must have required property '${name}'`);
    if (isObject(s.dependentRequired)) {
      for (const [key, names] of Object.entries(s.dependentRequired)) {
        if (Object.hasOwn(value, key)) for (const name of requiredNames(names)) if (!Object.hasOwn(value, name)) ok = this.fail(`must have property ${name} when property ${key} is present`);
      }
    }
    for (const [key, dependency] of [...Object.entries(isObject(s.dependencies) ? s.dependencies : {}), ...Object.entries(isObject(s.dependentSchemas) ? s.dependentSchemas : {})]) {
      if (!Object.hasOwn(value, key)) continue;
      if (Array.isArray(dependency)) {
        for (const name of requiredNames(dependency)) if (!Object.hasOwn(value, name)) ok = this.fail(`must have property ${name} when property ${key} is present`);
      } else ok = this.fits(value, dependency) && ok;
    }
    if (!ok && this.report === undefined) return false;
    const properties = isObject(s.properties) ? s.properties : {};
    const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    for (const key of keys) {
      const child = value[key] as JsonValue;
      if (s.propertyNames !== undefined && !this.quietly(key, s.propertyNames)) ok = this.fail(`property name '${key}' is invalid`);
      let declared = false;
      if (Object.hasOwn(properties, key)) {
        declared = true;
        ok = this.child(key, child, properties[key]) && ok;
      }
      for (const [pattern, schema] of patterns) {
        if (compiledPattern(pattern)?.test(key) !== true) continue;
        declared = true;
        ok = this.child(key, child, schema) && ok;
      }
      if (!declared && s.additionalProperties === false) ok = this.fail(`must NOT have additional properties (${key})`);
      else if (!declared && s.additionalProperties !== undefined) ok = this.child(key, child, s.additionalProperties) && ok;
      if (!ok && this.report === undefined) return false;
    }
    if (s.unevaluatedProperties !== undefined) {
      const evaluated = this.evaluatedNames(value, s);
      for (const key of keys) {
        if (evaluated.has(key)) continue;
        if (s.unevaluatedProperties === false) ok = this.fail(`must NOT have unevaluated properties (${key})`);
        else ok = this.child(key, value[key] as JsonValue, s.unevaluatedProperties) && ok;
      }
    }
    return ok;
  }

  // The names of an object that `properties`, `patternProperties` and `additionalProperties` of the schema, of its
  // allOf parts and of the anyOf/oneOf branches and if/then/else it passes evaluate (2020-12 section 11.3).
  private evaluatedNames(value: JsonObject, s: JsonObject, depth = 0): Set<string> {
    const names = new Set<string>();
    if (depth > 16) return names;
    const properties = isObject(s.properties) ? s.properties : {};
    const patterns = isObject(s.patternProperties) ? Object.keys(s.patternProperties) : [];
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(properties, key) || s.additionalProperties !== undefined || patterns.some((p) => compiledPattern(p)?.test(key) === true)) names.add(key);
    }
    const parts = [
      ...(Array.isArray(s.allOf) ? s.allOf : []),
      ...[...(Array.isArray(s.anyOf) ? s.anyOf : []), ...(Array.isArray(s.oneOf) ? s.oneOf : [])].filter((part) => this.quietly(value, part)),
      ...(s.if !== undefined ? (this.quietly(value, s.if) ? [s.if, s.then] : [s.else]) : []),
    ];
    for (const part of parts) {
      const resolved = this.resolve(part);
      if (isObject(resolved)) for (const name of this.evaluatedNames(value, resolved, depth + 1)) names.add(name);
    }
    return names;
  }

  // A format ajv-formats does not define (a spec's own, such as `cidr`) is an annotation: the kit accepts any value.
  private fitsFormat(value: string | number, format: JsonValue | undefined): boolean {
    return typeof format !== "string" || formatHolds(value, format) ? true : this.fail(`must match format "${format}"`);
  }
}

// Whether a string or number meets a format as ajv-formats' full mode defines it; true for a format it does not define.
export function formatHolds(value: string | number, format: string): boolean {
  if (!Object.hasOwn(fullFormats, format)) return true;
  const definition = fullFormats[format as FormatName] as FormatSpec;
  if (typeof definition === "boolean") return definition;
  // A definition object names the data type it applies to (int32 is a number format); the others are string formats.
  const { type, validate } = isDefinition(definition) ? definition : { type: undefined, validate: definition };
  if ((type ?? "string") !== typeof value) return true;
  if (typeof validate === "string") return compiledPattern(validate)?.test(String(value)) ?? true;
  if (validate instanceof RegExp) return validate.test(String(value));
  return validate(value) === true;
}

// ajv's own test (`data / multipleOf` must be an integer as parseInt reads it), so the two agree on floating point.
function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return quotient === parseInt(String(quotient), 10);
}

function requiredNames(list: JsonValue | undefined): string[] {
  return Array.isArray(list) ? list.filter((name): name is string => typeof name === "string") : [];
}

// Each pattern compiled once per run: a large API checks the same id patterns thousands of times. JSON Schema means
// Unicode mode; a pattern only legacy mode accepts (`\-`, `\:` outside a class) is read in legacy mode, as the contract
// kit and the runtime read it. One no mode compiles is reported at generate time (src/openapi/dialect.ts).
const patterns = new Map<string, RegExp | null>();
export function compiledPattern(source: string): RegExp | null {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    pattern = null;
    for (const flags of ["u", ""]) {
      try {
        pattern = new RegExp(source, flags);
        break;
      } catch {
        // The next mode, or none.
      }
    }
    patterns.set(source, pattern);
  }
  return pattern;
}

// The shapes ajv-formats' full formats take (ajv's `Format` type, narrowed to what they use: none is async).
type FormatTest = string | RegExp | ((data: string | number) => unknown);
type FormatSpec = boolean | FormatTest | { type?: "string" | "number"; validate: FormatTest };

function isDefinition(definition: Exclude<FormatSpec, boolean>): definition is { type?: "string" | "number"; validate: FormatTest } {
  return typeof definition === "object" && !(definition instanceof RegExp);
}

function hasType(value: JsonValue, type: JsonValue): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return true;
  }
}

// Deep equality of JSON values, key order aside (as ajv's enum, const and uniqueItems compare).
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i] as JsonValue));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key] as JsonValue, b[key] as JsonValue));
  }
  return false;
}

// Each schema's discriminated choice, read once: the fit check runs many times per schema while the builder searches.
const choices = new WeakMap<JsonObject, ReturnType<typeof discriminatorChoice>>();

// The branch of a discriminated oneOf/anyOf the value's discriminator property picks, as the contract kit reads it.
function pickedBranch(value: JsonValue, s: JsonObject): { kind: "oneOf" | "anyOf"; branch: JsonValue } | undefined {
  if (!isObject(value) || !isObject(s.discriminator)) return undefined;
  if (!choices.has(s)) choices.set(s, discriminatorChoice(s));
  const choice = choices.get(s);
  const picks = choice === undefined ? undefined : value[choice.propertyName];
  if (choice === undefined || typeof picks !== "string") return undefined;
  const index = choice.values.findIndex((values) => values.includes(picks));
  const branch = index === -1 ? undefined : (s[choice.kind] as JsonValue[])[index];
  return branch === undefined ? undefined : { kind: choice.kind, branch };
}
