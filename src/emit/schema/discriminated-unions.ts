import type { JsonObject, JsonValue } from "../../openapi/load.js";
import { pointerToPath } from "../../openapi/pointer.js";
import { forEachSchema, isObject, valueAt } from "../../openapi/walk.js";

// The object a local `$ref` points at in `document`, if any.
function target(document: JsonValue, ref: string): JsonObject | undefined {
  if (!ref.startsWith("#/")) return undefined;
  const node = valueAt(document, pointerToPath(ref));
  return isObject(node) ? node : undefined;
}

// openapi-typescript reads `allOf: [{$ref: X}, …]`, where X has a discriminator, as inheritance from a base schema,
// and gives the child the discriminator property with the child's own schema name as its value when X's mapping does
// not list it: the 2024 Cloudflare spec's `rulesets_ResponseRule` (allOf the RequestRule union and a `required`
// list) got `action: "rulesets_ResponseRule"`, a value no rule has. Where X is a union (its discriminator stands
// beside `oneOf`/`anyOf`), the child is no subtype: it is X's union narrowed by the other parts. In the copy of the
// document handed to openapi-typescript, such an allOf item becomes a copy of X without its discriminator, which
// validates the same and which openapi-typescript types as the union. Returns how many items were replaced;
// `document` is changed in place.
export function inlineDiscriminatedUnions(document: JsonValue): number {
  let replaced = 0;
  forEachSchema(document, (node) => {
    if (!Array.isArray(node.allOf)) return;
    node.allOf = node.allOf.map((item) => {
      const ref = isObject(item) && typeof item.$ref === "string" ? item.$ref : undefined;
      const union = ref === undefined ? undefined : target(document, ref);
      if (!union || !isObject(union.discriminator) || !(Array.isArray(union.oneOf) || Array.isArray(union.anyOf))) return item;
      // A member of the union that builds on it (Pet: oneOf [Cat, Dog]; Cat: allOf [Pet, …]) is the inheritance
      // openapi-typescript reads it as, and the union's mapping names it: left as it is (a copy would make it
      // contain itself).
      const branches = [...(Array.isArray(union.oneOf) ? union.oneOf : []), ...(Array.isArray(union.anyOf) ? union.anyOf : [])];
      const mapped = isObject(union.discriminator.mapping) ? Object.values(union.discriminator.mapping) : [];
      const refs = [...branches.map((b) => (isObject(b) ? b.$ref : undefined)), ...mapped];
      if (refs.some((r) => typeof r === "string" && target(document, r) === node)) return item;
      const { discriminator: _dropped, ...rest } = structuredClone(union);
      replaced++;
      return rest;
    });
  }, { document });
  return replaced;
}
