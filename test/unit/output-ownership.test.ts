// generate removes only files it wrote before (package.json's `specforge.files`, read by readPreviousOutput), and
// never a file a user put in the output folder: checkOutput does not call such a file extra, and
// writeOutputAtomically carries it, wherever it sits, into the new folder.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOutput, listFiles, writeOutputAtomically } from "../../src/write/output.js";
import { readPreviousOutput } from "../../src/write/previous-output.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "specforge-ownership-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// A render's files, its package.json listing them all as generate does.
function render(names: string[]): Map<string, string> {
  const files = [...names, "package.json"].sort();
  const out = new Map(names.map((name) => [name, `// ${name}\n`]));
  out.set("package.json", JSON.stringify({ name: "p", version: "1.0.0", specforge: { files } }));
  return out;
}

async function put(dir: string, name: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), text);
}

describe("generate's ownership of an output folder", () => {
  it("keeps a user's files, at the top and inside a generated folder, and removes a file it wrote and no longer renders", async () => {
    const dir = path.join(root, "pkg");
    await put(dir, "NOTES.md", "mine\n");
    await writeOutputAtomically(dir, render(["client.ts", "runtime/old.ts", "runtime/client.ts"]), (await readPreviousOutput(dir)).files);
    expect(await readFile(path.join(dir, "NOTES.md"), "utf8")).toBe("mine\n");
    await put(dir, "runtime/helper.ts", "export const mine = 1;\n");
    await put(dir, "node_modules/x/index.js", "");
    await put(dir, "extras/a.ts", "export {};\n");
    const next = render(["client.ts", "runtime/client.ts"]);
    const previous = (await readPreviousOutput(dir)).files;
    expect(previous).toEqual(["client.ts", "package.json", "runtime/client.ts", "runtime/old.ts"]);
    // --check: the file it would remove is extra; the user's files are not reported.
    expect(await checkOutput(dir, next, previous)).toEqual({ stale: ["package.json"], missing: [], extra: ["runtime/old.ts"] });
    await writeOutputAtomically(dir, next, previous);
    expect(await listFiles(dir)).toEqual(["NOTES.md", "client.ts", "extras/a.ts", "package.json", "runtime/client.ts", "runtime/helper.ts"]);
    expect(await readFile(path.join(dir, "runtime/helper.ts"), "utf8")).toBe("export const mine = 1;\n");
    expect(await readFile(path.join(dir, "node_modules/x/index.js"), "utf8")).toBe("");
    expect(await checkOutput(dir, next, (await readPreviousOutput(dir)).files)).toEqual({ stale: [], missing: [], extra: [] });
  });

  it("removes nothing it cannot show it wrote: a folder with no list, and a hand-edited list naming the changelog or a path outside", async () => {
    const dir = path.join(root, "legacy");
    await put(dir, "client.ts", "old\n");
    await put(dir, "stray.ts", "export {};\n");
    await put(dir, "CHANGELOG.md", "# history\n");
    await put(root, "outside.txt", "keep\n");
    await put(dir, "package.json", JSON.stringify({ specforge: { files: ["CHANGELOG.md", "../outside.txt", "/etc/hostname", "stray.ts"] } }));
    const previous = (await readPreviousOutput(dir)).files;
    expect(previous).toEqual(["CHANGELOG.md", "stray.ts"]);
    await writeOutputAtomically(dir, render(["client.ts"]), previous);
    expect(await listFiles(dir)).toEqual(["client.ts", "package.json"]);
    expect(await readFile(path.join(dir, "CHANGELOG.md"), "utf8")).toBe("# history\n");
    expect(await readFile(path.join(root, "outside.txt"), "utf8")).toBe("keep\n");
    // With no list at all, nothing but what is rendered is touched.
    await put(dir, "package.json", "{}");
    await put(dir, "mine.ts", "export {};\n");
    await writeOutputAtomically(dir, render(["index.ts"]), (await readPreviousOutput(dir)).files);
    expect(await listFiles(dir)).toEqual(["client.ts", "index.ts", "mine.ts", "package.json"]);
  });
});
