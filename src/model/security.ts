import { nearest, SpecforgeError, type ErrorLocation } from "../errors.js";
import type { JsonValue } from "../openapi/load.js";
import { pathToPointer } from "../openapi/load.js";
import { deref, isObject, type SpecSet } from "../openapi/refs.js";
import { docText } from "./doc-text.js";
import { camelCase, isIdentifier } from "./naming.js";
import type { OperationModel, SecuritySchemeModel } from "./types.js";

// Security schemes → client options, and each operation's alternatives
// (https://spec.openapis.org/oas/v3.1.0#security-scheme-object, #security-requirement-object).

// Client options that the runtime itself takes: a scheme may not take one of their names.
const BUILT_IN_OPTIONS = new Set(["baseURL", "timeout", "maxRetries", "fetch", "defaultHeaders", "logLevel", "logger"]);

// The client option names a config gives some schemes (`credentialOptions`), and where they are set.
export interface CredentialOptionNames {
  /** Security scheme id → client option name. */
  names: Readonly<Record<string, string>>;
  /** The config's `credentialOptions`, for an error about one of them. */
  location: ErrorLocation;
}

// Every security scheme the runtime can send, as a client option named after the scheme id (`bearer_auth` →
// `bearerAuth`) unless `renamed` names it; apiKey in query or cookie is not supported, so an operation that only
// accepts it gets no credentials.
export function securitySchemesToModel(set: SpecSet, renamed?: CredentialOptionNames): SecuritySchemeModel[] {
  const components = set.root.document.components;
  const schemes = isObject(components) && isObject(components.securitySchemes) ? components.securitySchemes : {};
  checkRenamedSchemes(Object.keys(schemes), renamed);
  const out: SecuritySchemeModel[] = [];
  for (const key of Object.keys(schemes)) {
    const s = deref(set, schemes[key], set.root, pathToPointer(["components", "securitySchemes", key]))?.value;
    if (!isObject(s)) continue;
    let option = renamed && Object.hasOwn(renamed.names, key) ? (renamed.names[key] as string) : camelCase(key) || "credential";
    if (BUILT_IN_OPTIONS.has(option) || !isIdentifier(option)) option = `${option}Credential`;
    const description = docText(s.description);
    if (s.type === "http" && String(s.scheme).toLowerCase() === "bearer") out.push({ key, option, type: "bearer", headerName: "Authorization", description });
    else if (s.type === "http" && String(s.scheme).toLowerCase() === "basic") out.push({ key, option, type: "basic", headerName: "Authorization", description });
    else if (s.type === "oauth2" || s.type === "openIdConnect") out.push({ key, option, type: "bearer", headerName: "Authorization", description });
    else if (s.type === "apiKey" && s.in === "header" && typeof s.name === "string") out.push({ key, option, type: "header", headerName: s.name, description });
  }
  return out;
}

// Each renamed scheme must be one the spec declares, and no two schemes may end up on one option.
function checkRenamedSchemes(declared: string[], renamed: CredentialOptionNames | undefined): void {
  if (!renamed) return;
  const at = (scheme: string): ErrorLocation => ({ ...renamed.location, pointer: `${renamed.location.pointer ?? "#"}/${scheme}` });
  for (const scheme of Object.keys(renamed.names)) {
    if (declared.includes(scheme)) continue;
    const near = nearest(scheme, declared);
    throw new SpecforgeError(`credentialOptions names the security scheme '${scheme}', which the spec does not declare`, near ? `did you mean '${near}'?` : `the spec declares: ${declared.join(", ") || "no security schemes"}`, at(scheme));
  }
  const options = declared.map((scheme) => (Object.hasOwn(renamed.names, scheme) ? (renamed.names[scheme] as string) : camelCase(scheme)));
  options.forEach((option, i) => {
    const other = options.indexOf(option);
    if (other !== i) {
      const scheme = Object.hasOwn(renamed.names, declared[i] as string) ? (declared[i] as string) : (declared[other] as string);
      throw new SpecforgeError(`schemes '${declared[other] as string}' and '${declared[i] as string}' would both be the client option '${option}'`, "give one of them another name in credentialOptions", at(scheme));
    }
  });
}

// An operation's security alternatives (its own, else the document's), keeping those whose schemes are all supported.
export function operationSecurity(security: JsonValue | undefined, schemes: SecuritySchemeModel[]): string[][] {
  if (!Array.isArray(security)) return [];
  const known = new Set(schemes.map((s) => s.key));
  const alternatives: string[][] = [];
  for (const requirement of security) {
    if (!isObject(requirement)) continue;
    const keys = Object.keys(requirement);
    if (keys.every((k) => known.has(k))) alternatives.push(keys);
  }
  return alternatives;
}

// Every operation's security alternatives, deduplicated in first-seen order: the client authenticates once for all.
export function credentialAlternatives(operations: OperationModel[], schemes: SecuritySchemeModel[]): SecuritySchemeModel[][] {
  const byKey = new Map(schemes.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const out: SecuritySchemeModel[][] = [];
  for (const op of operations) {
    for (const alternative of op.security) {
      const id = alternative.join("+");
      if (seen.has(id) || alternative.length === 0) continue;
      seen.add(id);
      out.push(alternative.map((key) => byKey.get(key)).filter((s): s is SecuritySchemeModel => s !== undefined));
    }
  }
  return out;
}

// Whether some operation accepts no credentials, so the client must not demand them up front.
export function credentialsOptional(operations: OperationModel[]): boolean {
  return operations.some((o) => o.security.length === 0 || o.security.some((a) => a.length === 0));
}
