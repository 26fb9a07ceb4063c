import type { JsonObject, JsonValue } from "../spec/load.js";

// Keys whose values are data, not schemas: nothing under them is rewritten.
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);
// Keys whose values map names to schemas or to objects that hold them: every value is visited, whatever its name (a
// property may be called `example`, and a response is keyed `default`).
const NAME_MAPS = new Set(["properties", "patternProperties", "schemas", "$defs", "definitions", "paths", "webhooks", "pathItems", "callbacks", "responses", "requestBodies", "parameters", "headers", "content"]);

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

// openapi-typescript writes an object schema's type from its `properties`: a name the schema lists in `required`
// without declaring it (upstream's `required: [success, errors, messages, result]` beside `properties: {result}`,
// or a misspelt `modified_one`) is left out of the type. A value that has the name, as the schema demands, then
// fails the type's excess-property check: the documented example does not compile, and neither does a request body
// that sends it. In the copy of the document handed to openapi-typescript, each such name is declared as `{}` (any
// value), which it writes as a required `name: unknown`. Only schemas that declare some properties are changed: one
// that declares none is written as an open record, which a declared name would close. Returns how many names were
// declared; `document` is changed in place.
export function declareRequiredNames(document: JsonValue): number {
  let declared = 0;
  const visit = (node: JsonValue | undefined, isNameMap: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      return;
    }
    if (!isObject(node)) return;
    if (isNameMap) {
      for (const value of Object.values(node)) visit(value, false);
      return;
    }
    const { properties, required } = node;
    if (isObject(properties) && Object.keys(properties).length > 0 && Array.isArray(required)) {
      for (const name of required) {
        if (typeof name === "string" && !Object.hasOwn(properties, name)) {
          properties[name] = {};
          declared++;
        }
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYS.has(key) || key.startsWith("x-")) continue;
      visit(value, NAME_MAPS.has(key));
    }
  };
  visit(document, false);
  return declared;
}
