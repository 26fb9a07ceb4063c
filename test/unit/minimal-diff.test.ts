// A spec edit changes only the generated files whose content depends on it (issue #18: a one-word description edit
// rewrote 12 files, because every header carried the spec's sha256). Here a description changes in a copy of the
// fragment and generate runs again: the files that differ are exactly those that show the new description, plus
// package.json, the one place that names the spec's hash, and the version the edit bumps, which package.json and the
// one line of version.ts (for the User-Agent) carry.
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { generateTargets } from "../../src/generate.js";
import { listFiles } from "../../src/write/output.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "specforge-minimal-diff-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = [...(await listFiles(dir)), "CHANGELOG.md"];
  const texts = await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), "utf8").catch(() => undefined)] as const));
  return new Map(texts.filter((e): e is readonly [string, string] => e[1] !== undefined));
}

const sha = (text: string | undefined) => (text === undefined ? "absent" : createHash("sha256").update(text).digest("hex"));

describe("a description-only spec edit", () => {
  it("rewrites only the files that show that description, package.json and version.ts", async () => {
    await cp(path.join(root, "spec/cloudflare-access.yaml"), path.join(work, "spec/api.yaml"));
    const config = JSON.parse(await readFile(path.join(root, "specforge.config.json"), "utf8")) as { targets: Record<string, Omit<TargetConfig, "name">> };
    const target = { ...config.targets["cloudflare-access"], name: "t", spec: "spec/api.yaml", out: "out/t" } as TargetConfig;
    const out = path.join(work, target.out);
    const generate = () => generateTargets([target], { check: false, command: "npm run generate", cwd: work });

    await generate();
    const before = await snapshot(out);
    const spec = await readFile(path.join(work, target.spec), "utf8");
    const edited = spec.replace("description: The name of the service token.", "description: The name of the service token, as shown in the dashboard.");
    expect(edited).not.toBe(spec);
    await writeFile(path.join(work, target.spec), edited);
    const [outcome] = await generate();
    const after = await snapshot(out);

    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    const changed = names.filter((name) => sha(before.get(name)) !== sha(after.get(name)));
    const showing = names.filter((name) => after.get(name)?.includes("as shown in the dashboard"));
    expect(outcome?.report).toMatch(/\(semver: patch\)/);
    // The schema lives in its group's slice (src/emit/schema/schema-files.ts); schema.ts only points there.
    expect(showing).toEqual(expect.arrayContaining(["API.md", "schema/zero-trust.ts"]));
    expect(changed).toEqual([...new Set([...showing, "package.json", "version.ts"])].sort());
    expect(after.get("version.ts")).toMatch(/VERSION = "\d+\.\d+\.\d+"/);
    expect(after.get("version.ts")).not.toBe(before.get("version.ts"));
    // The copied runtime and contract kit, and the spec-shaped files that do not show descriptions, are untouched.
    expect(changed.filter((name) => name.startsWith("runtime/") || name === "contract-kit.ts" || name === "index.ts")).toEqual([]);
  }, 60_000);
});
