// Proof that the generated contract tests can fail: each mutation of the spec or the client must turn them red,
// with a message that names the cause, while the unmodified copy stays green.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, type RepoCopy } from "./repo-copy.js";

const SPEC = "spec/cloudflare-access.yaml";
// The suite is one file per client group (contract/<group>.test.ts); the fragment has one group.
const SUITE = "generated/cloudflare-access/contract/";
const CONTRACT = "generated/cloudflare-access/contract/zero-trust.test.ts";

async function edit(copy: RepoCopy, file: string, from: string | RegExp, to: string): Promise<void> {
  const target = path.join(copy.dir, file);
  const text = await readFile(target, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`mutation did not apply to ${file}: ${String(from)}`);
  await writeFile(target, next);
}

async function contractRun(copy: RepoCopy) {
  const result = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", SUITE, "--reporter=verbose"], { NO_COLOR: "1", FORCE_COLOR: "0" });
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
    const pristineClient = await copy.read("generated/cloudflare-access/operations/zero-trust.ts");
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
      await writeFile(path.join(copy.dir, "generated/cloudflare-access/operations/zero-trust.ts"), pristineClient);
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
    const result = await withMutation(() => edit(copy, "generated/cloudflare-access/operations/zero-trust.ts", "http as Http).PUT(", "http as Http).POST("), false);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/expected 'POST' to be 'PUT'/);
  });

  it("(c) fail when the client is hand-edited to use a wrong path", async () => {
    const result = await withMutation(
      () => edit(copy, "generated/cloudflare-access/operations/zero-trust.ts", '"/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}",\n', '"/{accounts_or_zones}/{account_or_zone_id}/access/service_token/{service_token_id}",\n'),
      false,
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Received: "\/client\/v4\/accounts\/023e105f4ecef8ad9ca31a8372d0c353\/access\/service_token\/f174e90a/);
  });

  it("(e) fail to compile when the client's params type no longer takes a documented request example, at that example's call", async () => {
    const client = "generated/cloudflare-access/operations/zero-trust.ts";
    const pristine = await copy.read(client);
    try {
      // The params type keeps the variant's account_id | zone_id but takes only `name` of the body.
      await edit(copy, client, /\) &\n\s+paths\["\/\{accounts_or_zones\}\/\{account_or_zone_id\}\/access\/service_tokens\/\{service_token_id\}"\]\["put"\]\["requestBody"\]\["content"\]\["application\/json"\];/, ") & { name?: string };");
      await writeFile(path.join(copy.dir, "tsconfig.mutation.json"), JSON.stringify({ extends: "./tsconfig.json", include: ["generated/cloudflare-access"], exclude: ["generated/*/node_modules", "**/dist"] }));
      const tsc = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.mutation.json", "--pretty", "false"]);
      const contract = (await copy.read(CONTRACT)).split("\n");
      // The lines of each call that writes a documented request example out (the data's `compiles` arrows).
      const callLines = contract.flatMap((line, i) => (line.includes("compiles: (client) =>") ? [i + 1] : [])).flatMap((start) => [start, start + 1, start + 2, start + 3, start + 4, start + 5, start + 6, start + 7, start + 8]);
      const errors = tsc.stdout.split("\n").filter((l) => l.startsWith(`${CONTRACT}(`));
      const atCalls = errors.filter((l) => callLines.includes(Number(/\((\d+),/.exec(l)?.[1])));
      expect(callLines.length).toBeGreaterThan(0);
      expect(atCalls.join("\n"), tsc.stdout).toMatch(/'duration' does not exist in type|'client_secret_version' does not exist in type/);
    } finally {
      await writeFile(path.join(copy.dir, client), pristine);
    }
  });

  it("(d) fail when a required envelope field is dropped from an example", async () => {
    const result = await withMutation(() => edit(copy, SPEC, /\n {20}success: true\n/, "\n"), true);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("must have required property 'success'");
  });
});
