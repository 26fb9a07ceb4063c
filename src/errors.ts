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

// "Did you mean": the candidates closest to a mistyped word, for the hint of an error.

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

// Up to `count` candidates that look most like `word`: most words in common first, then fewest edits.
// Words, not only edits: "Access Service Tokens" is far by edits from "Access service tokens (beta)" and near by words.
export function nearestCandidates(word: string, candidates: readonly string[], count = 3): string[] {
  const words = (text: string) => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1));
  const wanted = words(word);
  const close = nearest(word, candidates);
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, shared: [...words(candidate)].filter((w) => wanted.has(w)).length, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter((c) => c.shared > 0 || c.candidate === close)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((c) => c.candidate);
}

// Levenshtein distance: insertions, deletions and substitutions each cost 1.
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
