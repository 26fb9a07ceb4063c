// Public surface of the runtime shared by every generated client.
export {
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  InvalidRequestError,
  errorFromResponse,
  errorMessage,
} from "./errors.js";
export type { ResponseMessage, APIErrorInit, ErrorContext } from "./errors.js";
export { authHeaders } from "./auth.js";
export type { SecurityScheme, SecurityRequirement, CredentialEnv } from "./auth.js";
export { checkPathParam, resolvePathVariant } from "./path.js";
export type { PathParamRule, PathVariant } from "./path.js";
export { isRetryableStatus, retryDelayMs } from "./retry.js";
export { createRuntime, ownParams } from "./client.js";
export type { BaseClientOptions, RequestOptions, Envelope, ApiDescription, SendInit, SendOutcome, Send, ReadPlan, PathValues, PathRules, Operation, Runtime, Literal, PreparedBody, BodyValue, Reader } from "./client.js";
export { readText, readBlob, readForm } from "./read.js";
export { APIPromise } from "./api-promise.js";
export type { WithResponse, ReadMode, Begin } from "./api-promise.js";
export { Page, PagePromise, paginate, byPage, byCursor, byLink } from "./pagination.js";
export type { PageRule, PageQuery, PageSend, PageStyle, PaginateOptions, BodyPath } from "./pagination.js";
export { clientExtras } from "./extras.js";
export type { ClientExtras, RawMethod, RawOptions, RawRequestOptions, RawResult } from "./extras.js";
export { createLog, isLogLevel } from "./log.js";
export type { Log, Logger, LogLevel } from "./log.js";
export { readEnv } from "./env.js";
export { toFile, uploadBody } from "./upload.js";
export type { Uploadable, WithUploads, BodyEncoding } from "./upload.js";
