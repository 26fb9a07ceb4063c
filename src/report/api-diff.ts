// Compares two API.md listings and classifies each change as breaking or not, with a semver level.
// It reads only the listing's line format (see report/api-listing.ts), nothing OpenAPI-specific.
//
// The rules follow oasdiff's breaking-change checks (https://github.com/oasdiff/oasdiff, checker/rules.go), judged on
// the client's surface rather than the wire where the two differ: a body's fields are params of one flat object, so
// removing an optional one breaks a caller that passes it (an excess property), and the last path parameter is a
// positional argument, so its name is not part of the contract. test/unit/api-diff-spec-edits.test.ts lists each
// edit with oasdiff's verdict and says why wherever specforge's differs.

export interface ListedEntry {
  section: string;
  kind: string;
  name: string;
  type: string;
  required: boolean;
  doc: string;
}

// One method of a listing: its `method` line and its param and result lines, keyed by kind and name.
export interface ListedMethod {
  line: ListedEntry;
  /** The positional argument's name, when the method takes one (`update(serviceTokenId, params, options?)`). */
  positional?: string | undefined;
  entries: Map<string, ListedEntry>;
}

export interface ApiChange {
  breaking: boolean;
  /** major for breaking, minor for additions, patch for documentation. */
  level: "major" | "minor" | "patch";
  text: string;
}

export type SemverLevel = "major" | "minor" | "patch" | "none";

const LINE = /^- (\w+) `([^`]+)`: `([^`]*)`, (required|optional)(?: — (.*))?$/;
// The positional argument is keyed by its place, not its name: callers pass it by position, so a rename is no break.
const POSITIONAL_KEY = "param (positional)";

// Parses API.md text into its methods, keyed by the method's full name (the `## ` section).
export function parseApiListing(text: string): Map<string, ListedMethod> {
  const methods = new Map<string, ListedMethod>();
  let section = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("## ")) section = line.slice(3).trim();
    const match = LINE.exec(line);
    if (!match) continue;
    const [, kind = "", name = "", type = "", required = "", doc = ""] = match;
    const entry: ListedEntry = { section, kind, name, type, required: required === "required", doc };
    if (kind === "method") {
      const args = /\(([^)]*)\)$/.exec(name)?.[1]?.split(", ") ?? [];
      const first = args[0];
      methods.set(section, { line: entry, positional: first !== undefined && first !== "params" && first !== "options?" ? first : undefined, entries: new Map() });
      continue;
    }
    const method = methods.get(section);
    if (!method) continue;
    method.entries.set(kind === "param" && name === method.positional ? POSITIONAL_KEY : `${kind} ${name}`, entry);
  }
  return methods;
}

// Classifies every difference between two listings: one line per added or removed method, one per changed entry.
export function diffApiListings(before: string, after: string): ApiChange[] {
  const old = parseApiListing(before);
  const next = parseApiListing(after);
  const changes: ApiChange[] = [];
  const add = (level: ApiChange["level"], text: string) => changes.push({ breaking: level === "major", level, text });
  for (const [name, was] of old) {
    const now = next.get(name);
    if (now) diffMethod(was, now, add);
    else add("major", `removed method ${name}`);
  }
  for (const [name, now] of next) {
    // A new method's params and result fields belong to it: none of them can break a caller, who cannot call it yet.
    if (!old.has(name)) add("minor", `added method ${now.line.name}: ${now.line.type}`);
  }
  return changes;
}

type AddChange = (level: ApiChange["level"], text: string) => void;

function diffMethod(was: ListedMethod, now: ListedMethod, add: AddChange): void {
  const name = was.line.section;
  const [wasEndpoint = "", wasResult = ""] = was.line.type.split(" → ");
  const [nowEndpoint = "", nowResult = ""] = now.line.type.split(" → ");
  // As oasdiff matches endpoints, path parameter names do not count: a renamed one is reported as its param.
  if (endpointShape(wasEndpoint) !== endpointShape(nowEndpoint)) add("major", `changed the endpoint of ${name}: ${wasEndpoint} → ${nowEndpoint}`);
  // The result type is exported by name: importing code breaks when it is renamed.
  if (wasResult !== nowResult) add("major", `changed the result type of ${name}: ${wasResult} → ${nowResult}`);
  if (was.line.doc !== now.line.doc) add("patch", `changed the docs of method ${name}: ${now.line.doc || "(none)"}`);
  for (const [key, before] of was.entries) {
    const after = now.entries.get(key);
    if (after) diffEntry(before, after, add);
    else add("major", `removed ${label(before)}`);
  }
  for (const [key, after] of now.entries) {
    if (was.entries.has(key)) continue;
    // Only a required param breaks callers of an existing method; a new result field, even a required one, is more data.
    const breaking = after.kind === "param" && after.required;
    add(breaking ? "major" : "minor", `added ${after.required ? "required" : "optional"} ${label(after)}`);
  }
}

function diffEntry(was: ListedEntry, now: ListedEntry, add: AddChange): void {
  const input = was.kind === "param";
  if (was.name !== now.name) add("patch", `renamed the positional argument of ${was.section}: ${was.name} → ${now.name}`);
  const what = label(now);
  // Params are input: requiring more breaks callers. Results are output: promising less breaks readers.
  if (!was.required && now.required) add(input ? "major" : "minor", `${what} became required`);
  if (was.required && !now.required) add(input ? "minor" : "major", `${what} became optional`);
  if (was.type !== now.type) {
    const change = input ? paramTypeChange(was.type, now.type) : resultTypeChange(was.type, now.type);
    add(change.level, `${change.verb} the type of ${what}: ${change.detail}`);
  }
  if (was.doc !== now.doc) add("patch", `changed the docs of ${what}: ${now.doc || "(none)"}`);
}

function label(entry: ListedEntry): string {
  return `${entry.kind} ${entry.section} › ${entry.name}`;
}

// `PUT /pets/{pet_id}` and `PUT /pets/{id}` are one endpoint.
function endpointShape(endpoint: string): string {
  return endpoint.replace(/\{[^}]*\}/g, "{}");
}

interface TypeChange {
  level: ApiChange["level"];
  verb: "widened" | "narrowed" | "changed";
  detail: string;
}

// A param accepts input: it may accept more (widened), never less.
function paramTypeChange(before: string, after: string): TypeChange {
  const a = typeMembers(before);
  const b = typeMembers(after);
  const lost = a.filter((m) => !coveredBy(m, b));
  const gained = b.filter((m) => !coveredBy(m, a));
  if (lost.length === 0) return { level: "minor", verb: "widened", detail: gained.length > 0 ? `added ${gained.join(", ")}` : `${before} → ${after}` };
  return { level: "major", verb: gained.length === 0 ? "narrowed" : "changed", detail: gained.length === 0 ? `removed ${lost.join(", ")}` : `${before} → ${after}` };
}

// A result is output: it may promise more precisely (narrowed), and may gain enum values (readers should not switch
// exhaustively on a server's enum, as oasdiff's response-property-enum-value-added warns); it may not gain other kinds
// of value (`| null`, a wider number), and losing an enum value breaks code that compares with it (TS2367: no overlap).
function resultTypeChange(before: string, after: string): TypeChange {
  const a = typeMembers(before);
  const b = typeMembers(after);
  const gained = b.filter((m) => !coveredBy(m, a));
  const lost = a.filter((m) => !coveredBy(m, b));
  const breaking = lost.some(isLiteral) || !gained.every(isLiteral);
  const level = breaking ? "major" : "minor";
  if (gained.length === 0) return { level, verb: "narrowed", detail: lost.length > 0 && lost.every(isLiteral) ? `removed ${lost.join(", ")}` : `${before} → ${after}` };
  if (lost.length === 0) return { level, verb: "widened", detail: `added ${gained.join(", ")}` };
  return { level, verb: "changed", detail: `${before} → ${after}` };
}

// The members of a listed union, with quoted enum values kept whole. The listing writes an array of an enum as
// `"a" | "b"[]` (report/api-listing.ts): read as an array of the union when every member is a value.
export function typeMembers(type: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < type.length; i++) {
    const c = type[i] as string;
    if (quoted && c === "\\") {
      current += c + (type[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && type.startsWith(" | ", i)) {
      parts.push(current);
      current = "";
      i += 2;
      continue;
    }
    current += c;
  }
  parts.push(current);
  const last = parts.at(-1) ?? "";
  if (parts.length > 1 && last.endsWith("[]") && [...parts.slice(0, -1), last.slice(0, -2)].every(isLiteral)) {
    return [...parts.slice(0, -1).map((p) => `${p}[]`), last];
  }
  return parts;
}

function isLiteral(member: string): boolean {
  return /^("|-?\d)/.test(member) || member === "true" || member === "false";
}

function coveredBy(member: string, others: readonly string[]): boolean {
  return others.some((other) => covers(other, member));
}

// Whether every value of `inner` is a value of `outer`, as far as the listing's type text tells.
function covers(outer: string, inner: string): boolean {
  if (outer === inner || outer === "unknown") return true;
  if (outer.endsWith("[]") && inner.endsWith("[]")) return covers(outer.slice(0, -2), inner.slice(0, -2));
  const base = (t: string) => t.replace(/<[^>]*>$/, "");
  // `string<date-time>` is a string; `integer` is a number; a format only narrows.
  if (!/<[^>]*>$/.test(outer) && outer === base(inner)) return true;
  if (outer === "number" && base(inner) === "integer") return true;
  if (inner.startsWith('"')) return outer === "string";
  if (/^-?\d/.test(inner)) return outer === "number" || (outer === "integer" && Number.isInteger(Number(inner)));
  if (inner === "true" || inner === "false") return outer === "boolean";
  return false;
}

// The overall semver level: the highest level of any change.
export function semverHint(changes: ApiChange[]): SemverLevel {
  if (changes.some((c) => c.level === "major")) return "major";
  if (changes.some((c) => c.level === "minor")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

// The report printed on generate and appended to CHANGELOG.md.
export function formatChangeReport(packageName: string, changes: ApiChange[]): string {
  const lines = [`${packageName}: ${changes.length} API change${changes.length === 1 ? "" : "s"} (semver: ${semverHint(changes)})`];
  for (const c of changes) lines.push(`- ${c.breaking ? "**breaking**" : "non-breaking"}: ${c.text}`);
  return lines.join("\n");
}
