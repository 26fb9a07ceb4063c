// Which keys of an OpenAPI 3.0 or 3.1 document hold what: schemas, `$ref`s, example data. The one table of it
// (https://spec.openapis.org/oas/v3.1.0#schema and #fixed-fields throughout), and the walks every other module
// builds on, so that they agree:
//
// - A map of names (`properties`, `components.schemas`, a `content` map) holds entries whatever their names: a
//   property called `example`, `default`, `x-foo`, `$ref`, `properties` or `type` is still a property.
// - `example`, `default`, `enum`, `const`, a 3.1 schema's `examples` list and an Example Object's `value` are data:
//   nothing under them is a schema, and a `$ref` key there is just a key. A media type's or parameter's `examples`
//   is a map of Example Objects, each of which may itself be a `$ref`.
// - `x-` keys of an object are extensions: never walked as schemas. Their content is not modelled, so a `$ref`
//   there is still reported (with kind "unknown"), as it is under any key the table does not know.
// - `discriminator.mapping` values are strings that name schemas, not `$ref`s; a boolean schema (3.1) has no
//   subschemas. No key holds a schema in one of 3.0 and 3.1 and data in the other, so one table serves both (3.0's
//   JSON Schema dialect adds `items` as a list and `definitions`; 3.1 adds `$defs`, `prefixItems`, boolean schemas).
//
// Examples:
//
//   // Every $ref of a document, with the pointer of the object holding it and what it stands for.
//   forEachRef(document, ({ ref, at, kind }) => console.log(ref, at, kind));
//   // "#/components/schemas/Pet" "#/paths/~1pets/get/responses/200/content/application~1json/schema" "schema"
//
//   // Every schema object of a document, once each, parents before children; `document` also follows local $refs
//   // that point outside the usual places (`#/x-shared/Thing`).
//   forEachSchema(document, (schema, pointer) => { if (schema.type === "bogus") fail(pointer); }, { document });
//
//   // Every subschema of one schema, through $refs into the document, and its property names; "stop" ends the walk.
//   let named = false;
//   forEachSchema(schema, (s) => { named = isObject(s.properties) && Object.hasOwn(s.properties, "constructor"); return named ? "stop" : undefined; },
//     { kind: "schema", document });
//
//   // The local $refs that some schemas reach, transitively (e.g. the component schemas a test suite needs).
//   const names = reachableRefs(mediaSchemas, { kind: "schema", document })
//     .filter((t) => t.path[0] === "components" && t.path[1] === "schemas").map((t) => t.path[2]);
//
//   // What a key of an object of some kind holds (places.ts reads the same table to name a pointer).
//   slotOf("media-type", "examples"); // { holds: "map", kind: "example", extensions: false }
import type { JsonObject, JsonValue } from "./load.js";
import { childPointer, pathToPointer, pointerToPath } from "./pointer.js";

// The kinds of object a document holds. "callback" is a map of path items; "unknown" is content the table does not
// model (extensions, keys it does not know), where only `$ref`s are looked for.
export type Kind =
  | "document"
  | "components"
  | "path-item"
  | "operation"
  | "parameter"
  | "header"
  | "request-body"
  | "response"
  | "media-type"
  | "encoding"
  | "example"
  | "link"
  | "security-scheme"
  | "callback"
  | "schema"
  | "unknown";

// What one key of an object holds.
export type Slot =
  | { holds: "one"; kind: Kind }
  /** A map of names to objects; with `extensions`, its `x-` keys are extensions instead (Paths, Responses, Callback). */
  | { holds: "map"; kind: Kind; extensions: boolean }
  | { holds: "list"; kind: Kind }
  /** `items`: one schema, or (JSON Schema draft 4 to 2019-09, 3.0 tuples) a list of them. */
  | { holds: "one-or-list"; kind: Kind }
  /** Example or default values: no schema and no `$ref` under it. */
  | { holds: "data" }
  /** A field the table knows that holds neither schemas nor data (`info`, a schema's `type` or `discriminator`). */
  | { holds: "field" }
  /** An extension, or a key the table does not know. */
  | { holds: "unknown" };

// One slot object per kind: map entries ask for theirs on every key.
const ONE = new Map<Kind, Slot>();
const one = (kind: Kind): Slot => {
  const known = ONE.get(kind);
  if (known !== undefined) return known;
  const slot: Slot = { holds: "one", kind };
  ONE.set(kind, slot);
  return slot;
};
const map = (kind: Kind): Slot => ({ holds: "map", kind, extensions: false });
const extensibleMap = (kind: Kind): Slot => ({ holds: "map", kind, extensions: true });
const list = (kind: Kind): Slot => ({ holds: "list", kind });
const DATA: Slot = { holds: "data" };
const FIELD: Slot = { holds: "field" };
const UNKNOWN: Slot = { holds: "unknown" };

// An object kind: the slots of its fixed fields, and what any other key is. A Map, not an object literal: a key
// named "constructor" must not find Object.prototype's.
interface Fields {
  fields: ReadonlyMap<string, Slot>;
  others: Slot;
}
// A map kind (the Callback Object): every entry holds one object of a kind; `x-` keys are extensions.
interface Entries {
  entries: Slot;
}

// https://spec.openapis.org/oas/v3.1.0#path-item-object
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

// JSON Schema's applicators (https://json-schema.org/draft/2020-12/json-schema-core#section-10, and draft 4's
// `items` list, `additionalItems` and `definitions`, which OpenAPI 3.0's schema dialect builds on) and its keywords
// whose values are data or settings.
const SCHEMA: Fields = {
  fields: new Map<string, Slot>([
    ...["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"].map((k): [string, Slot] => [k, map("schema")]),
    ...["allOf", "anyOf", "oneOf", "prefixItems"].map((k): [string, Slot] => [k, list("schema")]),
    ["items", { holds: "one-or-list", kind: "schema" }],
    ...["additionalItems", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"].map(
      (k): [string, Slot] => [k, one("schema")],
    ),
    ...["example", "examples", "default", "enum", "const"].map((k): [string, Slot] => [k, DATA]),
    ...["discriminator", "xml", "externalDocs", "required", "type"].map((k): [string, Slot] => [k, FIELD]),
  ]),
  // A keyword the table does not know (a vendor's, or a newer draft's) may hold anything.
  others: UNKNOWN,
};

const objectKind = (fields: [string, Slot][], others: Slot = FIELD): Fields => ({ fields: new Map(fields), others });

// Parameter and Header Objects hold the same slots (https://spec.openapis.org/oas/v3.1.0#header-object).
const PARAMETER_SLOTS: [string, Slot][] = [
  ["schema", one("schema")],
  ["content", map("media-type")],
  ["example", DATA],
  ["examples", map("example")],
];

const KINDS: ReadonlyMap<Kind, Fields | Entries> = new Map<Kind, Fields | Entries>([
  ["document", objectKind([["paths", extensibleMap("path-item")], ["webhooks", map("path-item")], ["components", one("components")]])],
  [
    "components",
    objectKind(
      [
        ["schemas", map("schema")],
        ["responses", map("response")],
        ["parameters", map("parameter")],
        ["examples", map("example")],
        ["requestBodies", map("request-body")],
        ["headers", map("header")],
        ["securitySchemes", map("security-scheme")],
        ["links", map("link")],
        ["callbacks", map("callback")],
        ["pathItems", map("path-item")],
      ],
      UNKNOWN,
    ),
  ],
  ["path-item", objectKind([...HTTP_METHODS.map((m): [string, Slot] => [m, one("operation")]), ["parameters", list("parameter")]])],
  [
    "operation",
    objectKind([
      ["parameters", list("parameter")],
      ["requestBody", one("request-body")],
      ["responses", extensibleMap("response")],
      ["callbacks", map("callback")],
    ]),
  ],
  ["parameter", objectKind(PARAMETER_SLOTS)],
  ["header", objectKind(PARAMETER_SLOTS)],
  ["request-body", objectKind([["content", map("media-type")]])],
  [
    "response",
    objectKind([
      ["headers", map("header")],
      ["content", map("media-type")],
      ["links", map("link")],
    ]),
  ],
  [
    "media-type",
    objectKind([
      ["schema", one("schema")],
      ["example", DATA],
      ["examples", map("example")],
      ["encoding", map("encoding")],
    ]),
  ],
  ["encoding", objectKind([["headers", map("header")]])],
  ["example", objectKind([["value", DATA]])],
  // A link's `parameters` and `requestBody` are constants or runtime expressions (https://spec.openapis.org/oas/v3.1.0#link-object).
  [
    "link",
    objectKind([
      ["parameters", DATA],
      ["requestBody", DATA],
    ]),
  ],
  ["security-scheme", objectKind([])],
  ["callback", { entries: one("path-item") }],
  ["schema", SCHEMA],
  ["unknown", objectKind([], UNKNOWN)],
]);

const isExtension = (key: string): boolean => key.startsWith("x-");

// What the key `key` of an object of kind `kind` holds. A map kind's entries are `one` of its entry kind.
export function slotOf(kind: Kind, key: string): Slot {
  if (isExtension(key)) return UNKNOWN;
  const definition = KINDS.get(kind) as Fields | Entries;
  return "entries" in definition ? definition.entries : (definition.fields.get(key) ?? definition.others);
}

// What the key `key` of a map slot holds: an entry, whatever its name, or (in an extensible map) an extension.
export function entryOf(slot: Slot & { holds: "map" }, key: string): Slot {
  return slot.extensions && isExtension(key) ? UNKNOWN : one(slot.kind);
}

// One `$ref` of a document.
export interface RefSite {
  /** The `$ref` string as written. */
  ref: string;
  /** The pointer of the object that holds the `$ref` key. */
  at: string;
  /** What the referenced value stands for here: "schema", "parameter"..., or "unknown" outside the modelled places. */
  kind: Kind;
}

// Where a walk starts and whether it follows local `$ref`s.
export interface WalkOptions {
  /** What the walked value is (default: "document", a whole OpenAPI document). */
  kind?: Kind;
  /** Its pointer, which the pointers handed to the visitor extend (default: "#"). */
  at?: string;
  /** When given, a local `$ref` (`#/...`) met on the way is followed into this document and its target walked as
   * what the `$ref` stands for, each target once, after the walked value itself. */
  document?: JsonValue;
}

// What a visitor returns: nothing to go on, "stop" to end the walk.
export type Stop = void | "stop";

interface Handlers {
  ref?: (site: RefSite) => Stop;
  schema?: (schema: JsonObject, pointer: string) => Stop;
  /** Each schema object only once (by identity), also when reached again through a `$ref` or a YAML alias. */
  schemasOnce: boolean;
}

// Calls `visit` on every `$ref` under `value` (outside data), in document order. Every site is reported, also when
// YAML aliases make two of them the same object (so with `document`, a target inside `value` is reported twice).
export function forEachRef(value: JsonValue | undefined, visit: (site: RefSite) => Stop, options: WalkOptions = {}): void {
  walk([value], { ref: visit, schemasOnce: false }, options);
}

// Calls `visit` on every schema object under `value`, parents before children, each object once. A visitor may
// change the schema it is given: its subschemas are read after it returns.
export function forEachSchema(value: JsonValue | undefined, visit: (schema: JsonObject, pointer: string) => Stop, options: WalkOptions = {}): void {
  walk([value], { schema: visit, schemasOnce: true }, options);
}

// A local `$ref` target reached by reachableRefs.
export interface RefTarget {
  /** The `$ref` as first met. */
  ref: string;
  /** Its target as a canonical pointer (`#/components/schemas/a~1b`). */
  pointer: string;
  /** The same, as keys. */
  path: string[];
}

// The local `$ref`s reached from `roots` (each walked as `options.kind`), following each into `options.document`
// transitively; each target once, in the order first met. `$ref`s to other files are not followed or listed.
export function reachableRefs(roots: readonly (JsonValue | undefined)[], options: WalkOptions & { document: JsonValue }): RefTarget[] {
  const targets = new Map<string, RefTarget>();
  walk(
    roots,
    {
      ref: ({ ref }) => {
        if (!ref.startsWith("#")) return;
        const path = pointerToPath(ref);
        const pointer = pathToPointer(path);
        if (!targets.has(pointer)) targets.set(pointer, { ref, pointer, path });
      },
      schemasOnce: true,
    },
    options,
  );
  return [...targets.values()];
}

// The value at `path` (keys, as from pointerToPath) in `document`, if there is one (RFC 6901 section 4).
export function valueAt(document: JsonValue, path: readonly string[]): JsonValue | undefined {
  let value: JsonValue | undefined = document;
  for (const key of path) {
    if (Array.isArray(value)) value = /^(0|[1-9]\d*)$/.test(key) ? value[Number(key)] : undefined;
    else if (isObject(value) && Object.hasOwn(value, key)) value = value[key];
    else return undefined;
  }
  return value;
}

// A JSON object: not null, not a list.
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function walk(roots: readonly (JsonValue | undefined)[], handlers: Handlers, options: WalkOptions): void {
  const { document } = options;
  const seen = handlers.schemasOnce ? new Set<object>() : undefined;
  const followed = new Set<string>();
  const queue: { value: JsonValue; kind: Kind; pointer: string }[] = [];
  let stopped = false;

  const reportRef = (ref: string, at: string, kind: Kind): void => {
    if (handlers.ref?.({ ref, at, kind }) === "stop") stopped = true;
    if (document === undefined || !ref.startsWith("#")) return;
    const path = pointerToPath(ref);
    const pointer = pathToPointer(path);
    const key = `${kind} ${pointer}`;
    if (followed.has(key)) return;
    followed.add(key);
    const target = valueAt(document, path);
    if (target !== undefined) queue.push({ value: target, kind, pointer });
  };

  // A value in a slot that holds one object of `kind`.
  const value = (node: JsonValue | undefined, kind: Kind, pointer: string): void => {
    if (stopped || node === undefined || node === null || typeof node !== "object") return;
    // A list where an object belongs is not modelled; its `$ref`s are still found.
    if (Array.isArray(node) || kind === "unknown") return unknown(node, pointer);
    object(node, kind, pointer);
  };

  const object = (node: JsonObject, kind: Kind, pointer: string): void => {
    if (kind === "schema") {
      if (seen !== undefined) {
        if (seen.has(node)) return;
        seen.add(node);
      }
      if (handlers.schema?.(node, pointer) === "stop") stopped = true;
      if (stopped) return;
    }
    for (const key of Object.keys(node)) {
      if (stopped) return;
      const child = node[key] as JsonValue;
      if (key === "$ref" && typeof child === "string") reportRef(child, pointer, kind);
      // A string, number, boolean or null holds nothing to walk (a boolean schema has no subschemas).
      else if (typeof child === "object" && child !== null) slotValue(child, slotOf(kind, key), childPointer(pointer, key));
    }
  };

  const slotValue = (node: JsonValue, slot: Slot, pointer: string): void => {
    switch (slot.holds) {
      case "one":
        return value(node, slot.kind, pointer);
      case "one-or-list":
        return Array.isArray(node) ? items(node, slot.kind, pointer) : value(node, slot.kind, pointer);
      case "list":
        return Array.isArray(node) ? items(node, slot.kind, pointer) : unknown(node, pointer);
      case "map":
        if (!isObject(node)) return unknown(node, pointer);
        for (const key of Object.keys(node)) {
          if (stopped) return;
          const entry = node[key] as JsonValue;
          if (typeof entry !== "object" || entry === null) continue;
          slotValue(entry, entryOf(slot, key), childPointer(pointer, key));
        }
        return;
      case "data":
        return;
      case "field":
      case "unknown":
        return unknown(node, pointer);
    }
  };

  const items = (nodes: JsonValue[], kind: Kind, pointer: string): void => {
    for (let i = 0; i < nodes.length && !stopped; i++) value(nodes[i], kind, `${pointer}/${i}`);
  };

  // Content the table does not model: every `$ref` string in it is a reference of unknown kind.
  const unknown = (node: JsonValue, pointer: string): void => {
    if (stopped || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && !stopped; i++) unknown(node[i] as JsonValue, `${pointer}/${i}`);
      return;
    }
    for (const key of Object.keys(node)) {
      if (stopped) return;
      const child = node[key] as JsonValue;
      if (key === "$ref" && typeof child === "string") reportRef(child, pointer, "unknown");
      else if (typeof child === "object" && child !== null) unknown(child, childPointer(pointer, key));
    }
  };

  const kind = options.kind ?? "document";
  const at = options.at ?? "#";
  for (const root of roots) value(root, kind, at);
  for (let i = 0; i < queue.length && !stopped; i++) {
    const next = queue[i] as (typeof queue)[number];
    value(next.value, next.kind, next.pointer);
  }
}
