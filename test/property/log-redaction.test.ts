// Property: at logLevel "debug", no log line repeats a credential, in any form it can reach a line in: quoted in
// the request's URL (a caller who put it in a query or path parameter), in the error a custom fetch threw (the retry
// line gives its reason), or echoed in the request id header.
import fc from "fast-check";
import createFetchClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createRuntime, type ApiDescription, type Logger } from "../../src/runtime/index.js";
import { params } from "./support.js";

const API: ApiDescription = {
  defaultBaseURL: "https://api.example.test/v4",
  security: [[{ option: "apiToken", type: "bearer", name: "Authorization" }], [{ option: "apiEmail", type: "header", name: "X-Auth-Email" }, { option: "apiKey", type: "header", name: "X-Auth-Key" }]],
  requestIdHeader: "x-request-id",
};

interface paths {
  "/items/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { q?: string }; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": unknown } } };
    };
  };
}

// A credential as a header may carry it: printable Latin-1, at least 4 characters (shorter ones are not redacted).
const secretArb = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), minLength: 4, maxLength: 24 });

// Where the run lets the secret reach something a log line quotes.
const placementArb = fc.record({ inQuery: fc.boolean(), inPath: fc.boolean(), fetchThrows: fc.boolean(), echoedAsRequestId: fc.boolean(), status: fc.constantFrom(200, 404, 503) });

describe("log lines never repeat a credential", () => {
  it("at debug, over requests, retries, responses and errors", async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.boolean(), placementArb, async (secret, useToken, place) => {
        const lines: string[] = [];
        const at = (message: string) => void lines.push(message);
        const logger: Logger = { error: at, warn: at, info: at, debug: at };
        let attempt = 0;
        const fetch = async (input: string | URL | Request): Promise<Response> => {
          attempt++;
          const request = input as Request;
          // The second attempt (after a 503): the first would wait half a second before its retry.
          if (place.fetchThrows && attempt === 2) throw new TypeError(`fetch failed for ${request.url}`, { cause: new Error(`auth ${request.headers.get("authorization") ?? request.headers.get("x-auth-key")}`) });
          const headers: Record<string, string> = { "content-type": "application/json", "retry-after-ms": "1" };
          if (place.echoedAsRequestId) headers["x-request-id"] = `id-${request.headers.get("authorization") ?? request.headers.get("x-auth-key")}`;
          return new Response(JSON.stringify({ ok: place.status === 200 }), { status: place.status, headers });
        };
        const credentials = useToken ? { apiToken: secret } : { apiEmail: "person@example.test", apiKey: secret };
        const runtime = createRuntime({ ...credentials, fetch, logLevel: "debug", logger, maxRetries: 1 }, API);
        const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });
        const operation = runtime.operation("items.get");
        const id = place.inPath ? secret : "item-1";
        const pathValues = operation.path<{ id: string }>({ id });
        const call = operation.call((init) => http.GET("/items/{id}", { params: { path: pathValues, query: place.inQuery ? { q: secret } : {} }, parseAs: "text", ...init }), { read: "json" }, undefined);
        await call.then(
          () => undefined,
          () => undefined,
        );
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          expect(line).not.toContain(secret);
          expect(line).not.toContain(encodeURIComponent(secret));
          expect(line).not.toContain(JSON.stringify(secret).slice(1, -1));
        }
      }),
      params(150),
    );
  });
});
