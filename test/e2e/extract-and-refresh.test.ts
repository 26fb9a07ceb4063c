// extract cuts exactly the closure; refresh keeps our overlay additions and reports upstream changes.
import { existsSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, REPO_ROOT, type RepoCopy } from "./repo-copy.js";

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
});
afterAll(async () => {
  await copy.remove();
});

describe("specforge extract", () => {
  it("cuts the chosen operation and exactly the closure of its $refs", async () => {
    const result = await copy.specforge(["extract", "--from", "test/fixtures/extract/upstream.yaml", "--operation", "PUT /things/{id}", "--out", "out.yaml"]);
    expect(result.code, result.stderr).toBe(0);
    const doc = parse(await copy.read("out.yaml")) as { paths: Record<string, Record<string, unknown>>; components: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(["/things/{id}"]);
    // Path-level parameters come along; the GET on the same path does not.
    expect(Object.keys(doc.paths["/things/{id}"] ?? {}).sort()).toEqual(["parameters", "put"]);
    expect(Object.keys(doc.components).sort()).toEqual(["parameters", "requestBodies", "schemas", "securitySchemes"]);
    expect(Object.keys(doc.components.schemas ?? {}).sort()).toEqual(["Id", "Part", "Thing"]);
    expect(Object.keys(doc.components.parameters ?? {})).toEqual(["ThingId"]);
    expect(Object.keys(doc.components.requestBodies ?? {})).toEqual(["ThingBody"]);
    expect(Object.keys(doc.components.securitySchemes ?? {})).toEqual(["key"]);
    expect(doc.components.responses).toBeUndefined();
  });

  it("writes sorted keys, so the same input gives the same bytes", async () => {
    const args = ["extract", "--from", "test/fixtures/extract/upstream.yaml", "--operation", "PUT /things/{id}", "--operation", "GET /other"];
    await copy.specforge([...args, "--out", "a.yaml"]);
    await copy.specforge([...args, "--out", "b.yaml"]);
    const text = await copy.read("a.yaml");
    expect(await copy.read("b.yaml")).toBe(text);
    const body = text.split("\n").filter((l) => !l.startsWith("#"));
    const topKeys = body.filter((l) => /^\S/.test(l)).map((l) => l.split(":")[0]);
    expect(topKeys).toEqual([...topKeys].sort());
  });

  it("rejects an operation that matches nothing, suggesting the nearest paths", async () => {
    const result = await copy.specforge(["extract", "--from", "test/fixtures/extract/upstream.yaml", "--operation", "PUT /thing/{id}", "--out", "x.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("PUT /thing/{id} is not in the spec");
    expect(result.stderr).toContain("nearest paths: /things/{id}");
  });
});

const UPSTREAM_2026 = path.join(REPO_ROOT, "../shared/specs/cloudflare-openapi.2026-08-17.json");
const hasShared = existsSync(UPSTREAM_2026);
if (!hasShared) console.warn(`skipping the upstream refresh test: ${UPSTREAM_2026} is absent (a fresh clone has no ../shared)`);

describe.skipIf(!hasShared)("npm run spec:update from the 2026-08-17 upstream (needs ../shared)", () => {
  it("adds `enabled` and the `forever` duration text as non-breaking changes, and keeps our overlay additions", async () => {
    const result = await copy.run("npm", ["run", "-s", "spec:update", "--", "--from", UPSTREAM_2026]);
    expect(result.code, result.stderr).toBe(0);
    const report = result.stdout;
    expect(report).toContain("non-breaking: added optional param zeroTrust.access.serviceTokens.update › enabled");
    expect(report).toContain("non-breaking: added optional result zeroTrust.access.serviceTokens.update › enabled");
    expect(report).toMatch(/non-breaking: changed the docs of param zeroTrust\.access\.serviceTokens\.update › duration: .*forever/);
    expect(report).not.toContain("**breaking**");
    expect(report).toContain("(semver: minor)");
    // What upstream lacks survived: examples, the accounts|zones enum, the ServiceToken name.
    const spec = await copy.read("spec/cloudflare-access.yaml");
    expect(spec).toContain("updated_token:");
    expect(spec).toContain("no_route:");
    expect(spec).toContain("rename_and_shorten:");
    expect(spec).toMatch(/enum:\n\s+- accounts\n\s+- zones/);
    expect(await copy.read("generated/cloudflare-access/client.ts")).toContain("export type ServiceToken =");
    expect(await copy.read("generated/cloudflare-access/CHANGELOG.md")).toContain("added optional param zeroTrust.access.serviceTokens.update › enabled");
    // And the refreshed package still passes its own contract tests.
    const contract = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", "generated/cloudflare-access/contract.test.ts"]);
    expect(contract.code, contract.stdout + contract.stderr).toBe(0);
  });
});
