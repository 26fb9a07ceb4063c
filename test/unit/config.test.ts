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

describe("specforge.config.schema.json", async () => {
  const { readFile } = await import("node:fs/promises");
  const { Ajv } = await import("ajv");
  const { CONFIG_KEYS } = await import("../../src/config.js");
  const schema = JSON.parse(await readFile("specforge.config.schema.json", "utf8")) as {
    properties: Record<string, unknown>;
    definitions: Record<string, { properties: Record<string, unknown> }>;
  };
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const parses = (config: unknown) => {
    try {
      parseConfig(config);
      return true;
    } catch {
      return false;
    }
  };

  it("names exactly the keys the parser accepts, at every level", () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_KEYS.top].sort());
    expect(Object.keys(schema.definitions.target?.properties ?? {}).sort()).toEqual([...CONFIG_KEYS.target].sort());
    expect(Object.keys(schema.definitions.refresh?.properties ?? {}).sort()).toEqual([...CONFIG_KEYS.refresh].sort());
    expect(Object.keys(schema.definitions.pathVariant?.properties ?? {}).sort()).toEqual([...CONFIG_KEYS.pathVariant].sort());
    expect(Object.keys(schema.definitions.envelope?.properties ?? {}).sort()).toEqual([...CONFIG_KEYS.envelope].sort());
  });

  it("accepts the repository's own config", async () => {
    const config = JSON.parse(await readFile("specforge.config.json", "utf8")) as unknown;
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  // Each case is one key away from a good target; the schema and the parser must agree on every one.
  const good = { spec: "s.yaml", out: "out" };
  const cases: unknown[] = [
    { targets: { a: good } },
    { $schema: "./specforge.config.schema.json", targets: { a: good } },
    { $schema: 1, targets: { a: good } },
    { targets: {} },
    { targets: { A: good } },
    { targets: { a: { ...good, packageName: "@acme/a" } } },
    { targets: { a: { ...good, packageName: 1 } } },
    { targets: { a: { ...good, packageName: "" } } },
    { targets: { a: { ...good, spec: "" } } },
    { targets: { a: { out: "out" } } },
    { targets: { a: { ...good, extra: 1 } } },
    { targets: { a: { ...good, lenient: "yes" } } },
    { targets: { a: { ...good, lenient: true } } },
    { targets: { a: { ...good, contextParams: ["x"] } } },
    { targets: { a: { ...good, credentialOptions: { bearer_auth: "token" } } } },
    { targets: { a: { ...good, credentialOptions: { bearer_auth: "1token" } } } },
    { targets: { a: { ...good, credentialOptions: { bearer_auth: 1 } } } },
    { targets: { a: { ...good, credentialOptions: ["token"] } } },
    { targets: { a: { ...good, contextParams: [1] } } },
    { targets: { a: { ...good, pathVariants: [{ selector: "s", id: "i", choices: { a: "1", b: "2" } }] } } },
    { targets: { a: { ...good, pathVariants: [{ selector: "s", id: "i", choices: { a: "1" } }] } } },
    { targets: { a: { ...good, pathVariants: [{ selector: "s", id: "i", choices: { a: "1", b: 2 } }] } } },
    { targets: { a: { ...good, pathVariants: [{ selector: "s", id: "i", choices: { a: "1", b: "2" }, extra: 1 }] } } },
    { targets: { a: { ...good, envelope: { result: "r", success: "s", errors: "e", messages: "m" } } } },
    { targets: { a: { ...good, envelope: { result: "r" } } } },
    { targets: { a: { ...good, refresh: { operations: ["group:x"], overlay: "o.yaml", from: "u.json" } } } },
    { targets: { a: { ...good, refresh: { operations: [] } } } },
    { targets: { a: { ...good, refresh: { operations: [" "] } } } },
    { targets: { a: { ...good, refresh: { operations: ["tag:x"], from: "" } } } },
    { targets: { a: { ...good, refresh: { operations: ["tag:x"], overlay: 1 } } } },
    { targets: { a: { ...good, refresh: { operations: ["tag:x"], form: "u.json" } } } },
    { targets: { a: { ...good, env: { apiToken: "EXAMPLE_API_TOKEN", baseURL: "EXAMPLE_BASE_URL" } } } },
    { targets: { a: { ...good, env: { apiToken: "1TOKEN" } } } },
    { targets: { a: { ...good, env: { apiToken: 1 } } } },
    { targets: { a: { ...good, env: ["EXAMPLE_API_TOKEN"] } } },
    { targets: { a: { ...good, requestIdHeader: "cf-ray" } } },
    { targets: { a: { ...good, requestIdHeader: "request id" } } },
    { targets: { a: { ...good, requestIdHeader: "" } } },
    { targets: { a: { ...good, userAgent: "my-client/1.2.3" } } },
    { targets: { a: { ...good, userAgent: " " } } },
    { targets: { a: { ...good, userAgent: "a\nb" } } },
    { targets: { a: { ...good, pagination: [{ name: "p", type: "page", pageParam: "page", sizeParam: "per_page", items: "result", info: "result_info", totalPages: "result_info.total_pages" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "c", type: "cursor", cursorParam: "cursor", nextCursor: "next", items: "data", operations: ["GET /things"] }] } } },
    { targets: { a: { ...good, pagination: [{ name: "l", type: "link", items: "" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "p", type: "page", items: "result" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "c", type: "cursor", cursorParam: "cursor", items: "data" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "p", type: "page", pageParam: "page", items: "result", nextCursor: "next" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "p", type: "pages", pageParam: "page", items: "result" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "", type: "link", items: "data" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "l", type: "link" }] } } },
    { targets: { a: { ...good, pagination: [{ name: "l", type: "link", items: 1 }] } } },
    { targets: { a: { ...good, pagination: [{ name: "l", type: "link", items: "data", operations: ["things"] }] } } },
    { targets: { a: { ...good, pagination: { name: "l", type: "link", items: "data" } } } },
  ];
  it.each(cases.map((config) => ({ name: JSON.stringify(config), config })))("agrees with the parser on $name", ({ config }) => {
    expect(validate(config)).toBe(parses(config));
  });
});

describe("readConfigFile", () => {
  it("finds the config in the folder it is given, and resolves nothing from the working folder", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const os = await import("node:os");
    const path = await import("node:path");
    const { readConfigFile } = await import("../../src/config.js");
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-config-"));
    // A .ts config: the working folder (this repository) has only a .json one, so a search there would miss it.
    await writeFile(path.join(dir, "specforge.config.ts"), `export default ${JSON.stringify({ targets: { elsewhere: { spec: "api.yaml", out: "out" } } })};\n`);
    const loaded = await readConfigFile(undefined, dir);
    expect(loaded.root).toBe(dir);
    expect(loaded.file).toBe("specforge.config.ts");
    expect(loaded.targets.map((t) => t.name)).toEqual(["elsewhere"]);
  });
});
