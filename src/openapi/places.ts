// What sits at a JSON pointer of an OpenAPI document, read from the pointer alone: a schema, something known not to
// be one (with words for it), or unknown (extensions, keywords we do not model). Used to refuse a schema $ref that
// names a container or another kind of object, which openapi-typescript would render as that whole type. What holds
// what is walk.ts's table (slotOf), the one the document walks read; this module only adds the words.

import { entryOf, slotOf, type Kind, type Slot } from "./walk.js";

export type Place = { kind: "schema" } | { kind: "other"; what: string } | { kind: "unknown" };

// A step of the walk down the pointer: where we are, and what to call it if the pointer ends here.
type Step =
  | { at: "object"; kind: Kind; what: string }
  | { at: "map"; slot: Slot & { holds: "map" }; what: string }
  | { at: "list"; kind: Kind; what: string }
  /** `items`: one object of `kind`, or a list of them when the next key is an index. */
  | { at: "one-or-list"; kind: Kind; what: string }
  | { at: "other"; what: string }
  | { at: "unknown" };

// How each kind of object is named, alone and as an owner.
const NAMES: ReadonlyMap<Kind, { what: string; owner: string }> = new Map<Kind, { what: string; owner: string }>([
  ["document", { what: "the whole document", owner: "the document's" }],
  ["components", { what: "the components object", owner: "the components object's" }],
  ["path-item", { what: "a path item", owner: "a path item's" }],
  ["operation", { what: "an operation", owner: "an operation's" }],
  ["parameter", { what: "a parameter", owner: "a parameter's" }],
  ["header", { what: "a header", owner: "a header's" }],
  ["request-body", { what: "a request body", owner: "a request body's" }],
  ["response", { what: "a response", owner: "a response's" }],
  ["media-type", { what: "a media type object", owner: "a media type's" }],
  ["encoding", { what: "an encoding object", owner: "an encoding's" }],
  ["example", { what: "an example", owner: "an example's" }],
  ["link", { what: "a link", owner: "a link's" }],
  ["security-scheme", { what: "a security scheme", owner: "a security scheme's" }],
  ["callback", { what: "a callback", owner: "a callback's" }],
  ["schema", { what: "a schema", owner: "a schema's" }],
  ["unknown", { what: "an unknown value", owner: "an unknown value's" }],
]);

const nameOf = (kind: Kind) => NAMES.get(kind) as { what: string; owner: string };
const UNKNOWN: Step = { at: "unknown" };

// What the pointer `segments` (as from pointerToPath) names inside an OpenAPI document.
export function placeOf(segments: readonly string[]): Place {
  let step: Step = { at: "object", kind: "document", what: nameOf("document").what };
  for (const key of segments) {
    step = next(step, key);
    if (step.at === "unknown") return { kind: "unknown" };
  }
  if ((step.at === "object" || step.at === "one-or-list") && step.kind === "schema") return { kind: "schema" };
  return { kind: "other", what: step.what };
}

function next(step: Step, key: string): Step {
  switch (step.at) {
    case "object":
      return inSlot(slotOf(step.kind, key), step.kind, key);
    case "map":
      return inSlot(entryOf(step.slot, key), step.slot.kind, key);
    case "list":
      return object(step.kind);
    case "one-or-list":
      return /^(0|[1-9]\d*)$/.test(key) ? object(step.kind) : next(object(step.kind), key);
    case "other":
      return step.what.startsWith("part of ") ? step : { at: "other", what: `part of ${step.what}` };
    case "unknown":
      return UNKNOWN;
  }
}

function object(kind: Kind): Step {
  return kind === "unknown" ? UNKNOWN : { at: "object", kind, what: nameOf(kind).what };
}

// The step into the key `key` of an object of kind `owner`, which holds `slot`.
function inSlot(slot: Slot, owner: Kind, key: string): Step {
  const field = `${nameOf(owner).owner} \`${key}\``;
  switch (slot.holds) {
    case "one":
      return object(slot.kind);
    case "map":
      return { at: "map", slot, what: mapName(owner, key, field) };
    case "list":
      return { at: "list", kind: slot.kind, what: `${field} list` };
    case "one-or-list":
      return slot.kind === "unknown" ? UNKNOWN : { at: "one-or-list", kind: slot.kind, what: nameOf(slot.kind).what };
    case "data":
    case "field":
      return { at: "other", what: field };
    case "unknown":
      return UNKNOWN;
  }
}

function mapName(owner: Kind, key: string, field: string): string {
  if (owner === "document") return `the \`${key}\` map`;
  if (owner === "components") return `the map \`components.${key}\` itself`;
  return `${field} map`;
}
