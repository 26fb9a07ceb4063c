import { SpecforgeError } from "../errors.js";
import { diffApiListings, semverHint, type ApiChange, type SemverLevel } from "./api-diff.js";

// The generated package's version, decided at render time so that `generate --check` renders the same bytes.
//
// The current version lives in the generated package.json on disk and is carried forward: a render whose API listing
// equals the one on disk keeps it, so a second `generate`, or `--check` after one, changes nothing. With versioning
// "auto" (the default) a render whose listing differs bumps it by the change report's level (major, minor, patch for
// documentation); the spec's `info.version` is a floor, so when upstream moves it past the package's version the
// package follows. With "manual" the version on disk is kept as it is (hand edits stick); either way a new package
// starts at the spec's `info.version`.

export interface ReleaseInput {
  /** API.md of the package on disk; absent for a new package. */
  previousListing: string | undefined;
  /** `version` of the package.json on disk; absent for a new package. */
  previousVersion: string | undefined;
  /** API.md as rendered now. */
  listing: string;
  /** The spec's `info.version`. */
  specVersion: string;
  versioning: "auto" | "manual";
  /** The package.json the previous version was read from, for an error's location. */
  packageFile: string;
}

export interface Release {
  changes: ApiChange[];
  level: SemverLevel;
  previousVersion: string | undefined;
  version: string;
}

// Decides the changes since the package on disk and the version they give it.
export function planRelease(input: ReleaseInput): Release {
  const changes = input.previousListing === undefined ? [] : diffApiListings(input.previousListing, input.listing);
  const level = semverHint(changes);
  const initial = semverOfSpecVersion(input.specVersion);
  const previous = input.previousVersion;
  if (previous === undefined) return { changes, level, previousVersion: previous, version: initial };
  if (input.versioning === "manual") return { changes, level, previousVersion: previous, version: previous };
  if (parseVersion(previous) === undefined) {
    throw new SpecforgeError(`the generated package's version '${previous}' is not a semver version (MAJOR.MINOR.PATCH)`, 'set it to one, e.g. "1.0.0", or set "versioning": "manual" on the target to version it by hand', { file: input.packageFile, pointer: "#/version" });
  }
  const bumped = level === "none" ? previous : bumpVersion(previous, level);
  return { changes, level, previousVersion: previous, version: compareVersions(initial, bumped) > 0 ? initial : bumped };
}

interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | undefined;
}

function parseVersion(version: string): ParsedVersion | undefined {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] };
}

// Increments a semver version as `npm version <level>` does (https://semver.org/#spec-item-8): a prerelease of the
// version the bump would reach is released instead (1.0.0-rc.1 major → 1.0.0), and build metadata is dropped.
export function bumpVersion(version: string, level: "major" | "minor" | "patch"): string {
  const v = parseVersion(version);
  if (!v) throw new Error(`not a semver version: ${version}`);
  const pre = v.prerelease !== undefined;
  if (level === "major") return pre && v.minor === 0 && v.patch === 0 ? `${v.major}.0.0` : `${v.major + 1}.0.0`;
  if (level === "minor") return pre && v.patch === 0 ? `${v.major}.${v.minor}.0` : `${v.major}.${v.minor + 1}.0`;
  return pre ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}.${v.patch + 1}`;
}

// Semver precedence of two versions (https://semver.org/#spec-item-11), prerelease identifiers compared whole.
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return 0;
  for (const key of ["major", "minor", "patch"] as const) if (x[key] !== y[key]) return x[key] - y[key];
  if (x.prerelease === y.prerelease) return 0;
  if (x.prerelease === undefined) return 1;
  if (y.prerelease === undefined) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}

// The spec's `info.version` as a package version: `4` and `4.0` read 4.0.0; anything else starts at 0.0.0.
export function semverOfSpecVersion(version: string): string {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return match ? `${Number(match[1])}.${Number(match[2] ?? 0)}.${Number(match[3] ?? 0)}` : "0.0.0";
}
