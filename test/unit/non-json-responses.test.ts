// How 2xx bodies that are not JSON are read: the media-type table, what the model settles for each operation of the
// non-JSON fixture (with the Cloudflare envelope configured, which must not apply to them), and what the client and
// its contract tests are emitted with.
import { beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { emitClientFiles } from "../../src/emit/client-files.js";
import { emitContractTests } from "../../src/emit/contract-tests.js";
import { bodyReadFor } from "../../src/model/media-types.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import type { ApiModel, BodyRead } from "../../src/model/types.js";
import type { JsonValue } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";

const SPEC = "test/fixtures/real-world/non-json-success-30.yaml";
const TARGET: TargetConfig = {
  name: "non-json",
  spec: SPEC,
  out: "unused",
  packageName: "@specforge/non-json",
  pathVariants: [],
  contextParams: [],
  envelope: { result: "result", success: "success", errors: "errors", messages: "messages" },
};
const identity = (schema: JsonValue | undefined) => schema;

describe("bodyReadFor", () => {
  const table: { given: [string, JsonValue | undefined]; want: BodyRead }[] = [
    { given: ["application/json", { type: "object" }], want: "json" },
    { given: ["application/problem+json", undefined], want: "json" },
    { given: ["text/plain", { type: "string" }], want: "text" },
    { given: ["text/csv; charset=utf-8", undefined], want: "text" },
    { given: ["TEXT/HTML", { type: "string" }], want: "text" },
    { given: ["application/x-pem-file", { type: "string" }], want: "text" },
    { given: ["application/javascript", { type: "string" }], want: "text" },
    { given: ["application/atom+xml", undefined], want: "text" },
    // `format: binary` says the content is octets, whatever the media type's family.
    { given: ["text/plain", { type: "string", format: "binary" }], want: "blob" },
    { given: ["message/rfc822", { type: "string", format: "binary" }], want: "blob" },
    { given: ["message/rfc822", { type: "string" }], want: "blob" },
    { given: ["application/octet-stream", { type: "string", format: "binary" }], want: "blob" },
    { given: ["application/pdf", { type: "string" }], want: "blob" },
    { given: ["image/png", { type: "string" }], want: "blob" },
    { given: ["image/*", { format: "binary" }], want: "blob" },
    { given: ["application/vnd.tcpdump.pcap", undefined], want: "blob" },
    { given: ["*/*", { type: "string", format: "binary" }], want: "blob" },
    { given: ["multipart/form-data", { type: "object" }], want: "formData" },
    { given: ["application/x-www-form-urlencoded", { type: "object" }], want: "formData" },
    { given: ["multipart/mixed", undefined], want: "blob" },
  ];
  it.each(table)("$given.0 with $given.1 is read as $want", ({ given, want }) => {
    expect(bodyReadFor(given[0], given[1], identity)).toBe(want);
  });
});

describe("the non-JSON fixture, modelled with the Cloudflare envelope", () => {
  let model: ApiModel;
  let client: string;
  let contract: string;
  beforeAll(async () => {
    model = specToModel(await loadSpecSet(SPEC), TARGET);
    client = clientText(model);
    contract = [...emitContractTests(model).values()].join("\n");
  });

  const op = (name: string) => {
    const found = model.operations.find((o) => o.fullName === name);
    expect(found, name).toBeDefined();
    return found as ApiModel["operations"][number];
  };

  it("settles each operation's read from its success media types", () => {
    const reads = Object.fromEntries(model.operations.map((o) => [o.fullName, o.success?.read]));
    expect(reads).toEqual({
      "certificates.getCertificatePem": "text",
      "documents.getDocumentPdf": "blob",
      "feeds.getFeedData": "text",
      "forms.get": "formData",
      "images.getImageBlob": "blob",
      "messages.get": "blob",
      "objects.get": "blob",
      "renders.renderArchive": "blob",
      "reports.get": "text",
      "scans.getScreenshot": "blob",
      // application/javascript or multipart/form-data: which one arrives is known only then, so the bytes.
      "scripts.get": "blob",
      "sitemaps.get": "text",
      "snippets.getSnippetContent": "formData",
      "zones.export": "text",
    });
  });

  it("does not unwrap a form whose fields are named like the envelope's", () => {
    expect(op("forms.get").unwrapKey).toBeUndefined();
    expect(client).toMatch(/operation\("forms\.get"\)[^]*?parseAs: "stream",[^]*?\{ read: readForm \},\s*options,?\s*\)/);
  });

  it("types each method by what the runtime resolves, not by the media type's schema", () => {
    expect(client).toContain("export type ObjectGetResponse = Blob;");
    expect(client).toContain("export type DocumentGetDocumentPdfResponse = Blob;");
    expect(client).toContain("export type FeedGetFeedDataResponse = string;");
    expect(client).toContain("export type SnippetGetSnippetContentResponse = FormData;");
    // A documented 204 beside the text resolves undefined, and the type says so.
    expect(client).toContain("export type ZoneExportResponse = string | undefined;");
    expect(client).toMatch(/operation\("zones\.export"\)[^]*?parseAs: "text",[^]*?\{ read: readText, bodiless: \[204\] \},\s*options,?\s*\)/);
    expect(client).toMatch(/operation\("objects\.get"\)[^]*?parseAs: "blob",[^]*?\{ read: readBlob \},\s*options,?\s*\)/);
    // The readers come from the runtime, imported by the group modules whose functions use them.
    for (const reader of ["readBlob", "readForm", "readText"]) expect(client).toMatch(new RegExp(`import \\{[^}]*\\b${reader},[^}]*\\} from "\\.\\./runtime/index\\.js";`));
  });

  it("lists the body as the result in API.md, with the type it resolves", () => {
    expect(op("objects.get").surface.filter((e) => e.kind === "result")).toEqual([
      { method: "objects.get", kind: "result", name: "(body)", type: "Blob", required: true, doc: "the application/octet-stream body" },
    ]);
    expect(op("forms.get").surface.filter((e) => e.kind === "result").map((e) => [e.name, e.type])).toEqual([["(body)", "FormData"]]);
    expect(op("zones.export").surface.find((e) => e.kind === "result")?.required).toBe(false);
  });

  // The runner (src/testkit/contract-runner.ts) serves and checks the bytes or parts by the operation's `read`; the
  // typed call's return type holds the method to the type it resolves.
  it("tells the contract runner how each body is read, and holds each call to the type it resolves", () => {
    expect(contract).toMatch(/name: "objects\.get"[^]*?read: "blob"[^]*?\): PromiseLike<Blob> => client\.objects\.get\(/);
    expect(contract).toMatch(/name: "forms\.get"[^]*?read: "formData"[^]*?\): PromiseLike<FormData> => client\.forms\.get\(/);
    expect(contract).toMatch(/name: "zones\.export"[^]*?read: "text"[^]*?\): PromiseLike<string \| undefined> => client\.zones\.export\(/);
  });
});

// The client's code, wherever it is emitted: client.ts (the facade), core.ts (options, the API description) and the
// group modules (each operation's types and function).
function clientText(model: Parameters<typeof emitClientFiles>[0]): string {
  return [...emitClientFiles(model).values()].join("\n");
}
