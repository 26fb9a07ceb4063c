// The format cache (src/format/format-cache.ts) may change how long a render takes, never what it writes: a piece is
// taken from it only for the exact text and parser, from a store with the same stamp. These tests show that a hit is
// really used (a planted wrong output comes back), that a render after a spec change gives the bytes of a render
// without the cache, and that a store from another generator, a damaged one or an unwritable folder is no cache.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { renderTarget } from "../../src/generate.js";
import { formatCacheFile, formatJobKey, loadFormatCache, saveFormatCache, type FormatMemo } from "../../src/format/format-cache.js";
import { formatFiles, type FileHeader } from "../../src/format/format.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const header: FileHeader = { spec: "spec/api.yaml", command: "npm run generate" };
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "specforge-format-cache-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("formatFiles with a format cache", () => {
  const files = () => new Map([["a.ts", "export const a = {b:1}\n"], ["b.ts", "export const b   =  2\n"]]);

  it("formats what the cache lacks, takes what it has, and hands every piece on", async () => {
    const cold: FormatMemo = new Map();
    const first = await formatFiles(files(), header, { cache: { known: new Map(), used: cold } });
    expect(first.get("a.ts")).toMatch(/export const a = \{ b: 1 \};\n$/);
    expect(cold.size).toBe(2);

    // Plant a wrong output under a.ts's key: it comes back, so the hit is used and a.ts was not formatted again.
    const aKey = [...cold.keys()].find((key) => cold.get(key)?.includes("const a")) as string;
    const planted = new Map(cold).set(aKey, "/* from the cache */\n");
    const used: FormatMemo = new Map();
    const second = await formatFiles(files(), header, { cache: { known: planted, used } });
    expect(second.get("a.ts")).toMatch(/ \*\/\n\n\/\* from the cache \*\/\n$/);
    expect(second.get("b.ts")).toBe(first.get("b.ts"));
    expect([...used.keys()].sort()).toEqual([...cold.keys()].sort());
  });

  it("never hands one text's output to another, however long their common start", async () => {
    const start = `// ${"x".repeat(300)}\nexport const value = `;
    const used: FormatMemo = new Map();
    await formatFiles(new Map([["a.ts", `${start}1\n`]]), header, { cache: { known: new Map(), used } });
    const second = await formatFiles(new Map([["a.ts", `${start}2\n`]]), header, { cache: { known: used, used: new Map() } });
    expect(second.get("a.ts")).toMatch(/export const value = 2;\n$/);
  });

  it("keys a piece by its parser as well as its text", () => {
    expect(formatJobKey("{}", "json")).not.toBe(formatJobKey("{}", "typescript"));
    expect(formatJobKey("{}", "json")).toBe(formatJobKey("{}", "json"));
  });
});

describe("the stored format cache", () => {
  const memo: FormatMemo = new Map([["k1", "one\n"], ["k2", "two\n"]]);

  it("gives back what was saved for the folder, under the same stamp only", async () => {
    const dir = path.join(work, "store-1");
    await saveFormatCache({ outDir: "/some/out", stamp: "generator-1" }, memo, dir);
    expect(await loadFormatCache({ outDir: "/some/out", stamp: "generator-1" }, dir)).toEqual(memo);
    expect((await loadFormatCache({ outDir: "/some/out", stamp: "generator-2" }, dir)).size).toBe(0);
    expect((await loadFormatCache({ outDir: "/other/out", stamp: "generator-1" }, dir)).size).toBe(0);
  });

  it("drops, on each save, the stores of output folders that no longer exist", async () => {
    const dir = path.join(work, "store-3");
    const gone = path.join(work, "gone-out");
    const kept = path.join(work, "kept-out");
    await mkdir(gone, { recursive: true });
    await mkdir(kept, { recursive: true });
    await saveFormatCache({ outDir: gone, stamp: "generator-1" }, memo, dir);
    await saveFormatCache({ outDir: kept, stamp: "generator-1" }, memo, dir);
    await rm(gone, { recursive: true });
    await saveFormatCache({ outDir: kept, stamp: "generator-1" }, memo, dir);
    expect((await loadFormatCache({ outDir: gone, stamp: "generator-1" }, dir)).size).toBe(0);
    expect(await loadFormatCache({ outDir: kept, stamp: "generator-1" }, dir)).toEqual(memo);
    expect((await readdir(dir)).sort()).toEqual([path.basename(formatCacheFile(kept, dir)), path.basename(formatCacheFile(kept, dir)).replace(/json$/, "out")].sort());
  });

  it("reads a damaged store as empty, and an unwritable folder is no error", async () => {
    const dir = path.join(work, "store-2");
    await mkdir(dir, { recursive: true });
    await writeFile(formatCacheFile("/some/out", dir), '{"format":"specforge-format-cache 1","stamp":"generator-1","entries":');
    expect((await loadFormatCache({ outDir: "/some/out", stamp: "generator-1" }, dir)).size).toBe(0);
    await writeFile(path.join(work, "a-file"), "");
    await expect(saveFormatCache({ outDir: "/some/out", stamp: "generator-1" }, memo, path.join(work, "a-file", "below"))).resolves.toBeUndefined();
  });
});

describe("a render with the cache of an earlier render", () => {
  it("writes the bytes a render without the cache writes, after the spec changed", async () => {
    await cp(path.join(root, "spec/cloudflare-access.yaml"), path.join(work, "spec/api.yaml"), { recursive: true });
    const config = JSON.parse(await readFile(path.join(root, "specforge.config.json"), "utf8")) as { targets: Record<string, Omit<TargetConfig, "name">> };
    const target = { ...config.targets["cloudflare-access"], name: "t", spec: "spec/api.yaml", out: "out/t" } as TargetConfig;
    const before = await renderTarget(target, { command: "npm run generate", cwd: work });

    // A changed description and a new optional property: some pieces change, most do not.
    const spec = await readFile(path.join(work, "spec/api.yaml"), "utf8");
    const changed = spec.replace(/description: ([^\n]*)/, "description: An edited description, $1").replace(/(\n(\s+)properties:\n)/, "$1$2  added_field:\n$2    type: string\n");
    expect(changed).not.toBe(spec);
    await writeFile(path.join(work, "spec/api.yaml"), changed);

    const withCache = await renderTarget(target, { command: "npm run generate", cwd: work, formatCache: async () => before.formatted });
    const without = await renderTarget(target, { command: "npm run generate", cwd: work });
    // The schema is in its group's slice of the types (src/emit/schema/schema-files.ts).
    expect(withCache.files.get("schema/zero-trust.ts")).toContain("added_field");
    expect(withCache.files).toEqual(without.files);
    // Pieces the spec change did not touch came from the cache.
    const reused = [...withCache.formatted.keys()].filter((key) => before.formatted.has(key));
    expect(reused.length).toBeGreaterThan(0);
    expect(reused.length).toBeLessThan(withCache.formatted.size);
    // TypeScript among them: the header is not part of what is formatted and cached.
    expect(reused.some((key) => withCache.formatted.get(key)?.includes("export "))).toBe(true);
  }, 60_000);
});
