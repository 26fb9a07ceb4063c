// What emitContractTests writes for cases a generated suite's type-check depends on, read from the emitted text:
// the hazards fixture, modelled with the Cloudflare envelope (the real-world e2e test runs it without a config, so
// nothing is unwrapped there).
import { beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { emitClientFiles } from "../../src/emit/client-files.js";
import { emitContractTests } from "../../src/emit/contract-tests.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import { loadSpecSet } from "../../src/openapi/refs.js";

const SPEC = "test/fixtures/real-world/cloudflare-hazards-30.yaml";

// The `describe(...)` block of one operation, by its full name.
function suiteOf(text: string, fullName: string): string {
  const start = text.indexOf(`describe(${JSON.stringify(fullName).slice(0, -1)}`);
  expect(start, `no suite for ${fullName}`).toBeGreaterThan(-1);
  const end = text.indexOf("\ndescribe(", start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

describe("contract tests emitted with the response envelope unwrapped", () => {
  let text: string;
  beforeAll(async () => {
    const target: TargetConfig = {
      name: "hazards",
      spec: SPEC,
      out: "unused",
      packageName: "@specforge/hazards",
      pathVariants: [],
      contextParams: [],
      envelope: { result: "result", success: "success", errors: "errors", messages: "messages" },
    };
    text = emitContractTests(specToModel(await loadSpecSet(SPEC), target));
  });

  it("expects undefined where the example leaves out the optional result, instead of indexing a member its type lacks (TS7053)", () => {
    const suite = suiteOf(text, "zeroTrust.widgets.forget (DELETE /accounts/{account_id}/widgets/{widget_id}/memory)");
    expect(suite).toContain("expect(result).toBeUndefined();");
    expect(suite).not.toContain('response0["result"]');
  });

  it("expects the example's result where it has one", () => {
    const suite = suiteOf(text, "zeroTrust.widgets.audit (GET /accounts/{account_id}/widgets/{widget_id}/audit)");
    expect(suite).toContain('expect(result).toEqual(response0["result"]);');
  });
});

describe("a 204 without content beside the envelope's 200", () => {
  const name = "zeroTrust.widgets.verification (GET /accounts/{account_id}/widgets/{widget_id}/verification)";
  let model: ReturnType<typeof specToModel>;
  beforeAll(async () => {
    model = specToModel(await loadSpecSet(SPEC), { name: "hazards", spec: SPEC, out: "unused", packageName: "@specforge/hazards", pathVariants: [], contextParams: [], envelope: { result: "result", success: "success", errors: "errors", messages: "messages" } });
  });

  it("is expected to resolve with nothing, not the result", () => {
    const suite = suiteOf(emitContractTests(model), name);
    expect(suite).toMatch(/when the server answers with the 204 .* and resolves with nothing"/);
    expect(suite).toContain("connect({ status: 204 }, undefined);");
  });

  it("is passed to the runtime as a documented bodiless status, and the method's type admits undefined", () => {
    const client = clientText(model);
    expect(client).toMatch(/\{ unwrap: "result", bodiless: \[204\] \},\s*options,?\s*\)/);
    expect(client).toMatch(/export type \w+VerificationResponse = NonNullable<[^;]*\["result"\]> \| undefined;/);
  });
});

// The client's code, wherever it is emitted: client.ts (the facade), core.ts (options, the API description) and the
// group modules (each operation's types and function).
function clientText(model: Parameters<typeof emitClientFiles>[0]): string {
  return [...emitClientFiles(model).values()].join("\n");
}
