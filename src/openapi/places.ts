// What sits at a JSON pointer of an OpenAPI document, read from the pointer alone: a schema, something known not to
// be one (with words for it), or unknown (extensions, keywords we do not model). Used to refuse a schema $ref that
// names a container or another kind of object, which openapi-typescript would render as that whole type.

export type Place = { kind: "schema" } | { kind: "other"; what: string } | { kind: "unknown" };

// A step of the walk: where we are, and what to call it if the pointer ends here.
type Step =
  | { at: "schema" }
  | { at: "document" | "components" | "path-item" | "operation" | "parameter" | "header" | "request-body" | "response" | "media-type" | "encoding"; what: string }
  | { at: "map" | "list"; what: string; item: Step }
  | { at: "other"; what: string }
  | { at: "unknown" };

// The operation keys of a Path Item (https://spec.openapis.org/oas/v3.1.0#path-item-object).
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
// Schema keywords whose value is a map of subschemas, a list of them, or one
// (https://json-schema.org/draft/2020-12/json-schema-core#section-10).
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_ONES = new Set(["items", "additionalItems", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"]);
// Schema keywords that hold data or settings, never a schema; anything else inside a schema stays unknown.
const SCHEMA_DATA = new Set(["example", "examples", "default", "enum", "const", "discriminator", "xml", "externalDocs", "required", "type"]);

const SCHEMA: Step = { at: "schema" };
const UNKNOWN: Step = { at: "unknown" };
const other = (what: string): Step => ({ at: "other", what });
const map = (what: string, item: Step): Step => ({ at: "map", what, item });
const PARAMETER: Step = { at: "parameter", what: "a parameter" };
const HEADER: Step = { at: "header", what: "a header" };
const MEDIA_TYPES = (owner: string): Step => map(`${owner}'s \`content\` map`, { at: "media-type", what: "a media type object" });
const PATH_ITEM: Step = { at: "path-item", what: "a path item" };

// What the pointer `segments` (as from pointerToPath) names inside an OpenAPI document.
export function placeOf(segments: readonly string[]): Place {
  let step: Step = { at: "document", what: "the whole document" };
  for (const key of segments) {
    step = next(step, key);
    if (step.at === "unknown") return { kind: "unknown" };
  }
  if (step.at === "schema") return { kind: "schema" };
  return { kind: "other", what: step.what };
}

function next(step: Step, key: string): Step {
  if (key.startsWith("x-") && step.at !== "map" && step.at !== "list") return UNKNOWN;
  switch (step.at) {
    case "document":
      if (key === "components") return { at: "components", what: "the components object" };
      if (key === "paths" || key === "webhooks") return map(`the \`${key}\` map`, PATH_ITEM);
      return other(`the document's \`${key}\``);
    case "components":
      return componentSection(key);
    case "map":
    case "list":
      return step.item;
    case "schema":
      if (SCHEMA_MAPS.has(key)) return map(`a schema's \`${key}\` map`, SCHEMA);
      if (SCHEMA_LISTS.has(key)) return { at: "list", what: `a schema's \`${key}\` list`, item: SCHEMA };
      if (SCHEMA_ONES.has(key)) return SCHEMA;
      if (SCHEMA_DATA.has(key)) return other(`a schema's \`${key}\``);
      return UNKNOWN;
    case "path-item":
      if (METHODS.has(key)) return { at: "operation", what: "an operation" };
      if (key === "parameters") return { at: "list", what: "a path item's `parameters` list", item: PARAMETER };
      return other(`a path item's \`${key}\``);
    case "operation":
      if (key === "parameters") return { at: "list", what: "an operation's `parameters` list", item: PARAMETER };
      if (key === "requestBody") return { at: "request-body", what: "a request body" };
      if (key === "responses") return map("an operation's `responses` map", { at: "response", what: "a response" });
      if (key === "callbacks") return map("an operation's `callbacks` map", map("a callback", PATH_ITEM));
      return other(`an operation's \`${key}\``);
    case "parameter":
    case "header":
      if (key === "schema") return SCHEMA;
      if (key === "content") return MEDIA_TYPES(step.what);
      return other(`${step.what}'s \`${key}\``);
    case "request-body":
      if (key === "content") return MEDIA_TYPES(step.what);
      return other(`${step.what}'s \`${key}\``);
    case "response":
      if (key === "content") return MEDIA_TYPES(step.what);
      if (key === "headers") return map("a response's `headers` map", HEADER);
      return other(`a response's \`${key}\``);
    case "media-type":
      if (key === "schema") return SCHEMA;
      if (key === "encoding") return map("a media type's `encoding` map", { at: "encoding", what: "an encoding object" });
      return other(`a media type's \`${key}\``);
    case "encoding":
      if (key === "headers") return map("an encoding's `headers` map", HEADER);
      return other(`an encoding's \`${key}\``);
    case "other":
      return step.what.startsWith("part of ") ? step : other(`part of ${step.what}`);
    case "unknown":
      return UNKNOWN;
  }
}

// https://spec.openapis.org/oas/v3.1.0#components-object
function componentSection(key: string): Step {
  const item = COMPONENTS.get(key);
  return item === undefined ? UNKNOWN : map(`the map \`components.${key}\` itself`, item);
}

// A Map, not an object literal: a section named "constructor" must not find Object.prototype's.
const COMPONENTS: ReadonlyMap<string, Step> = new Map<string, Step>([
  ["schemas", SCHEMA],
  ["parameters", PARAMETER],
  ["headers", HEADER],
  ["requestBodies", { at: "request-body", what: "a request body" }],
  ["responses", { at: "response", what: "a response" }],
  ["pathItems", PATH_ITEM],
  ["callbacks", map("a callback", PATH_ITEM)],
  ["securitySchemes", other("a security scheme")],
  ["examples", other("an example")],
  ["links", other("a link")],
]);
