import type { Operation, PreparedBody } from "./client.js";
import { InvalidRequestError } from "./errors.js";

/**
 * What a file or a binary body accepts: a Blob or File, bytes (ArrayBuffer, Uint8Array, a Node Buffer), a fetch
 * Response, a web ReadableStream, or any async iterable of chunks, such as a Node `Readable` (fs.createReadStream).
 * A stream is read into memory once, before the first attempt, so that a retry can send it again.
 */
export type Uploadable = Blob | ArrayBuffer | ArrayBufferView | Response | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** A multipart body type with its file fields (`K`) accepting an Uploadable (or a list of them) instead of a string. */
export type WithUploads<T, K extends keyof T> = {
  [P in keyof T]: P extends K ? (NonNullable<T[P]> extends readonly unknown[] ? Uploadable[] : Uploadable) | Extract<T[P], null> : T[P];
};

/** How a body that is not JSON goes on the wire, as the operation's media type says. */
export interface BodyEncoding {
  /** The value the caller passed as the body (undefined when an optional body is left out). */
  value?: unknown;
  encoding: "multipart" | "urlencoded" | "binary" | "text";
  mediaType: string;
}

// What the Blob constructor takes (Part, which the root tsconfig's libraries do not name).
type Part = ConstructorParameters<typeof Blob>[0] extends Iterable<infer P> | undefined ? P : never;

const isBytes = (v: unknown): v is ArrayBuffer | ArrayBufferView => v instanceof ArrayBuffer || ArrayBuffer.isView(v);

// Whether a value is something Uploadable names, rather than a field's plain value.
const isUploadable = (v: unknown): v is Uploadable =>
  v instanceof Blob || isBytes(v) || v instanceof Response || v instanceof ReadableStream || (typeof v === "object" && v !== null && Symbol.asyncIterator in v);

// The file name a value carries: a File's, or a Node file stream's path (its last segment).
const nameOf = (v: unknown): string | undefined => {
  if (v instanceof File) return v.name;
  const path = typeof v === "object" && v !== null && "path" in v ? (v as { path: unknown }).path : undefined;
  return typeof path === "string" ? path.split(/[\\/]/).pop() : undefined;
};

// Every byte of an upload, as a Blob (a File stays itself).
async function blobOf(value: unknown, what: string): Promise<Blob> {
  if (value instanceof Blob) return value;
  if (isBytes(value)) return new Blob([value as ArrayBuffer]);
  if (value instanceof Response) return value.blob();
  const parts: Part[] = [];
  if (value instanceof ReadableStream) {
    const reader = (value as ReadableStream<Part>).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parts.push(chunk.value);
    return new Blob(parts);
  }
  if (typeof value === "object" && value !== null && Symbol.asyncIterator in value) {
    for await (const chunk of value as AsyncIterable<Part>) parts.push(chunk);
    return new Blob(parts);
  }
  throw new InvalidRequestError(`${what} must be a Blob, File, ArrayBuffer, Uint8Array, Response, ReadableStream or Node Readable, not ${value === null ? "null" : typeof value}`);
}

/** Makes a File of an upload, with a name and type: the official SDK's toFile(), its name and type in one options object. */
export async function toFile(value: Uploadable, { name, type }: { name?: string; type?: string } = {}): Promise<File> {
  const blob = await blobOf(value, "toFile()'s value");
  return new File([blob], name ?? nameOf(value) ?? "file", { type: type ?? blob.type });
}

// A form field's value as text: an object or a list of objects as JSON (OpenAPI's default for them in a form).
const fieldText = (v: unknown): string => (typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));

async function prepare(value: unknown, { encoding, mediaType, what }: BodyEncoding & { what: string }): Promise<PreparedBody> {
  if (encoding === "binary") {
    const blob = await blobOf(value, what);
    // A wildcard (`image/*`) leaves the type to the bytes given.
    return { body: blob, contentType: mediaType.includes("*") ? blob.type || "application/octet-stream" : mediaType };
  }
  if (encoding === "text") return { body: fieldText(value), contentType: mediaType };
  if (typeof value !== "object" || value === null || Array.isArray(value) || isUploadable(value)) throw new InvalidRequestError(`${what} must be an object of ${encoding === "multipart" ? "form" : "urlencoded"} fields`);
  // A list gives one part (or pair) per item; undefined and null leave the field out.
  const entries = Object.entries(value).flatMap(([name, v]): [string, unknown][] => (Array.isArray(v) ? v.map((item) => [name, item]) : [[name, v]])).filter(([, v]) => v !== undefined && v !== null);
  if (encoding === "urlencoded") {
    return { body: new URLSearchParams(entries.map(([name, v]): [string, string] => [name, fieldText(v)])), contentType: "application/x-www-form-urlencoded" };
  }
  const form = new FormData();
  for (const [name, v] of entries) {
    if (!isUploadable(v)) form.append(name, fieldText(v));
    else {
      const blob = await blobOf(v, `${what}.${name}`);
      const file = nameOf(v);
      if (file === undefined) form.append(name, blob);
      else form.append(name, blob, file);
    }
  }
  // No content type: fetch writes multipart/form-data with the boundary it chose.
  return { body: form };
}

// A body the runtime encodes (a form, bytes, text) rather than openapi-fetch's JSON: it is prepared (streams read,
// the form built) before the first attempt, and sent as prepared on every attempt. Returns the value for
// openapi-fetch's `body`, which the runtime's serializer replaces: the cast lets an upload stand for the spec's type,
// which openapi-typescript gives as a string for binary data.
export function uploadBody<B>(operation: Operation, { value, encoding, mediaType }: BodyEncoding): B {
  if (value !== undefined) operation.prepareBody(prepare(value, { encoding, mediaType, what: `${operation.name}: the ${encoding} body` }));
  return value as B;
}
