// The checked-in fragment passes a real OpenAPI validator (Redocly's), not only our own checks.
import { createConfig, lint } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";

const FRAGMENT = "spec/cloudflare-access.yaml";

describe(`${FRAGMENT} under @redocly/openapi-core`, () => {
  it("has no errors under Redocly's recommended ruleset (spec rules, refs, examples against schemas)", async () => {
    const config = await createConfig({
      extends: ["recommended"],
      // Upstream Cloudflare conventions that the recommended *style* rules dislike; they are not spec errors.
      rules: {
        "operation-operationId": "off",
        "info-license": "off",
        // Examples are the contract tests' input: an invalid one is an error, not a warning.
        "no-invalid-media-type-examples": "error",
        "no-invalid-schema-examples": "error",
        "no-invalid-parameter-examples": "error",
      },
    });
    const problems = await lint({ ref: FRAGMENT, config });
    const reported = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`);
    expect(reported).toEqual([]);
  });

  it("catches a broken fragment (the validator is really looking)", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const { readFile, writeFile, mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = await mkdtemp(path.join(tmpdir(), "specforge-redocly-"));
    const broken = (await readFile(FRAGMENT, "utf8")).replace("maxLength: 36", "maxLength: thirty-six");
    await writeFile(path.join(dir, "broken.yaml"), broken);
    const problems = await lint({ ref: path.join(dir, "broken.yaml"), config });
    expect(problems.some((p) => p.severity === "error")).toBe(true);
  });
});
