// Properties of the example builder's two halves against the contract kit (ajv), on random schemas:
// 1. the fit check (src/model/example-fit.ts) says a value fits exactly when the kit finds no problem with it, so the
//    examples specforge reports as contradicting their schemas are exactly those whose schema checks fail;
// 2. a value built from a schema that some value satisfies (each schema here is made around such a witness) passes
//    the kit's check: a built example that fails its contract test is always a generator bug.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleFits, exampleProblems } from "../../src/model/example-fit.js";
import { exampleFromSchema } from "../../src/model/examples.js";
import type { JsonObject, JsonValue } from "../../src/openapi/load.js";
import { createSchemaChecker } from "../../src/testkit/contract-kit.js";
import type { Json } from "../../src/testkit/contract-undeclared.js";
import { params } from "./support.js";

const identity = (schema: JsonValue | undefined): JsonValue | undefined => schema;

// Patterns real specs write: ids, snowflakes, sids, slugs, one that JavaScript compiles only without the u flag, one
// with a lookahead, one with alternatives.
const PATTERNS = ["^[0-9]+$", "^(0|[1-9][0-9]*)$", "^AC[0-9a-fA-F]{32}$", "^[a-z0-9-]{3,20}$", "^[a-zA-Z0-9_\\-\\:]+$", "^(?=.*[0-9])[a-z0-9]{4,8}$", "^(foo|bar)_[A-Z]{2}$", "\\.json$", "^[^/]+$"];
const FORMATS = ["date-time", "date", "email", "uri", "uuid", "ipv4", "hostname", "byte", "int32", "cidr"];
const NAMES = ["id", "x-id", "default", "enum", "const", "example", "type", "name"];

// A schema for which `witness` is a valid value, with keywords chosen at random around it, in the dialect of `openapi`.
function schemaAround(witness: JsonValue, depth: number, openapi: string): fc.Arbitrary<JsonObject> {
  const base = typedSchemaAround(witness, depth, openapi);
  if (depth > 2) return base;
  return fc.oneof(
    { weight: 6, arbitrary: base },
    { weight: 1, arbitrary: fc.tuple(base, typedSchemaAround(witness, depth + 1, openapi)).map(([a, b]): JsonObject => ({ allOf: [a, b] })) },
    { weight: 1, arbitrary: fc.tuple(base, otherTypeSchema(witness), fc.boolean()).map(([a, b, first]): JsonObject => ({ oneOf: first ? [a, b] : [b, a] })) },
    { weight: 1, arbitrary: fc.tuple(base, otherTypeSchema(witness)).map(([a, b]): JsonObject => ({ anyOf: [b, a] })) },
    { weight: 1, arbitrary: base.map((a): JsonObject => ({ ...a, not: otherTypeOf(witness) })) },
    { weight: 1, arbitrary: fc.constant<JsonObject>({ enum: [witness, "other"] }) },
  );
}

const typeOf = (value: JsonValue): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : (typeof value as string);
const otherTypeOf = (value: JsonValue): JsonObject => ({ type: typeOf(value) === "string" ? "boolean" : "string" });
const otherTypeSchema = (value: JsonValue): fc.Arbitrary<JsonObject> => fc.constant(otherTypeOf(value));

function typedSchemaAround(witness: JsonValue, depth: number, openapi: string): fc.Arbitrary<JsonObject> {
  const type = typeOf(witness);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  if (typeof witness === "string") {
    const length = [...witness].length;
    const patterns = PATTERNS.filter((p) => new RegExp(p, /\\[-:]/.test(p) ? "" : "u").test(witness));
    const formats = FORMATS.filter((f) => exampleFits(witness, { type: "string", format: f }, identity));
    return fc
      .record({ minLength: maybe(fc.integer({ min: 0, max: length })), maxLength: maybe(fc.integer({ min: length, max: length + 5 })), pattern: maybe(fc.constantFrom(...(patterns.length ? patterns : ["^"]))), format: maybe(fc.constantFrom(...(formats.length ? formats : ["cidr"]))) })
      .map((k) => clean({ type: "string", ...k }));
  }
  if (typeof witness === "number") {
    const divisors = [0.5, 2, 3, 5].filter((d) => Number.isInteger(witness / d));
    // Exclusive bounds strictly around the witness, as each version writes them: 3.0 a boolean beside the bound, 3.1 the bound itself.
    // Near the witness, where a bound decides what a built value can be.
    const below = maybe(fc.integer({ min: Math.ceil(witness) - 4, max: Math.ceil(witness) - 1 }));
    const above = maybe(fc.integer({ min: Math.floor(witness) + 1, max: Math.floor(witness) + 4 }));
    const exclusive = fc.tuple(below, above).map(([low, high]) =>
      openapi.startsWith("3.0")
        ? { ...(low === undefined ? {} : { minimum: low, exclusiveMinimum: true }), ...(high === undefined ? {} : { maximum: high, exclusiveMaximum: true }) }
        : { ...(low === undefined ? {} : { exclusiveMinimum: low }), ...(high === undefined ? {} : { exclusiveMaximum: high }) },
    );
    const inclusive = fc.record({ minimum: maybe(fc.integer({ min: -50, max: Math.floor(witness) })), maximum: maybe(fc.integer({ min: Math.ceil(witness), max: 1000 })) });
    return fc
      .tuple(fc.oneof(inclusive, exclusive), maybe(fc.constantFrom(...(divisors.length ? divisors : [witness === 0 ? 1 : Math.abs(witness)]))))
      .map(([bounds, multipleOf]) => clean({ type, ...bounds, multipleOf }));
  }
  if (Array.isArray(witness)) {
    const unique = witness.every((item, i) => witness.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) === i);
    const items = witness.length === 0 ? fc.constant<JsonObject | undefined>(undefined) : witness.length === 1 ? schemaAround(witness[0] as JsonValue, depth + 1, openapi) : fc.constant<JsonObject | undefined>(undefined);
    return fc
      .record({ items, minItems: maybe(fc.integer({ min: 0, max: witness.length })), maxItems: maybe(fc.integer({ min: witness.length, max: witness.length + 3 })), uniqueItems: unique ? maybe(fc.constant(true)) : fc.constant(undefined) })
      .map((k) => clean({ type: "array", ...k }));
  }
  if (witness !== null && typeof witness === "object") {
    const entries = Object.entries(witness);
    return fc
      .tuple(fc.tuple(...entries.map(([, v]) => schemaAround(v as JsonValue, depth + 1, openapi))), fc.subarray(entries.map(([k]) => k)), fc.boolean())
      .map(([schemas, required, closed]) => clean({ type: "object", properties: Object.fromEntries(entries.map(([k], i) => [k, schemas[i] as JsonValue])), required: required.length ? required : undefined, additionalProperties: closed ? false : undefined }));
  }
  return fc.constant({ type });
}

function clean(schema: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined)) as JsonObject;
}

// Witness values: the shapes examples have, with strings that meet the patterns and formats above.
const STRINGS = ["123", "0", "AC0123456789abcdef0123456789abcdef", "my-slug", "a:b_c-d", "ab12", "foo_XY", "data.json", "2014-01-01T05:20:00Z", "2014-01-01", "user@example.com", "https://example.com/", "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "192.0.2.1", "example.com", "ZXhhbXBsZQ==", "plain"];
const witnessArb: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...STRINGS),
    fc.integer({ min: -20, max: 500 }),
    fc.constantFrom(0.5, 2.5, 7.25, 10),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...NAMES), tie("value"), { maxKeys: 4 }),
  ),
})).value;

// Plain objects, as parsed JSON gives (fast-check also makes objects without a prototype, which ajv's equality tells apart).
const plainWitnessArb = witnessArb.map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);
const caseArb = fc.tuple(plainWitnessArb, fc.constantFrom("3.0.3", "3.1.0")).chain(([witness, openapi]) => fc.tuple(fc.constant(witness), schemaAround(witness, 0, openapi), fc.constant(openapi)));

function kitProblems(openapi: string, schema: JsonObject, value: JsonValue): string[] {
  const check = createSchemaChecker({ openapi, media: { m: schema as unknown as Json } });
  return check("m", value);
}

describe("the fit check and the contract kit agree", () => {
  it("on the witness, on values built from the schema, and on unrelated values", () => {
    fc.assert(
      fc.property(caseArb, (fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>).map((value) => JSON.parse(JSON.stringify(value)) as JsonValue), ([witness, schema, openapi], other) => {
        for (const value of [witness, other, exampleFromSchema(schema, identity)]) {
          if (value === undefined) continue;
          const kit = kitProblems(openapi, schema, value);
          expect(exampleFits(value, schema, identity), `${JSON.stringify(value)} against ${JSON.stringify(schema)} (${openapi}); the kit says ${JSON.stringify(kit)}`).toBe(kit.length === 0);
          expect(exampleProblems(value, schema, identity).length === 0).toBe(kit.length === 0);
        }
      }),
      params(300),
    );
  });
});

describe("a value built from a schema some value satisfies passes the kit's check", () => {
  it("for schemas made around a witness", () => {
    fc.assert(
      fc.property(caseArb, ([witness, schema, openapi]) => {
        // As the contract suite writes it: JSON (where Infinity would be null).
        const made = exampleFromSchema(schema, identity);
        const built = made === undefined ? undefined : (JSON.parse(JSON.stringify(made)) as JsonValue);
        expect(built, `nothing built for ${JSON.stringify(schema)} (a witness: ${JSON.stringify(witness)})`).not.toBeUndefined();
        expect(kitProblems(openapi, schema, built as JsonValue), `${JSON.stringify(built)} built for ${JSON.stringify(schema)} (a witness: ${JSON.stringify(witness)})`).toEqual([]);
      }),
      params(300),
    );
  });
});
