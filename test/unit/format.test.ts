// Files printed without prettier (see PRINTED_CANONICALLY) must be exactly what prettier would print.
import prettier from "prettier";
import { describe, expect, it } from "vitest";
import { renderTarget } from "../../src/generate.js";
import { loadConfig, type TargetConfig } from "../../src/config.js";
import { PRETTIER_OPTIONS, PRINTED_CANONICALLY } from "../../src/format/format.js";

const petstore: TargetConfig = { name: "petstore", spec: "test/fixtures/petstore.yaml", out: "generated/petstore", packageName: "@specforge/petstore", pathVariants: [], contextParams: [] };

describe("files printed in prettier's canonical form", async () => {
  const [fragment] = await loadConfig();
  for (const target of [fragment as TargetConfig, petstore]) {
    for (const name of PRINTED_CANONICALLY) {
      it(`${target.name}: prettier leaves ${name} unchanged`, async () => {
        const text = (await renderTarget(target, { command: "npm run generate" })).files.get(name) as string;
        expect(await prettier.format(text, { parser: "markdown", ...PRETTIER_OPTIONS })).toBe(text);
      });
    }
  }

  it("catches text that prettier would rewrite (the check is real)", async () => {
    const text = "# API\n\n* item with *emphasis*\n";
    expect(await prettier.format(text, { parser: "markdown", ...PRETTIER_OPTIONS })).not.toBe(text);
  });
});
