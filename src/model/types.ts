import type { HttpMethod } from "../openapi/validate.js";
import type { EnvelopeConfig, PathVariantConfig } from "../config.js";
import type { JsonValue } from "../openapi/load.js";
import type { SurfaceEntry } from "./api-surface.js";

// Plain data that the emitters turn into files. Every spec default is settled here, once.

export interface ApiModel {
  title: string;
  version: string;
  /** OpenAPI version of the source, e.g. "3.0.3": the contract tests pick validation semantics by it. */
  openapi: string;
  defaultBaseURL: string;
  securitySchemes: SecuritySchemeModel[];
  /** The client's credential alternatives: every operation's, deduplicated in first-seen order, empty ones left out. */
  credentialAlternatives: SecuritySchemeModel[][];
  /** True when some operation accepts no credentials, so the client must not demand them up front. */
  credentialsOptional: boolean;
  operations: OperationModel[];
  /** Component schemas exported under a readable name (their `title`). */
  namedSchemas: NamedSchema[];
  envelope?: EnvelopeConfig | undefined;
  /** The raw document, for the contract tests' schema validation (already $ref-complete). */
  components: JsonValue;
  /** Renames made to keep method names unique (lenient mode), for the CLI to print. */
  notes: string[];
}

export interface SecuritySchemeModel {
  /** Key in components.securitySchemes. */
  key: string;
  /** Client option that carries the credential, e.g. `apiToken`. */
  option: string;
  type: "bearer" | "basic" | "header";
  /** Header name that carries it. */
  headerName: string;
  description?: string | undefined;
}

export interface NamedSchema {
  exportName: string;
  schemaKey: string;
  description?: string | undefined;
}

export interface ParamModel {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string | undefined;
  rule: PathRule;
  /** The schema's `type`, when it is a single string (e.g. "string", "integer"). */
  schemaType?: string | undefined;
  /** A documented value (parameter or schema `example`), used to fill the path in contract tests. */
  example?: JsonValue | undefined;
}

export interface PathRule {
  maxLength?: number;
  minLength?: number;
  enum?: string[];
  pattern?: string;
}

export interface ExampleModel {
  /** Example name in the spec, or a made-up one for built examples. */
  name: string;
  summary?: string | undefined;
  value: JsonValue;
  /** True when specforge built it from the schema because the spec documents none. */
  built: boolean;
  /**
   * False when the value does not fit its schema by specforge's own reading (exampleFits): an upstream example that
   * contradicts its schema, or one the builder could not satisfy. The contract tests then do not hold it to the
   * schema's TypeScript type (that would only repeat, as a compile error, the schema check they run and report).
   */
  fits: boolean;
}

/**
 * How a 2xx body becomes the method's value, by its media type: "json" is parsed (and unwrapped when the envelope
 * applies); "text" resolves the string; "blob" the bytes as a Blob; "formData" the parsed form as a FormData.
 */
export type BodyRead = "json" | "text" | "blob" | "formData";

export interface ResponseModel {
  /** As written in the spec: "200", "4XX", "default". */
  status: string;
  /** A concrete status the contract tests serve for it (4XX → 400, default → 500 or 200). */
  sampleStatus: number;
  contentType?: string | undefined;
  /** How its body is read, when it has content (see BodyRead). */
  read?: BodyRead | undefined;
  /** JSON pointer of the schema, for validation in the contract tests. */
  schemaPointer?: string | undefined;
  /** The media type's schema as written (its `$ref`s point into components). */
  schema?: JsonValue | undefined;
  examples: ExampleModel[];
}

export interface BodyModel {
  required: boolean;
  contentType: string;
  /** When the schema is an object, its properties are flattened into the params object (as the official SDKs do). */
  flattened: boolean;
  /** Property names, when flattened. */
  properties: string[];
  /** Properties the schema marks required, when flattened. */
  requiredProperties: string[];
  schemaPointer?: string | undefined;
  schema?: JsonValue | undefined;
  examples: ExampleModel[];
}

export interface OperationModel {
  /** `#/paths/~1…/put` */
  pointer: string;
  path: string;
  method: HttpMethod;
  /** camelCase group path, e.g. ["zeroTrust", "access", "serviceTokens"]. */
  group: string[];
  methodName: string;
  /** `zeroTrust.access.serviceTokens.update` */
  fullName: string;
  /** The operationId as a method name (group prefix removed), the first fallback when a name is taken. */
  operationIdName?: string | undefined;
  /** Readable type names, e.g. ServiceTokenUpdateParams / ServiceTokenUpdateResponse. */
  paramsType: string;
  responseType: string;
  summary?: string | undefined;
  description?: string | undefined;
  deprecated: boolean;
  /** The path parameter passed as the first argument (the last one in the template), if any. */
  positional?: ParamModel | undefined;
  /** All path/query/header params (positional included), in template then declaration order. */
  params: ParamModel[];
  variant?: PathVariantConfig | undefined;
  body?: BodyModel | undefined;
  responses: ResponseModel[];
  /** Alternatives; each is a list of scheme keys that go together. Empty: no auth. */
  security: string[][];
  /** The 2xx response the method resolves with. */
  success?: ResponseModel | undefined;
  /** True when the success body is the envelope and the method resolves to its result. */
  unwrap: boolean;
  /** The envelope property the method resolves to, when unwrapping. */
  unwrapKey?: string | undefined;
  /**
   * The 2xx statuses (exact codes, as documented) whose response has no content. The method resolves with
   * undefined for them, also when it unwraps; its type then admits undefined.
   */
  bodilessSuccess: number[];
  /** Lines for API.md: the method, its params and its result fields. */
  surface: SurfaceEntry[];
}
