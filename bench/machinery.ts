// What each piece of performance machinery buys (issue #16): the same generation with the piece on and switched off
// (SPECFORGE_WITHOUT, src/self/machinery.ts), on the fragment (median of runs) and on the whole 2026 Cloudflare API
// (one run each, as a full render takes a minute). A piece that buys under 5% on both is a candidate for removal.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeWholeApiConfig } from "../scripts/whole-api-config.js";
import { MACHINERY, type MachineryPiece } from "../src/self/machinery.js";
import { log, median } from "./stats.js";

export interface MachineryRow {
  piece: MachineryPiece;
  scenario: string;
  fragment: { on: number; off: number } | undefined;
  whole: { on: number; off: number } | undefined;
}

/** The run a piece is measured on: a full render, a second run with nothing changed, or a run after a one-line spec change. */
type Scenario = "full render" | "nothing changed since the last render" | "after a one-line spec change";

const SCENARIO: Record<MachineryPiece, Scenario> = {
  "render-record": "nothing changed since the last render",
  "format-cache": "after a one-line spec change",
  preformatted: "full render",
  split: "full render",
  pool: "full render",
  overlap: "full render",
  "direct-openapi-typescript": "full render",
  "shared-typescript": "full render",
  bundle: "full render",
};

interface Workspace {
  /** Runs the bin's generate with a config, with the given pieces off; returns wall seconds. */
  generate(without: MachineryPiece[], extra?: string[]): number;
  /** Edits one description in the spec, alternating, so each run sees a one-line change. */
  editSpec(): Promise<void>;
}

async function workspace(options: { root: string; dir: string; spec: string; wholeApi: boolean }): Promise<Workspace> {
  const { root, dir, spec, wholeApi } = options;
  const specCopy = path.join(dir, wholeApi ? "api.json" : "api.yaml");
  await cp(spec, specCopy);
  const original = await readFile(specCopy, "utf8");
  const config = path.join(dir, "specforge.config.json");
  if (wholeApi) await writeWholeApiConfig(config, "whole", specCopy, path.join(dir, "out"));
  else await writeFile(config, JSON.stringify({ targets: { fragment: { ...(JSON.parse(await readFile(path.join(root, "specforge.config.json"), "utf8")) as { targets: Record<string, object> }).targets["cloudflare-access"], spec: specCopy, out: path.join(dir, "out"), refresh: undefined } } }));
  let edits = 0;
  return {
    generate(without, extra = []) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [path.join(root, "scripts/specforge.js"), "generate", "--config", config, ...extra], { cwd: root, encoding: "utf8", env: { ...process.env, CI: "true", SPECFORGE_WITHOUT: without.join(",") }, maxBuffer: 1 << 26 });
      if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`);
      return Number(process.hrtime.bigint() - start) / 1e9;
    },
    async editSpec() {
      edits++;
      // The first description of the document, edited and put back in turn: one line each time.
      const edited = wholeApi ? original.replace('"description":"', `"description":"Edited ${edits}. `) : original.replace(/description: /, `description: Edited ${edits}. `);
      if (edited === original) throw new Error("bench: the spec has no description to edit");
      await writeFile(specCopy, edited);
    },
  };
}

// Seconds for one run of the piece's scenario, with the given pieces off.
async function scenarioRun(ws: Workspace, scenario: Scenario, without: MachineryPiece[]): Promise<number> {
  if (scenario === "full render") return ws.generate(without, ["--no-cache"]);
  if (scenario === "nothing changed since the last render") {
    ws.generate([]);
    return ws.generate(without);
  }
  // A render with the caches on first, so the format cache holds the render before the change.
  ws.generate([]);
  await ws.editSpec();
  return ws.generate(without);
}

export async function measureMachinery(options: { root: string; runs: number; pieces?: MachineryPiece[] }): Promise<MachineryRow[]> {
  const { root, runs } = options;
  const pieces = options.pieces ?? (Object.keys(MACHINERY) as MachineryPiece[]);
  const scratch = await mkdtemp(path.join(os.tmpdir(), "specforge-machinery-"));
  const wholeSpec = path.join(root, "../shared/specs/cloudflare-openapi.2026-08-17.json");
  try {
    spawnSync(process.execPath, [path.join(root, "scripts/build-cli.js")], { cwd: root });
    const fragment = await workspace({ root, dir: await mkdtemp(path.join(scratch, "fragment-")), spec: path.join(root, "spec/cloudflare-access.yaml"), wholeApi: false });
    const whole = existsSync(wholeSpec) ? await workspace({ root, dir: await mkdtemp(path.join(scratch, "whole-")), spec: wholeSpec, wholeApi: true }) : undefined;
    if (!whole) log(`bench: ${wholeSpec} is absent; the machinery rows measure the fragment only`);
    const rows: MachineryRow[] = [];
    for (const piece of pieces) {
      const scenario = SCENARIO[piece];
      log(`bench: ${piece} (${scenario}), on and off, fragment ×${runs}${whole ? " and whole 2026 ×1" : ""} …`);
      // On and off alternate, so that drift in the machine's load falls on both sides alike.
      const on: number[] = [];
      const off: number[] = [];
      for (let i = 0; i < runs; i++) {
        on.push(await scenarioRun(fragment, scenario, []));
        off.push(await scenarioRun(fragment, scenario, [piece]));
      }
      const wholeOn = whole ? await scenarioRun(whole, scenario, []) : undefined;
      const wholeOff = whole ? await scenarioRun(whole, scenario, [piece]) : undefined;
      rows.push({
        piece,
        scenario,
        fragment: { on: median(on), off: median(off) },
        whole: wholeOn !== undefined && wholeOff !== undefined ? { on: wholeOn, off: wholeOff } : undefined,
      });
    }
    return rows;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// The share of the time with the piece off that it saves: (off - on) / off.
export function buys(side: { on: number; off: number } | undefined): number | undefined {
  return side === undefined ? undefined : (side.off - side.on) / side.off;
}

export function machineryLines(rows: MachineryRow[], runs: number): string[] {
  const cell = (side: { on: number; off: number } | undefined) => {
    const share = buys(side);
    return side === undefined || share === undefined ? "not measured" : `${side.on.toFixed(2)} s on, ${side.off.toFixed(2)} s off: **${(share * 100).toFixed(0)}%**`;
  };
  const lines = [
    "## What each piece of machinery buys",
    "",
    `Each piece switched off alone (\`SPECFORGE_WITHOUT=<piece>\`, src/self/machinery.ts), in the scenario it serves; the fragment is the median of ${runs} runs, on and off alternating; the whole 2026 API one run each. "Buys" is the time it saves as a share of the time without it. A piece that buys under 5% on both is removed, or kept behind one module with the figure in its header comment.`,
    "",
    "| piece | scenario | fragment | whole 2026 API | verdict |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const best = Math.max(buys(row.fragment) ?? -1, buys(row.whole) ?? -1);
    lines.push(`| ${row.piece}: ${MACHINERY[row.piece]} | ${row.scenario} | ${cell(row.fragment)} | ${cell(row.whole)} | ${best >= 0.05 ? "earns its keep" : "under 5% on both"} |`);
  }
  return lines;
}
