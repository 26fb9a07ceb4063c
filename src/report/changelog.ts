import { formatChangeReport, type ApiChange, type SemverLevel } from "./api-diff.js";

// CHANGELOG.md of a generated package: history, appended to by each `generate` that changes the API or the version,
// never rewritten. Each entry is headed by the version and the date it was generated on.

export interface ChangelogEntry {
  packageName: string;
  version: string;
  /** YYYY-MM-DD, see releaseDate. */
  date: string;
  level: SemverLevel;
  versioning: "auto" | "manual";
  /** The spec path as configured and its sha256, so an entry names the spec text it came from. */
  spec: string;
  sha256: string;
  changes: ApiChange[];
}

// One entry: `## 4.1.0 (2026-08-09)`, what the report suggests and what it was measured on, then one line per change.
export function changelogEntry(entry: ChangelogEntry): string {
  const manual = entry.versioning === "manual" ? " (versioning is manual: the version is the one set in package.json)" : "";
  const lines = [`## ${entry.version} (${entry.date})`, "", `semver: ${entry.level}${manual}; from ${entry.spec} (sha256 ${entry.sha256.slice(0, 12)}).`];
  const items = formatChangeReport(entry.packageName, entry.changes).split("\n").slice(1);
  if (items.length > 0) lines.push("", ...items);
  return lines.join("\n");
}

// The changelog with the entry appended; a package without one gets a title first.
export function appendChangelog(existing: string | undefined, packageName: string, entry: string): string {
  const log = existing ?? `# Changelog of ${packageName}\n\nAppended by specforge each time regeneration changes the API.\n`;
  return `${log.trimEnd()}\n\n${entry}\n`;
}

// Today in UTC as YYYY-MM-DD, or the day of SOURCE_DATE_EPOCH when it is set (the reproducible-builds convention,
// https://reproducible-builds.org/specs/source-date-epoch/), which tests and release scripts use to pin the date.
export function releaseDate(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const when = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return when.toISOString().slice(0, 10);
}
