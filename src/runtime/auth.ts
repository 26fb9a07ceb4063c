import { InvalidRequestError } from "./errors.js";

// option = client option holding the credential; name = header it is sent in.
export interface SecurityScheme {
  option: string;
  type: "bearer" | "basic" | "header";
  name: string;
}
// Every scheme in a requirement must be satisfied together.
export type SecurityRequirement = readonly SecurityScheme[];

/** Where options the caller leaves undefined come from: the API's environment variables, by option name. */
export interface CredentialEnv {
  /** The variable's value for an option, or undefined. */
  read: (option: string) => string | undefined;
  /** Option name → variable name, for the message that says what to set. */
  names?: Readonly<Record<string, string>> | undefined;
}

// Builds the auth headers for the first satisfied requirement, plus the secrets to redact from errors. When the
// options satisfy none, those left undefined are read from `env` (an explicit `null` keeps a variable out). Throws,
// naming the options (and the variables), when neither satisfies one. One function, so that the search and its
// message are written once: the client calls it with the environment, and a bare call without.
export function authHeaders(
  given: Readonly<Record<string, unknown>>,
  alternatives: readonly SecurityRequirement[],
  env?: CredentialEnv,
): { headers: Record<string, string>; secrets: string[] } {
  const satisfies = (o: Readonly<Record<string, unknown>>) => (r: SecurityRequirement) => r.every((s) => typeof o[s.option] === "string" && o[s.option] !== "");
  let options = given;
  let req = alternatives.find(satisfies(given));
  if (!req && env) {
    const filled: Record<string, unknown> = { ...given };
    for (const r of alternatives) for (const { option } of r) if (filled[option] === undefined) filled[option] = env.read(option);
    req = alternatives.find(satisfies((options = filled)));
  }
  if (alternatives.length && !req) {
    const named = (name: (option: string) => string | undefined): string =>
      alternatives
        .filter((r) => r.length > 0 && r.every((s) => name(s.option)))
        .map((r) => r.map((s) => name(s.option)).join(" and "))
        .join(", or ");
    const names = env?.names;
    const variables = names ? named((option) => names[option]) : "";
    throw new InvalidRequestError(`No credentials: pass ${named((option) => option)}${variables ? `, or set ${variables}` : ""}.`);
  }
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const s of req ?? []) {
    const v = options[s.option] as string;
    // Control characters could split the header block, and headers (and btoa) only carry Latin-1.
    // Name the option, never the value: messages end up in logs.
    if (/[^ -~\x80-\xff]/.test(v)) throw new InvalidRequestError(`Invalid ${s.option}: contains control or non-Latin-1 characters.`);
    const basic = s.type === "basic" && btoa(v);
    headers[s.name] = basic ? `Basic ${basic}` : s.type === "bearer" ? `Bearer ${v}` : v;
    // The base64 form is a secret too: a server may echo the Authorization header back.
    secrets.push(v);
    if (basic) secrets.push(basic);
  }
  return { headers, secrets };
}
