import type { JsonObject, JsonValue } from "../openapi/load.js";

// JSON data as the model carries it to the emitters (examples, defaults): the emitters read these, not the spec.
export type { JsonObject, JsonValue };

// Whether a JSON value is an object (not null, not a list).
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
