// Compares two API.md listings and classifies each change as breaking or not, with a semver hint.
// It reads only the listing's line format (see emit/api-listing.ts), nothing OpenAPI-specific.

export interface ListedEntry {
  section: string;
  kind: string;
  name: string;
  type: string;
  required: boolean;
  doc: string;
}

export interface ApiChange {
  breaking: boolean;
  /** major for breaking, minor for additions, patch for documentation. */
  level: "major" | "minor" | "patch";
  text: string;
}

const LINE = /^- (\w+) `([^`]+)`: `([^`]*)`, (required|optional)(?: — (.*))?$/;

// Parses API.md text into entries keyed by section, kind and name.
export function parseApiListing(text: string): Map<string, ListedEntry> {
  const entries = new Map<string, ListedEntry>();
  let section = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("## ")) section = line.slice(3).trim();
    const match = LINE.exec(line);
    if (!match) continue;
    const [, kind = "", name = "", type = "", required = "", doc = ""] = match;
    // A method's listed name carries its argument list; key it by the method alone so a signature change is a change, not a remove + add.
    const key = kind === "method" ? `${section} method` : `${section} ${kind} ${name}`;
    entries.set(key, { section, kind, name, type, required: required === "required", doc });
  }
  return entries;
}

function members(type: string): Set<string> {
  return new Set(type.split(" | ").map((m) => m.trim()));
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  return [...a].every((m) => b.has(m));
}

// Classifies every difference between two listings.
export function diffApiListings(before: string, after: string): ApiChange[] {
  const old = parseApiListing(before);
  const next = parseApiListing(after);
  const changes: ApiChange[] = [];
  const add = (breaking: boolean, level: ApiChange["level"], text: string) => changes.push({ breaking, level, text });
  for (const [key, was] of old) {
    const now = next.get(key);
    const label = was.kind === "method" ? `method ${was.section}` : `${was.kind} ${was.section} › ${was.name}`;
    if (!now) {
      add(true, "major", `removed ${label}`);
      continue;
    }
    if (was.kind === "method") {
      if (was.name !== now.name) add(true, "major", `changed the signature of ${was.section}: ${was.name} → ${now.name}`);
      if (was.type !== now.type) add(was.type.split(" → ")[0] !== now.type.split(" → ")[0], was.type.split(" → ")[0] !== now.type.split(" → ")[0] ? "major" : "patch", `changed ${label}: ${was.type} → ${now.type}`);
    } else {
      if (!was.required && now.required) add(was.kind === "param", was.kind === "param" ? "major" : "minor", `${label} became required`);
      if (was.required && !now.required) add(was.kind === "result", was.kind === "result" ? "major" : "minor", `${label} became optional`);
      if (was.type !== now.type) {
        const a = members(was.type);
        const b = members(now.type);
        // Params accept input: narrowing what they accept breaks callers. Results are output: widening what they return breaks readers.
        const narrowed = isSubset(b, a) && !isSubset(a, b);
        const widened = isSubset(a, b) && !isSubset(b, a);
        const removedValues = [...a].filter((m) => !b.has(m));
        const addedValues = [...b].filter((m) => !a.has(m));
        // A new enum value in a response is an addition (readers should not switch exhaustively on server enums);
        // a new non-literal member (e.g. `| null`) is not.
        const onlyNewLiterals = widened && addedValues.every((m) => /^("|-?\d|true$|false$)/.test(m));
        const breaking = was.kind === "param" ? !widened : !(narrowed || onlyNewLiterals);
        const detail = widened ? `added ${addedValues.join(", ")}` : narrowed ? `removed ${removedValues.join(", ")}` : `${was.type} → ${now.type}`;
        add(breaking, breaking ? "major" : "minor", `${widened || narrowed ? (widened ? "widened" : "narrowed") : "changed"} the type of ${label}: ${detail}`);
      }
    }
    if (was.doc !== now.doc) add(false, "patch", `changed the docs of ${label}: ${now.doc || "(none)"}`);
  }
  for (const [key, now] of next) {
    if (old.has(key)) continue;
    const label = now.kind === "method" ? `method ${now.section}` : `${now.kind} ${now.section} › ${now.name}`;
    const breaking = now.kind === "param" && now.required;
    add(breaking, breaking ? "major" : "minor", `added ${now.required ? "required" : "optional"} ${label}`.replace(`required method`, "method").replace("optional method", "method"));
  }
  return changes;
}

// The overall semver hint: the highest level of any change.
export function semverHint(changes: ApiChange[]): "major" | "minor" | "patch" | "none" {
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
