// What emitContractTests writes for cases a generated suite's type-check depends on, read from the emitted text:
// the hazards fixture, modelled with the Cloudflare envelope (the real-world e2e test runs it without a config, so
// nothing is unwrapped there).
import { beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { emitClientFiles } from "../../src/emit/client-files.js";
import { PROBE } from "../../src/emit/contract/calls.js";
import { emitContractTests } from "../../src/emit/contract-tests.js";
import { PROBE as RUNNER_PROBE } from "../../src/testkit/contract-runner.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import { loadSpecSet } from "../../src/openapi/refs.js";

const SPEC = "test/fixtures/real-world/cloudflare-hazards-30.yaml";

// The block of one operation (its types, example consts and `operation({ … })` data), by its full name, from the
// group files (contract/<group>.test.ts).
function suiteOf(files: Map<string, string>, fullName: string): string {
  const text = [...files].filter(([name]) => name.endsWith(".test.ts")).map(([, t]) => t).join("\n");
  const at = text.indexOf(`operation({ name: ${JSON.stringify(fullName)}`);
  expect(at, `no suite for ${fullName}`).toBeGreaterThan(-1);
  const start = text.lastIndexOf("\n{\n", at);
  const end = text.indexOf("\n}\n", at);
  return text.slice(start, end === -1 ? undefined : end);
}

describe("contract tests emitted with the response envelope unwrapped", () => {
  let text: Map<string, string>;
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

  // The runner (src/testkit/contract-runner.ts expectResult) expects undefined where the example has no such member;
  // the generated code never indexes a member its type lacks (TS7053).
  it("hands the runner the unwrapped member's name and an example without it, and indexes no member in code", () => {
    const suite = suiteOf(text, "zeroTrust.widgets.forget");
    expect(suite).toContain('unwrap: "result"');
    expect(suite).toMatch(/const (r\d+) = \{"success": true, "errors": \[\], "messages": \[\]\} satisfies Reply<T, 200>;[^]*value: \1,/);
    expect(suite).not.toContain('["result"]');
  });

  it("hands the runner an example that has the result where it has one", () => {
    const suite = suiteOf(text, "zeroTrust.widgets.audit");
    expect(suite).toContain('unwrap: "result"');
    expect(suite).toMatch(/const r\d+ = \{[^]*"result": /);
  });
});

describe("a 204 without content beside the envelope's 200", () => {
  const name = "zeroTrust.widgets.verification";
  let model: ReturnType<typeof specToModel>;
  beforeAll(async () => {
    model = specToModel(await loadSpecSet(SPEC), { name: "hazards", spec: SPEC, out: "unused", packageName: "@specforge/hazards", pathVariants: [], contextParams: [], envelope: { result: "result", success: "success", errors: "errors", messages: "messages" } });
  });

  // The runner names a response case without content "… resolves with nothing" and serves it without a body.
  it("is a response case without content, so expected to resolve with nothing, not the result", () => {
    const suite = suiteOf(emitContractTests(model), name);
    expect(suite).toContain('{ status: "204", }');
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

// The emitter leaves a probe's value out where it is the runner's default: the two must be the same value.
describe("the percent-encoding probe", () => {
  it("is the runner's default where the emitter leaves it out", () => {
    expect(PROBE).toBe(RUNNER_PROBE);
  });
});
