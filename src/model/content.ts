import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import { docText } from "./doc-text.js";
import { exampleFits } from "./example-fit.js";
import { exampleFromSchema } from "./examples.js";
import { bodyReadFor, isJsonMediaType, responseReadFor } from "./media-types.js";
import { collectProperties, propertySchema, requiredProperties } from "./schemas.js";
import type { BodyEncoding, BodyModel, ExampleModel, ResponseModel, SchemaResolver } from "./types.js";

// Request bodies and responses: the media type each is read by, its examples (documented, or built from the schema),
// and how a body is passed (https://spec.openapis.org/oas/v3.1.0#request-body-object, #responses-object).

/** A model record with the schema it was made from, which stays inside the model (see src/model/types.ts). */
export interface WithSchema<T> {
  model: T;
  schema: JsonValue | undefined;
  /** A response's `headers` object as written (pagination looks for a documented `Link`). */
  headers?: JsonValue | undefined;
}

// Picks the JSON media type when there is one (`application/json`, `application/problem+json`, …).
function pickMediaType(content: JsonObject): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => t === "application/json") ?? types.find((t) => /[/+]json\b/.test(t)) ?? types[0];
}

// A request body (its $ref resolved): flattened into params when it is a JSON object without oneOf/anyOf, whole
// under `params.body` otherwise. The flags the contract tests need (mediaKey, literal) are set by the caller.
export function requestBodyToModel(body: JsonObject, resolve: SchemaResolver): WithSchema<BodyModel> | undefined {
  const content = body.content as JsonObject;
  const contentType = pickMediaType(content);
  if (!contentType) return undefined;
  const media = resolve(content[contentType]) as JsonObject;
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
    examples: mediaExamples(media, resolve),
  };
  // A required JSON body whose media type gives no schema, or an empty one (upstream writes `application/json: {}`
  // and `schema: {}`), takes any JSON value, so nothing can be built from it; the contract tests still need a body
  // to make the call, so it gets `{}`.
  if (model.examples.length === 0 && json && body.required === true) model.examples.push({ name: "built from the schema", value: {}, built: true, fits: true });
  return { model, schema: media.schema };
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
export function responsesToModel(responses: JsonObject, resolve: SchemaResolver): WithSchema<ResponseModel>[] {
  const statuses = Object.keys(responses).sort();
  const hasSuccess = statuses.some((s) => /^2/.test(s));
  return statuses.map((status) => {
    const response = resolve(responses[status]) as JsonObject;
    const content = isObject(response.content) ? response.content : {};
    const contentType = pickMediaType(content);
    const media = contentType ? (resolve(content[contentType]) as JsonObject) : undefined;
    // A range or `default` is served in the contract tests as one concrete status of it.
    const sampleStatus = status === "default" ? (hasSuccess ? 500 : 200) : Number(status.replace(/XX$/i, "00"));
    const model: ResponseModel = {
      status,
      sampleStatus,
      contentType,
      read: contentType ? responseReadFor(content, contentType, resolve) : undefined,
      literal: false,
      examples: media ? mediaExamples(media, resolve) : [],
    };
    return { model, schema: media?.schema, headers: response.headers };
  });
}

// Named `examples`, else the single `example`, else (when a schema is given) one built from the schema
// (https://spec.openapis.org/oas/v3.1.0#media-type-object).
function mediaExamples(media: JsonObject, resolve: SchemaResolver): ExampleModel[] {
  const schema = media.schema;
  const out: ExampleModel[] = [];
  if (isObject(media.examples)) {
    for (const name of Object.keys(media.examples)) {
      const e = resolve(media.examples[name]);
      if (isObject(e) && e.value !== undefined) out.push({ name, summary: docText(e.summary), value: e.value, built: false, fits: exampleFits(e.value, schema, resolve) });
    }
  }
  if (out.length === 0 && media.example !== undefined) out.push({ name: "example", value: media.example, built: false, fits: exampleFits(media.example, schema, resolve) });
  if (out.length === 0 && schema !== undefined) {
    const value = exampleFromSchema(schema, resolve);
    if (value !== undefined) out.push({ name: "built from the schema", value, built: true, fits: exampleFits(value, schema, resolve) });
  }
  return out;
}
