// Statuses worth another attempt: timeouts, lock conflicts, rate limits and server faults.
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const MAX_HONOURED_MS = 60_000;

// A usable hint is positive and finite (then capped); anything else (zero, negative, garbage) means "no hint".
const positive = (ms: number): number | undefined => (ms > 0 && ms < Infinity ? Math.min(ms, MAX_HONOURED_MS) : undefined);

// How long to wait before retry number `attempt` (0-based): the server's hint if any, else jittered exponential backoff.
export function retryDelayMs(attempt: number, headers: Headers | undefined, now: number = Date.now()): number {
  const ms = headers?.get("retry-after-ms");
  const after = headers?.get("retry-after");
  const seconds = Number(after);
  const hinted =
    (ms ? positive(Number(ms)) : undefined) ??
    (after ? positive(isNaN(seconds) ? Date.parse(after) - now : seconds * 1000) : undefined);
  // Jitter spreads out clients that failed together so they do not retry in lockstep.
  return hinted ?? Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
}
