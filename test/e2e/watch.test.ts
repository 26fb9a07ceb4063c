// --watch on a temporary copy: a spec edit regenerates, a broken edit keeps the last good output, Ctrl-C exits 0.
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
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

// A watcher on the copy, its output collected; stop() sends Ctrl-C and resolves with the exit code.
function startWatch(args: string[]) {
  const child = spawn(process.execPath, [path.join(copy.dir, "scripts/specforge.js"), "generate", "--watch", ...args], { cwd: copy.dir, env: { ...process.env, CI: "true" } });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (output.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    output,
    started: () => until(() => output.stdout.includes("watching for changes"), 30_000),
    stop: async () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}

// A target refreshed from test/fixtures/extract/grouped.yaml, its config in a folder of its own.
async function widgetsProject(options: { from: boolean }): Promise<{ config: string; overlay: string; spec: string; client: string }> {
  const dir = path.join(copy.dir, `projects/${options.from ? "with" : "without"}-from`);
  await mkdir(dir, { recursive: true });
  const refresh = { operations: ["group:shop.widgets"], overlay: "widgets.overlay.yaml", ...(options.from ? { from: "../../test/fixtures/extract/grouped.yaml" } : {}) };
  await writeFile(path.join(dir, "specforge.config.json"), JSON.stringify({ targets: { widgets: { spec: "widgets.yaml", out: "out/widgets", refresh } } }));
  const overlay = path.join(dir, "widgets.overlay.yaml");
  await writeFile(overlay, `overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions:\n  - target: "$.paths..parameters[?(@.name=='accounts_or_zones')]"\n    update: { schema: { enum: [accounts, zones] } }\n`);
  const config = path.relative(copy.dir, path.join(dir, "specforge.config.json"));
  const refreshed = await copy.specforge(["refresh", "--config", config, "--from", "test/fixtures/extract/grouped.yaml"]);
  expect(refreshed.code, refreshed.stderr).toBe(0);
  return { config, overlay, spec: path.join(dir, "widgets.yaml"), client: path.join(dir, "out/widgets/client.ts") };
}

const SUMMARY_ACTION = `  - target: "$.paths['/{accounts_or_zones}/{account_or_zone_id}/widgets'].get"\n    update: { summary: List every widget of the shop }\n`;

describe("specforge generate --watch: overlays and split specs", () => {
  it("re-runs refresh when the overlay is edited and the upstream is configured, and regenerates", async () => {
    const project = await widgetsProject({ from: true });
    const watcher = startWatch(["--config", project.config]);
    try {
      expect(await watcher.started(), watcher.output.stdout + watcher.output.stderr).toBe(true);
      await writeFile(project.overlay, (await readFile(project.overlay, "utf8")) + SUMMARY_ACTION);
      // The output folder is swapped whole (src/write/output.ts): a read can fall between the two renames.
      expect(await until(async () => (await readFile(project.client, "utf8").catch(() => "")).includes("List every widget of the shop"), 15_000), watcher.output.stdout + watcher.output.stderr).toBe(true);
      expect(await readFile(project.spec, "utf8")).toContain("summary: List every widget of the shop");
      expect(watcher.output.stdout).toContain("widgets: refresh inputs changed; re-extracting widgets.yaml from test/fixtures/extract/grouped.yaml");
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  it("says how to apply an edited overlay when the upstream is not known, and leaves the spec alone", async () => {
    const project = await widgetsProject({ from: false });
    const spec = await readFile(project.spec, "utf8");
    const watcher = startWatch(["--config", project.config]);
    try {
      expect(await watcher.started(), watcher.output.stdout + watcher.output.stderr).toBe(true);
      await writeFile(project.overlay, (await readFile(project.overlay, "utf8")) + SUMMARY_ACTION);
      expect(await until(() => watcher.output.stderr.includes("an overlay is applied by refresh"), 10_000), watcher.output.stderr).toBe(true);
      expect(watcher.output.stderr).toContain("restart with --watch --from FILE");
      expect(await readFile(project.spec, "utf8")).toBe(spec);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  it("regenerates when a file that the spec's $refs reach is edited, not only the root", async () => {
    const watcher = startWatch(["--spec", "test/fixtures/real-world/multi-file-30.yaml", "--out", "out/multi"]);
    const owner = path.join(copy.dir, "test/fixtures/real-world/multi-file-30/owner.yaml");
    const pristine = await readFile(owner, "utf8");
    try {
      expect(await watcher.started(), watcher.output.stdout + watcher.output.stderr).toBe(true);
      await writeFile(owner, pristine.replace("type: object\n", "type: object\ndescription: The keeper of the pet\n"));
      // The description lands in the types: schema.ts or, since the types are sliced per group, a file under schema/.
      const types = async () => {
        const dir = path.join(copy.dir, "out/multi");
        const slices = await readdir(path.join(dir, "schema")).catch(() => [] as string[]);
        return (await Promise.all(["schema.ts", ...slices.map((f) => `schema/${f}`)].map((f) => readFile(path.join(dir, f), "utf8").catch(() => "")))).join("\n");
      };
      expect(await until(async () => (await types()).includes("The keeper of the pet"), 10_000), watcher.output.stdout + watcher.output.stderr).toBe(true);
    } finally {
      await writeFile(owner, pristine);
      expect(await watcher.stop()).toBe(0);
    }
  });
});
