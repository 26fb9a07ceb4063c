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

// The closest candidate by edit distance, if it is close enough to be a plausible typo.
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}
