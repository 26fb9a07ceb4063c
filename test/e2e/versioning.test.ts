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

async function editSpec(from: string, to: string): Promise<void> {
  const file = path.join(copy.dir, SPEC);
  const text = await readFile(file, "utf8");
  expect(text, `the spec has ${JSON.stringify(from)}`).toContain(from);
  await writeFile(file, text.replace(from, to));
}

const versionOnDisk = async () => (JSON.parse(await copy.read(`${OUT}/package.json`)) as { version: string }).version;

async function generate(): Promise<string> {
  const result = await copy.specforge(["generate"], ENV);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe("generate and the package version", () => {
  it("bumps patch for a description, minor for a new field, major for a removed one, each with a dated CHANGELOG entry", async () => {
    expect(await versionOnDisk()).toBe("4.0.0");

    await editSpec("description: The name of the service token.", "description: The name of the service token, as shown in the dashboard.");
    expect(await generate()).toContain("(semver: patch)");
    expect(await versionOnDisk()).toBe("4.0.1");

    await editSpec("                previous_client_secret_expires_at:\n", "                enabled:\n                  type: boolean\n                previous_client_secret_expires_at:\n");
    expect(await generate()).toContain("(semver: minor)");
    expect(await versionOnDisk()).toBe("4.1.0");

    await editSpec('        client_id:\n          $ref: "#/components/schemas/access_client_id"\n', "");
    expect(await generate()).toContain("(semver: major)");
    expect(await versionOnDisk()).toBe("5.0.0");

    const log = await copy.read(`${OUT}/CHANGELOG.md`);
    expect(log.match(/^## .*$/gm)).toEqual(["## 4.0.1 (2026-08-09)", "## 4.1.0 (2026-08-09)", "## 5.0.0 (2026-08-09)"]);
    expect(log).toContain("- non-breaking: added optional param zeroTrust.access.serviceTokens.update › enabled");
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
    await writeFile(manifestFile, (await readFile(manifestFile, "utf8")).replace('"version": "5.0.0"', '"version": "6.0.0-beta.1"'));
    const check = await copy.specforge(["generate", "--check"], ENV);
    expect(check.code, check.stdout + check.stderr).toBe(0);

    await editSpec('        duration:\n          $ref: "#/components/schemas/access_duration"\n        expires_at:', "        expires_at:");
    expect(await generate()).toContain("(semver: major)");
    expect(await versionOnDisk()).toBe("6.0.0-beta.1");
    const log = await copy.read(`${OUT}/CHANGELOG.md`);
    expect(log).toContain("## 6.0.0-beta.1 (2026-08-09)\n\nsemver: major (versioning is manual: the version is the one set in package.json)");
  });
});
