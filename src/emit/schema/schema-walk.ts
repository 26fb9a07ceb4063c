import type { JsonObject, JsonValue } from "../../openapi/load.js";

// Keys whose values are data, not schemas: nothing under them is visited.
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);
// Keys whose values map names to schemas or to objects that hold them: every value is visited, whatever its name (a
// property may be called `example`, and a response is keyed `default`).
const NAME_MAPS = new Set(["properties", "patternProperties", "schemas", "$defs", "definitions", "paths", "webhooks", "pathItems", "callbacks", "responses", "requestBodies", "parameters", "headers", "content"]);

export const isJsonObject = (value: JsonValue | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

// Calls `visit` on every object of an OpenAPI document that may be a schema (and on the objects that hold them),
// parents before children, skipping examples, defaults, enums and `x-` extensions, whose values are data. For the
// rewrites made to the copy of the document handed to openapi-typescript (src/emit/schema/schema-types.ts).
export function forEachSchemaObject(document: JsonValue, visit: (node: JsonObject) => void): void {
  const walk = (node: JsonValue | undefined, isNameMap: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, false);
      return;
    }
    if (!isJsonObject(node)) return;
    if (isNameMap) {
      for (const value of Object.values(node)) walk(value, false);
      return;
    }
    visit(node);
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYS.has(key) || key.startsWith("x-")) continue;
      walk(value, NAME_MAPS.has(key));
    }
  };
  walk(document, false);
}
