// The bundle runs openapi-typescript on ts-morph's TypeScript instead of loading the installed one as well
// (src/emit/schema/shared-typescript.ts). That must load one TypeScript, and render the same bytes as the sources, which
// run openapi-typescript on the installed TypeScript.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, hashTree, type RepoCopy, type RunResult } from "./repo-copy.js";

// Specs whose schema.ts goes through src/emit/schema/schema-cycles.ts (which compares SyntaxKinds of openapi-typescript's
// nodes, so a TypeScript mismatch shows there) and through most of openapi-typescript's printer.
const FIXTURES = ["test/fixtures/real-world/bug-array-cycles-31.yaml", "test/fixtures/real-world/shapes-30.yaml", "test/fixtures/real-world/names-31.yaml"];

// Preloaded into the bundle's run: at exit, says which TypeScript files the CommonJS loader loaded.
const REPORT_TYPESCRIPTS = `process.on("exit", () => {
  const files = Object.keys(require.cache).filter((file) => /[\\\\/]typescript\\.js$/.test(file));
  process.stderr.write("typescripts loaded: " + JSON.stringify(files) + "\\n");
});
`;

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
  await writeFile(path.join(copy.dir, "report-typescripts.cjs"), REPORT_TYPESCRIPTS);
});
afterAll(async () => {
  await copy.remove();
});

function loadedTypeScripts(stderr: string): string[] {
  const line = stderr.split("\n").find((l) => l.startsWith("typescripts loaded: "));
  return line === undefined ? [] : (JSON.parse(line.slice("typescripts loaded: ".length)) as string[]);
}

describe("the bundle's one TypeScript", () => {
  // The three fixtures render at once in each phase (each run is one process waiting on its own core), the bundle's
  // phase before the sources', which removes the bundle. 300 s: six renders, half of them through tsx, on a loaded
  // machine (120 s timed out at load 20).
  it("loads only ts-morph's TypeScript, and renders the same bytes as the sources on the installed one", { timeout: 300_000 }, async () => {
    await copy.ensureBundle();
    // Same --out for both runs: the folder is named in each file's header.
    const out = (spec: string) => path.join(copy.dir, "out", path.basename(spec, ".yaml"));
    const generate = (spec: string, env: NodeJS.ProcessEnv = {}) => copy.specforge(["generate", "--no-cache", "--spec", spec, "--out", `out/${path.basename(spec, ".yaml")}`], { DEBUG: "1", ...env });
    const fromBundle = new Map<string, Record<string, string>>();
    try {
      const results = await Promise.all(FIXTURES.map((spec) => generate(spec, { NODE_OPTIONS: `--require ${path.join(copy.dir, "report-typescripts.cjs")}` })));
      for (const [i, spec] of FIXTURES.entries()) {
        const result = results[i] as RunResult;
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toContain("ran dist/specforge.cjs (bundle)");
        const loaded = loadedTypeScripts(result.stderr);
        expect(loaded).toHaveLength(1);
        expect(loaded[0]).toMatch(/@ts-morph[\\/]common[\\/]dist[\\/]typescript\.js$/);
        fromBundle.set(spec, await hashTree(out(spec)));
      }
    } finally {
      await rm(path.join(copy.dir, "dist"), { recursive: true, force: true });
    }
    for (const spec of FIXTURES) await rm(out(spec), { recursive: true, force: true });
    const results = await Promise.all(FIXTURES.map((spec) => generate(spec)));
    for (const [i, spec] of FIXTURES.entries()) {
      const result = results[i] as RunResult;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("ran src/ through tsx");
      const fromSources = await hashTree(out(spec));
      expect(Object.keys(fromSources).length).toBeGreaterThan(5);
      expect(fromBundle.get(spec), spec).toEqual(fromSources);
    }
  });
});
