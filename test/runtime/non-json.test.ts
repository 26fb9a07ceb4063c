// 2xx bodies that are not JSON, through openapi-fetch against a real node:http server, called the way the generated
// client calls a text, binary or form operation: parseAs "text", "blob" or "stream", and the read passed to call().
import type { ServerResponse } from "node:http";
import createFetchClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, APIError, createRuntime, NotFoundError, readBlob, readForm, readText } from "../../src/runtime/index.js";
import { API, envelope, failure, json, startServer, TOKEN, type TestServer } from "./helpers.js";

const FILE = "/files/{id}" as const;

// What openapi-typescript emits for a download documented as application/octet-stream (trimmed).
interface paths {
  [FILE]: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/octet-stream": string } } };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

const PARSE_AS = { text: "text", blob: "blob", formData: "stream" } as const;
// The runtime's reader of each, as a generated method passes it.
const READERS = { text: readText, blob: readBlob, formData: readForm } as const;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
});

// One GET through a runtime with the Cloudflare envelope configured, as a generated method for a non-JSON body reads it.
function download(read: "text" | "blob" | "formData", options: { timeout?: number; bodiless?: number[] } = {}): Promise<unknown> {
  const runtime = createRuntime({ baseURL: server.url, apiToken: TOKEN, maxRetries: 1, ...(options.timeout ? { timeout: options.timeout } : {}) }, API);
  const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });
  return runtime.operation("files.get").call((init) => http.GET(FILE, { params: { path: { id: "f1" } }, parseAs: PARSE_AS[read], ...init }), { read: READERS[read], ...(options.bodiless ? { bodiless: options.bodiless } : {}) }, undefined);
}

const serve = (status: number, body: Uint8Array | string, type: string | undefined) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(status, { ...(type ? { "content-type": type } : {}), "content-length": Buffer.byteLength(body) });
  res.end(body);
};

// Every byte value: not valid UTF-8, so any text decode on the way changes it.
const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, i) => i);

describe("a binary body", () => {
  it("resolves a Blob with every byte as sent, typed by the response's content-type", async () => {
    server.handle = serve(200, EVERY_BYTE, "image/png");
    const result = await download("blob");
    expect(result).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (result as Blob).arrayBuffer())).toEqual(EVERY_BYTE);
    expect((result as Blob).type).toBe("image/png");
  });

  it("resolves the bytes whatever the content-type says, JSON and the envelope included: the operation's media type decides", async () => {
    const text = JSON.stringify(failure(200, "not an error: just bytes"));
    server.handle = serve(200, text, "application/json");
    const result = await download("blob");
    expect(await (result as Blob).text()).toBe(text);
  });

  it("resolves an empty Blob for an empty 200 or an undocumented 204, and undefined for a documented 204", async () => {
    server.handle = serve(200, "", "application/pdf");
    const empty = await download("blob");
    expect(empty).toBeInstanceOf(Blob);
    expect((empty as Blob).size).toBe(0);
    expect((empty as Blob).type).toBe("application/pdf");
    server.handle = (_req, res) => (res.writeHead(204), res.end());
    expect(((await download("blob")) as Blob).size).toBe(0);
    expect(await download("blob", { bodiless: [204] })).toBeUndefined();
  });
});

describe("a text body", () => {
  it("resolves the text as sent, never parsed, also when it looks like JSON or is labelled JSON", async () => {
    for (const [body, type] of [["a,b\n1,2\n", "text/csv"], ['{"success":false,"result":1}', "application/json"], ["  \n", "text/plain"], ["42", undefined]] as const) {
      server.handle = serve(200, body, type);
      expect(await download("text")).toBe(body);
    }
  });

  it("decodes UTF-8", async () => {
    server.handle = serve(200, new TextEncoder().encode("Grüße, 世界"), "text/plain; charset=utf-8");
    expect(await download("text")).toBe("Grüße, 世界");
  });

  it("resolves an empty string for an empty 200 or an undocumented 204, and undefined for a documented 204", async () => {
    server.handle = serve(200, "", "text/plain");
    expect(await download("text")).toBe("");
    server.handle = (_req, res) => (res.writeHead(204), res.end());
    expect(await download("text")).toBe("");
    expect(await download("text", { bodiless: [204] })).toBeUndefined();
  });
});

describe("a form body", () => {
  it("resolves a FormData with its fields and its files' bytes", async () => {
    const form = new FormData();
    form.append("main.js", "export default {};");
    form.append("data.bin", new Blob([EVERY_BYTE], { type: "application/octet-stream" }), "data.bin");
    const sent = new Response(form);
    const bytes = new Uint8Array(await sent.arrayBuffer());
    server.handle = serve(200, bytes, sent.headers.get("content-type") ?? "");
    const result = (await download("formData")) as FormData;
    expect(result).toBeInstanceOf(FormData);
    expect(result.get("main.js")).toBe("export default {};");
    const file = result.get("data.bin") as File;
    expect(file.name).toBe("data.bin");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(EVERY_BYTE);
  });

  it("reads an urlencoded form too", async () => {
    server.handle = serve(200, "a=1&b=two+words", "application/x-www-form-urlencoded");
    const result = (await download("formData")) as FormData;
    expect([...result.entries()]).toEqual([["a", "1"], ["b", "two words"]]);
  });

  it("rejects a body that is not a form with APIError carrying the status, without retrying", async () => {
    server.handle = serve(200, "export default {};", "application/javascript");
    const error = await download("formData").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(200);
    expect((error as APIError).message).toBe("files.get (GET /files/f1): 200 Response body is not a form (content-type: application/javascript)");
    expect(server.seen).toHaveLength(1);
  });

  it("resolves an empty FormData for an undocumented 204, and undefined for a documented one", async () => {
    server.handle = (_req, res) => (res.writeHead(204), res.end());
    const result = await download("formData");
    expect(result).toBeInstanceOf(FormData);
    expect([...(result as FormData).keys()]).toEqual([]);
    expect(await download("formData", { bodiless: [204] })).toBeUndefined();
  });

  it("times out a form body that stalls midway", async () => {
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "multipart/form-data; boundary=x", "content-length": "1000" });
      res.write('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n');
    };
    const error = await download("formData", { timeout: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe("errors of an operation whose success is not JSON", () => {
  it.each(["text", "blob", "formData"] as const)("are read as JSON as for any operation (%s)", async (read) => {
    server.handle = (_req, res) => json(res, 404, failure(404, "object not found", 10007));
    const error = await download(read).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).errors).toEqual([{ code: 10007, message: "object not found" }]);
  });

  it("are not looked for in a 2xx body: `success: false` in a text is text", async () => {
    const text = JSON.stringify({ ...envelope(null), success: false });
    server.handle = serve(200, text, "text/plain");
    expect(await download("text")).toBe(text);
  });
});
