// A generator error that the CLI prints as one line: where, what, and how to fix it.
export interface ErrorLocation {
  /** The file, relative to the working directory when possible. */
  file: string;
  /** 1-based line, when the source text is known. */
  line?: number | undefined;
  /** JSON pointer inside the document, e.g. `#/paths/~1pets/get`. */
  pointer?: string | undefined;
}

export class SpecforgeError extends Error {
  override readonly name = "SpecforgeError";
  constructor(
    readonly problem: string,
    readonly hint: string,
    readonly location?: ErrorLocation,
  ) {
    super(formatErrorLine(problem, hint, location));
  }
}

// Formats `file:line #/pointer: problem (hint: …)`, the single line the CLI prints.
export function formatErrorLine(problem: string, hint: string, location?: ErrorLocation): string {
  let where = "";
  if (location) {
    where = location.file + (location.line !== undefined ? `:${location.line}` : "");
    if (location.pointer) where += ` ${location.pointer}`;
    where += ": ";
  }
  return `${where}${problem}${hint ? ` (hint: ${hint})` : ""}`;
}
