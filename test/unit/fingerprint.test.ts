// The generator's fingerprint must change with anything that can change a render: its code (src/ and the bundle),
// the versions it pins, the installed dependencies. Each case edits one of them in a fake package root.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generatorFingerprint, RENDERING_PACKAGES } from "../../src/self/fingerprint.js";

let root: string;

async function put(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "specforge-fingerprint-"));
  await put("src/cli.ts", "export {};\n");
  await put("src/runtime/auth.ts", "export const auth = 1;\n");
  await put("package.json", '{ "dependencies": { "openapi-fetch": "0.17.0" } }\n');
  await put("node_modules/.package-lock.json", "{}\n");
  for (const name of RENDERING_PACKAGES) await put(`node_modules/${name}/package.json`, '{ "version": "1.0.0" }\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generatorFingerprint", () => {
  it("is stable while nothing changes", async () => {
    expect(await generatorFingerprint(root)).toBe(await generatorFingerprint(root));
  });

  it.each([
    ["a source file", "src/cli.ts", "export const x = 1;\n"],
    ["a runtime file copied into packages", "src/runtime/auth.ts", "export const auth = 2;\n"],
    ["a new source file", "src/new.ts", "export {};\n"],
    ["the bundle", "dist/specforge.cjs", "module.exports = {};\n"],
    ["the preformatted copied files", "dist/preformatted.json", "{}\n"],
    ["the pinned versions", "package.json", '{ "dependencies": { "openapi-fetch": "0.18.0" } }\n'],
    ["the installed tree", "node_modules/.package-lock.json", '{ "packages": {} }\n'],
    ...RENDERING_PACKAGES.map((name) => [`the version of ${name}`, `node_modules/${name}/package.json`, '{ "version": "1.0.1" }\n'] as [string, string, string]),
  ])("changes with %s", async (_what, rel, text) => {
    const before = await generatorFingerprint(root);
    await put(rel, text);
    expect(await generatorFingerprint(root)).not.toBe(before);
  });

  it("changes when a source file moves", async () => {
    const before = await generatorFingerprint(root);
    await rm(path.join(root, "src/runtime/auth.ts"));
    await put("src/runtime/auth2.ts", "export const auth = 1;\n");
    expect(await generatorFingerprint(root)).not.toBe(before);
  });
});
