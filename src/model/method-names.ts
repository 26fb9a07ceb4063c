import { SpecforgeError, type ErrorLocation } from "../errors.js";
import type { JsonObject } from "../openapi/load.js";
import type { HttpMethod } from "../openapi/validate.js";
import { camelCase, isIdentifier, nameWords, pascalCase, singular } from "./naming.js";
import type { OperationModel } from "./types.js";

// The names a caller writes: each operation's group and method (README, "Method names"), unique across the API, and
// the readable type names of its params and result.

export interface OperationNames {
  /** camelCase group path, e.g. ["zeroTrust", "access", "serviceTokens"]. */
  group: string[];
  methodName: string;
  /** The operationId as a method name (group prefix removed), the first fallback when a name is taken. */
  operationIdName: string | undefined;
  /** The method name without its group's words (`listFiles` under `files` → `list`), taken where it is unique (preferShortNames). */
  shortName?: string | undefined;
}

export interface NamedOperation {
  op: JsonObject;
  template: string;
  method: HttpMethod;
  /** Where the operation is, for the error when no method name can be made. */
  location: ErrorLocation;
}

// Grouping rule: x-fern-sdk-group-name / x-fern-sdk-method-name, else the first tag and the operationId, else method + path.
export function operationNames({ op, template, method, location }: NamedOperation): OperationNames {
  const fernGroup = op["x-fern-sdk-group-name"];
  const fernMethod = op["x-fern-sdk-method-name"];
  let group: string[];
  let methodName: string;
  if (typeof fernGroup === "string" && typeof fernMethod === "string") {
    // Names their author chose: acronyms as written (`getWebhookConfigByID`).
    group = fernGroup.split(".").map((part) => camelCase(part, { keepAcronyms: true })).filter(Boolean);
    methodName = camelCase(fernMethod, { keepAcronyms: true });
  } else {
    const tag = Array.isArray(op.tags) && typeof op.tags[0] === "string" ? op.tags[0] : undefined;
    group = tag ? [camelCase(tag)].filter(Boolean) : [];
    if (typeof op.operationId === "string") {
      // `access-service-tokens-update-a-service-token` under tag "Access Service Tokens" reads `updateAServiceToken`.
      methodName = stripGroup(camelCase(op.operationId), group);
    } else {
      methodName = pathMethodName(method, template);
    }
  }
  // A reserved word is a fine property name (`delete`), just not a binding.
  if (!isMethodName(methodName)) {
    throw new SpecforgeError(
      `${method.toUpperCase()} ${template}: cannot make a method name from ${JSON.stringify(fernMethod ?? op.operationId ?? "")}`,
      "set x-fern-sdk-method-name or operationId to a name that starts with a letter",
      location,
    );
  }
  const operationIdName = typeof op.operationId === "string" ? stripGroup(camelCase(op.operationId), group) : undefined;
  // Only a name made from an operationId under a tag: an x-fern method name is the one its author chose.
  const shortName = typeof fernMethod !== "string" && operationIdName !== undefined && group.length > 0 ? withoutGroupWords(methodName, group.at(-1) as string) : undefined;
  return { group, methodName, operationIdName, ...(shortName !== undefined ? { shortName } : {}) };
}

function isMethodName(name: string): boolean {
  return isIdentifier(name) || /^(delete|new|default|in|import|export|function|class|enum)$/.test(name);
}

// `listFiles` or `retrieveFile` under group `files` reads `list`, `retrieve`; `cdnListEndpoints` under `cdnEndpoints`
// reads `list`: the group's words (its last one also singular), in order, taken out of the name, when one word is left
// and it comes before the group's last word, as a verb does (`inviteUser` under `invites` stays: `user` is no verb).
// Otherwise undefined: `listOrganizationCertificates` says more than `list`.
function withoutGroupWords(name: string, group: string): string | undefined {
  const named = nameWords(name);
  const grouped = nameWords(group);
  const last = grouped.at(-1);
  if (last === undefined) return undefined;
  for (const variant of [grouped, [...grouped.slice(0, -1), singular(last)]]) {
    let matched = 0;
    let lastRemoved = -1;
    const left: { word: string; index: number }[] = [];
    named.forEach((word, index) => {
      if (matched < variant.length && word === variant[matched]) {
        matched++;
        lastRemoved = index;
      } else left.push({ word, index });
    });
    const [verb] = left;
    if (matched === variant.length && left.length === 1 && verb !== undefined && verb.index < lastRemoved && isMethodName(verb.word)) return verb.word;
  }
  return undefined;
}

// Gives each operation its short name (shortName) where no other operation has that name or wants it, and it names
// no group: `files.list` rather than `files.listFiles`, unless that would make two methods one.
export function preferShortNames(operations: OperationModel[], shortNames: ReadonlyMap<OperationModel, string>): void {
  const fullName = (op: OperationModel, method: string) => [...op.group, method].join(".");
  const wanted = new Map<string, number>();
  for (const [op, short] of shortNames) wanted.set(fullName(op, short), (wanted.get(fullName(op, short)) ?? 0) + 1);
  const taken = new Set(operations.map((o) => o.fullName));
  const groups = new Set(operations.flatMap((o) => o.group.map((_, i) => o.group.slice(0, i + 1).join("."))));
  for (const [op, short] of shortNames) {
    const name = fullName(op, short);
    if (wanted.get(name) !== 1 || taken.has(name) || groups.has(name)) continue;
    taken.delete(op.fullName);
    taken.add(name);
    op.methodName = short;
    op.fullName = name;
  }
}

// `put /pets/{id}/owner` → `putPetsOwner`: the HTTP method and the path's fixed segments.
function pathMethodName(method: string, template: string): string {
  return camelCase([method, ...template.split("/").filter((s) => s && !s.startsWith("{"))].join(" "));
}

// `accessServiceTokensUpdate` under group accessServiceTokens reads `update`.
function stripGroup(name: string, group: string[]): string {
  const prefix = group.at(-1);
  if (prefix && name.length > prefix.length && name.toLowerCase().startsWith(prefix.toLowerCase())) {
    const rest = name.slice(prefix.length);
    return rest.charAt(0).toLowerCase() + rest.slice(1);
  }
  return name;
}

// The members every client has beside its API's methods (src/runtime/extras.ts): no top-level method or group may take one.
export const CLIENT_MEMBERS = new Set(["use", "eject", "get", "post", "put", "patch", "delete"]);

export interface UniqueNamesOptions {
  /** Rename later operations that take a name (with a note each) instead of failing. */
  lenient: boolean;
  /** Where an operation is, for the error that names two operations on one name. */
  locate: (op: OperationModel) => ErrorLocation;
}

// Two operations on one name is an error that names both; with `lenient`, later ones (in path order) are renamed
// predictably instead: their operationId, then method + fixed path segments, then a number. Returns the notes.
export function makeNamesUnique(operations: OperationModel[], { lenient, locate }: UniqueNamesOptions): string[] {
  const notes: string[] = [];
  const seen = new Map<string, OperationModel>();
  const groups = new Set(operations.flatMap((o) => o.group.map((_, i) => o.group.slice(0, i + 1).join("."))));
  for (const op of operations) {
    const top = op.group[0];
    if (top !== undefined && CLIENT_MEMBERS.has(top)) {
      throw new SpecforgeError(`${op.method.toUpperCase()} ${op.path} is grouped under \`${top}\`, which every client has as its own method (${[...CLIENT_MEMBERS].join(", ")})`, "give the operation another x-fern-sdk-group-name or tag", locate(op));
    }
  }
  const taken = (name: string) => seen.has(name) || groups.has(name) || CLIENT_MEMBERS.has(name);
  for (const op of operations) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    if (taken(op.fullName)) {
      const other = seen.get(op.fullName);
      if (!lenient) {
        throw new SpecforgeError(
          other
            ? `two operations are both named ${op.fullName}: ${other.method.toUpperCase()} ${other.path} and ${label}`
            : CLIENT_MEMBERS.has(op.fullName)
              ? `method ${op.fullName} (${label}) has the name of a member every client has (client.${op.fullName})`
              : `method ${op.fullName} (${label}) has the same name as a group of methods`,
          "give one of them another x-fern-sdk-method-name or operationId",
          locate(op),
        );
      }
      const prefix = op.group.join(".");
      const candidates = [op.operationIdName, pathMethodName(op.method, op.path)].filter((c): c is string => c !== undefined && c !== "" && isIdentifier(c));
      let renamed = candidates.map((c) => (prefix ? `${prefix}.${c}` : c)).find((full) => !taken(full));
      for (let n = 2; !renamed; n++) if (!taken(`${op.fullName}${n}`)) renamed = `${op.fullName}${n}`;
      notes.push(`${label}: ${op.fullName} is taken; named ${renamed}`);
      op.methodName = renamed.slice(prefix ? prefix.length + 1 : 0);
      op.fullName = renamed;
    }
    seen.set(op.fullName, op);
  }
  return notes;
}

// `ServiceTokenUpdateParams`: singular resource + method; the whole group path where the short name is ambiguous.
export function assignTypeNames(operations: OperationModel[]): void {
  const short = (op: OperationModel) => singular(pascalCase(op.group.at(-1) ?? "")) + pascalCase(op.methodName);
  const long = (op: OperationModel) => op.group.map((g, i, all) => (i === all.length - 1 ? singular(pascalCase(g)) : pascalCase(g))).join("") + pascalCase(op.methodName);
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(short(op), (counts.get(short(op)) ?? 0) + 1);
  const used = new Set<string>();
  for (const op of operations) {
    let base = (counts.get(short(op)) ?? 0) > 1 ? long(op) : short(op);
    // A group such as "0" or "35l" makes a name that starts with a digit: keep it a valid identifier.
    if (!/^[A-Za-z_$]/.test(base)) base = `Op${base}`;
    // Groups that differ only in spelling (url-scanner, url_scanner) can still meet: number the later ones.
    for (let n = 2; used.has(base); n++) base = `${base.replace(/\d+$/, "")}${n}`;
    used.add(base);
    op.paramsType = `${base}Params`;
    op.responseType = `${base}Response`;
    if (op.pagination?.rule.info) op.pagination.infoType = `${base}PageInfo`;
  }
}
