// A run that fails for any reason leaves generated/ byte-for-byte as it was.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, hashTree, type RepoCopy } from "./repo-copy.js";

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
});
afterAll(async () => {
  await copy.remove();
});

describe("atomic output", () => {
  it("a crash halfway through writing leaves every file of generated/ unchanged", async () => {
    const spec = path.join(copy.dir, "spec/cloudflare-access.yaml");
    const pristine = await readFile(spec, "utf8");
    // A real change, so the run has something to write.
    await writeFile(spec, pristine.replace("summary: Update a service token", "summary: Update one service token"));
    const before = await hashTree(path.join(copy.dir, "generated"));
    const result = await copy.specforge(["generate"], { SPECFORGE_TEST_CRASH_AFTER_WRITES: "3" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("simulated crash after writing 3 files");
    expect(await hashTree(path.join(copy.dir, "generated"))).toEqual(before);
    // Without the fault the same run goes through.
    const ok = await copy.specforge(["generate"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await hashTree(path.join(copy.dir, "generated"))).not.toEqual(before);
    await writeFile(spec, pristine);
  });

  it("a spec error leaves every file of generated/ unchanged", async () => {
    const spec = path.join(copy.dir, "spec/cloudflare-access.yaml");
    const pristine = await readFile(spec, "utf8");
    await copy.specforge(["generate"]);
    const before = await hashTree(path.join(copy.dir, "generated"));
    await writeFile(spec, pristine.replace('$ref: "#/components/schemas/access_uuid"', '$ref: "#/components/schemas/access_uuidd"'));
    const result = await copy.specforge(["generate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cloudflare-access\.yaml:\d+ .*access_uuidd' does not resolve/);
    expect(await hashTree(path.join(copy.dir, "generated"))).toEqual(before);
    await writeFile(spec, pristine);
  });
});
