// --watch on a temporary copy: a spec edit regenerates, a broken edit keeps the last good output, Ctrl-C exits 0.
import { spawn } from "node:child_process";
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

async function until(condition: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

describe("specforge generate --watch", () => {
  it("regenerates within 5 s of a spec edit, keeps the last good output on a broken edit, and exits 0 on Ctrl-C", async () => {
    const child = spawn(process.execPath, [path.join(copy.dir, "scripts/specforge.js"), "generate", "--watch"], { cwd: copy.dir, env: { ...process.env, CI: "true" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      expect(await until(() => stdout.includes("watching for changes"), 30_000), stdout + stderr).toBe(true);
      const spec = path.join(copy.dir, "spec/cloudflare-access.yaml");
      const client = path.join(copy.dir, "generated/cloudflare-access/client.ts");
      const pristine = await readFile(spec, "utf8");

      // The 5 s budget starts at the edit.
      const wrote = (text: string) => text.split("\n").filter((line) => line.includes(": wrote generated/")).length;
      const wroteBefore = wrote(stdout);
      await writeFile(spec, pristine.replace("summary: Update a service token", "summary: Update one service token"));
      expect(await until(async () => (await readFile(client, "utf8")).includes("Update one service token"), 5_000)).toBe(true);
      // The new files are in place once the swap is done; the old copy is removed after it, and the "wrote" line
      // comes last. Hashing before that line would race the removal.
      expect(await until(() => wrote(stdout) > wroteBefore, 5_000), stdout).toBe(true);

      const good = await hashTree(path.join(copy.dir, "generated"));
      stderr = "";
      await writeFile(spec, pristine.replace("paths:\n", "paths:\n  - not: [valid\n"));
      expect(await until(() => stderr.includes("kept the last good output"), 5_000), stderr).toBe(true);
      expect(stderr).toContain("YAML syntax error");
      expect(await hashTree(path.join(copy.dir, "generated"))).toEqual(good);

      // Fixing the spec is noticed too: the watcher is still alive after the error.
      await writeFile(spec, pristine);
      expect(await until(async () => (await readFile(client, "utf8")).includes("Update a service token"), 5_000)).toBe(true);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
