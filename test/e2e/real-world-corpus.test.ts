// The public specs in ../shared/specs/real-world (see its README), each generated, type-checked and contract-tested as a
// user would: (a) `specforge generate` (with --lenient only where the spec is really wrong, each repair named); (b) the
// package, everything but contract.test.ts, type-checks under a Node tsconfig and under a DOM-lib one, both strict;
// (c) contract.test.ts type-checks, but for the errors a spec contradiction causes, which are listed; (d) the contract
// suite runs, and fails exactly where the spec contradicts itself: test/fixtures/real-world-corpus/<spec>.json names
// each such test with its reason. A new failure, or a listed one that passes, is red. Needs ../shared; skips without.
//
// One repo copy for every spec; two specs at a time (each step is one process, on 2 cores).
// REAL_WORLD_CORPUS_WRITE=1 writes each spec's current failures and type errors to its list, each with the reason
// `generate --report` gives (or "UNEXPLAINED"): for reviewing, not for committing unread.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, REPO_ROOT, type RepoCopy, type RunResult } from "./repo-copy.js";

const SHARED = path.resolve(REPO_ROOT, "../shared/specs/real-world");
const LISTS = path.join(REPO_ROOT, "test/fixtures/real-world-corpus");
const MINUTES = 60_000;

interface CorpusSpec {
  name: string;
  /** The spec's root file under ../shared/specs/real-world. */
  file: string;
  /** Why the spec needs --lenient (what is really wrong in it), when it does. */
  lenient?: string;
}

const SPECS: CorpusSpec[] = [
  { name: "resend", file: "resend.yaml", lenient: "OpenAPI 3.0's nullable in a 3.1 document, where it means nothing" },
  { name: "discord", file: "discord.json" },
  { name: "openai", file: "openai.yaml", lenient: "OpenAPI 3.0 keywords in a 3.1 document: nullable, which means nothing there, and boolean exclusiveMinimum, which is invalid" },
  { name: "digitalocean", file: "digitalocean/specification/DigitalOcean-public.v2.yaml" },
  { name: "twilio", file: "twilio_api_v2010.json" },
  { name: "petstore", file: "oai-petstore-expanded.yaml" },
];

/** A spec's committed list: what fails because the spec contradicts itself, each with why. */
interface Known {
  /** Type errors in contract.test.ts that a spec contradiction causes: the code and innermost message, how many, why. */
  contractTypeErrors: { error: string; count: number; why: string }[];
  /** Contract tests that fail, by full name, each with the contradiction that fails it. */
  failures: { test: string; why: string }[];
}

interface Contradiction {
  operations: string[];
  kind: string;
  pointer: string;
  problems: string[];
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

interface SpecRun {
  generate: RunResult;
  operations?: number;
  contradictions: Contradiction[];
  /** tsc diagnostics by tsconfig: the package's (outside contract.test.ts) and contract.test.ts's, positions dropped. */
  tsc: Record<"node" | "dom", { package: string[]; contract: string[]; result: RunResult }>;
  vitest?: VitestReport;
  vitestRun?: RunResult;
}

const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true };
const TSCONFIGS = {
  node: { ...STRICT, target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"] },
  dom: { ...STRICT, target: "ES2022", lib: ["es2022", "dom", "dom.iterable"], module: "ESNext", moduleResolution: "bundler" },
};

// Runs `task` over `items`, `limit` at a time.
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// The contradiction a failing contract test checks, from its name: the operation (before " ("), and what the test is
// about (a response or body example by name, a built one, a parameter's example).
function reasonFor(test: string, contradictions: readonly Contradiction[]): string {
  const operation = test.slice(0, test.indexOf(" ("));
  const named = /example "([^"]*)"/.exec(test)?.[1];
  const built = /built from the schema/.test(test);
  const kind = /parameter \S+'s example/.test(test) ? "parameter example" : built ? "no fitting value" : "example";
  const section = /request body/.test(test) ? "requestBody" : /parameter/.test(test) ? "parameters" : "responses";
  const candidates = contradictions.filter((c) => c.kind === kind && c.operations.includes(operation));
  const byName = named === undefined ? candidates : candidates.filter((c) => c.pointer.endsWith(named === "example" ? "/example" : `/examples/${named.replace(/~/g, "~0").replace(/\//g, "~1")}/value`) || (named === "example" && c.pointer.endsWith("/example/value")));
  // A test of a response also sends the request body: one built where specforge found no fitting value fails it too.
  const sentBody = contradictions.find((c) => c.kind === "no fitting value" && c.operations.includes(operation) && c.pointer.includes("/requestBody/"));
  const found = byName.find((c) => c.pointer.includes(`/${section}/`)) ?? byName[0] ?? sentBody;
  return found ? `${found.pointer}: ${found.problems.join("; ")}` : "UNEXPLAINED";
}

/** tsc's errors (`--pretty false`) by file, each as its code and its innermost elaboration: the root of a long chain
 * (`Type '"developer"' is not assignable to type '"ChatCompletionRequestUserMessage"'`), stable across regenerations. */
function tscErrors(stdout: string): { file: string; error: string }[] {
  const out: { file: string; error: string; last: string }[] = [];
  for (const line of stdout.split("\n")) {
    const head = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    if (head) out.push({ file: head[1] as string, error: head[2] as string, last: head[3] as string });
    else if (/^\s+\S/.test(line) && out.length > 0) (out.at(-1) as { last: string }).last = line.trim();
  }
  return out.map(({ file, error, last }) => ({ file, error: `${error}: ${last}` }));
}

// The reason for a type error in contract.test.ts: the discriminator contradiction whose branch names the schema the
// error's type names (openapi-typescript types a discriminator by the mapping, or the schema's name without one).
function typeErrorReason(error: string, contradictions: readonly Contradiction[]): string {
  const names = [...error.matchAll(/"([A-Za-z][A-Za-z0-9_.-]*)"/g)].map((m) => m[1] as string);
  for (const c of contradictions) {
    if (c.kind !== "discriminator") continue;
    const problem = c.problems.find((p) => names.some((name) => p.includes(`/schemas/${name},`)));
    if (problem) return `${c.pointer}: ${problem}`;
  }
  return "UNEXPLAINED";
}

const present = existsSync(SHARED);
if (!present) console.warn(`skipping the real-world corpus: ${SHARED} is absent (a fresh clone has no ../shared)`);

describe.skipIf(!present)("the real-world corpus (needs ../shared/specs/real-world)", () => {
  let copy: RepoCopy;
  const runs = new Map<string, SpecRun>();
  const known = new Map<string, Known>();

  beforeAll(async () => {
    copy = await copyRepo();
    await writeFile(path.join(copy.dir, "vitest.corpus.config.mjs"), `export default { test: { include: [process.env.CORPUS_SUITE], testTimeout: 60000 } };\n`);
    for (const spec of SPECS) {
      const file = path.join(LISTS, `${spec.name}.json`);
      known.set(spec.name, existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as Known) : { contractTypeErrors: [], failures: [] });
    }
    await pool(SPECS, 2, async (spec) => {
      const out = `corpus/${spec.name}`;
      const generate = await copy.specforge(["generate", "--spec", path.join(SHARED, spec.file), "--out", out, "--name", `@corpus/${spec.name}`, "--report", `${out}.report.json`, ...(spec.lenient ? ["--lenient"] : [])], { DEBUG: "" });
      const run: SpecRun = { generate, contradictions: [], tsc: {} as SpecRun["tsc"] };
      runs.set(spec.name, run);
      if (generate.code !== 0) return;
      const report = JSON.parse(await copy.read(`${out}.report.json`)) as { targets: { contradictions: Contradiction[] }[] };
      run.contradictions = report.targets.flatMap((t) => t.contradictions);
      run.operations = ((await copy.read(`${out}/API.md`)).match(/^## /gm) ?? []).length;
      for (const [name, options] of Object.entries(TSCONFIGS) as [keyof typeof TSCONFIGS, object][]) {
        const config = `tsconfig.corpus-${spec.name}-${name}.json`;
        await writeFile(path.join(copy.dir, config), JSON.stringify({ compilerOptions: options, include: [`${out}/*.ts`, `${out}/runtime/*.ts`, `${out}/contract/*.ts`] }));
        const result = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/typescript/bin/tsc"), "-p", config, "--pretty", "false"]);
        const errors = tscErrors(result.stdout);
        // The suite's own files (contract/suite.ts and one contract/<group>.test.ts per client group).
        const inContract = (e: { file: string }) => e.file.startsWith(`${out}/contract/`);
        run.tsc[name] = { package: errors.filter((e) => !inContract(e)).map((e) => `${e.file}: ${e.error}`), contract: errors.filter(inContract).map((e) => e.error), result };
      }
      const json = `${out}.vitest.json`;
      run.vitestRun = await copy.run(
        process.execPath,
        [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.corpus.config.mjs", "--reporter=json", `--outputFile=${json}`],
        { CORPUS_SUITE: `${out}/contract/*.test.ts`, CONTRACT_BASE_URL: "", NO_COLOR: "1" },
      );
      run.vitest = JSON.parse(await copy.read(json).catch(() => '{"numPassedTests":0,"numFailedTests":0,"testResults":[]}')) as VitestReport;
    });
    if (process.env.REAL_WORLD_CORPUS_WRITE) {
      for (const spec of SPECS) {
        const run = runs.get(spec.name);
        if (!run?.vitest) continue;
        const failures = run.vitest.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => ({ test: a.fullName, why: reasonFor(a.fullName, run.contradictions) })));
        const counts = new Map<string, number>();
        for (const error of run.tsc.node?.contract ?? []) counts.set(error, (counts.get(error) ?? 0) + 1);
        const contractTypeErrors = [...counts].map(([error, count]) => ({ error, count, why: typeErrorReason(error, run.contradictions) }));
        await writeFile(path.join(LISTS, `${spec.name}.json`), `${JSON.stringify({ contractTypeErrors, failures }, null, 2)}\n`);
      }
    }
  }, 90 * MINUTES);

  afterAll(async () => {
    await copy?.remove();
  });

  for (const spec of SPECS) {
    describe(`${spec.name} (${spec.file})`, () => {
      const run = () => runs.get(spec.name) as SpecRun;
      const generated = () => {
        const { generate } = run();
        expect(generate.code, `generate failed, so there is nothing to check: ${generate.stderr.trim().split("\n")[0] ?? ""}`).toBe(0);
      };

      it(`generates${spec.lenient ? ` with --lenient (${spec.lenient}), each repair named` : ", strictly"}`, () => {
        const { generate } = run();
        expect(generate.code, generate.stderr.slice(0, 2000)).toBe(0);
        expect(generate.stdout).toContain(`wrote corpus/${spec.name}`);
        if (spec.lenient) expect(generate.stderr).toMatch(/repaired \d+ spec problem/);
        else expect(generate.stderr).toBe("");
        console.log(`real-world corpus: ${spec.name}: ${run().operations ?? 0} operations, ${run().contradictions.length} contradictions reported`);
      });

      for (const config of ["node", "dom"] as const) {
        it(`its package (all but contract.test.ts) type-checks under the ${config === "node" ? "Node" : "DOM-lib"} tsconfig, strict`, () => {
          generated();
          const tsc = run().tsc[config];
          expect(tsc.package.slice(0, 20), tsc.result.stderr).toEqual([]);
        });
      }

      it("contract.test.ts type-checks, but for the errors the listed spec contradictions cause", () => {
        generated();
        const { node, dom } = run().tsc;
        const counts = new Map<string, number>();
        for (const error of node.contract) counts.set(error, (counts.get(error) ?? 0) + 1);
        const listed = known.get(spec.name)?.contractTypeErrors ?? [];
        const unexpected = [...counts].filter(([error, count]) => listed.find((k) => k.error === error)?.count !== count).map(([error, count]) => `${count} × ${error}`);
        const gone = listed.filter((k) => !counts.has(k.error)).map((k) => k.error);
        expect(unexpected.slice(0, 10), `${unexpected.length} type errors not listed (or listed with another count) in test/fixtures/real-world-corpus/${spec.name}.json`).toEqual([]);
        expect(gone.slice(0, 10), `${gone.length} listed type errors are gone: remove them`).toEqual([]);
        expect(listed.filter((k) => !k.why || k.why === "UNEXPLAINED").map((k) => k.error)).toEqual([]);
        // The DOM lib changes nothing about the contract tests' own types.
        expect([...dom.contract].sort()).toEqual([...node.contract].sort());
      });

      it("its contract suite fails exactly where the spec contradicts itself (the listed tests, each with its reason)", () => {
        generated();
        const { vitest, vitestRun } = run();
        expect(vitest?.testResults.length, vitestRun?.stderr.slice(0, 2000)).toBeGreaterThan(0);
        const results = (vitest as VitestReport).testResults;
        // A suite that crashed outside any test (a schema the kit could not load) is red, whatever the list says.
        expect(results.map((f) => f.message ?? "").filter(Boolean)).toEqual([]);
        const failed = results.flatMap((f) => f.assertionResults.filter((a) => a.status !== "passed" && a.status !== "skipped"));
        const listed = known.get(spec.name)?.failures ?? [];
        const listedNames = new Set(listed.map((k) => k.test));
        const failedNames = new Set(failed.map((a) => a.fullName));
        const unexpected = failed.filter((a) => !listedNames.has(a.fullName)).map((a) => `${a.fullName}: ${a.failureMessages[0]?.split("\n")[0] ?? ""}`);
        const nowPassing = listed.filter((k) => !failedNames.has(k.test)).map((k) => k.test);
        console.log(`real-world corpus: ${spec.name}: ${vitest?.numPassedTests} contract tests passed, ${vitest?.numFailedTests} failed (listed as the spec's own: ${listed.length})`);
        expect(unexpected.slice(0, 20), `${unexpected.length} failures not listed in test/fixtures/real-world-corpus/${spec.name}.json`).toEqual([]);
        expect(nowPassing.slice(0, 20), `${nowPassing.length} listed failures now pass: remove them`).toEqual([]);
        expect(listed.filter((k) => !k.why || k.why === "UNEXPLAINED").map((k) => k.test)).toEqual([]);
        expect(vitest?.numPassedTests).toBeGreaterThan(0);
      });
    });
  }
});
