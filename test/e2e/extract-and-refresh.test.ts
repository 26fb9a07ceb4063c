// extract cuts exactly the closure; refresh keeps our overlay additions and reports upstream changes.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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

  it("cuts what group:, tag:, operationId:, x-…: and globs select, and names the count", async () => {
    const result = await copy.specforge(["extract", "--from", "test/fixtures/extract/grouped.yaml", "--operation", "group:shop.widgets.parts", "--operation", "x-stainless-skip:go", "--operation", "DELETE /{accounts_or_zones}/*/widgets/**", "--out", "grouped.yaml"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("wrote grouped.yaml (3 operation(s)");
    const doc = parse(await copy.read("grouped.yaml")) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).filter((k) => k !== "parameters").map((m) => `${m} ${p}`)).sort()).toEqual([
      "delete /{accounts_or_zones}/{account_or_zone_id}/widgets/{widget_id}",
      "get /accounts/{account_id}/gadgets",
      "get /accounts/{account_id}/widgets/{widget_id}/parts",
    ]);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(["Gadget", "Part"]);
  });
});

describe("specforge refresh with refresh.from and selectors", () => {
  // A config in a folder of its own: every path in it (spec, out, overlay, from) is relative to that folder.
  async function project(operations: string[]): Promise<string> {
    const dir = path.join(copy.dir, "projects/widgets");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "specforge.config.json"), JSON.stringify({ targets: { widgets: { spec: "widgets.yaml", out: "out/widgets", refresh: { operations, overlay: "widgets.overlay.yaml", from: "../../test/fixtures/extract/grouped.yaml" } } } }));
    await writeFile(path.join(dir, "widgets.overlay.yaml"), `overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions:\n  - target: "$.paths..parameters[?(@.name=='accounts_or_zones')]"\n    update: { schema: { enum: [accounts, zones] } }\n`);
    return "projects/widgets/specforge.config.json";
  }

  it("refreshes from the configured upstream without --from, and the overlay reaches every merged path", async () => {
    const config = await project(["group:shop.widgets"]);
    const result = await copy.specforge(["refresh", "--config", config]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("widgets: wrote projects/widgets/out/widgets");
    const spec = parse(await copy.read("projects/widgets/widgets.yaml")) as { paths: Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] } & Record<string, unknown>> };
    const selectors = Object.values(spec.paths).flatMap((item) => [item, ...Object.values(item)]).flatMap((node) => ((node as { parameters?: { name: string; schema: { enum?: string[] } }[] }).parameters ?? []).filter((p) => p.name === "accounts_or_zones"));
    expect(selectors.length).toBe(3);
    expect(selectors.every((p) => JSON.stringify(p.schema.enum) === JSON.stringify(["accounts", "zones"]))).toBe(true);
    expect(existsSync(path.join(copy.dir, "projects/widgets/out/widgets/client.ts"))).toBe(true);
  });

  it("points a selector that matches nothing at its place in the config, with the nearest groups", async () => {
    const config = await project(["group:shop.widgets", "group:shop.gadget"]);
    const result = await copy.specforge(["refresh", "--config", config]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^specforge: projects\/widgets\/specforge\.config\.json #\/targets\/widgets\/refresh\/operations\/1: group:shop\.gadget matches no operation in \S*grouped\.yaml \(hint: nearest groups: shop\.gadgets/);
  });
});

const UPSTREAM_2026 = path.join(REPO_ROOT, "../shared/specs/cloudflare-openapi.2026-08-17.json");
const hasShared = existsSync(UPSTREAM_2026);
if (!hasShared) console.warn(`skipping the upstream refresh test: ${UPSTREAM_2026} is absent (a fresh clone has no ../shared)`);

describe.skipIf(!hasShared)("selectors on the 2026-08-17 upstream (needs ../shared)", () => {
  it("group:zero-trust.access.service-tokens is exactly the seven service-token operations, and the overlay's enum reaches every merged one", async () => {
    const result = await copy.specforge(["extract", "--from", UPSTREAM_2026, "--operation", "group:zero-trust.access.service-tokens", "--overlay", "spec/cloudflare-access.overlay.yaml", "--out", "service-tokens.yaml"]);
    expect(result.code, result.stderr).toBe(0);
    type Operation = { "x-fern-sdk-method-name"?: string; parameters?: { name: string; schema?: { enum?: string[] } }[] };
    const doc = parse(await copy.read("service-tokens.yaml")) as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).filter(([m]) => m !== "parameters").map(([m, op]) => ({ at: `${m.toUpperCase()} ${p}`, op })));
    // Upstream merges the account and zone variants of five of them; refresh and rotate exist for accounts only.
    expect(Object.fromEntries(operations.map(({ at, op }) => [op["x-fern-sdk-method-name"], at]))).toEqual({
      list: "GET /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens",
      create: "POST /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens",
      get: "GET /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}",
      update: "PUT /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}",
      delete: "DELETE /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}",
      refresh: "POST /accounts/{account_id}/access/service_tokens/{service_token_id}/refresh",
      rotate: "POST /accounts/{account_id}/access/service_tokens/{service_token_id}/rotate",
    });
    expect(operations).toHaveLength(7);
    const merged = operations.filter(({ at }) => at.includes("{accounts_or_zones}"));
    for (const { at, op } of merged) expect(op.parameters?.find((p) => p.name === "accounts_or_zones")?.schema?.enum, at).toEqual(["accounts", "zones"]);
  });

  it("names the nearest tags for a tag that is not there", async () => {
    const result = await copy.specforge(["extract", "--from", UPSTREAM_2026, "--operation", "tag:Access service token", "--out", "x.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("(hint: nearest tags: Access service tokens");
  });
});

describe.skipIf(!hasShared)("npm run spec:update from the 2026-08-17 upstream (needs ../shared)", () => {
  it("adds `enabled` and the `forever` duration text as non-breaking changes, and keeps our overlay additions", async () => {
    // The fragment is cut from this upstream already: take it back to before it (no `enabled`, the older duration
    // text), generate, and let the refresh bring both back.
    const specFile = path.join(copy.dir, "spec/cloudflare-access.yaml");
    const current = await readFile(specFile, "utf8");
    const enabledRef = /^ +enabled:\n +\$ref: "#\/components\/schemas\/access_enabled"\n/gm;
    expect(current.match(enabledRef)?.length, "the fragment's `enabled` properties").toBeGreaterThan(0);
    const olderDuration = current.replace(enabledRef, "").replace(", or the special value `forever` for non-expiring tokens", "");
    expect(olderDuration).not.toContain("forever");
    await writeFile(specFile, olderDuration);
    const before = await copy.specforge(["generate"]);
    expect(before.code, before.stderr).toBe(0);
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
    const contract = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", "generated/cloudflare-access/contract/"]);
    expect(contract.code, contract.stdout + contract.stderr).toBe(0);
  });
});
