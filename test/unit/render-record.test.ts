// The render record may only ever say "up to date" when a full render would produce exactly what is on disk: each
// test records a render, changes one input or output, and expects the record no longer to hold.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { renderRecordFile, lookUpToDate, recordRender, type RenderKey } from "../../src/write/render-record.js";

let work: string;
let cacheDir: string;
let key: RenderKey;
const files = new Map([
  ["index.ts", "export {};\n"],
  ["runtime/auth.ts", "export const auth = 1;\n"],
  ["package.json", '{ "name": "x" }\n'],
]);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const target = (overrides: Partial<TargetConfig> = {}): TargetConfig => ({ name: "t", spec: "spec/api.yaml", out: "out/t", packageName: "@x/t", pathVariants: [], contextParams: [], ...overrides });

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "specforge-render-record-"));
  cacheDir = path.join(work, "cache");
  await mkdir(path.join(work, "spec"), { recursive: true });
  await writeFile(path.join(work, "spec/api.yaml"), "openapi: 3.0.3\n");
  await writeFile(path.join(work, "spec/shared.yaml"), "components: {}\n");
  for (const [name, text] of files) {
    await mkdir(path.dirname(path.join(work, "out/t", name)), { recursive: true });
    await writeFile(path.join(work, "out/t", name), text);
  }
  key = { target: target(), command: "npm run generate", cwd: work, fingerprint: "generator-1" };
  const specFiles = await Promise.all(["spec/api.yaml", "spec/shared.yaml"].map(async (f) => ({ path: path.join(work, f), sha256: sha256(await readFile(path.join(work, f), "utf8")) })));
  await recordRender(key, { specFiles, files, notes: ["a note"] }, cacheDir);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the render record", () => {
  it("holds while nothing changed, and gives back the render's notes", async () => {
    const entry = await lookUpToDate(key, cacheDir);
    expect(entry?.notes).toEqual(["a note"]);
  });

  it("does not hold once the root spec or a file it refers to is edited", async () => {
    await writeFile(path.join(work, "spec/api.yaml"), "openapi: 3.0.3\n# edited\n");
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
    await writeFile(path.join(work, "spec/api.yaml"), "openapi: 3.0.3\n");
    expect(await lookUpToDate(key, cacheDir)).toBeDefined();
    await writeFile(path.join(work, "spec/shared.yaml"), "components: { schemas: {} }\n");
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
  });

  it("does not hold once a spec file it read is gone", async () => {
    await unlink(path.join(work, "spec/shared.yaml"));
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
  });

  it("does not hold for other settings, another command or another generator", async () => {
    expect(await lookUpToDate({ ...key, target: target({ packageName: "@x/other" }) }, cacheDir)).toBeUndefined();
    expect(await lookUpToDate({ ...key, target: target({ lenient: true }) }, cacheDir)).toBeUndefined();
    expect(await lookUpToDate({ ...key, target: target({ contextParams: ["account_id"] }) }, cacheDir)).toBeUndefined();
    expect(await lookUpToDate({ ...key, command: "specforge generate --config other.json" }, cacheDir)).toBeUndefined();
    expect(await lookUpToDate({ ...key, fingerprint: "generator-2" }, cacheDir)).toBeUndefined();
  });

  it("holds for the same settings written in another key order", async () => {
    const { name, spec, out, packageName, pathVariants, contextParams } = target();
    expect(await lookUpToDate({ ...key, target: { contextParams, pathVariants, packageName, out, spec, name } }, cacheDir)).toBeDefined();
  });

  it("does not hold once a generated file is edited or removed; holds beside a file generate did not write", async () => {
    await writeFile(path.join(work, "out/t/runtime/auth.ts"), "export const auth = 2;\n");
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
    await writeFile(path.join(work, "out/t/runtime/auth.ts"), "export const auth = 1;\n");
    expect(await lookUpToDate(key, cacheDir)).toBeDefined();
    await unlink(path.join(work, "out/t/index.ts"));
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
    await writeFile(path.join(work, "out/t/index.ts"), "export {};\n");
    // generate leaves a user's file alone (src/write/output.ts), so it changes nothing a render would do.
    await writeFile(path.join(work, "out/t/extra.ts"), "export {};\n");
    expect(await lookUpToDate(key, cacheDir)).toBeDefined();
  });

  it("ignores what the generator does not own (dist, node_modules, the changelog)", async () => {
    await mkdir(path.join(work, "out/t/dist"), { recursive: true });
    await writeFile(path.join(work, "out/t/dist/index.js"), "");
    await writeFile(path.join(work, "out/t/CHANGELOG.md"), "# Changelog\n");
    expect(await lookUpToDate(key, cacheDir)).toBeDefined();
  });

  it("treats a damaged or missing entry as no entry", async () => {
    const file = renderRecordFile(path.join(work, "out/t"), cacheDir);
    await writeFile(file, (await readFile(file, "utf8")).slice(0, 40));
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
    await writeFile(file, JSON.stringify({ format: 1, inputs: "x", specFiles: "no", outputs: {}, notes: [] }));
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
    await unlink(file);
    expect(await lookUpToDate(key, cacheDir)).toBeUndefined();
  });
});

describe("the render record's records", () => {
  it("are pruned on the next render once their output folder is gone, and kept while it exists", async () => {
    const stale = renderRecordFile(path.join(work, "out/gone"), cacheDir);
    await writeFile(stale, JSON.stringify({ format: 1, out: path.join(work, "out/gone"), inputs: "x", specFiles: [], outputs: {}, notes: [] }));
    const kept = renderRecordFile(path.join(work, "out/t"), cacheDir);
    await recordRender(key, { specFiles: [], files, notes: [] }, cacheDir);
    await expect(readFile(stale, "utf8")).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(kept, "utf8")).out).toBe(path.join(work, "out/t"));
  });
});
