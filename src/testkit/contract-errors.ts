// The error class the runtime must throw for a status; the contract tests hold it to this table. Its own file, free
// of dependencies, because two readers need it: the contract runner beside each generated suite (specforge copies
// this file there) and specforge's emitter (src/emit/contract/), which imports the classes a suite uses.

const BY_STATUS: Readonly<Record<number, string>> = { 400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError", 409: "ConflictError", 422: "UnprocessableEntityError", 429: "RateLimitError" };

export function errorClassForStatus(status: number): string {
  return BY_STATUS[status] ?? (status >= 500 ? "InternalServerError" : "APIError");
}
