// How the contract kit reads a spec's schemas before ajv sees them. The kit is copied beside each generated contract
// suite and depends on nothing of specforge's, so it carries its own copy of the rule of which keys of a schema hold
// subschemas: the schema rows of specforge's table in src/openapi/walk.ts (a map of names such as `properties` holds a
// schema under every name, `x-default` and `enum` included; `example`, `default`, `enum` and `const` hold data; `x-`
// keys of a schema are extensions). test/unit/contract-schemas.test.ts holds the two to the same documents.
import type { Json, JsonObject } from "./contract-undeclared.js";

// JSON Schema's applicators (https://json-schema.org/draft/2020-12/json-schema-core#section-10, and draft 4's
// `items` list, `additionalItems` and `definitions`, on which OpenAPI 3.0's dialect builds).
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const ONE_SCHEMA = new Set(["additionalItems", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"]);

/** The one document the kit gives ajv: the media schemas by key, then the targets of their `$ref`s, transitively. */
export interface KitDocument {
  media: JsonObject;
  /** Every `$ref` is pointed at `#/targets/<n>`, a copy of its target. */
  targets: Json[];
}

/** The spec's schemas as ajv is to read them, and the `format`s they use. */
export interface NormalizedSchemas {
  document: KitDocument;
  formats: Set<string>;
}

const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

// Every subschema of `schema` with the pointer suffix it sits at (`/properties/x-id`, `/allOf/0`), in key order, not
// following `$ref`s: the kit's reading of which keys hold schemas, exported for the test that holds it to walk.ts.
export function subschemaEntries(schema: Json): [string, Json][] {
  if (!isObject(schema)) return [];
  const out: [string, Json][] = [];
  for (const [key, child] of Object.entries(schema)) {
    const at = `/${escape(key)}`;
    if (key.startsWith("x-") || typeof child !== "object" || child === null) continue;
    if (SCHEMA_MAPS.has(key) && isObject(child)) for (const [name, entry] of Object.entries(child)) out.push([`${at}/${escape(name)}`, entry]);
    else if ((SCHEMA_LISTS.has(key) || key === "items") && Array.isArray(child)) child.forEach((entry, i) => out.push([`${at}/${i}`, entry]));
    else if ((ONE_SCHEMA.has(key) || key === "items") && !Array.isArray(child)) out.push([at, child]);
  }
  return out;
}

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

// Keys no check reads: examples and extensions (normalizeSchemas drops them too), and the annotations ajv ignores
// (it validates neither `readOnly`, `writeOnly` nor `deprecated`, and fills no `default` without `useDefaults`; the
// undeclared-property rule reads none of them).
const ANNOTATIONS = new Set(["example", "examples", "description", "title", "externalDocs", "$comment", "readOnly", "writeOnly", "deprecated", "default", "xml"]);

// `schema` with each subschema (by the table above) replaced by `map` of it, every other key kept as it is.
export function mapSubschemas(schema: JsonObject, map: (child: Json) => Json): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(schema)) {
    if (key.startsWith("x-")) out[key] = child;
    else if (SCHEMA_MAPS.has(key) && isObject(child)) out[key] = Object.fromEntries(Object.entries(child).map(([name, entry]) => [name, map(entry)]));
    else if ((SCHEMA_LISTS.has(key) || key === "items") && Array.isArray(child)) out[key] = child.map(map);
    else if ((ONE_SCHEMA.has(key) || key === "items") && isObject(child)) out[key] = map(child);
    else out[key] = child;
  }
  return out;
}

// A schema without the keys no check reads, walked as normalizeSchemas walks it (a property named `description` stays):
// what specforge writes into a contract suite, whose schema map on a large API is megabytes of prose otherwise.
export function leanSchema(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const kept = Object.fromEntries(Object.entries(schema).filter(([key]) => !ANNOTATIONS.has(key) && !key.startsWith("x-")));
  return mapSubschemas(kept, leanSchema);
}

// A schema map (the suite's contract/schemas.json) with each schema lean: every media type's, and each under
// `components.schemas`; another section a `$ref` reaches (a schema in a path's response) is kept as it is.
export function leanSchemaMap(spec: JsonObject & { media: JsonObject }): JsonObject {
  const leanEach = (schemas: JsonObject): JsonObject => Object.fromEntries(Object.entries(schemas).map(([key, schema]) => [key, leanSchema(schema)]));
  const out: JsonObject = { ...spec, media: leanEach(spec.media) };
  const components = spec.components;
  if (isObject(components) && isObject(components.schemas)) out.components = { ...components, schemas: leanEach(components.schemas) };
  return out;
}

// ---- The schema map as specforge writes it (contract/schemas.json): written small for the same checks. Only
// specforge's emitter calls this; it lives beside leanSchemaMap, with the kit's reading of schemas it must agree with.

/** The section of the map that holds the schemas written once for all their places, as `#/shared/<n>`. */
export const SHARED = "shared";

// What a place that refers to a shared schema costs: `{"$ref":"#/shared/1234"}`.
const REF_BYTES = 24;

// Whether a schema of `length` bytes held `count` times is smaller written once and referred to from each place.
const worthSharing = (length: number, count: number): boolean => count > 1 && count * (length - REF_BYTES) > length + 2;

const COMPONENT_REF = /^#\/components\/schemas\/([^/]+)$/;
const SHARED_REF = /^#\/shared\/(\d+)$/;
// Keywords that give a schema an identity of its own (3.1): a copy of one, or one moved, could resolve differently.
const IDENTITIES = ["$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveAnchor", "$recursiveRef"];

const asObject = (value: Json | undefined): JsonObject | undefined => (isObject(value) ? value : undefined);
const refOf = (index: number): JsonObject => ({ $ref: `#/${SHARED}/${index}` });

// The component a `$ref` names whole (`#/components/schemas/a~1b` → `a/b`), as the kit's valueAtRef reads it.
function componentOf(ref: string): string | undefined {
  const match = COMPONENT_REF.exec(ref);
  return match ? decodeURIComponent(match[1] ?? "").replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

// The `shared` index a schema's `$ref` points at, and whether the `$ref` stands alone.
function sharedRef(schema: Json): { index: number; lone: boolean } | undefined {
  const object = asObject(schema);
  const match = typeof object?.$ref === "string" ? SHARED_REF.exec(object.$ref) : null;
  return object && match ? { index: Number(match[1]), lone: Object.keys(object).length === 1 } : undefined;
}

// Calls `visit` on every schema under `schema` (itself included), by the kit's table of which keys hold schemas.
function forEachSchema(schema: Json, visit: (schema: JsonObject) => void): void {
  const object = asObject(schema);
  if (!object) return;
  visit(object);
  mapSubschemas(object, (child) => (forEachSchema(child, visit), child));
}

// `schema` with every `$ref` in it (at a schema's place) passed through `rename`.
function renameRefs(schema: Json, rename: (ref: string) => string): Json {
  const object = asObject(schema);
  if (!object) return schema;
  const out = mapSubschemas(object, (child) => renameRefs(child, rename));
  if (typeof out.$ref === "string") out.$ref = rename(out.$ref);
  return out;
}

// The schema map written small for the same checks. Two rewrites, each read by every check as the map it replaces:
// - Each component schema moves to `shared` under a number (`#/components/schemas/access_api-response-common-failure`
//   → `#/shared/12`): no check reads a component's name, except the discriminator's reading of a branch named by a
//   component `$ref` (src/testkit/contract-schemas.ts discriminatorChoice), so those components keep theirs.
// - Each schema the map holds more than once (at a schema's place: never inside `enum`, `default` or another keyword's
//   data) is written once in `shared`, and each place refers to it. A `$ref` to an identical copy is the schema itself
//   to ajv (in OpenAPI 3.0 too: it has no siblings), to the undeclared-property rule and to the discriminator reading
//   (a schema with a `$ref` of its own is never moved, so a branch keeps its component `$ref`); an error's instance
//   path does not change. On the whole Cloudflare API the same envelope, error list and result shape stand under
//   thousands of operations.
// A `shared` schema used once goes back to its place, and one no media schema reaches is left out. Only for a map
// whose every `$ref` names a whole component schema and whose schemas have no identity of their own: a pointer into a
// schema (`…/Pet/allOf/0`) would not survive either rewrite, so such a map is written as it is.
export function shareSchemas(map: JsonObject): JsonObject {
  const components = asObject(asObject(map.components)?.schemas) ?? {};
  const media = asObject(map.media) ?? {};
  let plain = Object.keys(map).every((key) => key === "openapi" || key === "components" || key === "media") && Object.keys(asObject(map.components) ?? {}).every((key) => key === "schemas");
  const named = new Set<string>();
  for (const schema of [...Object.values(components), ...Object.values(media)] as Json[]) {
    forEachSchema(schema, (s) => {
      if ((typeof s.$ref === "string" && componentOf(s.$ref) === undefined) || IDENTITIES.some((key) => Object.hasOwn(s, key))) plain = false;
      const choice = discriminatorChoice(s as Json);
      const branches = choice ? s[choice.kind] : undefined;
      if (Array.isArray(branches)) for (const branch of branches) if (typeof asObject(branch as Json)?.$ref === "string") named.add(componentOf(String((branch as JsonObject).$ref)) ?? "");
    });
  }
  if (!plain) return map;

  // Components by number, first: `shared[i]` is the i-th component that keeps no name.
  const numbered = new Map(Object.keys(components).filter((name) => !named.has(name)).map((name, i) => [name, i]));
  const rename = (ref: string): string => {
    const index = numbered.get(componentOf(ref) ?? "");
    return index === undefined ? ref : `#/${SHARED}/${index}`;
  };
  const shared: Json[] = [];
  const kept = new Map<string, Json>();
  for (const [name, schema] of Object.entries(components)) {
    if (numbered.has(name)) shared.push(renameRefs(schema as Json, rename));
    else kept.set(name, renameRefs(schema as Json, rename));
  }
  const mediaKeys = Object.keys(media);
  const roots = [...kept.values(), ...mediaKeys.map((key) => renameRefs(media[key] as Json, rename))];

  const text = new Map<Json, string>();
  const textOf = (schema: Json): string => {
    let t = text.get(schema);
    if (t === undefined) text.set(schema, (t = JSON.stringify(schema)));
    return t;
  };
  // How often each schema stands in the map (one inside a repeated one counted each time).
  const counts = new Map<string, number>();
  for (const schema of [...shared, ...roots]) {
    forEachSchema(schema, (s) => {
      const t = textOf(s);
      if (t.length > REF_BYTES && !Object.hasOwn(s, "$ref")) counts.set(t, (counts.get(t) ?? 0) + 1);
    });
  }
  // Outermost first: a schema held twice is shared whole, and what it holds is then looked at once, in `shared`.
  const indexOf = new Map<string, number>();
  const share = (schema: Json): Json => {
    const object = asObject(schema);
    if (!object) return schema;
    const t = textOf(object);
    if (!worthSharing(t.length, counts.get(t) ?? 0)) return mapSubschemas(object, share);
    let index = indexOf.get(t);
    if (index === undefined) {
      index = shared.length;
      indexOf.set(t, index);
      shared.push(null);
      shared[index] = mapSubschemas(object, share);
    }
    return refOf(index);
  };
  for (let i = 0; i < numbered.size; i++) shared[i] = share(shared[i] ?? null);
  const shareRoots = roots.map(share);

  const settle = settler(shared, shareRoots);
  const out: JsonObject = { openapi: map.openapi ?? null };
  const names = [...kept.keys()];
  if (names.length > 0) out.components = { schemas: Object.fromEntries(names.map((name, i) => [name, settle.root(shareRoots[i] ?? null)])) };
  out[SHARED] = settle.entries();
  out.media = Object.fromEntries(mediaKeys.map((key, i) => [key, settle.root(shareRoots[names.length + i] ?? null)]));
  return out;
}

// How `shared` ends: a `$ref` to an entry that only names another names that one; an entry the roots reach by one lone
// `$ref` only, or that refers to nothing and is smaller written out at each place, goes back to those places; one they
// do not reach is left out; the rest are numbered in order.
function settler(shared: Json[], roots: Json[]): { root: (schema: Json) => Json; entries: () => Json[] } {
  // The entry a `$ref` ends at, past entries that only name another (a component that is a `$ref`).
  const end = (index: number): number => {
    let at = index;
    for (let step = 0; step < 32; step++) {
      const ref = sharedRef(shared[at] ?? null);
      if (!ref?.lone) return at;
      at = ref.index;
    }
    return index;
  };
  const uses = new Array<number>(shared.length).fill(0);
  const pinned = new Set<number>();
  const reached = new Set<number>();
  const tally = (schema: Json): void => {
    const object = asObject(schema);
    if (!object) return;
    const ref = sharedRef(object);
    if (ref) {
      const index = end(ref.index);
      uses[index] = (uses[index] ?? 0) + 1;
      // A `$ref` beside other keywords (3.0 reads it alone, 3.1 with them) stays a `$ref`.
      if (!ref.lone) pinned.add(index);
      if (!reached.has(index)) {
        reached.add(index);
        tally(shared[index] ?? null);
      }
    }
    mapSubschemas(object, (child) => (tally(child), child));
  };
  roots.forEach(tally);
  // An entry that refers to nothing and is smaller written at each place (`{"type":"string"}`).
  const small = (index: number): boolean => {
    const text = JSON.stringify(shared[index]);
    return !text.includes('"$ref"') && !worthSharing(text.length, uses[index] ?? 0);
  };
  const renumbered = new Map<number, number>();
  uses.forEach((n, index) => (pinned.has(index) || (n > 1 && !small(index))) && renumbered.set(index, renumbered.size));
  const settle = (schema: Json): Json => {
    const object = asObject(schema);
    if (!object) return schema;
    const ref = sharedRef(object);
    const index = ref ? end(ref.index) : undefined;
    const kept = index !== undefined ? renumbered.get(index) : undefined;
    if (index !== undefined && kept === undefined) return settle(shared[index] ?? null);
    const out = mapSubschemas(object, settle);
    if (kept !== undefined) out.$ref = `#/${SHARED}/${kept}`;
    return out;
  };
  return { root: settle, entries: () => [...renumbered.keys()].map((index) => settle(shared[index] ?? null)) };
}

// The value a local `$ref` (`#/components/schemas/Pet`) names in `document`, if any (RFC 6901, inside a URI fragment).
export function valueAtRef(document: Json, ref: string): Json | undefined {
  if (!ref.startsWith("#")) return undefined;
  let target: Json | undefined = document;
  const body = ref.slice(1);
  if (body === "") return document;
  for (const part of body.replace(/^\//, "").split("/")) {
    const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(target)) target = /^(0|[1-9]\d*)$/.test(key) ? target[Number(key)] : undefined;
    else target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
  }
  return target;
}

// The spec's media schemas, read as the spec's OpenAPI version means them, as one document for ajv: each `$ref` is
// pointed at a copy of its target under `targets`, so that the rewrites below (which wrap a schema in `anyOf`) can
// never leave a `$ref` into a schema (`#/components/schemas/Pet/allOf/0`) pointing at the wrong place.
export function normalizeSchemas(spec: { openapi: string; media: Record<string, Json> }): NormalizedSchemas {
  const is30 = !spec.openapi.startsWith("3.1");
  const document = spec as unknown as Json;
  const formats = new Set<string>();
  const targets: Json[] = [];
  const indexOf = new Map<string, number>();
  const retarget = (ref: string): string => {
    if (!ref.startsWith("#")) return ref;
    let index = indexOf.get(ref);
    if (index === undefined) {
      const target = valueAtRef(document, ref);
      if (target === undefined) return ref;
      index = targets.length;
      indexOf.set(ref, index);
      // Reserved before it is read, so a schema that refers to itself ends.
      targets.push(null);
      targets[index] = normalize(target);
    }
    return `#/targets/${index}`;
  };
  const normalize = (schema: Json): Json => {
    if (!isObject(schema)) return schema;
    if (typeof schema.$ref === "string" && is30) return { $ref: retarget(schema.$ref) };
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(schema)) {
      // Annotations and extensions: nothing ajv validates with, and `example` is not a 2020-12 keyword.
      if (key === "example" || key === "examples" || key.startsWith("x-")) continue;
      if (key === "$ref" && typeof child === "string") out.$ref = retarget(child);
      else if (SCHEMA_MAPS.has(key) && isObject(child)) out[key] = Object.fromEntries(Object.entries(child).map(([name, entry]) => [name, normalize(entry)]));
      else if ((SCHEMA_LISTS.has(key) || key === "items") && Array.isArray(child)) out[key] = child.map(normalize);
      else if ((ONE_SCHEMA.has(key) || key === "items") && isObject(child)) out[key] = normalize(child);
      else out[key] = child;
    }
    if (typeof out.format === "string") formats.add(out.format);
    const choice = discriminatorChoice(schema);
    if (choice) out[choice.kind] = discriminated(choice, out[choice.kind] as Json[]);
    return is30 ? openApi30(out) : emptyEnum(out);
  };
  const media = Object.fromEntries(Object.entries(spec.media).map(([key, schema]) => [key, normalize(schema)]));
  return { document: { media, targets }, formats };
}

/** The branches of a discriminated oneOf/anyOf, with the discriminator values that pick each. */
export interface DiscriminatorChoice {
  propertyName: string;
  kind: "oneOf" | "anyOf";
  /** For each branch, in order: the values of the property that pick it (none: only plain oneOf/anyOf reaches it). */
  values: string[][];
}

// How OpenAPI's discriminator picks a branch (https://spec.openapis.org/oas/v3.1.0#discriminator-object): a value of
// the named property picks the branch the mapping names for it, or (no mapping entry names that branch) the branch
// whose schema name it is. A value that fits two overlapping branches (one is the other plus an optional field, as in
// DigitalOcean's droplet actions) is then valid when its discriminator picks one, where plain `oneOf` would reject it
// for matching both. The example builder's fit check (src/model/example-fit.ts) reads it the same way.
export function discriminatorChoice(schema: Json): DiscriminatorChoice | undefined {
  if (!isObject(schema) || !isObject(schema.discriminator) || typeof schema.discriminator.propertyName !== "string") return undefined;
  const kind = Array.isArray(schema.oneOf) ? "oneOf" : Array.isArray(schema.anyOf) ? "anyOf" : undefined;
  if (kind === undefined) return undefined;
  const mapping = isObject(schema.discriminator.mapping) ? Object.entries(schema.discriminator.mapping).filter((entry): entry is [string, string] => typeof entry[1] === "string") : [];
  // A mapping target is a $ref or a bare schema name.
  const asRef = (target: string) => (target.startsWith("#") || target.includes("/") ? target : `#/components/schemas/${target}`);
  const values = (schema[kind] as Json[]).map((branch) => {
    const ref = isObject(branch) && typeof branch.$ref === "string" ? branch.$ref : undefined;
    if (ref === undefined) return [];
    const mapped = mapping.filter(([, target]) => asRef(target) === ref).map(([value]) => value);
    const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    return mapped.length > 0 ? mapped : name === undefined ? [] : [name.replace(/~1/g, "/").replace(/~0/g, "~")];
  });
  return values.some((v) => v.length > 0) ? { propertyName: schema.discriminator.propertyName, kind, values } : undefined;
}

// A discriminated oneOf/anyOf for ajv (which runs with `discriminator: false`): for each branch a value of the property
// picks, `if` the value is an object holding one of those values `then` that branch; a value that picks none meets the
// plain oneOf/anyOf. Written as a one-branch list, so the schema keeps its key and any `if` of its own.
function discriminated(choice: DiscriminatorChoice, branches: Json[]): Json[] {
  let chain: Json = { [choice.kind]: branches };
  for (let i = branches.length - 1; i >= 0; i--) {
    const values = choice.values[i] ?? [];
    if (values.length === 0) continue;
    const picks: JsonObject = { type: "object", required: [choice.propertyName], properties: { [choice.propertyName]: { enum: values } } };
    chain = { if: picks, then: branches[i] as Json, else: chain };
  }
  return [chain];
}

// `enum: []` admits no value; ajv refuses to compile it ("enum must have non-empty array"), so it is said as `not: {}`.
function emptyEnum(schema: JsonObject): Json {
  if (!Array.isArray(schema.enum) || schema.enum.length > 0) return schema;
  const { enum: _, ...rest } = schema;
  return rest.not === undefined ? { ...rest, not: {} } : { ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), { not: {} }] };
}

// OpenAPI 3.0 → what ajv's draft-07 mode understands (https://spec.openapis.org/oas/v3.0.3#schema-object): boolean
// exclusive bounds become numbers, and `nullable` becomes a null type. ajv reads `nullable` itself only beside a
// `type`, throws on `nullable: false` without one, and would not let null past `allOf` branches; openapi-typescript
// and the example builder's fit check (src/model/example-fit.ts) read `nullable: true` as `X | null` whatever else the
// schema says, and so does this.
function openApi30(schema: JsonObject): Json {
  const out: JsonObject = { ...schema };
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof out[flag] !== "boolean") continue;
    if (out[flag] === true && typeof out[bound] === "number") {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  const nullable = out.nullable === true;
  delete out.nullable;
  if (!nullable) return emptyEnum(out);
  // `nullable: true` with an enum that lacks null: OpenAPI 3.0 still allows null.
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.const !== undefined && out.const !== null) {
    out.enum = [out.const, null];
    delete out.const;
  }
  const branched = ["allOf", "anyOf", "oneOf", "not"].some((key) => out[key] !== undefined);
  if (!branched && typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  if (!branched && Array.isArray(out.type)) return { ...out, type: out.type.includes("null") ? out.type : [...out.type, "null"] };
  if (!branched && out.type === undefined) return out;
  return { anyOf: [out, { type: "null" }] };
}
