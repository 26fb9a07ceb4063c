// The version follows the change report: generate bumps the generated package.json by the report's level and appends
// a dated CHANGELOG entry, and what it wrote is what --check renders next (the version is carried from disk).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, hashTree, type RepoCopy } from "./repo-copy.js";

const SPEC = "spec/cloudflare-access.yaml";
const OUT = "generated/cloudflare-access";
// 2026-08-09 (UTC): the changelog's date, pinned the reproducible-builds way.
const ENV = { SOURCE_DATE_EPOCH: "1786233600" };

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
});
afterAll(async () => {
  await copy.remove();
});

// Replaces the first `from` after `after` (a place in the spec, e.g. the update operation's start).
async function editSpec(from: string, to: string, after = ""): Promise<void> {
  const file = path.join(copy.dir, SPEC);
  const text = await readFile(file, "utf8");
  const start = text.indexOf(after);
  expect(start, `the spec has ${JSON.stringify(after)}`).toBeGreaterThanOrEqual(0);
  const at = text.indexOf(from, start);
  expect(at, `the spec has ${JSON.stringify(from)} after ${JSON.stringify(after)}`).toBeGreaterThanOrEqual(0);
  await writeFile(file, text.slice(0, at) + to + text.slice(at + from.length));
}

// The version a bump of `level` gives (plain x.y.z versions only, as the generated package starts from).
function bumped(version: string, level: "patch" | "minor" | "major"): string {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  if (level === "major") return `${major + 1}.0.0`;
  if (level === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

// Where the update operation (PUT …/service_tokens/{service_token_id}) starts in the fragment.
const UPDATE = "    put:\n      description: Updates a configured service token.\n";

const versionOnDisk = async () => (JSON.parse(await copy.read(`${OUT}/package.json`)) as { version: string }).version;

async function generate(): Promise<string> {
  const result = await copy.specforge(["generate"], ENV);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe("generate and the package version", () => {
  it("bumps patch for a description, minor for a new field, major for a removed one, each with a dated CHANGELOG entry", async () => {
    const start = await versionOnDisk();
    expect(start).toMatch(/^\d+\.\d+\.\d+$/);
    const patch = bumped(start, "patch");
    const minor = bumped(patch, "minor");
    const major = bumped(minor, "major");

    await editSpec("description: The name of the service token.", "description: The name of the service token, as shown in the dashboard.");
    expect(await generate()).toContain("(semver: patch)");
    expect(await versionOnDisk()).toBe(patch);

    await editSpec("                previous_client_secret_expires_at:\n", "                nickname:\n                  type: string\n                previous_client_secret_expires_at:\n", UPDATE);
    expect(await generate()).toContain("(semver: minor)");
    expect(await versionOnDisk()).toBe(minor);

    await editSpec('        client_id:\n          $ref: "#/components/schemas/access_client_id"\n', "", "access_service-tokens:\n");
    expect(await generate()).toContain("(semver: major)");
    expect(await versionOnDisk()).toBe(major);

    const log = await copy.read(`${OUT}/CHANGELOG.md`);
    expect(log.match(/^## .*$/gm)?.slice(-3)).toEqual([`## ${patch} (2026-08-09)`, `## ${minor} (2026-08-09)`, `## ${major} (2026-08-09)`]);
    expect(log).toContain("- non-breaking: added optional param zeroTrust.access.serviceTokens.update › nickname");
    expect(log).toContain("- **breaking**: removed result zeroTrust.access.serviceTokens.update › client_id");
  });

  it("writes what --check renders next: --check passes, and a second generate changes no byte", async () => {
    const check = await copy.specforge(["generate", "--check", "--no-cache"], ENV);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const before = await hashTree(path.join(copy.dir, OUT));
    const again = await copy.specforge(["generate", "--no-cache"], ENV);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("is up to date");
    expect(await hashTree(path.join(copy.dir, OUT))).toEqual(before);
  });

  it('with "versioning": "manual", keeps a hand-set version through a breaking change, and says so in the changelog', async () => {
    const configFile = path.join(copy.dir, "specforge.config.json");
    const config = JSON.parse(await readFile(configFile, "utf8")) as { targets: Record<string, Record<string, unknown>> };
    (config.targets["cloudflare-access"] as Record<string, unknown>).versioning = "manual";
    await writeFile(configFile, JSON.stringify(config, null, 2));
    const manifestFile = path.join(copy.dir, OUT, "package.json");
    const manifest = await readFile(manifestFile, "utf8");
    expect(manifest).toMatch(/"version": "[^"]+"/);
    await writeFile(manifestFile, manifest.replace(/"version": "[^"]+"/, '"version": "6.0.0-beta.1"'));
    // version.ts (the User-Agent's version) follows package.json: --check names it stale until generate runs.
    const stale = await copy.specforge(["generate", "--check"], ENV);
    expect(stale.stdout + stale.stderr).toContain("stale    version.ts");
    await generate();
    expect(await copy.read(`${OUT}/version.ts`)).toContain('"6.0.0-beta.1"');
    const check = await copy.specforge(["generate", "--check"], ENV);
    expect(check.code, check.stdout + check.stderr).toBe(0);

    await editSpec('        duration:\n          $ref: "#/components/schemas/access_duration"\n', "", "access_service-tokens:\n");
    expect(await generate()).toContain("(semver: major)");
    expect(await versionOnDisk()).toBe("6.0.0-beta.1");
    const log = await copy.read(`${OUT}/CHANGELOG.md`);
    expect(log).toContain("## 6.0.0-beta.1 (2026-08-09)\n\nsemver: major (versioning is manual: the version is the one set in package.json)");
  });
});
