// Property: whatever strings are passed as path parameters, the request either stays inside the path template with
// each parameter percent-encoded, or the call is refused with InvalidRequestError before anything is sent.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, InvalidRequestError } from "../../generated/cloudflare-access/index.js";
import {
  captureConsole,
  credentialArb,
  describeError,
  envelope,
  errorTexts,
  hasLoneSurrogate,
  leakIn,
  params,
  recordingFetch,
  settle,
  type Credential,
} from "./support.js";

const BASE = "https://api.cloudflare.com/client/v4"; // the spec's first server, the client's default
const RESULT = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "CI/CD token" };
// The spec's maxLength of each parameter (access_uuid and access_identifier).
const MAX = { service_token_id: 36, account_id: 32 } as const;

// Pieces that mean something to URL parsers, percent-decoders, or the template's own syntax.
const PIECES = ["/", "..", ".", "", "%2e%2e", "%2E", "%2f", "%", "?", "#", " ", "\\", "{service_token_id}", "$&", "$'", "é", "😀", "\u0000", "\n", "a", "%00", ";", "&", "+", "~"];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

// Arbitrary strings, well-formed UTF-16 only (lone surrogates have their own property below).
const wellFormed: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", ".", "..", "%2e%2e", "%2E%2e", "/", "../..", "./", "?", "#", " ", "a/b", "a?b#c", "..%2f..", "\u00a0", "x".repeat(36), "x".repeat(37), "😀".repeat(32), "😀".repeat(33)),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join("")),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "binary-ascii", maxLength: 40 }),
  fc.string({ unit: "grapheme-ascii", minLength: 30, maxLength: 400 }), // around and far past the maxLengths
);

// The README's rule, as an oracle: empty, "." / "..", or longer than maxLength (in code points) is refused.
// An unpaired surrogate cannot be percent-encoded at all, so it has to be refused too.
const acceptable = (s: string, max: number): boolean => s !== "" && s !== "." && s !== ".." && [...s].length <= max && !hasLoneSurrogate(s);

interface Run {
  id: string;
  account: string;
  credential: Credential;
}

// Calls update() with a recording stub (always 200 + envelope) and returns what happened.
async function run({ id, account, credential }: Run) {
  const stub = recordingFetch(() => new Response(JSON.stringify(envelope(RESULT)), { status: 200, headers: { "content-type": "application/json" } }));
  // maxRetries 0: a call that fails for the wrong reason (BUG 2) must not wait for retries.
  const client = createClient({ ...credential, fetch: stub.fetch, maxRetries: 0 });
  const outcome = await settle(client.zeroTrust.access.serviceTokens.update(id, { account_id: account, name: "n" }));
  return { outcome, seen: stub.seen };
}

// (a): the one request is PUT <base>/accounts/<enc>/access/service_tokens/<enc>, each <enc> === encodeURIComponent(value).
function expectInsideTemplate(url: string, id: string, account: string): void {
  const u = new URL(url);
  expect(u.origin).toBe("https://api.cloudflare.com");
  expect(u.search).toBe("");
  expect(u.hash).toBe("");
  const segments = u.pathname.split("/").slice(1);
  // client, v4, accounts, <account>, access, service_tokens, <id>: 7 segments after the leading "/".
  expect(segments).toHaveLength(7);
  const [c, v4, accounts, acc, access, tokens, tok] = segments as [string, string, string, string, string, string, string];
  expect([c, v4, accounts, access, tokens]).toEqual(["client", "v4", "accounts", "access", "service_tokens"]);
  expect(acc).toBe(encodeURIComponent(account));
  expect(tok).toBe(encodeURIComponent(id));
  expect(decodeURIComponent(acc)).toBe(account);
  expect(decodeURIComponent(tok)).toBe(id);
  expect(u.pathname).toBe(`${new URL(BASE).pathname}/accounts/${encodeURIComponent(account)}/access/service_tokens/${encodeURIComponent(id)}`);
}

let console_: ReturnType<typeof captureConsole>;
beforeEach(() => {
  console_ = captureConsole();
});
afterEach(() => {
  console_.restore();
  expect(leakIn(console_.written), "a credential was written to the console").toBeUndefined();
});

describe("path parameters (property)", () => {
  it("what reaches fetch stays inside the template, percent-encoded; what is refused never reaches fetch; valid values are sent", async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, wellFormed, credentialArb, async (id, account, credential) => {
        const { outcome, seen } = await run({ id, account, credential });
        if (seen.length > 0) {
          expect(seen).toHaveLength(1);
          const [req] = seen as [(typeof seen)[0]];
          expect(req.method).toBe("PUT");
          expectInsideTemplate(req.url, id, account);
          expect(outcome.ok ? outcome.value : describeError(outcome.error)).toEqual(RESULT);
        } else {
          expect(outcome.ok, "resolved without sending anything").toBe(false);
        }
        // No false refusals: every value the README allows is sent.
        if (acceptable(id, MAX.service_token_id) && acceptable(account, MAX.account_id)) expect(seen).toHaveLength(1);
        if (!outcome.ok) expect(leakIn(errorTexts(outcome.error))).toBeUndefined();
      }),
      params(300),
    );
  });

  // BUG 1, found by this property and fixed since in the working tree (src/emit/client.ts now checks path parameters
  // before runtime.call, and src/runtime/client.ts rethrows InvalidRequestError): the generated update() called
  // checkPathParam inside the send closure that runtime.call() wraps in try/catch, so InvalidRequestError (not an
  // APIError) came out as APIConnectionError("Connection error: …") and was retried with backoff. Kept as a guard.
  it("a refused call rejects with InvalidRequestError, before any fetch (well-formed strings)", async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, wellFormed, credentialArb, async (id, account, credential) => {
        const { outcome, seen } = await run({ id, account, credential });
        if (outcome.ok) return;
        expect(seen).toHaveLength(0);
        expect(outcome.error, describeError(outcome.error)).toBeInstanceOf(InvalidRequestError);
      }),
      params(200),
    );
  });

  // Was BUG 2 (src/runtime/path.ts checkPathParam): a value with an unpaired surrogate passes every check, then
  // openapi-fetch's encodeURIComponent throws URIError("URI malformed") inside the send closure, which surfaces as
  // APIConnectionError("Connection error: URI malformed") (and is retried) instead of InvalidRequestError. Nothing is
  // sent, so it is not a path escape. Fixed: now a regression test.
  it("a value with an unpaired surrogate is refused with InvalidRequestError before any fetch", async () => {
    const withSurrogate = fc
      .tuple(fc.string({ unit: "grapheme-ascii", maxLength: 10 }), loneSurrogate, fc.string({ unit: "grapheme-ascii", maxLength: 10 }))
      .map(([a, s, b]) => a + s + b);
    const valid = fc.stringMatching(/^[0-9a-f]{1,32}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.tuple(withSurrogate, valid), fc.tuple(valid, withSurrogate)),
        credentialArb,
        async ([id, account], credential) => {
          const { outcome, seen } = await run({ id, account, credential });
          expect(seen).toHaveLength(0);
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) expect(outcome.error, describeError(outcome.error)).toBeInstanceOf(InvalidRequestError);
        },
      ),
      params(50),
    );
  });
});
