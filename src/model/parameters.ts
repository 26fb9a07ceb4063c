import type { PathVariantConfig } from "../config.js";
import { SpecforgeError, type ErrorLocation } from "../errors.js";
import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { docText } from "./doc-text.js";
import { childPointer } from "../openapi/pointer.js";
import { exampleFits, exampleProblems } from "./example-fit.js";
import { exampleFromSchema } from "./examples.js";
import { heldToType, typeProblems } from "./type-fit.js";
import type { ExampleModel, ParamModel, ParamPassing, PathRule, SchemaResolver } from "./types.js";

// An operation's parameters (https://spec.openapis.org/oas/v3.1.0#parameter-object) as the caller passes them: the
// last path parameter positionally, a merged path's selector and id through one choice of its variant, the rest as
// properties of the params object.

export interface DeclaredParam {
  /** The parameter object, $ref resolved. */
  value: JsonObject;
  /** Where the parameter object is written (the $ref's target, for one written as a $ref). */
  pointer: string;
}

export interface ParametersInput {
  template: string;
  /** Path-item parameters, then the operation's own: a later one of the same name and location wins. */
  declared: DeclaredParam[];
  pathVariants: readonly PathVariantConfig[];
  /** Path parameters always passed in params, never positionally. */
  contextParams: readonly string[];
  resolve: SchemaResolver;
  /** Where the operation's parameters are, for the error when a variant's value is not in its selector's enum. */
  location: ErrorLocation;
}

export interface OperationParameters {
  /** Path parameters in template order, then query and header parameters in declaration order. */
  parameters: ParamModel[];
  positional: ParamModel | undefined;
  variant: PathVariantConfig | undefined;
  /** The params object's properties that are not body fields: the variant's choices, then each parameter passed in params. */
  paramNames: string[];
  /** Each parameter's schema as written, by name, for the API listing. */
  schemas: Map<string, JsonValue | undefined>;
}

// Settles how each parameter of an operation is passed.
export function parametersToModel({ template, declared, pathVariants, contextParams, resolve, location }: ParametersInput): OperationParameters {
  const byKey = new Map<string, ParamModel>();
  const schemas = new Map<string, JsonValue | undefined>();
  for (const { value, pointer } of declared) {
    byKey.set(`${String(value.in)}:${String(value.name)}`, paramToModel(value, { resolve, pointer }));
    schemas.set(String(value.name), value.schema);
  }
  // A name may appear twice in a template (/accounts/{account_id}/…/accounts/{account_id}); it is one parameter.
  const pathNames = [...new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string))];
  const parameters = [
    ...pathNames.map((name) => byKey.get(`path:${name}`) as ParamModel),
    ...[...byKey.values()].filter((p) => p.in === "query" || p.in === "header"),
  ];
  const variant = pathVariants.find((v) => pathNames.includes(v.selector) && pathNames.includes(v.id));
  if (variant) {
    const allowed = byKey.get(`path:${variant.selector}`)?.rule.enum;
    for (const value of Object.values(variant.choices)) {
      if (allowed && !allowed.includes(value)) {
        throw new SpecforgeError(`path variant value '${value}' is not in the enum of {${variant.selector}}`, `add '${value}' to the enum, or fix pathVariants in the config`, location);
      }
    }
  }
  const inVariant = (p: ParamModel) => variant !== undefined && p.in === "path" && (p.name === variant.selector || p.name === variant.id);
  for (const p of parameters) if (inVariant(p)) p.passedAs = "variant";
  // The last path parameter the caller names is the first argument, unless the config keeps it in params.
  const positional = [...parameters].reverse().find((p) => p.in === "path" && p.passedAs === "params" && !contextParams.includes(p.name));
  if (positional) positional.passedAs = "positional";
  const paramNames = [...(variant ? Object.keys(variant.choices) : []), ...parameters.filter((p) => p.passedAs === "params").map((p) => p.name)];
  return { parameters, positional, variant, paramNames, schemas };
}

function paramToModel(p: JsonObject, { resolve, pointer }: { resolve: SchemaResolver; pointer: string }): ParamModel {
  const schema = resolve(p.schema);
  const s = isObject(schema) ? schema : {};
  const rule: PathRule = {};
  if (typeof s.maxLength === "number") rule.maxLength = s.maxLength;
  if (typeof s.minLength === "number") rule.minLength = s.minLength;
  if (typeof s.pattern === "string") rule.pattern = s.pattern;
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) rule.enum = s.enum as string[];
  const examples = documentedExamples(p, { resolve, pointer });
  // The first documented value that fits the schema, else one built from it (which honours its pattern, lengths and
  // enum, so the client's own path check accepts it): one that contradicts the schema fails its own test only.
  const example = examples.find((e) => heldToType(e))?.value ?? exampleFromSchema(p.schema, resolve) ?? examples[0]?.value;
  const passedAs: ParamPassing = "params";
  return {
    name: String(p.name),
    in: p.in as ParamModel["in"],
    required: p.in === "path" || p.required === true,
    description: docText(p.description) ?? docText(s.description),
    rule,
    schemaType: typeof s.type === "string" ? s.type : undefined,
    example,
    examples,
    passedAs,
  };
}

// A parameter's own documented values: its `example`, then each of its `examples`
// (https://spec.openapis.org/oas/v3.1.0#parameter-object), each checked against its schema.
function documentedExamples(p: JsonObject, { resolve, pointer }: { resolve: SchemaResolver; pointer: string }): ExampleModel[] {
  const out: ExampleModel[] = [];
  const add = (name: string, value: JsonValue, at: string) => {
    const fits = exampleFits(value, p.schema, resolve);
    out.push({ name, value, built: false, fits, pointer: at, problems: fits ? [] : exampleProblems(value, p.schema, resolve), typeProblems: fits ? typeProblems(value, p.schema, resolve) : [] });
  };
  if (p.example !== undefined) add("example", p.example, `${pointer}/example`);
  if (isObject(p.examples)) {
    for (const [name, entry] of Object.entries(p.examples)) {
      const e = resolve(entry);
      if (isObject(e) && e.value !== undefined) add(name, e.value, isObject(entry) && typeof entry.$ref === "string" ? `${entry.$ref}/value` : childPointer(`${pointer}/examples`, name) + "/value");
    }
  }
  return out;
}
