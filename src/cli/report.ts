// Prints what each target's generate did: repairs, written or stale files, the change report.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TargetOutcome } from "../generate.js";
import { specReportSummary } from "../report/spec-report.js";
import { PACKAGE_ROOT } from "../self/paths.js";
import type { Io } from "./io.js";

// Where a list of notes too long for the screen goes (never committed, beside the render record).
export const NOTES_DIR = path.join(PACKAGE_ROOT, "node_modules/.cache/specforge/notes");

export interface ReportRequest {
  outcomes: TargetOutcome[];
  check: boolean;
  /** The command that fixes a failed --check. */
  command: string;
  /** The folder the targets' paths resolve from. */
  root: string;
  io: Io;
  /** Lines of notes that fit on screen: a longer list goes to a file, named on screen. */
  screenLines?: number | undefined;
  notesDir?: string | undefined;
}

// Prints every outcome; returns the exit code (1 when --check found a difference).
export async function reportOutcomes(request: ReportRequest): Promise<number> {
  const { io } = request;
  let failed = false;
  for (const { target: configured, check, report: changeReport, notes, fromCache, specReport } of request.outcomes) {
    // The output folder as the person running the command would type it: from their folder, not the config's.
    const target = { ...configured, out: path.relative(process.cwd(), path.resolve(request.root, configured.out)) || "." };
    if (notes.length > 0) await printNotes({ ...request, name: target.name, out: path.resolve(target.out), notes });
    // Where the spec contradicts itself, before its contract tests say so.
    const summary = specReport ? specReportSummary(specReport) : undefined;
    if (summary) io.out(summary);
    const changed = [...check.stale.map((f) => `stale    ${f}`), ...check.missing.map((f) => `missing  ${f}`), ...check.extra.map((f) => `extra    ${f}`)];
    if (changed.length === 0) {
      // Said, so that a surprising "up to date" has an explanation and a way out.
      io.out(`${target.name}: ${target.out} is up to date${fromCache ? " (inputs and files unchanged since the last full render; --no-cache renders anyway)" : ""}`);
    } else if (request.check) {
      failed = true;
      io.out(`${target.name}: ${target.out} is out of date:`);
      for (const line of changed) io.out(`  ${line}`);
      if (changeReport) io.out(changeReport);
    } else {
      io.out(`${target.name}: wrote ${target.out} (${check.stale.length} changed, ${check.missing.length} added, ${check.extra.length} removed)`);
      if (changeReport) io.out(changeReport);
    }
  }
  if (failed) io.out(`Run \`${request.command}\` and commit the result.`);
  return failed ? 1 : 0;
}

// The lines that fit go to stderr; a longer list is written whole to a file, and the last line on screen names it.
async function printNotes(request: ReportRequest & { name: string; out: string; notes: string[] }): Promise<void> {
  const { io, notes, name } = request;
  const fits = Math.max(5, request.screenLines ?? 20);
  io.err(`${name}: repaired ${notes.length} spec problem(s) in memory:`);
  if (notes.length <= fits) {
    for (const note of notes) io.err(`  ${note}`);
    return;
  }
  const shown = fits - 1;
  for (const note of notes.slice(0, shown)) io.err(`  ${note}`);
  // One file per output folder, so two targets (or two projects) never overwrite each other's list.
  const dir = request.notesDir ?? NOTES_DIR;
  const file = path.join(dir, `${name}-${createHash("sha256").update(request.out).digest("hex").slice(0, 8)}.txt`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(file, `${notes.join("\n")}\n`);
    io.err(`  … and ${notes.length - shown} more: all ${notes.length} are in ${displayPath(file)}`);
  } catch {
    io.err(`  … and ${notes.length - shown} more (the full list could not be written to ${displayPath(file)})`);
  }
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

// How many note lines fit on this terminal, leaving room for the lines around them; a log (not a TTY) gets 20.
export function screenLines(stream: { isTTY?: boolean | undefined; rows?: number | undefined } = process.stderr): number {
  return stream.isTTY && stream.rows ? stream.rows - 4 : 20;
}
