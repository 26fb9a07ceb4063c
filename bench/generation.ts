// Generation timings: the fragment end to end and --check, and the whole 2026 Cloudflare spec against
// openapi-typescript alone (and, with --with-hey-api, @hey-api/openapi-ts), wall time and peak RSS.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeWholeApiConfig } from "../scripts/whole-api-config.js";
import { renderRecordFile } from "../src/write/render-record.js";
import { formatCacheFile } from "../src/format/format-cache.js";
import { log, median } from "./stats.js";

export interface GenerationRow {
  what: string;
  ours: string;
  other: string;
  ratio: string;
  target: string;
}

interface Measured {
  seconds: number;
  peakMiB: number | undefined;
}

// Runs a command under /usr/bin/time when it exists, for peak RSS; wall time from hrtime either way.
function timed(command: string, args: string[], cwd: string): Measured {
  const useTime = existsSync("/usr/bin/time");
  const start = process.hrtime.bigint();
  const result = useTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" }, maxBuffer: 1 << 26 })
    : spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" }, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  const kib = useTime ? Number(result.stderr.trim().split("\n").at(-1)) : NaN;
  return { seconds, peakMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
}

const s = (m: Measured) => `${m.seconds.toFixed(2)} s${m.peakMiB ? `, ${m.peakMiB.toFixed(0)} MiB` : ""}`;

// "5.97× time, 3.45× RSS": ours over the other side's.
const timeAndMemoryRatio = (ours: Measured, other: Measured) =>
  `${(ours.seconds / other.seconds).toFixed(2)}× time${ours.peakMiB && other.peakMiB ? `, ${(ours.peakMiB / other.peakMiB).toFixed(2)}× RSS` : ""}`;

export async function measureGeneration(options: { root: string; bench: string; runs: number; withHeyApi: boolean; fragmentOnly?: boolean }): Promise<GenerationRow[]> {
  const { root, bench, runs } = options;
  const rows: GenerationRow[] = [];
  const bin = path.join(root, "scripts/specforge.js");
  const scratch = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-"));
  try {
    // What a user runs after `npm ci`: the bin on a fresh bundle (scripts/build-cli.js, the prepare script).
    timed(process.execPath, [path.join(root, "scripts/build-cli.js")], root);
    const target = (seconds: number[]) => `≤ 1.00 s: ${median(seconds) <= 1 ? "met" : "NOT met"}`;
    const row = (what: string, seconds: number[]) => rows.push({ what: `${what} (median of ${runs})`, ours: `${median(seconds).toFixed(2)} s`, other: "", ratio: "", target: target(seconds) });
    // The render record of the repository's own output (src/write/render-record.ts). Removed for the "full render"
    // rows, so they measure the render itself; present for the "no render" rows, which is what a second run sees.
    const record = renderRecordFile(path.join(root, "generated/cloudflare-access"));
    const repeat = (args: string[], before: () => Promise<void>) => async () => {
      const seconds: number[] = [];
      for (let i = 0; i < runs; i++) {
        await before();
        seconds.push(timed(process.execPath, [bin, ...args], root).seconds);
      }
      return seconds;
    };
    // The format cache of the same folder (src/format/format-cache.ts) goes too: a full render formats everything.
    const formatStore = formatCacheFile(path.join(root, "generated/cloudflare-access"));
    const clearRecord = async () => {
      await rm(record, { force: true });
      await rm(formatStore, { force: true });
    };
    const keepRecord = async () => {};

    log(`bench: generating the fragment into a new folder ${runs} times (a full render every time) …`);
    const fragment: number[] = [];
    for (let i = 0; i < runs; i++) fragment.push(timed(process.execPath, [bin, "generate", "--spec", "spec/cloudflare-access.yaml", "--out", path.join(scratch, `fragment-${i}`)], root).seconds);
    row("fragment, end to end into a new folder: full render (specforge bin)", fragment);
    log(`bench: generate and generate --check in the repository, record cleared, ${runs} times each …`);
    row("`generate`, output up to date, no render record: full render", await repeat(["generate"], clearRecord)());
    row("`generate --check`, no render record: full render", await repeat(["generate", "--check"], clearRecord)());
    log(`bench: the same with the record of the last full render, ${runs} times each …`);
    // One full render to record from (the loops above cleared it before each run, and the last one recorded).
    timed(process.execPath, [bin, "generate"], root);
    row("`generate`, output up to date, render record present: no render", await repeat(["generate"], keepRecord)());
    row("`generate --check`, render record present: no render", await repeat(["generate", "--check"], keepRecord)());
    // The regenerate-on-spec-change workflow: the spec changed (one description, edited back and forth), so there is
    // no render record to answer from, and the render reuses prettier's output for the pieces the change left alone.
    log(`bench: the fragment after a one-line spec change, with the format cache of the render before, ${runs} times …`);
    const changeDir = path.join(scratch, "change");
    await mkdir(changeDir, { recursive: true });
    const fragmentSpec = await readFile(path.join(root, "spec/cloudflare-access.yaml"), "utf8");
    const edited = fragmentSpec.replace(/description: /, "description: Edited. ");
    if (edited === fragmentSpec) throw new Error("bench: the fragment has no description to edit");
    const changeArgs = [bin, "generate", "--spec", path.join(changeDir, "api.yaml"), "--out", path.join(changeDir, "out")];
    await writeFile(path.join(changeDir, "api.yaml"), fragmentSpec);
    timed(process.execPath, changeArgs, root);
    const afterChange: number[] = [];
    for (let i = 0; i < runs; i++) {
      await writeFile(path.join(changeDir, "api.yaml"), i % 2 === 0 ? edited : fragmentSpec);
      afterChange.push(timed(process.execPath, changeArgs, root).seconds);
    }
    row("fragment after a one-line spec change: render with the format cache (specforge bin)", afterChange);
    if (options.fragmentOnly) return rows;

    const whole = path.join(root, "../shared/specs/cloudflare-openapi.2026-08-17.json");
    if (!existsSync(whole)) {
      log(`bench: ${whole} is absent; skipping the whole-API rows`);
      return rows;
    }
    log("bench: openapi-typescript alone on the whole 2026 spec …");
    const ots = timed(process.execPath, [path.join(root, "node_modules/openapi-typescript/bin/cli.js"), whole, "--output", path.join(scratch, "ots.ts")], root);
    log("bench: specforge on the whole 2026 spec (types + client + contract tests) …");
    // The same config-driven account/zone treatment as the fragment's target (scripts/whole-api-config.ts).
    await writeWholeApiConfig(path.join(scratch, "whole.config.json"), "cloudflare-2026", whole, path.join(scratch, "whole"));
    const ours = timed(process.execPath, [bin, "generate", "--config", path.join(scratch, "whole.config.json")], root);
    rows.push({
      what: "whole 2026 spec: specforge (types + client + tests) vs openapi-typescript alone",
      ours: s(ours),
      other: s(ots),
      ratio: timeAndMemoryRatio(ours, ots),
      target: `≤ 1.25× time (${ours.seconds <= ots.seconds * 1.25 ? "met" : "NOT met"}), ≤ 1.5× RSS (${ours.peakMiB && ots.peakMiB ? (ours.peakMiB <= ots.peakMiB * 1.5 ? "met" : "NOT met") : "not measured"})`,
    });
    // The same folder again after a one-line change to the spec: the render record no longer holds, and the format
    // cache of the render above gives prettier's output for the pieces the change left alone.
    log("bench: specforge on the whole 2026 spec again after a one-line spec change (format cache of the run above) …");
    // One operation's description: it shows in the types' and the client's doc comments and in API.md.
    const wholeDocument = JSON.parse(await readFile(whole, "utf8")) as { paths: Record<string, Record<string, { description?: string }>> };
    const firstItem = Object.values(wholeDocument.paths)[0] ?? {};
    const firstOperation = firstItem.get ?? firstItem.post ?? Object.values(firstItem)[0];
    if (!firstOperation) throw new Error("bench: the whole spec's first path has no operation to edit");
    firstOperation.description = `Edited. ${firstOperation.description ?? ""}`;
    const editedWhole = path.join(scratch, "cloudflare-openapi.edited.json");
    await writeFile(editedWhole, JSON.stringify(wholeDocument));
    await writeWholeApiConfig(path.join(scratch, "whole.config.json"), "cloudflare-2026", editedWhole, path.join(scratch, "whole"));
    const oursAgain = timed(process.execPath, [bin, "generate", "--config", path.join(scratch, "whole.config.json")], root);
    rows.push({
      what: "whole 2026 spec after a one-line spec change: specforge with the format cache of the run above vs openapi-typescript alone",
      ours: s(oursAgain),
      other: s(ots),
      ratio: timeAndMemoryRatio(oursAgain, ots),
      target: "(the targets are for the run above; openapi-typescript has no cache)",
    });
    if (options.withHeyApi) {
      log("bench: @hey-api/openapi-ts on the whole 2026 spec (this took about 25 minutes here) …");
      const hey = timed(process.execPath, [path.join(bench, "node_modules/@hey-api/openapi-ts/bin/run.js"), "-i", whole, "-o", path.join(scratch, "hey"), "-c", "@hey-api/client-fetch"], bench);
      rows.push({ what: "whole 2026 spec: specforge vs @hey-api/openapi-ts (fetch SDK)", ours: s(ours), other: s(hey), ratio: `${(hey.seconds / ours.seconds).toFixed(1)}× faster`, target: `faster: ${ours.seconds < hey.seconds ? "met" : "NOT met"}` });
    } else {
      rows.push({ what: "whole 2026 spec vs @hey-api/openapi-ts", ours: s(ours), other: "not run (pass --with-hey-api; about 25 min)", ratio: "", target: "faster" });
    }
    return rows;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
