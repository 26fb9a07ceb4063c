import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig } from "../../src/config.js";
import { editDistance, nearest } from "../../src/errors.js";

describe("parseConfig", () => {
  it("reads a target and settles its defaults", () => {
    const [target] = parseConfig({ targets: { pets: { spec: "spec/pets.yaml", out: "generated/pets" } } });
    expect(target).toEqual({ name: "pets", spec: "spec/pets.yaml", out: "generated/pets", packageName: "@specforge/pets", pathVariants: [], contextParams: [], envelope: undefined });
  });

  it("reads `versioning`: manual turns the version bump off, auto is the default", () => {
    const [manual, auto] = parseConfig({ targets: { a: { spec: "x", out: "y", versioning: "manual" }, b: { spec: "x", out: "z", versioning: "auto" } } });
    expect(manual?.versioning).toBe("manual");
    expect(auto?.versioning).toBeUndefined();
  });

  it("reads the repository's own config", async () => {
    const [target] = await loadConfig();
    expect(target?.name).toBe("cloudflare-access");
    expect(target?.pathVariants[0]?.choices).toEqual({ account_id: "accounts", zone_id: "zones" });
  });

  const failures = [
    { given: [], want: /must be a JSON object/ },
    { given: { targets: {} }, want: /at least one target/ },
    { given: { targtes: {} }, want: /#\/targtes: unknown config key 'targtes' \(hint: did you mean 'targets'\?\)/ },
    { given: { targets: { a: { sepc: "x", out: "y" } } }, want: /#\/targets\/a\/sepc: unknown config key 'sepc' \(hint: did you mean 'spec'\?\)/ },
    { given: { targets: { a: { spec: "x" } } }, want: /#\/targets\/a\/out: `out` must be a non-empty string/ },
    { given: { targets: { A: { spec: "x", out: "y" } } }, want: /not a valid package folder name/ },
    { given: { targets: { a: { spec: "x", out: "y", pathVariants: [{ selector: "s", id: "i", choices: { one: "1" } }] } } }, want: /at least two string `choices`/ },
    { given: { targets: { a: { spec: "x", out: "y", envelope: { result: "r" } } } }, want: /`envelope` needs/ },
    { given: { targets: { a: { spec: "x", out: "y", versioning: "semver" } } }, want: /#\/targets\/a\/versioning: `versioning` must be "auto" or "manual"/ },
  ];
  it.each(failures)("rejects %j", ({ given, want }) => {
    expect(() => parseConfig(given, "specforge.config.json")).toThrow(want);
  });

  it("names the config file in every error", () => {
    expect(() => parseConfig({ targets: {} }, "custom.json")).toThrow(/^custom\.json #\/targets:/);
  });
});

describe("nearest (did you mean)", () => {
  it.each([
    { given: ["sepc", ["spec", "out"]], want: "spec" },
    { given: ["packagename", ["packageName", "out"]], want: "packageName" },
    { given: ["zzzzzz", ["spec", "out"]], want: undefined },
  ] as const)("$given.0 → $want", ({ given, want }) => {
    expect(nearest(given[0], given[1])).toBe(want);
  });
  it("counts edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
