import type { JsonValue } from "../../openapi/load.js";
import { forEachSchema, isObject } from "../../openapi/walk.js";

// openapi-typescript writes a schema with both `properties` and a schema for `additionalProperties` as
// `{ count: number } & { [key: string]: string | null }`. TypeScript holds every declared property to the index
// signature as well, so where a declared type does not fit the extra one no object satisfies the type: not the
// documented example, nor a request body a caller writes (the 2026 Cloudflare spec's radar results, `meta` beside
// series keyed by name, and organizations' `meta`). In the copy of the document handed to openapi-typescript, such an
// `additionalProperties` becomes `anyOf` of itself and the declared properties' schemas, so the index signature
// admits their values too; the declared properties keep their own types. (The contract tests validate against the
// spec itself.) Returns how many schemas were changed; `document` is changed in place.
export function widenIndexSignatures(document: JsonValue): number {
  let widened = 0;
  forEachSchema(document, (node) => {
    const { properties, additionalProperties: extra } = node;
    if (!isObject(properties) || Object.keys(properties).length === 0) return;
    // `true`, `{}` and `false` need nothing: the first two are written as unknown, the last as no index signature.
    if (!isObject(extra) || Object.keys(extra).length === 0) return;
    node.additionalProperties = { anyOf: [extra, ...Object.values(properties)] };
    widened++;
  }, { document });
  return widened;
}
