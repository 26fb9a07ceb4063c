import type { ApiModel } from "../../model/types.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../model/json.js";
import { discriminatorChoice, leanSchemaMap, mapSubschemas } from "../../testkit/contract-schemas.js";
import type { Json } from "../../testkit/contract-undeclared.js";

// contract/schemas.json, the schema map the contract kit validates examples with (src/testkit/contract-kit.ts
// loadSchemaChecker): each media type's schema under its key and the component schemas they reach, without the keys no
// check reads (the kit's leanSchemaMap), and with every schema written more than once written once, under `shared`.

/** The schema map's file (src/format/format.ts WRITTEN_AS_IS). */
export const SCHEMA_FILE = "contract/schemas.json";

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

const asObject = (value: Json | JsonValue | undefined): JsonObject | undefined => (isJsonObject(value as JsonValue) ? (value as JsonObject) : undefined);
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
  if (names.length > 0) out.components = { schemas: Object.fromEntries(names.map((name, i) => [name, settle.root(shareRoots[i] ?? null) as JsonValue])) };
  out[SHARED] = settle.entries() as JsonValue[];
  out.media = Object.fromEntries(mediaKeys.map((key, i) => [key, settle.root(shareRoots[names.length + i] ?? null) as JsonValue]));
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

// The schema checker's data: each media type's schema and the parts of the document they reach, lean and shared.
export function schemaMap(model: ApiModel): JsonObject {
  const { openapi, referenced, media } = model.contractSchemas;
  return shareSchemas(leanSchemaMap({ openapi, ...referenced, media }));
}

// One schema a line, so the file stays greppable and a diff names the schemas that changed; not through prettier,
// which would spread megabytes over a line per keyword.
export function emitSchemaFile(model: ApiModel): string {
  const line = ([key, value]: [string, JsonValue]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const block = (entries: [string, JsonValue][]) => (entries.length === 0 ? "{}" : `{\n${entries.map(line).join(",\n")}\n}`);
  const list = (values: JsonValue[]) => (values.length === 0 ? "[]" : `[\n${values.map((value) => JSON.stringify(value)).join(",\n")}\n]`);
  const map = schemaMap(model);
  const top = Object.entries(map).map(([key, value]): string => {
    if (key === "media" && isJsonObject(value)) return `${JSON.stringify(key)}: ${block(Object.entries(value))}`;
    if (key === SHARED && Array.isArray(value)) return `${JSON.stringify(key)}: ${list(value)}`;
    if (key === "components" && isJsonObject(value)) {
      const sections = Object.entries(value).map(([name, section]) => (name === "schemas" && isJsonObject(section) ? `${JSON.stringify(name)}: ${block(Object.entries(section))}` : line([name, section])));
      return `${JSON.stringify(key)}: {\n${sections.join(",\n")}\n}`;
    }
    return line([key, value]);
  });
  return `{\n${top.join(",\n")}\n}\n`;
}
