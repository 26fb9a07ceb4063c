import type { JsonObject, JsonValue } from "../openapi/load.js";
import { childPointer } from "../openapi/pointer.js";
import { isObject } from "../openapi/refs.js";
import { docText } from "./doc-text.js";
import { exampleFits, exampleProblems } from "./example-fit.js";
import { exampleFromSchema } from "./examples.js";
import { heldToType, typeProblems } from "./type-fit.js";
import { bodyReadFor, isJsonMediaType, responseReadFor } from "./media-types.js";
import { collectProperties, propertySchema, requiredProperties } from "./schemas.js";
import type { BodyEncoding, BodyModel, ExampleModel, ResponseModel, SchemaResolver, UntestedExample } from "./types.js";

// Request bodies and responses: the media type each is read by, its examples (documented, or built from the schema),
// and how a body is passed (https://spec.openapis.org/oas/v3.1.0#request-body-object, #responses-object).

/** A model record with the schema it was made from, which stays inside the model (see src/model/types.ts). */
export interface WithSchema<T> {
  model: T;
  schema: JsonValue | undefined;
  /** Documented examples of its other media types, which the contract tests do not serve. */
  untested: UntestedExample[];
  /** A response's `headers` object as written (pagination looks for a documented `Link`). */
  headers?: JsonValue | undefined;
}

/** Where a request body or the responses are written, for the pointers of their examples. */
export interface Whereabouts {
  /** Where the object is written (`#/paths/~1pets/get/requestBody`), before any $ref in it is followed. */
  at: string;
  /** The pointer of what the value written at a pointer resolves to (itself, or its $ref's target). */
  located: (pointer: string) => string;
}

// An example value, checked against its schema: whether it fits, and if not, why.
function checked(value: JsonValue, schema: JsonValue | undefined, resolve: SchemaResolver): Pick<ExampleModel, "fits" | "problems" | "typeProblems"> {
  const fits = exampleFits(value, schema, resolve);
  return fits ? { fits, problems: [], typeProblems: typeProblems(value, schema, resolve) } : { fits, problems: exampleProblems(value, schema, resolve), typeProblems: [] };
}

// Picks the JSON media type when there is one (`application/json`, `application/problem+json`, …).
function pickMediaType(content: JsonObject): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => t === "application/json") ?? types.find((t) => /[/+]json\b/.test(t)) ?? types[0];
}

// A request body (its $ref resolved): flattened into params when it is a JSON object without oneOf/anyOf, whole
// under `params.body` otherwise. The flags the contract tests need (mediaKey, literal) are set by the caller.
export function requestBodyToModel(body: JsonObject, resolve: SchemaResolver, where: Whereabouts): WithSchema<BodyModel> | undefined {
  const content = body.content as JsonObject;
  const contentType = pickMediaType(content);
  if (!contentType) return undefined;
  const media = resolve(content[contentType]) as JsonObject;
  const mediaAt = where.located(childPointer(`${where.located(where.at)}/content`, contentType));
  const schema = resolve(media.schema);
  const properties = isObject(schema) ? collectProperties(schema, resolve) : undefined;
  const json = isJsonMediaType(contentType);
  const encoding = bodyEncoding(contentType, schema, resolve);
  const flattened = json && properties !== undefined && properties.length > 0 && !Array.isArray((schema as JsonObject).oneOf) && !Array.isArray((schema as JsonObject).anyOf);
  const model: BodyModel = {
    required: body.required === true,
    contentType,
    encoding,
    fileFields: encoding === "multipart" && properties ? properties.filter((name) => isFileSchema(propertySchema(schema, name, resolve), resolve)) : [],
    flattened,
    properties: flattened ? properties : [],
    requiredProperties: flattened ? requiredProperties(schema, resolve) : [],
    literal: false,
    examples: mediaExamples(media, { resolve, at: mediaAt, located: where.located }),
  };
  // A required JSON body whose media type gives no schema, or an empty one (upstream writes `application/json: {}`
  // and `schema: {}`), takes any JSON value, so nothing can be built from it; the contract tests still need a body
  // to make the call, so it gets `{}`.
  if (model.examples.length === 0 && json && body.required === true) model.examples.push({ name: "built from the schema", value: {}, built: true, fits: true, problems: [], typeProblems: [] });
  // Documented examples that all contradict the schema leave the other calls a built body to send.
  const built = model.examples.some((example) => heldToType(example) || example.built) ? undefined : builtExample(media, { resolve, at: mediaAt, located: where.located });
  model.callExample = [...model.examples, ...(built ? [built] : [])].find((example) => heldToType(example));
  return { model, schema: media.schema, untested: otherMediaExamples(content, { picked: contentType, at: `${where.located(where.at)}/content`, located: where.located, resolve }) };
}

// How a request body of a media type is sent: the way a response of it would be read, turned around.
function bodyEncoding(contentType: string, schema: JsonValue | undefined, resolve: SchemaResolver): BodyEncoding {
  const read = bodyReadFor(contentType, schema, resolve);
  if (read === "formData") return /^multipart\/form-data/i.test(contentType) ? "multipart" : "urlencoded";
  return read === "blob" ? "binary" : read;
}

// A schema for file content (https://spec.openapis.org/oas/v3.1.0#considerations-for-file-uploads): a 3.0
// `format: binary` string, a 3.1 `contentMediaType` (JSON or text excepted), a `contentEncoding: binary`, or a list
// of them.
function isFileSchema(schema: JsonValue | undefined, resolve: SchemaResolver): boolean {
  const s = resolve(schema);
  if (!isObject(s)) return false;
  if (s.type === "array" || (Array.isArray(s.type) && s.type.includes("array"))) return isFileSchema(s.items, resolve);
  const media = typeof s.contentMediaType === "string" ? s.contentMediaType : undefined;
  return s.format === "binary" || s.contentEncoding === "binary" || (media !== undefined && !isJsonMediaType(media) && !/^text\//.test(media));
}

// Every response of an operation (each $ref resolved by `resolve`), in status order.
export function responsesToModel(responses: JsonObject, resolve: SchemaResolver, where: Whereabouts): WithSchema<ResponseModel>[] {
  const statuses = Object.keys(responses).sort();
  const hasSuccess = statuses.some((s) => /^2/.test(s));
  return statuses.map((status) => {
    const response = resolve(responses[status]) as JsonObject;
    const responseAt = where.located(childPointer(where.at, status));
    const content = isObject(response.content) ? response.content : {};
    const contentType = pickMediaType(content);
    const media = contentType ? (resolve(content[contentType]) as JsonObject) : undefined;
    const mediaAt = contentType ? where.located(childPointer(`${responseAt}/content`, contentType)) : responseAt;
    // A range or `default` is served in the contract tests as one concrete status of it.
    const sampleStatus = status === "default" ? (hasSuccess ? 500 : 200) : Number(status.replace(/XX$/i, "00"));
    const model: ResponseModel = {
      status,
      sampleStatus,
      contentType,
      read: contentType ? responseReadFor(content, contentType, resolve) : undefined,
      literal: false,
      examples: media ? mediaExamples(media, { resolve, at: mediaAt, located: where.located }) : [],
    };
    const untested = [...otherMediaExamples(content, { picked: contentType, at: `${responseAt}/content`, located: where.located, resolve }), ...headerExamples(response, { at: responseAt, located: where.located, resolve })];
    return { model, schema: media?.schema, untested, headers: response.headers };
  });
}

// The documented examples of a response's headers: the contract tests serve a response's body, not its headers.
function headerExamples(response: JsonObject, { at, located, resolve }: MediaWhereabouts): UntestedExample[] {
  if (!isObject(response.headers)) return [];
  const out: UntestedExample[] = [];
  for (const name of Object.keys(response.headers)) {
    const header = resolve(response.headers[name]);
    if (!isObject(header)) continue;
    const headerAt = located(childPointer(`${at}/headers`, name));
    const reason = `the contract tests serve a response's body, not its headers: the example of header ${name} is not checked`;
    if (header.example !== undefined) out.push({ pointer: `${headerAt}/example`, reason });
    if (isObject(header.examples)) for (const key of Object.keys(header.examples)) out.push({ pointer: located(childPointer(`${headerAt}/examples`, key)), reason });
  }
  return out;
}

interface MediaWhereabouts extends Whereabouts {
  resolve: SchemaResolver;
}

// Named `examples`, else the single `example`, else (when a schema is given) one built from the schema
// (https://spec.openapis.org/oas/v3.1.0#media-type-object). `at` is the media type object's own pointer.
function mediaExamples(media: JsonObject, { resolve, at, located }: MediaWhereabouts): ExampleModel[] {
  const schema = media.schema;
  const out: ExampleModel[] = [];
  if (isObject(media.examples)) {
    for (const name of Object.keys(media.examples)) {
      const e = resolve(media.examples[name]);
      const pointer = `${located(childPointer(`${at}/examples`, name))}/value`;
      if (isObject(e) && e.value !== undefined) out.push({ name, summary: docText(e.summary), value: e.value, built: false, pointer, ...checked(e.value, schema, resolve) });
    }
  }
  if (out.length === 0 && media.example !== undefined) out.push({ name: "example", value: media.example, built: false, pointer: `${at}/example`, ...checked(media.example, schema, resolve) });
  if (out.length === 0) {
    const built = builtExample(media, { resolve, at, located });
    if (built) out.push(built);
  }
  return out;
}

// A value built from the media type's schema, when it gives one.
function builtExample(media: JsonObject, { resolve, at, located }: MediaWhereabouts): ExampleModel | undefined {
  if (media.schema === undefined) return undefined;
  const value = exampleFromSchema(media.schema, resolve);
  return value === undefined ? undefined : { name: "built from the schema", value, built: true, pointer: located(`${at}/schema`), ...checked(value, media.schema, resolve) };
}

// The documented examples of the media types other than the one the client reads: the contract tests serve and send
// one media type per body.
function otherMediaExamples(content: JsonObject, { picked, at, located, resolve }: MediaWhereabouts & { picked: string | undefined }): UntestedExample[] {
  const out: UntestedExample[] = [];
  for (const mediaType of Object.keys(content)) {
    if (mediaType === picked) continue;
    const media = resolve(content[mediaType]);
    if (!isObject(media)) continue;
    const mediaAt = located(childPointer(at, mediaType));
    const reason = `the contract tests use the ${picked} body; an example of ${mediaType} is not served or sent`;
    if (media.example !== undefined) out.push({ pointer: `${mediaAt}/example`, reason });
    if (isObject(media.examples)) for (const name of Object.keys(media.examples)) out.push({ pointer: located(childPointer(`${mediaAt}/examples`, name)), reason });
  }
  return out;
}
