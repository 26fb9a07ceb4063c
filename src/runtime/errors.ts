// Error classes shared by every generated client.

export interface ResponseMessage {
  code: number;
  message: string;
  documentation_url?: string;
  source?: { pointer?: string };
}

export interface APIErrorInit {
  headers?: Headers | undefined;
  errors?: ResponseMessage[] | undefined;
  messages?: ResponseMessage[] | undefined;
  /** The response's request id (the header the API names, e.g. `cf-ray`), to quote to the API's support. */
  requestId?: string | undefined;
  cause?: unknown;
}

// Base class of every error raised once a request was attempted.
export class APIError extends Error {
  // `declare` keeps the fields out of the emitted code (they are assigned below).
  declare readonly status: number | undefined;
  declare readonly headers: Headers | undefined;
  declare readonly errors: ResponseMessage[];
  declare readonly messages: ResponseMessage[];
  declare readonly requestId: string | undefined;

  constructor(status: number | undefined, message: string, init: APIErrorInit = {}) {
    // Error only reads `cause` from its options, and only when the key is present.
    super(message, init);
    this.status = status;
    this.headers = init.headers;
    this.errors = init.errors ?? [];
    this.messages = init.messages ?? [];
    this.requestId = init.requestId;
  }

  // Leaves out `headers` and `cause`, which may carry more than anyone should log.
  toJSON(): Pick<APIError, "name" | "status" | "message" | "errors" | "messages" | "requestId"> {
    return { name: this.name, status: this.status, message: this.message, errors: this.errors, messages: this.messages, requestId: this.requestId };
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}
export class APIConnectionError extends APIError {}
export class APIConnectionTimeoutError extends APIConnectionError {}
export class APIUserAbortError extends APIError {}
// Thrown before any request is sent: the call could never succeed as written.
export class InvalidRequestError extends Error {}

// Names come from string keys, not `constructor.name`, because minifiers rename classes.
for (const [name, cls] of Object.entries({
  APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
  UnprocessableEntityError, RateLimitError, InternalServerError, APIConnectionError,
  APIConnectionTimeoutError, APIUserAbortError, InvalidRequestError,
})) cls.prototype.name = name;

const BY_STATUS: Readonly<Record<number, typeof APIError>> = {
  400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
  409: ConflictError, 422: UnprocessableEntityError, 429: RateLimitError,
};

// How many times a secret may have been JSON-escaped where it shows up: a server message quoting a JSON dump of the
// request headers is escaped once, a JSON string of that dump twice, and list() below redacts the JSON text of the
// errors array, one more. Four covers those with one to spare; each level only adds backslashes.
const ESCAPE_LEVELS = 4;

// A secret as it reads raw, after each level of JSON escaping, and percent-encoded (as in a URL a log line or an error
// quotes), longest first (so that no shorter form is replaced inside a longer one). A secret without `"`, `\`, control
// characters or characters a URL encodes has the one form.
function escapedForms(secret: string): string[] {
  const forms = new Set([secret]);
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded, so no URL carries it that way.
  }
  let form = secret;
  for (let level = 0; level < ESCAPE_LEVELS; level++) {
    const next = JSON.stringify(form).slice(1, -1);
    if (next === form) break;
    forms.add((form = next));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

// Replaces each secret, raw, percent-encoded and JSON-escaped at any depth that occurs (as inside JSON text), with "***".
// Secrets under 4 characters are not searched for: they would turn every message into asterisks and protect nothing.
export function redact(text: string, secrets: readonly string[]): string {
  for (const s of secrets) if (s.length >= 4) for (const form of escapedForms(s)) text = text.replaceAll(form, "***");
  return text;
}

// The body's errors/messages list, as a redacted copy when there are secrets; [] when it is not an array.
const list = (v: unknown, secrets: readonly string[]): ResponseMessage[] => {
  if (!Array.isArray(v)) return [];
  try {
    return secrets.length ? (JSON.parse(redact(JSON.stringify(v), secrets)) as ResponseMessage[]) : v;
  } catch {
    return []; // only if a secret spans JSON syntax; dropping the list beats leaking it
  }
};

// A one-line, at most 200 char excerpt of a body that is not an error envelope (HTML page, plain text, empty...).
const excerpt = (body: unknown, secrets: readonly string[]): string => {
  let s = typeof body === "string" ? body : (JSON.stringify(body) ?? "");
  // HTML error pages reduce to their <title>, else to their text.
  if (/^\s*</.test(s)) s = /<title>([^<]*)/i.exec(s)?.[1] ?? s.replace(/<[^>]*>/g, " ");
  s = redact(s, secrets).replace(/\s+/g, " ").trim() || "(no body)";
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
};

/** What an error message says besides the response: which call it was, and how to find it in the API's logs. */
export interface ErrorContext {
  /** Credentials to redact from every piece of body text. */
  secrets?: readonly string[] | undefined;
  /** The envelope's error fields, when they are not "errors"/"messages". */
  keys?: { readonly errors: string; readonly messages: string } | undefined;
  /** The call, e.g. `zones.get (GET /client/v4/zones/abc)`: the message starts with it. */
  request?: string | undefined;
  requestId?: string | undefined;
}

// `${request}: ${what} [request id …]`: the one shape of every message an APIError of a sent request has.
export function errorMessage(what: string, { request, requestId, secrets = [] }: ErrorContext): string {
  return redact(`${request ? `${request}: ` : ""}${what}${requestId ? ` [request id ${requestId}]` : ""}`, secrets);
}

// `7003: No route` → "No route (code 7003)"; every message of the list, as the API wrote them.
const described = (errors: readonly ResponseMessage[]): string =>
  errors
    .filter((e) => typeof e?.message === "string" && e.message)
    .map((e) => (typeof e.code === "number" || typeof e.code === "string" ? `${e.message} (code ${e.code})` : e.message))
    .join("; ");

// Builds the APIError subclass for a non-2xx (or `success: false`) response, redacting the context's secrets from all
// body text. Its message is the call, the status, the body's error messages (else a one-line excerpt of the body,
// whose own leading status is not repeated: an HTML page titled "502 Bad Gateway" reads `502 Bad Gateway`), and the
// request id.
export function errorFromResponse(status: number, headers: Headers, body: unknown, context: ErrorContext = {}): APIError {
  const { secrets = [], keys = { errors: "errors", messages: "messages" }, requestId } = context;
  const obj = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const errors = list(obj[keys.errors], secrets);
  const Cls = BY_STATUS[status] ?? (status < 500 ? APIError : InternalServerError);
  const detail = described(errors) || excerpt(body, secrets);
  const what = detail === String(status) || detail.startsWith(`${status} `) ? detail : `${status} ${detail}`;
  return new Cls(status, errorMessage(what, context), { headers, errors, messages: list(obj[keys.messages], secrets), requestId });
}
