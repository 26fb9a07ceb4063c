import * as randexpModule from "randexp";
import { compiledPattern } from "./example-fit.js";

// Strings that match a schema's `pattern`, for the example builder: randexp (https://github.com/fent/randexp.js) turns
// the regular expression into a string, with its random choices drawn from a generator seeded by the pattern itself,
// so the same spec always gives the same examples, whatever else it holds and in whatever order they are built.

interface RandExpInstance {
  max: number;
  defaultRange: { subtract(from: number, to?: number): unknown; add(from: number, to?: number): unknown };
  randInt(a: number, b: number): number;
  gen(): string;
}
type RandExpClass = new (pattern: string) => RandExpInstance;
// randexp is CommonJS whose module.exports is the class; its typings describe an ES default export.
const RandExp = ((randexpModule as unknown as { default?: RandExpClass }).default ?? randexpModule) as unknown as RandExpClass;

export interface PatternRequest {
  /** The regular expression the string must match (JSON Schema's, unanchored). */
  pattern: string;
  /** Which of several distinct strings is wanted (0 for the first): array items that must be unique ask for more. */
  variant: number;
  /** Whether a candidate also meets the schema's other rules (lengths, other patterns, format). */
  accept: (candidate: string) => boolean;
}

// Tries per request: how many seeds are drawn before giving up (a lookahead randexp cannot honour, say).
const ATTEMPTS = 48;
// Repetition caps (`+`, `*`, `{2,}`) the attempts cycle through: short strings first, longer ones when a minLength asks.
const REPEAT_CAPS = [3, 8, 1, 24, 64, 256];

const found = new Map<string, string | null>();

// A string that matches `pattern` and is accepted, the same every run; undefined when none of the attempts gives one.
export function stringForPattern({ pattern, variant, accept }: PatternRequest): string | undefined {
  const regex = compiledPattern(pattern);
  if (!regex) return undefined;
  // Each candidate is tested with the pattern itself: randexp ignores what it cannot generate (a lookahead).
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const candidate = generate(pattern, { seed: `${pattern}\u0000${variant}\u0000${attempt}`, cap: REPEAT_CAPS[attempt % REPEAT_CAPS.length] as number, wide: attempt >= ATTEMPTS / 2 });
    if (candidate !== undefined && regex.test(candidate) && accept(candidate)) return candidate;
  }
  return undefined;
}

// One string drawn from the pattern: letters and digits where the pattern leaves the choice open (`.`, `\S`, `[^/]`),
// or any printable ASCII character when `wide`.
function generate(pattern: string, { seed, cap, wide }: { seed: string; cap: number; wide: boolean }): string | undefined {
  const key = `${seed}\u0000${cap}\u0000${wide}`;
  const memo = found.get(key);
  if (memo !== undefined) return memo ?? undefined;
  let result: string | null;
  try {
    const randexp = new RandExp(pattern);
    const random = seededRandom(seed);
    randexp.randInt = (a, b) => a + Math.floor(random() * (b - a + 1));
    randexp.max = cap;
    if (!wide) {
      randexp.defaultRange.subtract(32, 126);
      randexp.defaultRange.add(48, 57);
      randexp.defaultRange.add(65, 90);
      randexp.defaultRange.add(97, 122);
    }
    result = randexp.gen();
  } catch {
    // A syntax randexp does not read.
    result = null;
  }
  found.set(key, result);
  return result ?? undefined;
}

// A small seeded generator (mulberry32 over an FNV-1a hash of the seed): deterministic and fast, not cryptographic.
function seededRandom(seed: string): () => number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
