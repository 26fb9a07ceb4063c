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
} from "./errors.js";
export type { ResponseMessage, APIErrorInit } from "./errors.js";
export { authHeaders } from "./auth.js";
export type { SecurityScheme, SecurityRequirement } from "./auth.js";
export { checkPathParam, resolvePathVariant } from "./path.js";
export type { PathParamRule, PathVariant } from "./path.js";
export { isRetryableStatus, retryDelayMs } from "./retry.js";
export { createRuntime, ownParams } from "./client.js";
export type { BaseClientOptions, RequestOptions, Envelope, ApiDescription, SendInit, SendOutcome, Send, ReadPlan, PathValues, PathRules, Operation, Runtime, Literal } from "./client.js";
