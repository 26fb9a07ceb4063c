import type { JsonObject, JsonValue } from "../../openapi/load.js";
import { pathToPointer, pointerToPath } from "../../openapi/pointer.js";
import { forEachSchema, isObject, valueAt } from "../../openapi/walk.js";

// openapi-typescript writes a schema `$ref` as an indexed access into its output: `#/components/schemas/Pet` is
// `components["schemas"]["Pet"]`, and a `properties/<name>` step is `["<name>"]`, which names a real property type.
// Any other step names nothing in the output: `#/components/schemas/Pet/allOf/0` becomes
// `components["schemas"]["Pet"]["allOf"][0]` (TS2339: Pet's type has no `allOf`), and a $ref to a schema under
// `paths` or a response indexes types that have no `schema` key. JSON Schema allows a $ref to any subschema, so
// such a $ref is valid, and the package then fails to compile. In the copy handed to openapi-typescript, each such
// $ref is replaced by a copy of the schema it names (whose own $refs still point where they did). Returns how many
// were replaced; `document` is changed in place.
export function inlineInnerSchemaRefs(document: JsonValue): number {
  let inlined = 0;
  forEachSchema(document, (schema) => {
    const ref = schema.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#") || namesAType(ref)) return;
    const path = pointerToPath(ref);
    const target = valueAt(document, path);
    // A copy that holds a $ref to itself, or to a schema around it, would be inlined again without end.
    if (!isObject(target) || refersWithin(target, pathToPointer(path))) return;
    delete schema.$ref;
    // Keywords beside the $ref win (3.1 reads them alongside; in 3.0 there are none worth keeping).
    const siblings = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    Object.assign(schema, structuredClone(target), siblings);
    inlined++;
  }, { document });
  return inlined;
}

// Whether openapi-typescript's indexed access for this $ref names a type: a component schema, then any number of
// `properties/<name>` steps.
function namesAType(ref: string): boolean {
  const path = pointerToPath(ref);
  if (path.length < 3 || path[0] !== "components" || path[1] !== "schemas") return false;
  for (let i = 3; i < path.length; i += 2) if (path[i] !== "properties" || i + 1 >= path.length) return false;
  return true;
}

// Whether `schema` holds a $ref to `pointer` or to a pointer it lies under (other than a plain component schema, which
// stays a reference and is not inlined).
function refersWithin(schema: JsonObject, pointer: string): boolean {
  let found = false;
  forEachSchema(schema, (node) => {
    if (typeof node.$ref !== "string" || !node.$ref.startsWith("#") || namesAType(node.$ref)) return;
    const target = pathToPointer(pointerToPath(node.$ref));
    if (pointer === target || pointer.startsWith(`${target}/`)) found = true;
    return found ? "stop" : undefined;
  }, { kind: "schema" });
  return found;
}
