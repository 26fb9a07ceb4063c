// The whole upstream Cloudflare API, generated, type-checked and its contract suite run: the scale checks of
// test/e2e/whole-api-2024.test.ts and whole-api-2026.test.ts. They need ../shared and skip without it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, WHOLE_SPECS, writeWholeApiConfig } from "../../scripts/whole-api-config.js";
import { PACKAGE_BUILD_ARGS } from "../../src/self/package-build.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, CI: "true" }, maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr, seconds: (Date.now() - start) / 1000 });
    });
  });
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const MINUTES = 60_000;

export interface WholeApiExpectations {
  /** A method name each spec must produce, by the README's naming rules. */
  names: { operation: string; name: string }[];
}

// Prints a figure for the closing note and bench/RESULTS.md readers; vitest shows console output per test.
function note(line: string): void {
  console.log(`whole API: ${line}`);
}

interface Known {
  /** Type errors tsc reports in the contract tests (contract/): the most allowed. */
  contractTypeErrors: number;
  /** Contract tests that fail, by full name, each with the reason. */
  failures: { test: string; why: string }[];
}

function knownFileOf(year: string): string {
  return path.join(REPO, `test/fixtures/whole-api/known-contract-failures-${year}.json`);
}

async function readKnown(year: string): Promise<Known> {
  const file = knownFileOf(year);
  return existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as Known) : { contractTypeErrors: 0, failures: [] };
}

export function describeWholeApi(year: keyof typeof WHOLE_SPECS, expected: WholeApiExpectations): void {
  const spec = WHOLE_SPECS[year];
  const present = existsSync(spec);
  if (!present) console.warn(`skipping the whole-API ${year} checks: ${spec} is absent (a fresh clone has no ../shared)`);

  describe.skipIf(!present)(`the whole Cloudflare API, ${path.basename(spec)} (needs ../shared)`, () => {
    let dir: string;
    let generated: Run;
    const out = () => path.join(dir, "out");

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), `specforge-whole-${year}-`));
      await symlink(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
      await writeWholeApiConfig(path.join(dir, "specforge.config.json"), `cloudflare-${year}`, spec, "out");
      generated = await run(process.execPath, [path.join(REPO, "scripts/specforge.js"), "generate"], dir);
      note(`${year}: generate took ${generated.seconds.toFixed(1)} s`);
    }, 20 * MINUTES);
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("generates types, client and contract tests", async () => {
      expect(generated.code, generated.stderr.slice(0, 4000)).toBe(0);
      for (const file of ["schema.ts", "client.ts", "index.ts", "API.md", "package.json"]) expect(existsSync(path.join(out(), file)), file).toBe(true);
      // The contract suite: contract/suite.ts and one contract/<group>.test.ts per client group.
      expect(existsSync(path.join(out(), "contract/suite.ts"))).toBe(true);
    });

    it("gives every operation one method, each name unique and made by the naming rules", async () => {
      const document = JSON.parse(await readFile(spec, "utf8")) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.values(document.paths).reduce((n, item) => n + HTTP_METHODS.filter((m) => item[m] !== undefined).length, 0);
      const listing = await readFile(path.join(out(), "API.md"), "utf8");
      const names = [...listing.matchAll(/^## (.+)$/gm)].map((m) => m[1] as string);
      expect(names).toHaveLength(operations);
      expect(new Set(names).size).toBe(names.length);
      for (const { operation, name } of expected.names) expect(listing, operation).toContain(`- method \`${name}(`);
      note(`${year}: ${operations} operations, ${names.length} unique method names`);
    });

    it("gives every merged account/zone operation the account_id | zone_id params", async () => {
      const document = JSON.parse(await readFile(spec, "utf8")) as { paths: Record<string, Record<string, unknown>> };
      const merged = Object.entries(document.paths)
        .filter(([template]) => template.includes("{accounts_or_zones}"))
        .reduce((n, [, item]) => n + HTTP_METHODS.filter((m) => item[m] !== undefined).length, 0);
      // The method bodies live in the group modules (operations/*.ts), client.ts's methods delegate to them.
      const modules = (await readdir(path.join(out(), "operations"))).filter((file) => file.endsWith(".ts"));
      const client = (await Promise.all(modules.map((file) => readFile(path.join(out(), "operations", file), "utf8")))).join("\n");
      // Each such method picks its path variant through its operation (src/runtime/client.ts Operation.pathVariant).
      expect(client.match(/operation\.pathVariant\(/g)?.length ?? 0).toBe(merged);
      note(`${year}: ${merged} merged account/zone operations`);
    });

    it("type-checks with tsc --noEmit: the client without an error, the contract tests within the known count", async () => {
      expect(generated.code).toBe(0);
      const tsconfig = { extends: path.join(REPO, "tsconfig.json"), compilerOptions: { noEmit: true, types: ["node"], typeRoots: [path.join(REPO, "node_modules/@types")] }, include: ["out/**/*.ts"] };
      await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
      const tsc = await run(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--pretty", "false"], dir);
      const errors = tsc.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
      const inContract = errors.filter((l) => l.startsWith("out/contract/"));
      note(`${year}: tsc --noEmit took ${tsc.seconds.toFixed(1)} s; ${errors.length - inContract.length} errors in the package, ${inContract.length} in the contract tests`);
      // schema.ts, client.ts, index.ts and the runtime: what a consumer compiles. No error allowed.
      expect(errors.filter((l) => !inContract.includes(l)).slice(0, 20)).toEqual([]);
      // The contract tests: each `satisfies` holds an example to its type, so an example that contradicts its schema
      // (upstream's, or one our builder makes) is a compile error there. A ratchet: never more than recorded.
      // The errors themselves, for studying them (WHOLE_API_FAILURES=path, as for the contract failures).
      if (process.env.WHOLE_API_FAILURES) await writeFile(`${process.env.WHOLE_API_FAILURES}-${year}-tsc.txt`, `${inContract.join("\n")}\n`);
      const known = await readKnown(year);
      expect(inContract.length, `the contract tests (contract/) have more type errors than the ${known.contractTypeErrors} recorded; first: ${inContract.slice(0, 5).join("\n")}`).toBeLessThanOrEqual(known.contractTypeErrors);
    }, 30 * MINUTES);

    it("builds dist/ as the package's prepare script does, without an error", async () => {
      expect(generated.code).toBe(0);
      // What every `npm ci` of a monorepo pays for the package (src/self/package-build.ts): no type check, so it fails
      // only on what it cannot emit, such as an export whose type is not on the page (isolatedDeclarations).
      const build = await run(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), ...PACKAGE_BUILD_ARGS, "--outDir", path.join(dir, "dist"), "--pretty", "false"], out());
      note(`${year}: the package build (tsc ${PACKAGE_BUILD_ARGS.join(" ")}) took ${build.seconds.toFixed(1)} s`);
      expect(build.stdout.split("\n").filter((l) => /error TS\d+/.test(l)).slice(0, 20)).toEqual([]);
      expect(build.code).toBe(0);
      expect(existsSync(path.join(dir, "dist/client.d.ts"))).toBe(true);
    }, 10 * MINUTES);

    it("passes its contract tests", async () => {
      expect(generated.code).toBe(0);
      const config = `export default { test: { include: ["out/**/*.test.ts"], testTimeout: 60000 } };\n`;
      await writeFile(path.join(dir, "vitest.config.mjs"), config);
      const report = path.join(dir, "contract-report.json");
      const vitest = await run(process.execPath, [path.join(REPO, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.config.mjs", "--reporter=json", `--outputFile=${report}`], dir);
      note(`${year}: contract tests took ${vitest.seconds.toFixed(1)} s`);
      const results = JSON.parse(await readFile(report, "utf8")) as { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[] };
      // Every failure with its first message line, for writing the known file (WHOLE_API_FAILURES=path).
      if (process.env.WHOLE_API_FAILURES) {
        const all = results.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => ({ test: a.fullName, message: a.failureMessages[0]?.split("\n")[0] ?? "" })));
        await writeFile(`${process.env.WHOLE_API_FAILURES}-${year}.json`, JSON.stringify(all, null, 2));
      }
      note(`${year}: ${results.numPassedTests} contract tests passed, ${results.numFailedTests} failed`);
      // A failure is either new (red: fix it, or list it with its reason) or listed in the known file, where each
      // entry says why: an upstream example that contradicts its own schema, or a built example we get wrong.
      const knownFile = knownFileOf(year);
      const { failures: known } = await readKnown(year);
      const failedNames = new Set(results.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => a.fullName)));
      const knownNames = new Set(known.map((k) => k.test));
      const unexpected = results.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed" && !knownNames.has(a.fullName)).map((a) => `${a.fullName}: ${a.failureMessages[0]?.split("\n")[0] ?? ""}`));
      const nowPassing = known.filter((k) => !failedNames.has(k.test)).map((k) => k.test);
      expect(unexpected.slice(0, 20), `${unexpected.length} failures not in ${path.relative(REPO, knownFile)}`).toEqual([]);
      expect(nowPassing.slice(0, 20), `${nowPassing.length} listed failures now pass: remove them from ${path.relative(REPO, knownFile)}`).toEqual([]);
      expect(results.numPassedTests).toBeGreaterThan(0);
    }, 30 * MINUTES);
  });
}
