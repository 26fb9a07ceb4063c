import type { JsonValue } from "../../openapi/load.js";
import { inlineDiscriminatedUnions } from "./discriminated-unions.js";
import { settleDiscriminatorValues } from "./discriminator-values.js";
import { widenIndexSignatures } from "./index-signatures.js";
import { inlineInnerSchemaRefs } from "./inner-refs.js";
import { declareRequiredNames } from "./required-names.js";

// The one index of the rewrites specforge makes to the copy of the document it hands openapi-typescript, where the
// types openapi-typescript writes for a valid schema would reject values the schema accepts (a documented example,
// a call written from one). Each changes only that copy: the model, the contract tests' schemas and the spec stay as
// written. In the order they run; each entry names the case upstream that made it needed. The two rewrites of
// openapi-typescript's output rather than its input are in schema-types.ts: schema-cycles.ts and prototype-names.ts.
export interface InputRewrite {
  /** What the rewrite does, in a few words. */
  name: string;
  /** The module it lives in (src/emit/schema/). */
  module: string;
  /** The upstream case it was made for. */
  upstreamCase: string;
  /** Rewrites `document` in place; returns how many places it changed. */
  apply(document: JsonValue): number;
}

export const INPUT_REWRITES: readonly InputRewrite[] = [
  {
    name: "a name `required` lists but no property declares is declared as any value",
    module: "required-names.ts",
    upstreamCase: "Cloudflare: `required: [success, errors, messages, result]` beside `properties: {result}`; a misspelt `modified_one`",
    apply: declareRequiredNames,
  },
  {
    name: "a $ref into a schema's keywords (`#/components/schemas/X/allOf/0`) is replaced by a copy of what it names",
    module: "inner-refs.ts",
    upstreamCase: "a `$ref` into `allOf/0`: openapi-typescript writes `components[\"schemas\"][\"X\"][\"allOf\"][0]`, which does not compile",
    apply: inlineInnerSchemaRefs,
  },
  {
    name: "a discriminator's values come from what each schema declares, and a shared schema is narrowed only in its union",
    module: "discriminator-values.ts",
    upstreamCase:
      "OpenAI: `ChatCompletionRequestMessage` has no mapping, so openapi-typescript typed `role` as the schema names; DigitalOcean: the bulk droplet action's mapping narrowed `droplet_action.type` for every operation",
    apply: (document) => {
      const { mapped, localized } = settleDiscriminatorValues(document);
      return mapped + localized;
    },
  },
  {
    name: "an allOf item that refers to a discriminated union is the union without its discriminator",
    module: "discriminated-unions.ts",
    upstreamCase: "Cloudflare 2024: `rulesets_ResponseRule` (allOf the RequestRule union) got `action: \"rulesets_ResponseRule\"`",
    apply: inlineDiscriminatedUnions,
  },
  {
    name: "an additionalProperties schema beside declared properties also admits their values",
    module: "index-signatures.ts",
    upstreamCase: "Cloudflare 2026: radar results' `meta` beside series keyed by name; no object satisfied `{ meta: M } & { [key: string]: S }`",
    apply: widenIndexSignatures,
  },
];

// Runs every rewrite, in order, on `document` (a copy); returns how many places each changed, by name.
export function rewriteForOpenapiTypescript(document: JsonValue): Map<string, number> {
  return new Map(INPUT_REWRITES.map((rewrite) => [rewrite.name, rewrite.apply(document)]));
}
