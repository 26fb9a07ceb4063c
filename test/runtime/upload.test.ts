// Request bodies the runtime encodes, sent through openapi-fetch to a real node:http server the way a generated
// method sends them: files as Blob, File, bytes, a Node Readable, a web ReadableStream or toFile(); raw bytes; text; an
// urlencoded form. A stream is read once, so a retry sends the same bytes.
import { createReadStream } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import createFetchClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRuntime, InvalidRequestError, toFile, uploadBody, type BodyEncoding, type Uploadable } from "../../src/runtime/index.js";
import { API, json, startServer, TOKEN, type TestServer } from "./helpers.js";

interface paths {
  "/upload": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "multipart/form-data": Record<string, unknown> } };
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": unknown } } };
    };
  };
}

let server: TestServer;
let raw: Buffer[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  raw = [];
});

// POST /upload as the generator writes it for a body of `encoding`.
function send(value: unknown, encoding: BodyEncoding, maxRetries = 0) {
  const runtime = createRuntime({ baseURL: server.url, apiToken: TOKEN, maxRetries }, API);
  const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });
  const operation = runtime.operation("files.upload");
  const body = uploadBody<Record<string, unknown>>(operation, { value, ...encoding });
  return operation.call((init) => http.POST("/upload", { body, parseAs: "text", ...init }), { read: "json" }, undefined);
}

// What arrived, parsed as the form it claims to be.
async function received(n = 0): Promise<{ type: string; form: [string, unknown][] }> {
  const seen = server.seen[n];
  const type = String(seen?.headers["content-type"]);
  const form = await new Response(new Uint8Array(raw[n] ?? []), { headers: { "content-type": type } }).formData();
  const out: [string, unknown][] = [];
  for (const [name, value] of form) out.push([name, typeof value === "string" ? value : { name: value.name, type: value.type, text: await value.text() }]);
  return { type, form: out };
}

const MULTIPART: BodyEncoding = { encoding: "multipart", mediaType: "multipart/form-data" };
const bytesOf = (s: string) => new TextEncoder().encode(s);

beforeEach(() => {
  // Keep the raw bytes: the harness reads bodies as UTF-8 text.
  server.handle = (req, res) => json(res, 200, { ok: true });
});

// The harness records bodies as text; these tests need the bytes, so a server of their own records them.
async function withBytes<T>(run: () => Promise<T>): Promise<T> {
  const { createServer } = await import("node:http");
  const own = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      raw.push(Buffer.concat(chunks));
      server.seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" });
      if (raw.length === 1 && retryOnce) {
        res.writeHead(503, { "retry-after-ms": "1" }).end();
        return;
      }
      json(res, 200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
  const url = server.url;
  server.url = `http://127.0.0.1:${(own.address() as { port: number }).port}`;
  try {
    return await run();
  } finally {
    server.url = url;
    await new Promise<void>((resolve) => own.close(() => resolve()));
  }
}
let retryOnce = false;

describe("multipart files", () => {
  const cases: [string, () => Promise<Uploadable> | Uploadable, string][] = [
    ["a Blob", () => new Blob(["blob bytes"], { type: "text/plain" }), "blob"],
    ["a File", () => new File(["file bytes"], "notes.txt", { type: "text/plain" }), "notes.txt"],
    ["a Uint8Array", () => bytesOf("u8 bytes"), "blob"],
    ["a Node Readable", () => Readable.from([Buffer.from("node "), Buffer.from("stream")]), "blob"],
    ["a web ReadableStream", () => new ReadableStream({ start: (c) => (c.enqueue(bytesOf("web stream")), c.close()) }), "blob"],
    ["toFile() of a Readable", () => toFile(Readable.from([Buffer.from("named")]), { name: "named.bin", type: "application/x-thing" }), "named.bin"],
  ];
  it.each(cases)("sends %s as a file part, beside the other fields", async (_, make, filename) => {
    await withBytes(async () => {
      await send({ file: await make(), purpose: "fine-tune", expires_after: { anchor: "created_at", seconds: 3600 }, tags: ["a", "b"], skipped: undefined }, MULTIPART);
      const { type, form } = await received();
      expect(type).toMatch(/^multipart\/form-data; boundary=/);
      expect(form.map(([name]) => name)).toEqual(["file", "purpose", "expires_after", "tags", "tags"]);
      expect((form[0]?.[1] as { name: string }).name).toBe(filename);
      expect(form.slice(1)).toEqual([
        ["purpose", "fine-tune"],
        ["expires_after", '{"anchor":"created_at","seconds":3600}'],
        ["tags", "a"],
        ["tags", "b"],
      ]);
      expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });
  });

  it("names a file part after the file a Node fs stream reads", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-upload-"));
    await writeFile(path.join(dir, "report.csv"), "a,b\n1,2\n");
    await withBytes(async () => {
      await send({ file: createReadStream(path.join(dir, "report.csv")) }, MULTIPART);
      expect((await received()).form).toEqual([["file", { name: "report.csv", type: "application/octet-stream", text: "a,b\n1,2\n" }]]);
    });
  });

  it("reads a stream once and sends the same bytes again on a retry", async () => {
    retryOnce = true;
    try {
      await withBytes(async () => {
        await send({ file: Readable.from([Buffer.from("only once")]) }, MULTIPART, 1);
        expect(raw).toHaveLength(2);
        expect((await received(1)).form).toEqual([["file", { name: "blob", type: "application/octet-stream", text: "only once" }]]);
      });
    } finally {
      retryOnce = false;
    }
  });

  it("rejects a body that is not an object of fields, before sending", async () => {
    await withBytes(async () => {
      await expect(send("just text", MULTIPART)).rejects.toThrow(new InvalidRequestError("files.upload: the multipart body must be an object of form fields"));
      await expect(send({ file: 42n }, { encoding: "binary", mediaType: "application/octet-stream" })).rejects.toThrow(/the binary body must be a Blob, File, ArrayBuffer, Uint8Array, Response, ReadableStream or Node Readable, not object/);
      expect(raw).toHaveLength(0);
    });
  });
});

describe("bytes, text and urlencoded bodies", () => {
  it("sends raw bytes with the spec's media type, or the Blob's for a wildcard", async () => {
    await withBytes(async () => {
      const every = Uint8Array.from({ length: 256 }, (_, i) => i);
      await send(every, { encoding: "binary", mediaType: "application/octet-stream" });
      expect(new Uint8Array(raw[0] ?? [])).toEqual(every);
      expect(server.seen[0]?.headers["content-type"]).toBe("application/octet-stream");
      await send(new Blob(["png"], { type: "image/png" }), { encoding: "binary", mediaType: "image/*" });
      expect(server.seen[1]?.headers["content-type"]).toBe("image/png");
      await send(Readable.from([Buffer.from([0xff, 0x00])]), { encoding: "binary", mediaType: "image/*" });
      expect(server.seen[2]?.headers["content-type"]).toBe("application/octet-stream");
      expect([...(raw[2] ?? [])]).toEqual([0xff, 0x00]);
    });
  });

  it("sends text as it is, and urlencoded pairs, one per list item", async () => {
    await withBytes(async () => {
      await send("remember the milk", { encoding: "text", mediaType: "text/plain" });
      expect(raw[0]?.toString()).toBe("remember the milk");
      expect(server.seen[0]?.headers["content-type"]).toBe("text/plain");
      await send({ To: "+15550100", Body: "hello & welcome", MediaUrl: ["u1", "u2"] }, { encoding: "urlencoded", mediaType: "application/x-www-form-urlencoded" });
      expect(raw[1]?.toString()).toBe("To=%2B15550100&Body=hello+%26+welcome&MediaUrl=u1&MediaUrl=u2");
      expect(server.seen[1]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    });
  });
});
