import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { compiledPattern, exampleFits, formatHolds, sameJson } from "./example-fit.js";
import { stringForPattern } from "./pattern-values.js";
import { declaredTypes, intersectTypes } from "./schemas.js";
import type { SchemaResolver } from "./types.js";

// Past FULL_DEPTH only what a schema requires is built (no optional properties, no array items beyond minItems): a
// full value that deep would swell the generated tests, but a required property left as null breaks its schema
// (upstream's scan reports nest past it). Past MAX_DEPTH nothing is built; `seen` already stops cycles.
const FULL_DEPTH = 12;
const MAX_DEPTH = 48;
// How many values one example may build while it searches oneOf/anyOf branches; past it the first branch is taken
// untested, so that nested unions cannot make a large API's generation slow.
const BUDGET = 20_000;

// Builds a value that fits a schema, for what the spec documents no example for (a response, a request body, a
// parameter): the schema's own `example`, `default` or first `examples` entry (or, for a `$ref`, the one written beside
// it) when it fits the schema, else a value built from what the schema and its allOf parts say together: `const` or an
// `enum` value, a string that meets its format, pattern (src/model/pattern-values.ts) and lengths, a number within its
// bounds and multipleOf, an array within its item counts (distinct items when uniqueItems says so), an object with its
// required properties and (down to FULL_DEPTH) the optional ones that fit, and for oneOf/anyOf the first branch whose
// value fits the whole schema (for oneOf: exactly one branch), its discriminator property set to the value the
// mapping names for it. The result may still not fit when the schema admits no value (`enum: []` on a required
// property, an allOf of a string and an object); src/model/contradictions.ts reports those.
export function exampleFromSchema(schema: JsonValue | undefined, resolve: SchemaResolver): JsonValue | undefined {
  return new ExampleBuilder(resolve).build(schema, { depth: 0, seen: new Set(), variant: 0, minimal: false });
}

interface BuildState {
  depth: number;
  /** The schemas being built on the way here: a schema met again is a cycle. */
  seen: ReadonlySet<object>;
  /** Which of several distinct values is wanted (0 for the first): the items of a uniqueItems array ask for more. */
  variant: number;
  /** Only what the schema requires (past FULL_DEPTH, or a oneOf branch tried without its optional properties). */
  minimal: boolean;
}

/** A oneOf or anyOf list of a schema or one of its allOf parts, with the discriminator written beside it. */
interface Choice {
  kind: "oneOf" | "anyOf";
  options: JsonValue[];
  discriminator: Discriminator | undefined;
}

interface Discriminator {
  propertyName: string;
  mapping: [string, string][];
}

/** What a schema and its allOf parts say together, keyword by keyword (each part resolved). */
interface Flat {
  /** Allowed types, intersected across parts; undefined when no part names one. */
  types: string[] | undefined;
  enum: JsonValue[] | undefined;
  hasConst: boolean;
  const: JsonValue;
  formats: string[];
  patterns: string[];
  minLength: number;
  maxLength: number;
  /** Lower and upper bounds, and whether each is exclusive. */
  low: { value: number; exclusive: boolean } | undefined;
  high: { value: number; exclusive: boolean } | undefined;
  multipleOf: number[];
  items: JsonValue[];
  prefixItems: JsonValue[] | undefined;
  minItems: number;
  maxItems: number;
  uniqueItems: boolean;
  contains: JsonValue[];
  properties: Map<string, JsonValue[]>;
  required: string[];
  additionalProperties: JsonValue[];
  closed: boolean;
  patternProperties: [string, JsonValue][];
  minProperties: number;
  maxProperties: number;
  dependentRequired: [string, string[]][];
  choices: Choice[];
  discriminator: Discriminator | undefined;
  /** Documented values of the parts (their `example`, `default`), for a schema nothing can be built from. */
  documented: JsonValue[];
  /** Whether some part says something about an object, an array or a string, for a schema without a type. */
  hints: Set<"object" | "array" | "string" | "number">;
}

class ExampleBuilder {
  private budget = BUDGET;
  private readonly flats = new WeakMap<object, Flat>();

  constructor(private readonly resolve: SchemaResolver) {}

  build(raw: JsonValue | undefined, state: BuildState): JsonValue | undefined {
    const s = this.resolve(raw);
    if (!isObject(s) || state.depth > MAX_DEPTH || state.seen.has(s)) return undefined;
    this.budget--;
    const next: BuildState = { ...state, depth: state.depth + 1, seen: new Set(state.seen).add(s), minimal: state.minimal || state.depth + 1 > FULL_DEPTH };
    // A value the spec gives is taken first, where it fits: beside a `$ref` (which 3.1 reads with the target), then
    // the schema's own.
    if (state.variant === 0) {
      const documented = [isObject(raw) && raw !== s ? raw.example : undefined, s.example, s.default, Array.isArray(s.examples) ? s.examples[0] : undefined];
      for (const candidate of documented) if (candidate !== undefined && exampleFits(candidate, s, this.resolve)) return candidate;
    }
    const flat = this.flatten(s);
    const value = this.fromFlat(flat, { schema: s, state: next, name: componentName(raw) });
    return value;
  }

  // A value for what `flat` says; `schema` is the whole schema the value must fit, `name` its component name.
  private fromFlat(flat: Flat, { schema, state, name }: { schema: JsonObject; state: BuildState; name: string | undefined }): JsonValue | undefined {
    if (flat.hasConst) return flat.const;
    if (flat.enum !== undefined) return this.fromEnum(flat.enum, { schema, state });
    if (flat.choices.length > 0) return this.fromChoice(flat, { schema, state });
    const type = chooseType(flat);
    let value: JsonValue | undefined;
    switch (type) {
      case "object":
        value = this.buildObject(flat, state);
        value = withDiscriminator(value, { discriminator: flat.discriminator, name, resolve: this.resolve, fits: (v) => exampleFits(v, schema, this.resolve) });
        break;
      case "array":
        value = this.buildArray(flat, state);
        break;
      case "string":
        value = buildString(flat, state.variant);
        break;
      case "integer":
      case "number":
        value = buildNumber(flat, { integer: type === "integer", variant: state.variant });
        break;
      case "boolean":
        value = state.variant % 2 === 0;
        break;
      case "null":
        value = null;
        break;
      default:
        // No type to build from: a documented value is the best guess there is.
        value = flat.documented[0];
    }
    return value;
  }

  // The first enum value (from the variant on) that meets the schema's other keywords too (upstream lists
  // `record_name` under `format: hostname`), else the first at all; null only when null is all there is.
  private fromEnum(options: JsonValue[], { schema, state }: { schema: JsonObject; state: BuildState }): JsonValue | undefined {
    if (options.length === 0) return undefined;
    const nonNull = options.filter((option) => option !== null);
    const turn = nonNull.length === 0 ? 0 : state.variant % nonNull.length;
    const ordered = [...nonNull.slice(turn), ...nonNull.slice(0, turn), ...(nonNull.length < options.length ? [null] : [])];
    const fitting = ordered.findIndex((option) => exampleFits(option, schema, this.resolve));
    return ordered[Math.max(0, fitting)];
  }

  // The first branch of the first oneOf/anyOf whose value, with what the schema says beside the branches, fits the
  // whole schema (for oneOf: exactly one branch): tried with its optional properties, then without (branches that
  // overlap often differ only in what they require). Else the first value built.
  private fromChoice(flat: Flat, { schema, state }: { schema: JsonObject; state: BuildState }): JsonValue | undefined {
    const [choice, ...others] = flat.choices as [Choice, ...Choice[]];
    const rest: Flat = { ...flat, choices: others };
    const discriminator = choice.discriminator ?? flat.discriminator;
    let first: JsonValue | undefined;
    for (const option of choice.options) {
      const resolved = this.resolve(option);
      if (resolved === false) continue;
      const branch = isObject(resolved) ? resolved : {};
      if (state.seen.has(branch)) continue;
      // The branch's own documented example, where it fits the whole schema.
      const documented = state.variant === 0 ? [isObject(option) && option !== branch ? option.example : undefined, branch.example] : [];
      const fitting = documented.find((candidate) => candidate !== undefined && exampleFits(candidate, schema, this.resolve));
      if (fitting !== undefined) return fitting;
      const merged = mergeFlats(rest, this.flatten(branch));
      const branchState: BuildState = { ...state, seen: new Set(state.seen).add(branch) };
      for (const minimal of state.minimal ? [true] : [false, true]) {
        let value = this.fromFlat(merged, { schema, state: { ...branchState, minimal }, name: componentName(option) });
        // The discriminator names the branch: the mapping's key for it, or (without one) its schema's name.
        value = withDiscriminator(value, { discriminator, name: componentName(option), resolve: this.resolve, target: option, fits: (v) => exampleFits(v, schema, this.resolve) });
        if (value === undefined) continue;
        first ??= value;
        if (this.budget <= 0 || exampleFits(value, schema, this.resolve)) return value;
      }
    }
    return first ?? this.fromFlat(rest, { schema, state, name: undefined });
  }

  private buildObject(flat: Flat, state: BuildState): JsonObject {
    const result: JsonObject = {};
    const room = flat.maxProperties;
    const schemaOf = (name: string): JsonValue[] => flat.properties.get(name) ?? flat.patternProperties.filter(([pattern]) => compiledPattern(pattern)?.test(name) === true).map(([, schema]) => schema);
    const valueOf = (schemas: JsonValue[]) => (schemas.length === 0 ? undefined : this.build(schemas.length === 1 ? schemas[0] : { allOf: schemas }, state));
    // A required property without a schema that yields a value (required but never declared, or declared as any
    // value) is null, which such a property accepts.
    const addRequired = (names: readonly string[]) => {
      for (const name of names) if (!Object.hasOwn(result, name)) result[name] = valueOf(schemaOf(name).length > 0 ? schemaOf(name) : flat.additionalProperties) ?? null;
    };
    addRequired(flat.required);
    if (!state.minimal) {
      for (const [name, schemas] of flat.properties) {
        if (Object.hasOwn(result, name) || Object.keys(result).length >= room) continue;
        const value = valueOf(schemas);
        // An optional property no value of which the builder can make fit (an enum that breaks its own format) is
        // better left out than shown wrong.
        if (value !== undefined && exampleFits(value, schemas.length === 1 ? schemas[0] : { allOf: schemas }, this.resolve)) result[name] = value;
      }
    }
    // minProperties asks for more than the declared properties give: names its patternProperties or
    // additionalProperties allow.
    for (let extra = 0; Object.keys(result).length < flat.minProperties && extra < flat.minProperties + 4; extra++) {
      const [pattern, schema] = flat.patternProperties[extra % Math.max(1, flat.patternProperties.length)] ?? [];
      const key = pattern !== undefined ? stringForPattern({ pattern, variant: extra, accept: (k) => !Object.hasOwn(result, k) }) : flat.closed ? undefined : `property${extra + 1}`;
      if (key === undefined || Object.hasOwn(result, key)) continue;
      result[key] = valueOf(schema !== undefined ? [schema] : flat.additionalProperties) ?? "string";
    }
    for (const [key, names] of flat.dependentRequired) if (Object.hasOwn(result, key)) addRequired(names);
    // Properties in declaration order, as a reader of the schema expects them.
    const order = [...flat.properties.keys(), ...Object.keys(result)];
    return Object.fromEntries([...new Set(order)].filter((name) => Object.hasOwn(result, name)).map((name) => [name, result[name] as JsonValue]));
  }

  private buildArray(flat: Flat, state: BuildState): JsonValue[] {
    const prefix = flat.prefixItems ?? [];
    const min = flat.minItems;
    if (state.minimal && min === 0 && prefix.length === 0) return [];
    const count = Math.min(Math.max(prefix.length, min, 1), flat.maxItems);
    const itemSchema = flat.items.length === 0 ? undefined : flat.items.length === 1 ? flat.items[0] : { allOf: flat.items };
    const values: JsonValue[] = [];
    for (let i = 0; i < count; i++) {
      const schema = i < prefix.length ? prefix[i] : itemSchema;
      // Distinct items where they must be: each from a variant of its own.
      // Without an item schema any value will do: null, or distinct numbers when the items must be unique.
      let value = schema === undefined ? (i >= min ? undefined : flat.uniqueItems ? i : null) : this.build(schema, { ...state, variant: flat.uniqueItems ? state.variant * count + i : state.variant });
      // Distinct items where they must be: later variants until one differs from those before it.
      for (let retry = 1; flat.uniqueItems && schema !== undefined && retry < 16 && value !== undefined && values.some((earlier) => sameJson(earlier, value as JsonValue)); retry++) {
        value = this.build(schema, { ...state, variant: (state.variant * count + i) + retry * count });
      }
      if (value === undefined) {
        if (i < min) values.push(null);
        else break;
      } else values.push(value);
    }
    if (flat.contains.length > 0 && !values.some((item) => flat.contains.every((c) => exampleFits(item, c, this.resolve)))) {
      const item = this.build({ allOf: [...(itemSchema === undefined ? [] : [itemSchema]), ...flat.contains] }, state);
      if (item !== undefined) {
        if (values.length >= flat.maxItems) values.pop();
        values.push(item);
      }
    }
    return values;
  }

  // What a schema and its allOf parts say together (see Flat), memoized per schema object.
  private flatten(s: JsonObject): Flat {
    const known = this.flats.get(s);
    if (known) return known;
    const flat = emptyFlat();
    const visit = (schema: JsonObject, depth: number, seen: Set<object>): void => {
      if (seen.has(schema) || depth > 16) return;
      seen.add(schema);
      addKeywords(flat, schema);
      for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
        const resolved = this.resolve(part);
        if (resolved === false) flat.types = [];
        else if (isObject(resolved) && !disjointFrom(flat.types, declaredTypes(resolved, this.resolve))) visit(resolved, depth + 1, seen);
      }
    };
    visit(s, 0, new Set());
    this.flats.set(s, flat);
    return flat;
  }
}

function emptyFlat(): Flat {
  return {
    types: undefined,
    enum: undefined,
    hasConst: false,
    const: null,
    formats: [],
    patterns: [],
    minLength: 0,
    maxLength: Number.POSITIVE_INFINITY,
    low: undefined,
    high: undefined,
    multipleOf: [],
    items: [],
    prefixItems: undefined,
    minItems: 0,
    maxItems: Number.POSITIVE_INFINITY,
    uniqueItems: false,
    contains: [],
    properties: new Map(),
    required: [],
    additionalProperties: [],
    closed: false,
    patternProperties: [],
    minProperties: 0,
    maxProperties: Number.POSITIVE_INFINITY,
    dependentRequired: [],
    choices: [],
    discriminator: undefined,
    documented: [],
    hints: new Set(),
  };
}

// Adds one schema's own keywords (not its allOf parts') to what the parts so far say.
function addKeywords(flat: Flat, s: JsonObject): void {
  if (s.type !== undefined) {
    const listed = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === "string");
    // OpenAPI 3.0's `nullable` beside a type adds null to it.
    const own = s.nullable === true && !listed.includes("null") ? [...listed, "null"] : listed;
    flat.types = flat.types === undefined ? own : intersectTypes(flat.types, own);
  }
  if (Array.isArray(s.enum)) {
    const options = s.nullable === true && !s.enum.includes(null) ? [...s.enum, null] : s.enum;
    flat.enum = flat.enum === undefined ? [...options] : flat.enum.filter((option) => options.some((other) => sameJson(option, other)));
  }
  if (s.const !== undefined) {
    if (flat.hasConst && !sameJson(flat.const, s.const)) flat.enum = [];
    flat.hasConst = true;
    flat.const = s.const;
  }
  if (typeof s.format === "string") flat.formats.push(s.format);
  if (typeof s.pattern === "string") flat.patterns.push(s.pattern);
  if (typeof s.minLength === "number") flat.minLength = Math.max(flat.minLength, s.minLength);
  if (typeof s.maxLength === "number") flat.maxLength = Math.min(flat.maxLength, s.maxLength);
  addBounds(flat, s);
  if (typeof s.multipleOf === "number" && s.multipleOf > 0) flat.multipleOf.push(s.multipleOf);
  if (s.items !== undefined && !Array.isArray(s.items)) flat.items.push(s.items);
  // A list of item schemas: draft-07's tuple (`items`, then `additionalItems`), or 2020-12's `prefixItems`.
  if (Array.isArray(s.items)) {
    flat.prefixItems ??= s.items;
    if (s.additionalItems !== undefined && typeof s.additionalItems !== "boolean") flat.items.push(s.additionalItems);
  }
  if (Array.isArray(s.prefixItems)) flat.prefixItems ??= s.prefixItems;
  if (typeof s.minItems === "number") flat.minItems = Math.max(flat.minItems, s.minItems);
  if (typeof s.maxItems === "number") flat.maxItems = Math.min(flat.maxItems, s.maxItems);
  if (s.uniqueItems === true) flat.uniqueItems = true;
  if (s.contains !== undefined) flat.contains.push(s.contains);
  if (isObject(s.properties)) {
    for (const [name, schema] of Object.entries(s.properties)) flat.properties.set(name, [...(flat.properties.get(name) ?? []), schema as JsonValue]);
  }
  if (Array.isArray(s.required)) for (const name of s.required) if (typeof name === "string" && !flat.required.includes(name)) flat.required.push(name);
  if (s.additionalProperties === false) flat.closed = true;
  else if (isObject(s.additionalProperties)) flat.additionalProperties.push(s.additionalProperties);
  if (isObject(s.patternProperties)) flat.patternProperties.push(...Object.entries(s.patternProperties).map(([pattern, schema]): [string, JsonValue] => [pattern, schema as JsonValue]));
  if (typeof s.minProperties === "number") flat.minProperties = Math.max(flat.minProperties, s.minProperties);
  if (typeof s.maxProperties === "number") flat.maxProperties = Math.min(flat.maxProperties, s.maxProperties);
  for (const dependencies of [s.dependentRequired, s.dependencies]) {
    if (!isObject(dependencies)) continue;
    for (const [key, names] of Object.entries(dependencies)) if (Array.isArray(names)) flat.dependentRequired.push([key, names.filter((n): n is string => typeof n === "string")]);
  }
  const discriminator = readDiscriminator(s.discriminator);
  flat.discriminator ??= discriminator;
  for (const kind of ["oneOf", "anyOf"] as const) {
    const options = s[kind];
    if (Array.isArray(options) && options.length > 0) flat.choices.push({ kind, options, discriminator });
  }
  for (const documented of [s.example, s.default]) if (documented !== undefined) flat.documented.push(documented);
  if (isObject(s.properties) || Array.isArray(s.required) || s.additionalProperties !== undefined || s.minProperties !== undefined) flat.hints.add("object");
  if (s.items !== undefined || s.prefixItems !== undefined || s.minItems !== undefined) flat.hints.add("array");
  if (s.pattern !== undefined || s.minLength !== undefined || s.maxLength !== undefined || typeof s.format === "string") flat.hints.add("string");
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) flat.hints.add("number");
}

// The bounds of a number, 3.0's boolean exclusive flags and 3.1's numeric exclusive bounds alike.
function addBounds(flat: Flat, s: JsonObject): void {
  const tighter = (current: Flat["low"], bound: { value: number; exclusive: boolean }, lower: boolean): Flat["low"] => {
    if (current === undefined) return bound;
    if (bound.value === current.value) return { value: bound.value, exclusive: bound.exclusive || current.exclusive };
    return (lower ? bound.value > current.value : bound.value < current.value) ? bound : current;
  };
  if (typeof s.minimum === "number") flat.low = tighter(flat.low, { value: s.minimum, exclusive: s.exclusiveMinimum === true }, true);
  if (typeof s.exclusiveMinimum === "number") flat.low = tighter(flat.low, { value: s.exclusiveMinimum, exclusive: true }, true);
  if (typeof s.maximum === "number") flat.high = tighter(flat.high, { value: s.maximum, exclusive: s.exclusiveMaximum === true }, false);
  if (typeof s.exclusiveMaximum === "number") flat.high = tighter(flat.high, { value: s.exclusiveMaximum, exclusive: true }, false);
}

// Whether an allOf part demands a type none of the parts before it allow. No value fits such a schema (generate
// reports it, src/model/unsatisfiable.ts); its value is built from the parts that agree, in order, so that the
// contract tests that are not about the contradiction (the client resolving the envelope upstream wraps every
// result in) still test the client, and only the schema check fails.
function disjointFrom(before: readonly string[] | undefined, part: readonly string[] | undefined): boolean {
  return before !== undefined && before.length > 0 && part !== undefined && part.length > 0 && intersectTypes(before, part).length === 0;
}

// Merges what a branch says into what the schema around it says (the branch as one more allOf part).
function mergeFlats(outer: Flat, branch: Flat): Flat {
  const merged: Flat = { ...outer, formats: [...outer.formats, ...branch.formats], patterns: [...outer.patterns, ...branch.patterns] };
  merged.types = outer.types === undefined ? branch.types : branch.types === undefined ? outer.types : intersectTypes(outer.types, branch.types);
  merged.enum = outer.enum === undefined ? branch.enum : branch.enum === undefined ? outer.enum : outer.enum.filter((o) => (branch.enum as JsonValue[]).some((b) => sameJson(o, b)));
  if (branch.hasConst) {
    if (outer.hasConst && !sameJson(outer.const, branch.const)) merged.enum = [];
    merged.hasConst = true;
    merged.const = branch.const;
  }
  merged.minLength = Math.max(outer.minLength, branch.minLength);
  merged.maxLength = Math.min(outer.maxLength, branch.maxLength);
  merged.low = [outer.low, branch.low].reduce<Flat["low"]>((a, b) => (a === undefined ? b : b === undefined ? a : b.value > a.value || (b.value === a.value && b.exclusive) ? b : a), undefined);
  merged.high = [outer.high, branch.high].reduce<Flat["high"]>((a, b) => (a === undefined ? b : b === undefined ? a : b.value < a.value || (b.value === a.value && b.exclusive) ? b : a), undefined);
  merged.multipleOf = [...outer.multipleOf, ...branch.multipleOf];
  merged.items = [...outer.items, ...branch.items];
  merged.prefixItems = outer.prefixItems ?? branch.prefixItems;
  merged.minItems = Math.max(outer.minItems, branch.minItems);
  merged.maxItems = Math.min(outer.maxItems, branch.maxItems);
  merged.uniqueItems = outer.uniqueItems || branch.uniqueItems;
  merged.contains = [...outer.contains, ...branch.contains];
  merged.properties = new Map(outer.properties);
  for (const [name, schemas] of branch.properties) merged.properties.set(name, [...(merged.properties.get(name) ?? []), ...schemas]);
  merged.required = [...new Set([...outer.required, ...branch.required])];
  merged.additionalProperties = [...outer.additionalProperties, ...branch.additionalProperties];
  merged.closed = outer.closed || branch.closed;
  merged.patternProperties = [...outer.patternProperties, ...branch.patternProperties];
  merged.minProperties = Math.max(outer.minProperties, branch.minProperties);
  merged.maxProperties = Math.min(outer.maxProperties, branch.maxProperties);
  merged.dependentRequired = [...outer.dependentRequired, ...branch.dependentRequired];
  merged.choices = [...outer.choices, ...branch.choices];
  merged.discriminator = outer.discriminator ?? branch.discriminator;
  merged.documented = [...branch.documented, ...outer.documented];
  merged.hints = new Set([...outer.hints, ...branch.hints]);
  return merged;
}

// The type to build: the first the schema allows other than null (null only when that is all it allows), or for a
// schema without a type the one its keywords describe (upstream writes `{ required: [id] }` for an object).
function chooseType(flat: Flat): string | undefined {
  if (flat.types !== undefined) {
    if (flat.types.length === 0) return undefined;
    const [first] = flat.types.filter((type) => type !== "null");
    // An object or array type named beside others wins when the schema describes one (`type: [string, object]` with properties).
    for (const hinted of ["object", "array"] as const) if (flat.hints.has(hinted) && flat.types.includes(hinted)) return hinted;
    return first ?? "null";
  }
  for (const hinted of ["object", "array", "string", "number"] as const) if (flat.hints.has(hinted)) return hinted;
  return undefined;
}

// The value of the discriminator property for a branch or a component: the mapping's key that names it, else
// (https://spec.openapis.org/oas/v3.1.0#discriminator-object, implicit mapping) its schema's name. Set only where the
// value still fits the schema with it (a branch whose property allows other values keeps its own).
function withDiscriminator(
  value: JsonValue | undefined,
  { discriminator, name, resolve, target, fits }: { discriminator: Discriminator | undefined; name: string | undefined; resolve: SchemaResolver; target?: JsonValue; fits: (value: JsonValue) => boolean },
): JsonValue | undefined {
  if (!discriminator || !isObject(value)) return value;
  const resolvedTarget = target === undefined ? undefined : resolve(target);
  const mapped = discriminator.mapping.find(([, ref]) => {
    const asRef = ref.startsWith("#") || ref.includes("/") ? ref : `#/components/schemas/${ref}`;
    return (name !== undefined && asRef === `#/components/schemas/${name}`) || (resolvedTarget !== undefined && resolve({ $ref: asRef }) === resolvedTarget);
  })?.[0];
  const wanted = mapped ?? name;
  if (wanted === undefined || value[discriminator.propertyName] === wanted) return value;
  const named = { ...value, [discriminator.propertyName]: wanted };
  return fits(named) || !fits(value) ? named : value;
}

function readDiscriminator(value: JsonValue | undefined): Discriminator | undefined {
  if (!isObject(value) || typeof value.propertyName !== "string") return undefined;
  const mapping = isObject(value.mapping) ? Object.entries(value.mapping).filter((entry): entry is [string, string] => typeof entry[1] === "string") : [];
  return { propertyName: value.propertyName, mapping };
}

// The component a `$ref` names (`#/components/schemas/Dog` → Dog), if it names one.
function componentName(raw: JsonValue | undefined): string | undefined {
  if (!isObject(raw) || typeof raw.$ref !== "string") return undefined;
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(raw.$ref);
  return match ? decodeURIComponent(match[1] as string).replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

// A string that meets every format, pattern and length the schema sets: the format's sample value when it also fits,
// else one drawn from the pattern, else a plain word sized to the lengths.
function buildString(flat: Flat, variant: number): string {
  const accept = (candidate: string): boolean => {
    const length = [...candidate].length;
    return length >= flat.minLength && length <= flat.maxLength && flat.patterns.every((p) => compiledPattern(p)?.test(candidate) !== false) && flat.formats.every((f) => formatHolds(candidate, f));
  };
  const samples = flat.formats.flatMap((format) => formatSamples(format, variant));
  const formatted = samples[0];
  const candidates = [...samples, ...samples.map((sample) => sized(sample, flat)), sized(variant === 0 ? "string" : `string${variant}`, flat)];
  for (const candidate of candidates) if (accept(candidate)) return candidate;
  // Each pattern in turn draws the candidates (the others, and the format, must accept them); a pattern not anchored at
  // its start or end also matches a candidate with a word before or after it.
  for (const pattern of [...flat.patterns].reverse()) {
    const around = (candidate: string): string[] => {
      const pad = "x".repeat(Math.max(1, flat.minLength - [...candidate].length));
      return [candidate, ...(pattern.startsWith("^") ? [] : [pad, "a", "example"].map((word) => word + candidate)), ...(pattern.endsWith("$") ? [] : [candidate + pad])];
    };
    let found: string | undefined;
    const drawn = stringForPattern({ pattern, variant, accept: (candidate) => (found = around(candidate).find(accept)) !== undefined });
    if (drawn !== undefined && found !== undefined) return found;
  }
  return formatted ?? sized("string", flat);
}

// A word padded or cut to the schema's lengths.
function sized(word: string, flat: Flat): string {
  const padded = word.length < flat.minLength ? word.padEnd(flat.minLength, "x") : word;
  return padded.length > flat.maxLength ? padded.slice(0, flat.maxLength) : padded;
}

// Samples of each format ajv-formats checks (the contract kit enables them all), made distinct per variant where
// uniqueItems may ask for several; a shorter one after the first where a maxLength may ask for it.
function formatSamples(format: string, variant: number): string[] {
  const n = variant % 9;
  const shorter: Record<string, string> = { "date-time": `2014-01-0${1 + n}T05:20:00Z`, "iso-date-time": `2014-01-0${1 + n}T05:20:00Z`, email: `u${variant}@a.io`, uri: "urn:a", url: "https://a.io", hostname: "a.io", byte: "YQ==" };
  const samples: Record<string, string> = {
    "date-time": `2014-01-0${1 + n}T05:20:00.12345Z`,
    date: `2014-01-0${1 + n}`,
    time: `05:20:0${n}Z`,
    email: variant === 0 ? "user@example.com" : `user${variant}@example.com`,
    "idn-email": variant === 0 ? "user@example.com" : `user${variant}@example.com`,
    uri: variant === 0 ? "https://example.com/" : `https://example.com/${variant}`,
    url: variant === 0 ? "https://example.com/" : `https://example.com/${variant}`,
    iri: variant === 0 ? "https://example.com/" : `https://example.com/${variant}`,
    "iri-reference": variant === 0 ? "https://example.com/" : `https://example.com/${variant}`,
    uuid: `f174e90a-fafe-4643-bbbc-4a0ed4fc84${(0x15 + variant).toString(16).padStart(2, "0").slice(-2)}`,
    ipv4: `192.0.2.${1 + (variant % 254)}`,
    ipv6: `2001:db8::${(1 + variant).toString(16)}`,
    hostname: variant === 0 ? "example.com" : `host${variant}.example.com`,
    "idn-hostname": variant === 0 ? "example.com" : `host${variant}.example.com`,
    "iso-time": `05:20:0${n}Z`,
    "iso-date-time": `2014-01-0${1 + n}T05:20:00.12345Z`,
    duration: `P${1 + variant}D`,
    "uri-reference": variant === 0 ? "https://example.com/" : `https://example.com/${variant}`,
    "uri-template": `https://example.com/{id}${variant === 0 ? "" : variant}`,
    "json-pointer": `/example${variant === 0 ? "" : variant}`,
    "json-pointer-uri-fragment": `#/example${variant === 0 ? "" : variant}`,
    "relative-json-pointer": `0/example${variant === 0 ? "" : variant}`,
    regex: variant === 0 ? "^example$" : `^example${variant}$`,
    // base64 of "example", and of "example" plus a digit.
    byte: variant === 0 ? "ZXhhbXBsZQ==" : Buffer.from(`example${variant}`).toString("base64"),
  };
  return [samples[format], shorter[format]].filter((sample): sample is string => sample !== undefined && (Object.hasOwn(samples, format) || Object.hasOwn(shorter, format)));
}

// A number within the schema's bounds, a multiple of each multipleOf, in its format's range (int32, int64): the one
// nearest zero, or for a later variant the next ones up.
function buildNumber(flat: Flat, { integer, variant }: { integer: boolean; variant: number }): number {
  const formats = new Set(flat.formats);
  let low = flat.low ? flat.low.value : Number.NEGATIVE_INFINITY;
  let high = flat.high ? flat.high.value : Number.POSITIVE_INFINITY;
  const isInteger = integer || formats.has("int32") || formats.has("int64");
  if (formats.has("int32")) [low, high] = [Math.max(low, -(2 ** 31)), Math.min(high, 2 ** 31 - 1)];
  if (formats.has("int64")) [low, high] = [Math.max(low, Number.MIN_SAFE_INTEGER), Math.min(high, Number.MAX_SAFE_INTEGER)];
  const step = flat.multipleOf.length > 0 ? Math.max(...flat.multipleOf) : isInteger ? 1 : 0.5;
  const fits = (n: number): boolean =>
    Number.isFinite(n) &&
    (flat.low === undefined || (flat.low.exclusive ? n > flat.low.value : n >= flat.low.value)) &&
    (flat.high === undefined || (flat.high.exclusive ? n < flat.high.value : n <= flat.high.value)) &&
    n >= low &&
    n <= high &&
    (!isInteger || Number.isInteger(n)) &&
    flat.multipleOf.every((m) => n / m === parseInt(String(n / m), 10)) &&
    flat.formats.every((f) => formatHolds(n, f));
  // Zero when allowed, else the allowed end nearest to it; then steps up from there (down from a bound above zero).
  const start = Math.min(Math.max(0, low), high);
  const first = Math.ceil(start / step) * step;
  const upward = high === Number.POSITIVE_INFINITY || first + step * variant <= high;
  for (let k = 0; k < 64; k++) {
    const offset = (variant + k) * step * (upward ? 1 : -1);
    const candidate = Number((first + offset).toPrecision(15));
    if (fits(candidate)) return candidate;
    if (high === Number.POSITIVE_INFINITY) continue;
    const down = Number((Math.floor(high / step) * step - (variant + k) * step).toPrecision(15));
    if (fits(down)) return down;
  }
  // Between two exclusive bounds closer than a step: their middle.
  const middle = (Math.max(low, -1e15) + Math.min(high, 1e15)) / 2;
  return isInteger ? Math.round(middle) : middle;
}
