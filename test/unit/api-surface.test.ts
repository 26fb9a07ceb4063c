// API.md lists every method's result shape, a list's included: the change report can only see a field it lists.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { specToModel } from "../../src/model/spec-to-model.js";
import { bundleSpecSet } from "../../src/openapi/bundle.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { diffApiListings } from "../../src/report/api-diff.js";
import { emitApiListing } from "../../src/report/api-listing.js";

const TOKEN = { type: "object", required: ["id"], properties: { id: { type: "string" }, last_seen_at: { type: "string", format: "date-time" } } };

function spec(token: object): object {
  const envelope = (result: object) => ({ type: "object", required: ["success", "result"], properties: { success: { type: "boolean" }, result } });
  const ok = (result: object) => ({ "200": { description: "ok", content: { "application/json": { schema: envelope(result) } } } });
  return {
    openapi: "3.0.3",
    info: { title: "Tokens", version: "1.0.0" },
    paths: {
      "/tokens": { get: { operationId: "list", tags: ["tokens"], responses: ok({ type: "array", items: { $ref: "#/components/schemas/Token" } }) } },
      "/tokens/{id}": { get: { operationId: "get", tags: ["tokens"], parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok({ $ref: "#/components/schemas/Token" }) } },
    },
    components: { schemas: { Token: token } },
  };
}

async function listing(document: object): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-surface-"));
  await writeFile(path.join(dir, "api.json"), JSON.stringify(document));
  const set = await bundleSpecSet(await loadSpecSet("api.json", dir));
  const model = specToModel(set, { name: "t", spec: "api.json", out: "out", packageName: "@t/t", pathVariants: [], contextParams: [], envelope: { result: "result", success: "success", errors: "errors", messages: "messages" } });
  return emitApiListing(model, "@t/t");
}

describe("the API listing", () => {
  it("lists the fields of a list's items as `[].name`, as it lists a single result's", async () => {
    const text = await listing(spec(TOKEN));
    expect(text).toContain("- result `[].id`: `string`, required");
    expect(text).toContain("- result `[].last_seen_at`: `string<date-time>`, optional");
    expect(text).toContain("- result `last_seen_at`: `string<date-time>`, optional");
  });

  it("so a field removed from the items is reported for list as well as for get", async () => {
    const { last_seen_at: _removed, ...properties } = TOKEN.properties;
    const changes = diffApiListings(await listing(spec(TOKEN)), await listing(spec({ ...TOKEN, properties })));
    expect(changes.map((c) => c.text).sort()).toEqual(["removed result tokens.get › last_seen_at", "removed result tokens.list › [].last_seen_at"]);
    expect(changes.every((c) => c.breaking)).toBe(true);
  });
});
