// fast-check: an edit to a spec and its inverse are never both non-breaking when one of them removes something (a
// method, a param, a result field, an enum value, a kind of value, the freedom to omit). Every structural edit below
// removes something one way or the other: adding a field is removing it read backwards, changing a type drops the
// old type's values one way. Documentation edits remove nothing and must stay patch both ways. Each spec goes through
// the real pipeline's validation, model and listing (test/unit/listing-of-spec.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/openapi/load.js";
import { diffApiListings, semverHint } from "../../src/report/api-diff.js";
import { listingOfSpec } from "../unit/listing-of-spec.js";
import { params } from "./support.js";

const SCHEMAS: JsonObject[] = [
  { type: "string" },
  { type: "string", format: "date-time" },
  { type: "string", nullable: true },
  { type: "integer" },
  { type: "number" },
  { type: "number", nullable: true },
  { type: "boolean" },
  { type: "string", enum: ["a"] },
  { type: "string", enum: ["a", "b"] },
  { type: "string", enum: ["a", "b", "c"] },
  { type: "string", enum: ["b", "c"], nullable: true },
  { type: "array", items: { type: "string", enum: ["a", "b"] } },
  { type: "array", items: { type: "string" } },
];
const NAMES = ["alpha", "beta", "gamma", "delta"];

interface Field {
  name: string;
  schema: number;
  required: boolean;
  doc: string;
}
type Where = "query" | "body" | "result";
interface Operation {
  query: Field[];
  body: Field[] | undefined;
  result: Field[];
  summary: string;
}
// Up to three operations, on fixed paths: a positional path param, a plain collection, a nested one.
const PATHS = ["/things/{thing_id}", "/things", "/boxes/{box_id}/things"] as const;
type Spec = (Operation | undefined)[];

const fieldsArb = (minLength: number) =>
  fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMES), schema: fc.nat(SCHEMAS.length - 1), required: fc.boolean(), doc: fc.constantFrom("", "One.", "Two.") }), { selector: (f) => f.name, minLength, maxLength: 3 });
const operationArb: fc.Arbitrary<Operation> = fc.record({ query: fieldsArb(0), body: fc.option(fieldsArb(1), { nil: undefined }), result: fieldsArb(1), summary: fc.constantFrom("Do it", "Do it now") });
const specArb: fc.Arbitrary<Spec> = fc.tuple(operationArb, fc.option(operationArb, { nil: undefined }), fc.option(operationArb, { nil: undefined }));

const objectSchema = (fields: Field[]): JsonObject => ({
  type: "object",
  properties: Object.fromEntries(fields.map((f) => [f.name, { ...SCHEMAS[f.schema], ...(f.doc ? { description: f.doc } : {}) }])),
  ...(fields.some((f) => f.required) ? { required: fields.filter((f) => f.required).map((f) => f.name) } : {}),
});

function toOpenApi(spec: Spec): JsonObject {
  const paths: JsonObject = {};
  spec.forEach((op, i) => {
    if (!op) return;
    const template = PATHS[i] as string;
    const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    paths[template] = {
      [i === 1 ? "post" : "put"]: {
        "x-fern-sdk-group-name": "things",
        "x-fern-sdk-method-name": `op${i}`,
        summary: op.summary,
        parameters: [
          ...pathNames.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
          ...op.query.map((f) => ({ name: f.name, in: "query", required: f.required, schema: SCHEMAS[f.schema] as JsonObject, ...(f.doc ? { description: f.doc } : {}) })),
        ],
        ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: objectSchema(op.body) } } } } : {}),
        responses: { "200": { description: "OK", content: { "application/json": { schema: objectSchema(op.result) } } } },
      },
    };
  });
  return { openapi: "3.0.3", info: { title: "Things", version: "1.0.0" }, paths };
}

type Edit = { kind: "structural" | "docs"; what: string; apply: (spec: Spec) => Spec };

const present = (spec: Spec) => spec.flatMap((op, i) => (op ? [i] : []));

// One edit of a spec, chosen among those that fit it; `docs` edits change only descriptions and summaries.
function editArb(spec: Spec): fc.Arbitrary<Edit> {
  const ops = present(spec);
  const at = (i: number, change: (op: Operation) => Operation): ((s: Spec) => Spec) => (s) => s.map((op, k) => (k === i && op ? change(structuredClone(op)) : op));
  const lists = (op: Operation): Where[] => (["query", "body", "result"] as const).filter((w) => op[w] !== undefined);
  const fieldEdit = (what: string, change: (fields: Field[], j: number) => Field[], kind: Edit["kind"] = "structural") =>
    fc.constantFrom(...ops).chain((i) => {
      const op = spec[i] as Operation;
      return fc.constantFrom(...lists(op)).chain((where) => {
        const fields = op[where] as Field[];
        return fc.nat(Math.max(0, fields.length - 1)).map(
          (j): Edit => ({ kind, what: `${what}: operation ${i}, ${where} field ${j}`, apply: at(i, (o) => ({ ...o, [where]: fields.length === 0 ? fields : change(structuredClone(fields), j) })) }),
        );
      });
    });
  const arbs: fc.Arbitrary<Edit>[] = [
    // Remove or add a whole operation.
    fc.nat(PATHS.length - 1).chain((i) =>
      spec[i]
        ? fc.constant<Edit>({ kind: "structural", what: `remove operation ${i}`, apply: (s) => s.map((op, k) => (k === i ? undefined : op)) })
        : operationArb.map((op): Edit => ({ kind: "structural", what: `add operation ${i}`, apply: (s) => s.map((o, k) => (k === i ? op : o)) })),
    ),
    // Remove a field, add one, change its type, flip whether it is required.
    fieldEdit("remove", (fields, j) => fields.filter((_, k) => k !== j)),
    fc.record({ name: fc.constantFrom(...NAMES), schema: fc.nat(SCHEMAS.length - 1), required: fc.boolean() }).chain(({ name, schema, required }) => fieldEdit(`add ${name} (schema ${schema}, ${required ? "required" : "optional"})`, (fields) => (fields.some((f) => f.name === name) ? fields : [...fields, { name, schema, required, doc: "" }]))),
    fc.nat(SCHEMAS.length - 1).chain((schema) => fieldEdit(`make schema ${schema}`, (fields, j) => fields.map((f, k) => (k === j ? { ...f, schema } : f)))),
    fieldEdit("flip required", (fields, j) => fields.map((f, k) => (k === j ? { ...f, required: !f.required } : f))),
    // Documentation only.
    fieldEdit("change the description", (fields, j) => fields.map((f, k) => (k === j ? { ...f, doc: f.doc === "Two." ? "One." : "Two." } : f)), "docs"),
    fc.constantFrom(...ops).map((i): Edit => ({ kind: "docs", what: `change the summary of operation ${i}`, apply: at(i, (o) => ({ ...o, summary: o.summary === "Do it" ? "Do it now" : "Do it" })) })),
  ];
  return fc.oneof(...arbs);
}

const levelOf = (before: Spec, after: Spec) => semverHint(diffApiListings(listingOfSpec(toOpenApi(before)), listingOfSpec(toOpenApi(after))));

describe("an edit and its inverse (real model and listing)", () => {
  it("are never both non-breaking when one removes something; a documentation edit is patch both ways", () => {
    fc.assert(
      fc.property(
        specArb.chain((spec) => editArb(spec).map((edit) => ({ spec, edit }))),
        ({ spec, edit }) => {
          const after = edit.apply(spec);
          fc.pre(present(after).length > 0);
          const before = listingOfSpec(toOpenApi(spec));
          fc.pre(before !== listingOfSpec(toOpenApi(after)));
          const forward = levelOf(spec, after);
          const backward = levelOf(after, spec);
          if (edit.kind === "docs") {
            expect([forward, backward], edit.what).toEqual(["patch", "patch"]);
          } else {
            expect([forward, backward], `${edit.what}: ${forward} one way, ${backward} the other`).toContain("major");
          }
        },
      ),
      params(150),
    );
  });
});
