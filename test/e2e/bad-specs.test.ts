// Every bad input in test/fixtures/bad/cases.json, run through the real CLI in a repo copy and aimed at the real
// output folder: each must exit 1 with one line that says where (file, line or JSON pointer), what, and how to fix it,
// and leave generated/ byte-for-byte as it was.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, hashTree, REPO_ROOT, type RepoCopy, type RunResult } from "./repo-copy.js";

interface BadCase {
  name: string;
  /** A spec for `--spec SPEC --out generated/cloudflare-access`… */
  spec?: string;
  /** …or a config for `--config CONFIG`. */
  config?: string;
  /** What the line starts with after `specforge: `: the file, then `:LINE` and/or ` #/pointer`. */
  at: string;
  /** Why this case cannot have a line or pointer (the file is missing, say). */
  noPosition?: string;
  /** Substrings of the problem. */
  expect: string[];
  /** A substring of the hint. */
  hint: string;
  /** A known defect outside the files this corpus owns: the case runs as it.fails until it is fixed. */
  fails?: string;
}

const FIXTURES = "test/fixtures/bad";
const { cases } = JSON.parse(readFileSync(path.join(REPO_ROOT, FIXTURES, "cases.json"), "utf8")) as { cases: BadCase[] };
const OUT = "generated/cloudflare-access";
// `file[:line][ #/pointer]: problem (hint: hint)`
const LINE = /^specforge: (?<file>.+?)(?::(?<line>\d+))?(?: (?<pointer>#\S*))?: (?<problem>.+) \(hint: (?<hint>.+)\)$/;

function argsFor(c: BadCase): string[] {
  if (c.config !== undefined) return ["generate", "--config", c.config];
  if (c.spec !== undefined) return ["generate", "--spec", c.spec, "--out", OUT];
  throw new Error(`case "${c.name}" needs spec or config`);
}

interface Outcome {
  result: RunResult;
  /** generated/ right after this case ran. */
  hashes: Record<string, string>;
}

// Runs `task` over `items`, `limit` at a time (each CLI run is a node process that loads the generator).
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describe("bad specs and configs", () => {
  let copy: RepoCopy;
  let before: Record<string, string>;
  const outcomes = new Map<string, Outcome>();

  // All the CLI runs happen here, a few at a time; the tests below only read their outcomes.
  beforeAll(async () => {
    copy = await copyRepo();
    const generated = path.join(copy.dir, "generated");
    before = await hashTree(generated);
    await pool(cases, Math.max(2, os.availableParallelism()), async (c) => {
      // DEBUG is cleared so a developer's environment cannot add the stack trace.
      const result = await copy.specforge(argsFor(c), { DEBUG: "" });
      outcomes.set(c.name, { result, hashes: await hashTree(generated) });
    });
  }, 600_000);
  afterAll(async () => {
    await copy?.remove();
  });

  it("the corpus covers at least 20 cases, uses every fixture file, and generated/ holds the real package", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    const used = new Set(cases.flatMap((c) => [c.spec, c.config]));
    const files = readdirSync(path.join(REPO_ROOT, FIXTURES), { withFileTypes: true }).filter((e) => e.isFile() && e.name !== "cases.json");
    expect(files.map((e) => `${FIXTURES}/${e.name}`).filter((f) => !used.has(f))).toEqual([]);
    expect(before[`${OUT.slice("generated/".length)}/client.ts`]).toBeDefined();
  });

  describe("each exits 1 with one line naming where, what and how to fix it, and writes nothing", () => {
    for (const c of cases) {
      const title = c.fails ? `${c.name} (known defect: ${c.fails})` : c.name;
      it(title, { fails: c.fails !== undefined }, () => {
        const { result, hashes } = outcomes.get(c.name) as Outcome;
        const context = `${c.name}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`;
        expect(result.code, context).toBe(1);
        expect(result.stdout, context).toBe("");
        const lines = result.stderr.trimEnd().split("\n");
        expect(lines, context).toHaveLength(1);
        const line = lines[0] as string;
        expect(line, context).not.toMatch(/internal error/);
        const parsed = LINE.exec(line)?.groups;
        expect(parsed, `not of the form "specforge: file[:line][ #/pointer]: problem (hint: …)"\n${context}`).toBeDefined();
        const { file, line: lineNumber, pointer, problem, hint } = parsed as Record<string, string | undefined>;
        expect(line.startsWith(`specforge: ${c.at}: `), `expected the line to start with "specforge: ${c.at}: "\n${context}`).toBe(true);
        expect(file, context).toBe(c.spec ?? c.config ?? "");
        if (!c.noPosition) expect(lineNumber ?? pointer, `no line number or JSON pointer\n${context}`).toBeDefined();
        if (lineNumber !== undefined) expect(Number(lineNumber)).toBeGreaterThan(0);
        for (const fragment of c.expect) expect(problem, context).toContain(fragment);
        expect(hint, context).toContain(c.hint);
        expect(hashes, `generated/ changed after ${c.name}`).toEqual(before);
      });
    }
  });

  it("with DEBUG=1, the same line is followed by the stack trace", async () => {
    const c = cases.find((x) => x.spec === "test/fixtures/bad/yaml-syntax.yaml") as BadCase;
    const plain = outcomes.get(c.name) as Outcome;
    // Through the sources, whose file names the trace shows (the copy's bundle, dist/specforge.cjs, has no source map).
    const debug = await copy.specforge(argsFor(c), { DEBUG: "1", SPECFORGE_WITHOUT: "bundle" });
    expect(debug.code).toBe(1);
    const lines = debug.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(plain.result.stderr.trimEnd());
    expect(lines.length).toBeGreaterThan(2);
    expect(debug.stderr).toContain("SpecforgeError");
    expect(debug.stderr).toMatch(/\n\s+at .*src\/openapi\/load\.ts/);
    expect(await hashTree(path.join(copy.dir, "generated"))).toEqual(before);
  }, 60_000);
});
