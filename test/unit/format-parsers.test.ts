// TypeScript output is formatted with prettier's babel-ts parser because it is faster (src/format/format.ts,
// TYPESCRIPT_PARSER). That is only right if it prints what prettier's typescript parser prints: every generated
// TypeScript file must come back unchanged from the typescript parser. test/e2e/real-world-specs.test.ts holds every
// real-world fixture's output to the same check.
import prettier from "prettier";
import { describe, expect, it } from "vitest";
import { loadConfig, type TargetConfig } from "../../src/config.js";
import { renderTarget } from "../../src/generate.js";
import { PRETTIER_OPTIONS, TYPESCRIPT_PARSER } from "../../src/format/format.js";
import { formatText } from "../../src/format/format-text.js";

const petstore: TargetConfig = { name: "petstore", spec: "test/fixtures/petstore.yaml", out: "generated/petstore", packageName: "@specforge/petstore", pathVariants: [], contextParams: [] };
const withTypescriptParser = (text: string): Promise<string> => prettier.format(text, { ...PRETTIER_OPTIONS, parser: "typescript" });

describe("TypeScript formatted with babel-ts is what prettier's typescript parser prints", async () => {
  const [fragment] = await loadConfig();

  it("the render uses babel-ts (what the rest of this file is about)", () => {
    expect(TYPESCRIPT_PARSER).toBe("babel-ts");
  });

  for (const target of [fragment as TargetConfig, petstore]) {
    it(`${target.name}: every .ts file is unchanged by the typescript parser`, async () => {
      const files = [...(await renderTarget(target, { command: "npm run generate" })).files].filter(([name]) => name.endsWith(".ts"));
      expect(files.length).toBeGreaterThan(3);
      for (const [name, text] of files) expect(await withTypescriptParser(text), name).toBe(text);
    });
  }

  it("the check is real: text the typescript parser would rewrite is caught", async () => {
    const text = "const a = {b:1}\n";
    expect(await withTypescriptParser(text)).not.toBe(text);
  });
});

describe("formatText", () => {
  it("formats with the parser asked for", async () => {
    expect(await formatText("const a = {b:1}\n", "babel-ts", PRETTIER_OPTIONS)).toBe("const a = { b: 1 };\n");
  });

  it("falls back to the typescript parser for a text Babel cannot read", async () => {
    // Babel refuses `let` as a lexically bound name; TypeScript's parser reads it (tsc reports it later).
    const text = "let let = 1\n";
    await expect(prettier.format(text, { ...PRETTIER_OPTIONS, parser: "babel-ts" })).rejects.toThrow();
    expect(await formatText(text, "babel-ts", PRETTIER_OPTIONS)).toBe("let let = 1;\n");
  });

  it("still fails on a text neither parser can read, with prettier's message", async () => {
    await expect(formatText("const = ;\n", "babel-ts", PRETTIER_OPTIONS)).rejects.toThrow(/\(1:7\)/);
  });

  it("does not fall back for other parsers", async () => {
    await expect(formatText("{", "json", PRETTIER_OPTIONS)).rejects.toThrow();
  });
});
