// Shared pieces of the property tests: fast-check settings, credentials and the leak scanner, a recording stub fetch.
import { format } from "node:util";
import fc from "fast-check";
import { vi } from "vitest";

// Runs are random by default. PROPERTY_SEED=<int> replays one (fast-check prints the seed of a failure);
// PROPERTY_RUNS=<factor> scales every numRuns (e.g. 10 for a long soak).
const seedEnv = process.env.PROPERTY_SEED;
const factor = Number(process.env.PROPERTY_RUNS ?? "1") || 1;

export function params<T>(numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const seed = seedEnv !== undefined && seedEnv !== "" ? { seed: Number(seedEnv) } : {};
  return { numRuns: Math.max(1, Math.round(numRuns * factor)), ...seed, ...extra };
}

// Recognisable credentials, as real ones look: no character that JSON escapes.
export const TOKEN = "SECRET-tok-123";
export const EMAIL = "SECRET-mail@example.test";
export const KEY = "SECRET-key-456";
// A key with a quote and a backslash, so that each level of JSON escaping gives a different text (see BUG 5).
export const QUOTED_KEY = 'SECRET-key-"456"\\x';
export const SECRETS = [TOKEN, EMAIL, KEY, QUOTED_KEY] as const;
// Every form in which a secret could show up in text: raw, and escaped once or twice as inside JSON.
const FORMS = SECRETS.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), JSON.stringify(JSON.stringify(s)).slice(1, -1)]);

export type Credential = { apiToken: string } | { apiEmail: string; apiKey: string };
export const credentialArb = fc.constantFrom<Credential>({ apiToken: TOKEN }, { apiEmail: EMAIL, apiKey: KEY });

// Everything an error shows in a log: message, stack, JSON, String(cause), down the cause chain.
export function errorTexts(e: unknown, depth = 5): string[] {
  if (!(e instanceof Error)) return [String(e)];
  const out = [e.message, e.stack ?? "", JSON.stringify(e) ?? "", String(e.cause)];
  if (e.cause !== undefined && depth > 0) out.push(...errorTexts(e.cause, depth - 1));
  return out;
}

// The first secret form found in `texts`, for a readable failure.
export function leakIn(texts: readonly string[]): string | undefined {
  for (const t of texts) for (const f of FORMS) if (t.includes(f)) return `${JSON.stringify(f)} in ${JSON.stringify(t.slice(0, 300))}`;
  return undefined;
}

// Captures console.log/info/warn/error/debug (silenced) so a test can scan what was written.
export function captureConsole(): { written: string[]; restore(): void } {
  const written: string[] = [];
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      written.push(format(...args));
    }),
  );
  return { written, restore: () => spies.forEach((s) => s.mockRestore()) };
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

// A fetch that records each request and answers with `answer(request, n)` (n is 0-based); no network.
export function recordingFetch(
  answer: (req: SeenRequest, n: number) => Response | Promise<Response>,
): { fetch: typeof globalThis.fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    const rec: SeenRequest = { method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body: await req.text() };
    seen.push(rec);
    return answer(rec, seen.length - 1);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

export const envelope = (result: unknown): Record<string, unknown> => ({ success: true, errors: [], messages: [], result });

// Settles a promise into a tagged outcome, so a property can look at either side.
export async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

// True when `s` holds an unpaired UTF-16 surrogate (encodeURIComponent throws URIError on those).
export const hasLoneSurrogate = (s: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

export const describeError = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));
