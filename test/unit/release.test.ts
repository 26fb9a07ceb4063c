// The generated package's version and changelog entry (src/report/release.ts, src/report/changelog.ts).
import { describe, expect, it } from "vitest";
import { appendChangelog, changelogEntry, releaseDate } from "../../src/report/changelog.js";
import { bumpVersion, compareVersions, planRelease, semverOfSpecVersion, type ReleaseInput } from "../../src/report/release.js";

const listing = (...lines: string[]) => ["# API", "", "## pets.get", "", "- method `pets.get(id, params, options?)`: `GET /pets/{id} → PetGetResponse`, required — Get a pet", ...lines].join("\n");
const BEFORE = listing("- result `name`: `string`, optional — The name.");
const input = (over: Partial<ReleaseInput>): ReleaseInput => ({ previousListing: BEFORE, previousVersion: "4.0.0", listing: BEFORE, specVersion: "4.0.0", versioning: "auto", packageFile: "generated/pets/package.json", ...over });

describe("bumpVersion", () => {
  it.each([
    ["4.0.0", "major", "5.0.0"],
    ["4.2.7", "minor", "4.3.0"],
    ["4.2.7", "patch", "4.2.8"],
    ["0.3.1", "major", "1.0.0"],
    ["1.0.0-rc.1", "major", "1.0.0"],
    ["1.2.0-rc.1", "major", "2.0.0"],
    ["1.2.0-rc.1", "minor", "1.2.0"],
    ["1.2.3-rc.1", "patch", "1.2.3"],
    ["1.2.3+build.5", "patch", "1.2.4"],
  ] as const)("%s + %s = %s", (from, level, to) => {
    expect(bumpVersion(from, level)).toBe(to);
  });

  it("orders versions by semver precedence, a prerelease below its release", () => {
    expect(compareVersions("5.0.0", "4.10.0")).toBeGreaterThan(0);
    expect(compareVersions("4.10.0", "4.9.9")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0-rc.1", "1.0.0")).toBeLessThan(0);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
  });

  it("reads a spec's info.version as a package version", () => {
    expect(semverOfSpecVersion("4.0.0")).toBe("4.0.0");
    expect(semverOfSpecVersion("4.1")).toBe("4.1.0");
    expect(semverOfSpecVersion("v2")).toBe("0.0.0");
  });
});

describe("planRelease", () => {
  it("keeps the version when the listing is unchanged, so --check after generate renders the same package.json", () => {
    expect(planRelease(input({})).version).toBe("4.0.0");
  });

  it("bumps by the report's level: patch for docs, minor for an addition, major for a removal", () => {
    expect(planRelease(input({ listing: listing("- result `name`: `string`, optional — The pet's name.") }))).toMatchObject({ level: "patch", version: "4.0.1" });
    expect(planRelease(input({ listing: listing("- result `name`: `string`, optional — The name.", "- result `tag`: `string`, optional") }))).toMatchObject({ level: "minor", version: "4.1.0" });
    expect(planRelease(input({ listing: listing() }))).toMatchObject({ level: "major", version: "5.0.0" });
  });

  it("carries a hand-set version forward and bumps from it", () => {
    expect(planRelease(input({ previousVersion: "7.3.0", listing: listing() })).version).toBe("8.0.0");
  });

  it("follows the spec's info.version when it moves past the package's", () => {
    expect(planRelease(input({ specVersion: "4.2.0" })).version).toBe("4.2.0");
    expect(planRelease(input({ specVersion: "3.0.0", listing: listing() })).version).toBe("5.0.0");
  });

  it("starts a new package at the spec's info.version, with no changes to report", () => {
    expect(planRelease(input({ previousListing: undefined, previousVersion: undefined, specVersion: "2.1" }))).toMatchObject({ version: "2.1.0", changes: [], level: "none" });
  });

  it("with versioning manual, keeps the version on disk whatever the report says", () => {
    expect(planRelease(input({ versioning: "manual", listing: listing() }))).toMatchObject({ level: "major", version: "4.0.0" });
    expect(planRelease(input({ versioning: "manual", previousVersion: "2026.8.0-beta", specVersion: "9.0.0" })).version).toBe("2026.8.0-beta");
  });

  it("refuses to bump a version that is not semver, naming package.json and the way out", () => {
    expect(() => planRelease(input({ previousVersion: "2026-08-01", listing: listing() }))).toThrow(/generated\/pets\/package\.json #\/version: the generated package's version '2026-08-01' is not a semver version.*versioning": "manual"/);
  });
});

describe("the changelog entry", () => {
  it("is headed by the version and the date, and lists the report", () => {
    const entry = changelogEntry({ packageName: "@x/pets", version: "4.1.0", date: "2026-08-09", level: "minor", versioning: "auto", spec: "spec/pets.yaml", sha256: "ab".repeat(32), changes: [{ breaking: false, level: "minor", text: "added method pets.list" }] });
    expect(entry).toBe(["## 4.1.0 (2026-08-09)", "", "semver: minor; from spec/pets.yaml (sha256 abababababab).", "", "- non-breaking: added method pets.list"].join("\n"));
    expect(appendChangelog(undefined, "@x/pets", entry)).toBe(`# Changelog of @x/pets\n\nAppended by specforge each time regeneration changes the API.\n\n${entry}\n`);
    expect(appendChangelog("# Changelog\n\n## 4.0.0 (2026-01-01)\n", "@x/pets", entry)).toBe(`# Changelog\n\n## 4.0.0 (2026-01-01)\n\n${entry}\n`);
  });

  it("says when the version was left to the user", () => {
    const entry = changelogEntry({ packageName: "@x/pets", version: "4.0.0", date: "2026-08-09", level: "major", versioning: "manual", spec: "spec/pets.yaml", sha256: "0".repeat(64), changes: [] });
    expect(entry).toContain("semver: major (versioning is manual: the version is the one set in package.json)");
  });

  it("is dated today in UTC, or on SOURCE_DATE_EPOCH's day when it is set", () => {
    expect(releaseDate({}, new Date("2026-08-09T23:30:00-02:00"))).toBe("2026-08-10");
    expect(releaseDate({ SOURCE_DATE_EPOCH: "1786233600" }, new Date("2030-01-01"))).toBe("2026-08-09");
    expect(releaseDate({ SOURCE_DATE_EPOCH: "soon" }, new Date("2030-01-01T00:00:00Z"))).toBe("2030-01-01");
  });
});
