import type { EnvelopeConfig, PathVariantConfig } from "../config.js";
import type { JsonObject, JsonValue } from "../openapi/load.js";
import type { HttpMethod } from "../openapi/validate.js";

// The model: plain data that the emitters turn into files, and the only thing they read. Every spec default is
// settled here, once. Two raw pieces of the spec pass this boundary, each through one named field: the bundled
// document openapi-typescript turns into schema.ts (ApiModel.typesDocument), and the schemas the contract tests
// validate examples against (ApiModel.contractSchemas).

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
  /** The generated package's name. */
  packageName: string;
  /** The config's User-Agent; without it the client sends `<packageName>/<VERSION>`, VERSION from the package's
   * version.ts (the version is decided at render time, src/report/release.ts, and lives there and in package.json). */
  userAgent?: string | undefined;
  /** The response header that carries the API's request id (config `requestIdHeader`). */
  requestIdHeader?: string | undefined;
  /** Environment variables for client options left undefined (config `env`): option name → variable, checked. */
  env: Record<string, string>;
  /** The document openapi-typescript is given (bundled into one file, with a `components` object). */
  typesDocument: TypesDocument;
  /** The contract kit's schema map: each media schema under its key, and the component schemas they reach. */
  contractSchemas: ContractSchemas;
  /** Renames made to keep method names unique (lenient mode), for the CLI to print. */
  notes: string[];
  /** Where the spec contradicts itself (src/model/contradictions.ts), for the generate report. */
  contradictions: SpecContradiction[];
}

/**
 * One place where the spec contradicts itself: an example its schema rejects, or a schema no value satisfies (one the
 * builder could not build a fitting value for, with the reason it found). Its contract tests fail, as they should.
 */
export interface SpecContradiction {
  /** The operations whose contract tests check it (their methods' full names); none for a schema found on its own. */
  operations: string[];
  /**
   * What contradicts what: a documented example and its schema; a schema that admits no value (certain, from its own
   * keywords); a schema the example builder found no fitting value for (its problems say why: the schema's fault, or
   * a gap in the builder); a discriminator whose value its branch does not allow.
   */
  kind: "example" | "parameter example" | "unsatisfiable schema" | "no fitting value" | "discriminator";
  /** Where in the spec: the example's pointer, or the schema's. */
  pointer: string;
  /** The problems, one line each, led by the pointer into the value they concern. */
  problems: string[];
}

/** The bundled spec as openapi-typescript reads it, with where it came from (for messages and external $refs). */
export interface TypesDocument {
  /** The root spec file as the user gave it. */
  file: string;
  absolutePath: string;
  document: JsonObject;
}

/**
 * What the contract tests validate examples against (src/testkit/contract-kit.ts ContractSpec): the OpenAPI version,
 * each media schema by its key, and every part of the document they reach through $refs, at its own place (so the map
 * is self-contained, whether a $ref points at a component schema or inside a response, a parameter or an allOf list).
 */
export interface ContractSchemas {
  openapi: string;
  /** A sparse copy of the document: the top-level sections (`components`, `paths`) holding what the $refs reach. */
  referenced: JsonObject;
  media: JsonObject;
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

/**
 * How the caller passes a parameter: as the method's first argument (the last path parameter), through the choice of
 * a path variant (the merged path's selector and id), or as a property of the params object.
 */
export type ParamPassing = "positional" | "variant" | "params";

export interface ParamModel {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string | undefined;
  rule: PathRule;
  /** The schema's `type`, when it is a single string (e.g. "string", "integer"). */
  schemaType?: string | undefined;
  /**
   * The value the contract tests pass for it: the first documented example (the parameter's `example` or `examples`,
   * or its schema's) that fits its schema, else one built from the schema, so that the client accepts it.
   */
  example?: JsonValue | undefined;
  /** The parameter's own documented examples (`example`, each of `examples`), each checked against its schema in the contract tests. */
  examples: ExampleModel[];
  /** Its schema's key in ApiModel.contractSchemas.media, when it has documented examples to check. */
  mediaKey?: string | undefined;
  passedAs: ParamPassing;
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
  /** Where the spec writes it (`#/paths/~1pets/get/responses/200/content/application~1json/examples/cat/value`); for a built one, the schema's place. */
  pointer?: string | undefined;
  /** Why it does not fit, one line per problem led by the pointer into the value (exampleProblems); empty when it fits. */
  problems: string[];
  /**
   * Where a value that fits its schema is still not of the schema's TypeScript type, as openapi-typescript writes it
   * (typeProblems, src/model/type-fit.ts: a schema with properties but no `type` is typed as an object, so a null
   * there fits the schema and not the type). Empty when it is of that type, or when it does not fit the schema at all.
   * The contract tests hold an example to its type only when it fits and this is empty (heldToType).
   */
  typeProblems: string[];
}

/** A documented example the contract tests do not run, and why: the generate report lists them. */
export interface UntestedExample {
  pointer: string;
  reason: string;
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
  /** Its schema's key in ApiModel.contractSchemas.media, when it is JSON with a schema. */
  mediaKey?: string | undefined;
  /** Whether a literal of its type must be written against `Literal<…>`: a property named like an Object member is reachable. */
  literal: boolean;
  examples: ExampleModel[];
}

/** How a request body goes on the wire, by its media type: JSON as openapi-fetch sends it, anything else encoded by the runtime. */
export type BodyEncoding = "json" | "multipart" | "urlencoded" | "binary" | "text";

export interface BodyModel {
  required: boolean;
  contentType: string;
  encoding: BodyEncoding;
  /** The properties of a multipart body that carry files (binary strings, or lists of them): they accept uploads. */
  fileFields: string[];
  /** When the schema is an object, its properties are flattened into the params object (as the official SDKs do). */
  flattened: boolean;
  /** Property names, when flattened. */
  properties: string[];
  /** Properties the schema marks required, when flattened. */
  requiredProperties: string[];
  /** Its schema's key in ApiModel.contractSchemas.media, when it is JSON with a schema. */
  mediaKey?: string | undefined;
  /** Whether a literal of its type must be written against `Literal<…>` (see ResponseModel.literal). */
  literal: boolean;
  examples: ExampleModel[];
  /**
   * The body the contract tests send in the calls that test something else (responses, credentials, path variants):
   * the first example that fits the schema, documented or built, so that a documented body that contradicts its
   * schema fails only its own tests. Undefined when no example fits (the schema admits no value the builder finds).
   */
  callExample?: ExampleModel | undefined;
}

/** A part of the params object a caller writes as an object literal. */
export type ParamsPart = "query" | "header" | "body";

export interface OperationModel {
  /** `#/paths/~1…/put` */
  pointer: string;
  /** The path key as the spec writes it, which indexes openapi-typescript's `paths` (`/responses?beta=true`). */
  path: string;
  /** The path template requests go to: the key without a query it may carry (`/responses`). */
  requestPath: string;
  /** The query parameters the path key itself carries (`?beta=true`), sent with every request, in order. */
  fixedQuery: [string, string][];
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
  /** All path/query/header parameters (positional included), in template then declaration order. */
  parameters: ParamModel[];
  /** The path parameter passed as the first argument (the last one in the template that the caller passes), if any. */
  positional?: ParamModel | undefined;
  variant?: PathVariantConfig | undefined;
  /** The params object's properties other than body fields, in order: the variant's choices, then each parameter passed in params. */
  paramNames: string[];
  /** Whether the method takes a params argument after the positional one, and whether the caller may leave it out. */
  paramsArgument: "none" | "optional" | "required";
  /** The parts of params whose literals are typed `Literal<…>` (a property named like an Object member is reachable). */
  literalParts: ParamsPart[];
  body?: BodyModel | undefined;
  responses: ResponseModel[];
  /** Alternatives; each is a list of scheme keys that go together. Empty: no auth. */
  security: string[][];
  /** The 2xx response the method resolves with. */
  success?: ResponseModel | undefined;
  /** How the method reads a 2xx body: its success response's media type decides; "json" when it has none. */
  resultRead: BodyRead;
  /** The envelope property the method resolves to, when the success body is the envelope. */
  unwrapKey?: string | undefined;
  /**
   * The 2xx statuses (exact codes, as documented) whose response has no content. The method resolves with
   * undefined for them, also when it unwraps; its type then admits undefined.
   */
  bodilessSuccess: number[];
  /** How the method pages, when a configured pagination style fits it: it then resolves a page of items. */
  pagination?: PaginationModel | undefined;
  /** Lines for API.md: the method, its params and its result fields. */
  surface: SurfaceEntry[];
  /** Documented examples of the operation that its contract tests do not run, and why. */
  untested: UntestedExample[];
}

/**
 * What the runtime needs to page through an operation (src/runtime/pagination.ts PageRule): paths are property names
 * from the JSON body down, [] being the body itself.
 */
export type PageRuleModel =
  | { type: "page"; items: string[]; info?: string[]; param: string; sizeParam?: string; page?: string[]; perPage?: string[]; totalPages?: string[]; totalCount?: string[] }
  | { type: "cursor"; items: string[]; info?: string[]; param: string; next: string[]; hasMore?: string[] }
  | { type: "link"; items: string[]; info?: string[]; next?: string[] };

export interface PaginationModel {
  /** The config style's name. */
  style: string;
  rule: PageRuleModel;
  /** The exported name of the page info's type, when the style has `info` (set with the other type names). */
  infoType?: string | undefined;
}

// One line of API.md: a method, or one parameter or result field of a method.
export interface SurfaceEntry {
  /** The method's full name, e.g. zeroTrust.access.serviceTokens.update. */
  method: string;
  kind: "method" | "param" | "result";
  name: string;
  /** Readable type: `string`, `"accounts" | "zones"`, `ServiceToken`, `number[]`. */
  type: string;
  required: boolean;
  doc?: string | undefined;
}

/** Follows a schema's `$ref`s to the schema they name (undefined for no schema). */
export type SchemaResolver = (schema: JsonValue | undefined) => JsonValue | undefined;
