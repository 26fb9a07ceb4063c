// Proof that the generated contract tests can fail: each mutation of the spec or the client must turn them red,
// with a message that names the cause, while the unmodified copy stays green.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, type RepoCopy } from "./repo-copy.js";

const SPEC = "spec/cloudflare-access.yaml";
const CONTRACT = "generated/cloudflare-access/contract.test.ts";

async function edit(copy: RepoCopy, file: string, from: string | RegExp, to: string): Promise<void> {
  const target = path.join(copy.dir, file);
  const text = await readFile(target, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`mutation did not apply to ${file}: ${String(from)}`);
  await writeFile(target, next);
}

async function contractRun(copy: RepoCopy) {
  const result = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", CONTRACT, "--reporter=verbose"], { NO_COLOR: "1", FORCE_COLOR: "0" });
  return { ...result, output: result.stdout + result.stderr };
}

describe("the generated contract tests", () => {
  let copy: RepoCopy;
  beforeAll(async () => {
    copy = await copyRepo();
  });
  afterAll(async () => {
    await copy.remove();
  });

  async function withMutation(mutate: () => Promise<void>, regenerate: boolean) {
    const pristineSpec = await copy.read(SPEC);
    const pristineClient = await copy.read("generated/cloudflare-access/client.ts");
    try {
      await mutate();
      if (regenerate) {
        const generated = await copy.specforge(["generate"]);
        expect(generated.code, generated.stderr).toBe(0);
      }
      return await contractRun(copy);
    } finally {
      await writeFile(path.join(copy.dir, SPEC), pristineSpec);
      await copy.specforge(["generate"]);
      await writeFile(path.join(copy.dir, "generated/cloudflare-access/client.ts"), pristineClient);
    }
  }

  it("pass on the unmodified repository", async () => {
    const result = await contractRun(copy);
    expect(result.code, result.output).toBe(0);
  });

  it("(a) fail when an example violates its schema, naming the field and the rule", async () => {
    const result = await withMutation(() => edit(copy, SPEC, /errors:\n(\s+)- code: 1000/, "errors:\n$1- code: 999"), true);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('200 example "updated_token" matches the 200 response schema');
    expect(result.output).toContain("/errors/0/code: must be >= 1000");
  });

  it("(b) fail when the schema loses a property the example uses, naming its JSON pointer", async () => {
    const result = await withMutation(
      () => edit(copy, SPEC, /\n        name:\n          \$ref: "#\/components\/schemas\/access_name-2"\n        updated_at:/, "\n        updated_at:"),
      true,
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("/result/name: property is not declared by the schema");
  });

  it("(c) fail when the client is hand-edited to send POST instead of PUT", async () => {
    const result = await withMutation(() => edit(copy, "generated/cloudflare-access/client.ts", "http.PUT(", "http.POST("), false);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/expected 'POST' to be 'PUT'/);
  });

  it("(c) fail when the client is hand-edited to use a wrong path", async () => {
    const result = await withMutation(
      () => edit(copy, "generated/cloudflare-access/client.ts", '"/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}",\n', '"/{accounts_or_zones}/{account_or_zone_id}/access/service_token/{service_token_id}",\n'),
      false,
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Received: "\/client\/v4\/accounts\/023e105f4ecef8ad9ca31a8372d0c353\/access\/service_token\/f174e90a/);
  });

  it("(d) fail when a required envelope field is dropped from an example", async () => {
    const result = await withMutation(() => edit(copy, SPEC, /\n {20}success: true\n/, "\n"), true);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("must have required property 'success'");
  });
});
