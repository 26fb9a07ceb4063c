import { afterEach, describe, expect, it, vi } from "vitest";
import { isRetryableStatus, retryDelayMs } from "../../src/runtime/index.js";

const headers = (h: Record<string, string>) => new Headers(h);
const NOW = Date.parse("2024-05-01T12:00:00Z");

describe("isRetryableStatus", () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 599])("retries %i", (s) => expect(isRetryableStatus(s)).toBe(true));
  it.each([200, 304, 400, 401, 403, 404, 405, 410, 418, 422])("does not retry %i", (s) => expect(isRetryableStatus(s)).toBe(false));
});

describe("retryDelayMs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("honours retry-after-ms first", () => {
    expect(retryDelayMs(0, headers({ "retry-after-ms": "10", "retry-after": "5" }), NOW)).toBe(10);
    expect(retryDelayMs(3, headers({ "retry-after-ms": "2.5" }), NOW)).toBe(2.5);
  });

  it("honours Retry-After in (fractional) seconds", () => {
    expect(retryDelayMs(0, headers({ "retry-after": "2" }), NOW)).toBe(2000);
    expect(retryDelayMs(0, headers({ "retry-after": "0.01" }), NOW)).toBe(10);
    expect(retryDelayMs(0, headers({ "Retry-After": " 1.5 " }), NOW)).toBe(1500);
  });

  it("honours Retry-After as an HTTP date, relative to now", () => {
    const at = new Date(NOW + 7000).toUTCString();
    expect(retryDelayMs(0, headers({ "retry-after": at }), NOW)).toBe(7000);
  });

  it("caps honoured values at 60 s", () => {
    expect(retryDelayMs(0, headers({ "retry-after-ms": "600000" }), NOW)).toBe(60_000);
    expect(retryDelayMs(0, headers({ "retry-after": "3600" }), NOW)).toBe(60_000);
    expect(retryDelayMs(0, headers({ "retry-after": new Date(NOW + 3_600_000).toUTCString() }), NOW)).toBe(60_000);
  });

  it("falls through an unusable retry-after-ms to Retry-After", () => {
    expect(retryDelayMs(0, headers({ "retry-after-ms": "soon", "retry-after": "3" }), NOW)).toBe(3000);
    expect(retryDelayMs(0, headers({ "retry-after-ms": "0", "retry-after": "3" }), NOW)).toBe(3000);
  });

  it.each(["0", "-1", "abc", "", "1.2.3", "Infinity", new Date(NOW - 5000).toUTCString()])(
    "ignores Retry-After %j and backs off instead",
    (v) => {
      vi.spyOn(Math, "random").mockReturnValue(0);
      expect(retryDelayMs(1, headers({ "retry-after": v, "retry-after-ms": v }), NOW)).toBe(1000);
    },
  );

  it("backs off exponentially from 500 ms, capped at 8 s", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => retryDelayMs(a, undefined))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("jitters the backoff down by at most 25%", () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const base = Math.min(500 * 2 ** attempt, 8000);
      for (let i = 0; i < 200; i++) {
        const d = retryDelayMs(attempt, new Headers());
        expect(d).toBeGreaterThan(base * 0.75 - 1e-9);
        expect(d).toBeLessThanOrEqual(base);
      }
    }
    vi.spyOn(Math, "random").mockReturnValue(0.999999);
    expect(retryDelayMs(0, undefined)).toBeCloseTo(375, 0);
  });

  it("defaults now to Date.now()", () => {
    vi.spyOn(Date, "now").mockReturnValue(NOW);
    expect(retryDelayMs(0, headers({ "retry-after": new Date(NOW + 4000).toUTCString() }))).toBe(4000);
  });
});
