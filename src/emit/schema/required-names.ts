import type { JsonObject, JsonValue } from "../../openapi/load.js";
import { pointerToPath } from "../../openapi/pointer.js";
import { forEachSchema, isObject, valueAt } from "../../openapi/walk.js";

// openapi-typescript writes an object schema's type from its `properties`: a name the schema lists in `required`
// without declaring it (upstream's `required: [success, errors, messages, result]` beside `properties: {result}`,
// or a misspelt `modified_one`) is left out of the type. A value that has the name, as the schema demands, then
// fails the type's excess-property check: the documented example does not compile, and neither does a request body
// that sends it. In the copy of the document handed to openapi-typescript, each such name is declared as `{}` (any
// value), which it writes as a required `name: unknown`. Only schemas that declare some properties are changed: one
// that declares none is written as an open record, which a declared name would close. The same holds for a schema
// that requires names beside `allOf` parts (DigitalOcean's uptime check: `allOf: [check_updatable]` beside
// `required: [name, method, …]`, where no part declares `method`): the type is the parts' intersection, which has no
// `method`, unless some part is itself an open record. Returns how many names were declared; `document` is changed
// in place.
export function declareRequiredNames(document: JsonValue): number {
  let declared = 0;
  forEachSchema(document, (node) => {
    const { properties, required } = node;
    if (!Array.isArray(required)) return;
    const own = isObject(properties) && Object.keys(properties).length > 0 ? properties : undefined;
    const parts = Array.isArray(node.allOf) ? node.allOf : [];
    if (own === undefined && parts.length === 0) return;
    const fromParts = parts.length > 0 ? declaredNames(node, document, new Set()) : new Set<string>();
    // A part with no properties of its own is an open record: it admits any name already.
    if (fromParts.has(OPEN)) return;
    for (const name of required) {
      if (typeof name !== "string" || (own !== undefined && Object.hasOwn(own, name)) || fromParts.has(name)) continue;
      const target = own ?? (node.properties = {});
      target[name] = {};
      declared++;
    }
  }, { document });
  return declared;
}

// Stands for "any name": a schema that declares no properties and builds on nothing.
const OPEN = Symbol("open record");

// The property names a schema declares, with those of its allOf parts (local $refs followed); OPEN when some part is
// an open record.
function declaredNames(schema: JsonValue | undefined, document: JsonValue, seen: Set<string>): Set<string | typeof OPEN> {
  let node = schema;
  while (isObject(node) && typeof node.$ref === "string") {
    if (!node.$ref.startsWith("#") || seen.has(node.$ref)) return new Set([OPEN]);
    seen.add(node.$ref);
    node = valueAt(document, pointerToPath(node.$ref));
  }
  if (!isObject(node)) return new Set([OPEN]);
  const names = new Set<string | typeof OPEN>(isObject(node.properties) ? Object.keys(node.properties) : []);
  const parts = Array.isArray(node.allOf) ? node.allOf : [];
  // Only an object that says nothing about its properties is open; a oneOf/anyOf is read as its branches, not here.
  if (names.size === 0 && parts.length === 0 && !hasBranches(node)) return new Set([OPEN]);
  for (const part of parts) for (const name of declaredNames(part, document, seen)) names.add(name);
  return names;
}

function hasBranches(node: JsonObject): boolean {
  return Array.isArray(node.oneOf) || Array.isArray(node.anyOf);
}
