// JSON pointers (RFC 6901) as OpenAPI writes them: a URI fragment, `#/paths/~1pets/get`. The one implementation
// of their escaping; everything in src/ that builds or splits a pointer comes here.

// A key as one pointer segment: `~` becomes `~0`, `/` becomes `~1` (RFC 6901 section 3).
export function escapeSegment(key: string | number): string {
  const text = String(key);
  // Most keys have neither character: skip the two scans of replace.
  return text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
}

// One pointer segment back into its key: `~1` is `/`, `~0` is `~`, in that order (RFC 6901 section 4), after the
// percent-decoding of a URI fragment (RFC 6901 section 6), so `%7Bid%7D` is `{id}`.
export function unescapeSegment(segment: string): string {
  const decoded = segment.includes("%") ? safeDecode(segment) : segment;
  return decoded.includes("~") ? decoded.replace(/~1/g, "/").replace(/~0/g, "~") : decoded;
}

// A malformed percent-escape (`%zz`, or a bare `%` in a key such as `/100%`) stays as written instead of throwing.
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

// Splits `#/a/b~1c` into ["a", "b/c"]; the leading `#` is optional.
export function pointerToPath(pointer: string): string[] {
  const body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  if (body === "") return [];
  return body.slice(1).split("/").map(unescapeSegment);
}

// Joins keys into a `#/a/b~1c` pointer.
export function pathToPointer(segments: readonly (string | number)[]): string {
  let pointer = "#";
  for (const segment of segments) pointer += "/" + escapeSegment(segment);
  return pointer;
}

// The pointer one key below `pointer`: childPointer("#/paths", "/pets") is "#/paths/~1pets".
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${escapeSegment(key)}`;
}
