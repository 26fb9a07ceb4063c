import type { JsonObject, JsonValue } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";
import type { BodyRead, OperationModel, SchemaResolver } from "./types.js";

// Media types that are text by definition but not under text/*: a script, XML or YAML, a PEM certificate.
// message/rfc822 is not here: a mail may carry 8-bit parts in any charset, which a UTF-8 decode would damage.
const TEXT_TYPES = /^(text\/[^;]+|application\/(xml|javascript|ecmascript|x-javascript|x-pem-file|x-yaml|yaml|x-sh|sql|graphql)|[^/;]+\/[^;]*\+(xml|yaml))$/;
// What Response.formData() parses (https://fetch.spec.whatwg.org/#dom-body-formdata).
const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)$/;

// Whether a media type is a form (urlencoded or multipart), whose examples are objects a schema describes as JSON's are.
export function isFormMediaType(mediaType: string): boolean {
  return FORM_TYPES.test(mediaType.toLowerCase().split(";")[0]?.trim() ?? "");
}

// Whether a media type is JSON, the only kind the runtime parses (and unwraps): the test every stage already uses.
export function isJsonMediaType(mediaType: string): boolean {
  return /json/.test(mediaType);
}

// How a response body of `mediaType` is read. Text media types give a string, unless the schema says the content is
// octets (`format: binary`, https://spec.openapis.org/oas/v3.0.3#data-types); form media types give FormData;
// everything else (images, archives, PDFs, octet-stream, wildcards) gives a Blob, which keeps every byte.
export function bodyReadFor(mediaType: string, schema: JsonValue | undefined, resolve: SchemaResolver): BodyRead {
  if (isJsonMediaType(mediaType)) return "json";
  const type = mediaType.toLowerCase().split(";")[0]?.trim() ?? "";
  if (FORM_TYPES.test(type)) return "formData";
  if (!TEXT_TYPES.test(type)) return "blob";
  const s = resolve(schema);
  return isObject(s) && s.format === "binary" ? "blob" : "text";
}

// How an operation's 2xx bodies are read when not as JSON (its success response's read, which the runtime applies to
// every 2xx); undefined for JSON and for no content, which keep the JSON path.
export function nonJsonRead(op: Pick<OperationModel, "resultRead">): Exclude<BodyRead, "json"> | undefined {
  return op.resultRead === "json" ? undefined : op.resultRead;
}

// The TypeScript type a method resolves for a body that is not JSON.
export function nonJsonResultType(read: Exclude<BodyRead, "json">): string {
  return { text: "string", blob: "Blob", formData: "FormData" }[read];
}

// How a response's body is read, given all its media types and the one picked. JSON wins (the picked one is JSON
// whenever any is). Otherwise the media types must agree; when they do not (a Worker's script is documented as
// application/javascript or multipart/form-data), the method cannot know ahead which one arrives, so it resolves
// the bytes as a Blob, whose `type` says which it was.
export function responseReadFor(content: JsonObject, picked: string, resolve: SchemaResolver): BodyRead {
  const schemaOf = (mediaType: string) => {
    const media = resolve(content[mediaType]);
    return isObject(media) ? media.schema : undefined;
  };
  const read = bodyReadFor(picked, schemaOf(picked), resolve);
  if (read === "json") return read;
  const others = Object.keys(content).map((mediaType) => bodyReadFor(mediaType, schemaOf(mediaType), resolve));
  return others.every((r) => r === read) ? read : "blob";
}
