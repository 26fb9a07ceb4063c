import { InvalidRequestError } from "./errors.js";

// option = client option holding the credential; name = header it is sent in.
export interface SecurityScheme {
  option: string;
  type: "bearer" | "basic" | "header";
  name: string;
}
// Every scheme in a requirement must be satisfied together.
export type SecurityRequirement = readonly SecurityScheme[];

// Builds the auth headers for the first satisfied requirement, plus the secrets to redact from errors.
export function authHeaders(
  options: Readonly<Record<string, unknown>>,
  alternatives: readonly SecurityRequirement[],
): { headers: Record<string, string>; secrets: string[] } {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  const value = (s: SecurityScheme): unknown => options[s.option];
  const req = alternatives.find((r) => r.every((s) => typeof value(s) === "string" && value(s) !== ""));
  if (alternatives.length && !req)
    throw new InvalidRequestError(`No credentials: pass ${alternatives.map((r) => r.map((s) => s.option).join(" and ")).join(", or ")}.`);
  for (const s of req ?? []) {
    const v = value(s) as string;
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
