// Large files are formatted in pieces (src/format/split-source.ts) and stitched back together. The stitched bytes must
// be exactly prettier's output for the whole file: these tests cut real generated files into the smallest pieces
// (so every seam kind is exercised: statements, interface members, nested type literals, object literals, the
// client's returned object) and compare.
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { loadConfig, type TargetConfig } from "../../src/config.js";
import { renderTarget } from "../../src/generate.js";
import { formatFiles, type FileHeader } from "../../src/format/format.js";
import { assembleUnit, splitSource, unitJobs, type SplitOptions } from "../../src/format/split-source.js";

const header: FileHeader = { spec: "spec.yaml", command: "specforge generate" };
const WHOLE: SplitOptions = { splitAbove: Number.POSITIVE_INFINITY, groupSize: 1 };
const TINY: SplitOptions = { splitAbove: 120, groupSize: 80 };

const petstore: TargetConfig = { name: "petstore", spec: "test/fixtures/petstore.yaml", out: "generated/petstore", packageName: "@specforge/petstore", pathVariants: [], contextParams: [] };
// The fixtures with the most varied shapes; the runtime files are the same in every package, so they are taken once.
const realWorld = ["shapes-30.yaml", "shapes-31.yaml", "names-31.yaml"];
// The contract suite is contract/suite.ts and one contract/<group>.test.ts per client group.
const EMITTED = new Set(["schema.ts", "client.ts", "index.ts"]);

async function renderedSources(target: TargetConfig): Promise<[string, string][]> {
  const { files } = await renderTarget(target, { command: "specforge generate" });
  return [...files].filter(([name]) => EMITTED.has(name) || name.startsWith("contract/") || (target.name === "petstore" && name.endsWith(".ts")));
}

// The same code laid out by TypeScript's printer (4-space indents, no blank lines): prettier has work to do.
function reprinted(text: string): string {
  return ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
}

async function formatBoth(name: string, text: string): Promise<{ whole: string; pieces: string; fallbacks: number }> {
  const whole = (await formatFiles(new Map([[name, text]]), header, { split: WHOLE })).get(name) as string;
  let fallbacks = 0;
  const pieces = (await formatFiles(new Map([[name, text]]), header, { split: TINY, onWholeFallback: () => fallbacks++ })).get(name) as string;
  return { whole, pieces, fallbacks };
}

describe("formatting in pieces gives prettier's bytes for the whole file", async () => {
  const [fragment] = await loadConfig();
  const targets: TargetConfig[] = [
    fragment as TargetConfig,
    petstore,
    ...realWorld.map((file): TargetConfig => ({ name: file, spec: `test/fixtures/real-world/${file}`, out: "unused", packageName: "unused", pathVariants: [], contextParams: [], lenient: true })),
  ];
  for (const target of targets) {
    it(`${target.name}: every generated .ts file, as emitted and as reprinted`, async () => {
      let splitUnits = 0;
      for (const [name, text] of await renderedSources(target)) {
        for (const input of [text, reprinted(text)]) {
          splitUnits += splitSource(input, TINY).filter((u) => u.kind === "split").length;
          const { whole, pieces, fallbacks } = await formatBoth(name, input);
          expect(pieces, `${target.name} ${name}`).toBe(whole);
          // Stitched, not rescued by formatting whole statements.
          expect(fallbacks, `${target.name} ${name}: statements formatted whole after a seam mismatch`).toBe(0);
        }
      }
      // The comparison is only worth something if the files were really cut.
      expect(splitUnits).toBeGreaterThan(0);
    });
  }

  it("cuts a big interface into member groups and nested type literals into deeper frames", () => {
    const members = Array.from({ length: 40 }, (_, i) => `  m${i}: { a: string; b: number };`).join("\n");
    const text = `export interface components {\n  schemas: {\n${members}\n  };\n  other: string;\n}\n`;
    const [unit] = splitSource(text, TINY);
    expect(unit?.kind).toBe("split");
    if (unit?.kind !== "split") return;
    expect(Math.max(...unit.groups.map((g) => g.frames.length))).toBe(2);
    expect(unit.groups.length).toBeGreaterThan(5);
  });

  // On the whole Cloudflare API this statement is 9.9 MB: formatted whole it was one job on one thread.
  it("cuts the contract tests' schema map (an object passed alone to a call) through single-member objects", async () => {
    const schemas = Array.from({ length: 40 }, (_, i) => `      s${i}: { type: "object", properties: { a: { type: "string" } } },`).join("\n");
    const text = `const check = createSchemaChecker({\n  components: {\n    schemas: {\n${schemas}\n    },\n  },\n});\n`;
    const [unit] = splitSource(text, TINY);
    expect(unit?.kind).toBe("split");
    if (unit?.kind !== "split") return;
    // createSchemaChecker({ … }) › components › schemas
    expect(Math.max(...unit.groups.map((g) => g.frames.length))).toBe(3);
    expect(unit.groups.length).toBeGreaterThan(5);
    const { whole, pieces, fallbacks } = await formatBoth("contract/suite.ts", text);
    expect(pieces).toBe(whole);
    expect(fallbacks).toBe(0);
  });

  it("refuses to stitch pieces whose seams do not match (the check is real)", () => {
    const members = Array.from({ length: 40 }, (_, i) => `  m${i}: string;`).join("\n");
    const [unit] = splitSource(`export interface big {\n${members}\n}\n`, TINY);
    if (unit?.kind !== "split") throw new Error("expected a split unit");
    const jobs = unitJobs(unit);
    // Stand-in "formatted" texts: the skeleton as prettier would print it, but a group with a different head.
    const formatted = jobs.map((job, i) => (i === 0 ? "export interface big {\n  __specforge_split__: never;\n}\n" : `export interface other {\n${job.split("\n").slice(1, -2).join("\n")}\n}\n`));
    expect(assembleUnit(unit, formatted)).toBeUndefined();
  });
});
