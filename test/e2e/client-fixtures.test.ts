// The client features that need a config (pagination styles, environment variables, a request id header), on the
// fixtures in test/fixtures/client/: each target of its config.json is generated into a repo copy with the real CLI,
// type-checked under strict settings, and its generated contract tests run (the paginated methods' among them, which
// page through three pages built from the examples).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, type RepoCopy, type RunResult } from "./repo-copy.js";

const CONFIG = "test/fixtures/client/config.json";
// paged: every pagination style; uploads: multipart, binary, text and urlencoded bodies in the shapes public specs use.
const TARGETS = ["paged", "uploads"];
// isolatedDeclarations (with declaration, which it needs) as the package's own tsconfig sets it: an export whose type
// its build (tsc --noCheck, src/self/package-build.ts) cannot read off the file fails here, not in a user's npm ci.
const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, declaration: true, isolatedDeclarations: true } as const;

interface VitestFile {
  name: string;
  status: string;
  message?: string;
  assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
}

describe("client fixtures (test/fixtures/client/config.json)", () => {
  let copy: RepoCopy;
  let generated: RunResult;
  let tsc: RunResult;
  let results: VitestFile[] = [];

  beforeAll(async () => {
    copy = await copyRepo();
    generated = await copy.specforge(["generate", "--config", CONFIG], { DEBUG: "" });
    const tsconfig = { extends: "./tsconfig.json", compilerOptions: { ...STRICT, noEmit: true }, include: TARGETS.map((t) => `generated/${t}`), exclude: ["node_modules", "generated/*/node_modules"] };
    await writeFile(path.join(copy.dir, "tsconfig.client.json"), JSON.stringify(tsconfig, null, 2));
    tsc = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.client.json", "--pretty", "false"]);
    const report = path.join(copy.dir, "client-vitest.json");
    await copy.run(process.execPath, [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", ...TARGETS.map((t) => `generated/${t}/contract/`), "--reporter=json", `--outputFile=${report}`], { CONTRACT_BASE_URL: "", NO_COLOR: "1" });
    results = (JSON.parse(await copy.read("client-vitest.json").catch(() => '{"testResults":[]}')) as { testResults: VitestFile[] }).testResults;
  }, 600_000);

  afterAll(async () => {
    await copy?.remove();
  });

  it("generates with exit 0", () => {
    expect(generated.code, generated.stderr).toBe(0);
    for (const t of TARGETS) expect(generated.stdout).toContain(`wrote generated/${t}`);
  });

  it("type-checks under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and verbatimModuleSyntax", () => {
    expect(tsc.stdout + tsc.stderr).toBe("");
  });

  // A package's suite is one file per client group (contract/<group>.test.ts): their results as one.
  const passed = (target: string): VitestFile => {
    const files = results.filter((f) => f.name.includes(`${path.join("generated", target, "contract")}${path.sep}`));
    const file = files.length === 0 ? undefined : { name: target, status: files.every((f) => f.status === "passed") ? "passed" : "failed", message: files.map((f) => f.message ?? "").join(""), assertionResults: files.flatMap((f) => f.assertionResults) };
    expect(file, JSON.stringify(results).slice(0, 2000)).toBeDefined();
    const failed = (file as VitestFile).assertionResults.filter((a) => a.status !== "passed");
    expect(failed.map((a) => `${a.fullName}\n  ${a.failureMessages.join("\n").split("\n").slice(0, 6).join("\n  ")}`).join("\n\n") + ((file as VitestFile).message ?? "")).toBe("");
    return file as VitestFile;
  };
  const titles = (file: VitestFile, pattern: RegExp) => file.assertionResults.filter((a) => pattern.test(a.fullName)).map((a) => a.fullName.split(" (")[0]).sort();

  it("paged: passes its contract tests, among them three-page runs of each paginated method", () => {
    expect(titles(passed("paged"), /pages through 3 pages/)).toEqual(["gadgets.list", "things.list", "widgets.list"]);
  });

  it("uploads: passes its contract tests, which send each body as its media type and check what arrived", () => {
    const file = passed("uploads");
    expect(titles(file, /is sent as multipart\/form-data/)).toEqual(["albums.addPhotos", "applications.uploadApplicationAttachment", "files.create", "imagesV1.uploadImageFromUrl"]);
    expect(titles(file, /is sent as (application\/octet-stream|image\/\*|text\/plain|application\/x-www-form-urlencoded)/)).toEqual(["images.upload", "messages.send", "notes.add", "objects.put"]);
  });
});
