import type { JsonValue } from "../../openapi/load.js";
import { forEachSchema, isObject } from "../../openapi/walk.js";

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
  forEachSchema(document, (node) => {
    const { properties, required } = node;
    if (!isObject(properties) || Object.keys(properties).length === 0 || !Array.isArray(required)) return;
    for (const name of required) {
      if (typeof name === "string" && !Object.hasOwn(properties, name)) {
        properties[name] = {};
        declared++;
      }
    }
  }, { document });
  return declared;
}
