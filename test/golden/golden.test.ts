// Golden tests: generator output for fixture specs, compared with committed files.
// Run with CI=true (.ci/run and the CI workflow set it), so a missing golden file fails instead of being written.
import { describe, expect, it } from "vitest";
import { renderTarget } from "../../src/generate.js";
import type { TargetConfig } from "../../src/config.js";
import { loadConfig } from "../../src/config.js";

const petstore: TargetConfig = { name: "petstore", spec: "test/fixtures/petstore.yaml", out: "generated/petstore", packageName: "@specforge/petstore", pathVariants: [], contextParams: [] };

describe("golden output", async () => {
  const [fragment] = await loadConfig();
  const targets = [fragment as TargetConfig, petstore];
  // The client is client.ts (the facade), core.ts and one module per top-level group (src/emit/client-layout.ts).
  const groupModules: Record<string, string[]> = { "cloudflare-access": ["operations/zero-trust.ts"], petstore: ["operations/pets.ts"] };
  for (const target of targets) {
    for (const file of ["schema.ts", "client.ts", "core.ts", ...(groupModules[target.name] ?? [])]) {
      it(`${target.name}: ${file} matches test/golden/${target.name}/${file}`, async () => {
        const rendered = await renderTarget(target, { command: "npm run generate" });
        await expect(rendered.files.get(file)).toMatchFileSnapshot(`./${target.name}/${file}.golden`);
      });
    }
  }
});
