import type { JsonValue } from "../openapi/load.js";

// A summary or description as the model keeps it: trimmed, and undefined when it is not a string or is blank.
export function docText(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
