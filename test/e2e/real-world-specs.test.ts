// Valid but unusual specs (test/fixtures/real-world/*.yaml): each is generated into a repo copy with the real CLI,
// the output is type-checked under the root tsconfig's strict options, and its generated contract tests are run.
// One copy, then one tsc and one vitest over every fixture; results are attributed back to each fixture.
//
// The bug-*.yaml fixtures are minimal repros of generator defects found this way. Their failing step runs as
// it.fails (with the reason as its title) so the suite stays green while the defect exists and turns red when
// it is fixed: then drop the `known` entry below.
import { readdirSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRETTIER_OPTIONS } from "../../src/format/format.js";
import { copyRepo, REPO_ROOT, type RepoCopy, type RunResult } from "./repo-copy.js";

type Step = "generate" | "typecheck" | "contract";

interface Fixture {
  name: string;
  /** What the fixture covers, for the test titles. */
  covers: string;
  /** Steps that fail because of a known generator defect, with the reason. */
  known?: Partial<Record<Step, string>>;
  /** Contract tests (full names) that must fail: the fixture's own examples contradict their schemas on purpose. */
  failing?: string[];
  /** Generated with --lenient: the repairs it must name, each as printed after the file name (`#/pointer: message`). */
  repairs?: string[];
  /** JSON pointers `generate --report` must list as contradictions, all of them and no other. */
  reported?: string[];
  /** Contract tests (full names) that must be there, and pass. */
  tests?: string[];
}

const FIXTURES: Fixture[] = [
  { name: "shapes-30", covers: "3.0: recursive and circular schemas, oneOf+discriminator, anyOf, allOf, allOf of a discriminated union, nullable, enums with null, additionalProperties, arrays of arrays" },
  { name: "shapes-31", covers: "3.1: type [x, null], const, oneOf+discriminator, $ref with siblings, recursion, path-level $ref parameter, default response, non-ASCII" },
  { name: "http-30", covers: "3.0: 204 without content, default responses, path-level and $ref parameters, query arrays, header params, no operationId, text/plain request body, tags: [], oneOf without discriminator, server variables" },
  { name: "names-31", covers: "3.1: reserved words and unsafe keys (constructor, __proto__, delete, dashes, spaces, non-ASCII) as properties, params and operation names; optional query params named valueOf and hasOwnProperty" },
  { name: "cloudflare-hazards-30", covers: "3.0: $ref with siblings, minLength on arrays, uniqueItems inside items, tags: [], x-fern groups, nullable enum [null], the envelope, a required JSON body with no schema, an object with no properties whose example has some, an optional property with a default left out of an example, a required name no property declares, an example without the optional result, properties beside additionalProperties of another type, a 204 without content beside the envelope's 200, a response that is the envelope and a string enum (no value satisfies it), a failure envelope whose result has properties but no type (openapi-typescript types it as never with the failure's null)",
    failing: ["zeroTrust.widgets.quantum (GET /accounts/{account_id}/widgets/{widget_id}/quantum) the 200 a response built from the schema (the spec documents no example) matches the 200 response schema"],
    reported: [
      "#/paths/~1accounts~1{account_id}~1widgets~1{widget_id}~1quantum/get/responses/200/content/application~1json/schema",
      "#/paths/~1accounts~1{account_id}~1widgets~1{widget_id}~1quantum/get/responses/200/content/application~1json/schema",
    ],
  },
  { name: "integer-path-param-30", covers: "3.0: an integer path parameter (int64, minimum 1) as the positional argument; path-item integer params and a required boolean query param in the params object" },
  {
    name: "bug-exclusive-minimum-30",
    covers: "3.0 boolean exclusiveMinimum in a built example",
  },
  {
    name: "bug-nullable-ref-30",
    covers: "3.0 nullable $ref (nullable + allOf, no type)",
  },
  {
    name: "bug-non-json-responses",
    covers: "text/plain, */* and multipart/form-data responses",
  },
  {
    name: "non-json-success-30",
    covers: "3.0: 2xx bodies that are not JSON: octet-stream, PDF, zip, PNG, image/*, message/rfc822 as a Blob; CSV, PEM, XML, text/plain beside a 204 as a string; multipart/form-data as a FormData; javascript or multipart as a Blob; JSON errors beside them",
  },
  {
    name: "bug-path-param-length",
    covers: "a positional path parameter with maxLength 4",
  },
  {
    name: "bug-ref-siblings-30",
    covers: "3.0 keywords beside $ref (to be ignored)",
  },
  {
    name: "bug-recursive-json-value-30",
    covers: "3.0 JSON value schema that refers to itself through an array, in a request body",
  },
  {
    name: "bug-array-cycles-31",
    covers: "3.1 schemas that contain themselves through arrays and tuples: mutual, nullable tuple, direct; an object-member cycle beside them",
  },
  {
    name: "contradicting-examples-30",
    covers: "documented request and response examples that contradict their schemas: not held to the TypeScript type, reported by the schema checks",
    failing: [
      'updateCounter (PUT /counters/{counter_id}) the 200 example "example" matches the 200 response schema',
      'updateCounter (PUT /counters/{counter_id}) request body example "example" matches the request body schema',
      'updateCounter (PUT /counters/{counter_id}) request body example "example" is sent as JSON to PUT /counters/c1',
    ],
  },
  {
    name: "multi-file-30",
    covers: "a spec split over files: schemas, a parameter and a response reached by relative $refs, one external file referring to another and back into the root",
  },
  {
    name: "redocly-layout-30",
    covers: "Redocly's multi-file layout: operations and a path item as $refs to files, descriptions as $refs to a Markdown file and a YAML key, relative $refs across folders",
  },
  {
    name: "request-types-30",
    covers: "calls written from documented request examples: a discriminator without a mapping (members declare their values), a mapping that narrows a shared schema, a $ref into allOf/0, a name required beside allOf parts, a discriminated oneOf whose branches overlap",
    // As in DigitalOcean's spec: a discriminated oneOf whose second branch is the first plus an optional field, so
    // every value of the first matches both; the discriminator picks one, so its examples fit (plain oneOf would
    // reject them). And a discriminator without a mapping whose branches' values are not their schema names, as
    // OpenAPI then requires: the one contradiction.
    reported: ["#/components/schemas/ChatMessage/discriminator"],
  },
  {
    name: "names-30",
    covers: "names a person would write: tags with acronyms (API Keys, SSH Keys, VPCs), a tag starting with a digit (1-Click Applications), operationIds that repeat their group (listFiles)",
  },
  {
    name: "lenient-30",
    covers: "what openapi-typescript reads and OpenAPI does not allow, read with --lenient and each named: a version without its patch, a path without '/', a component name with a space, a response key that is no status, a query style the location lacks, a parameter declared twice, one without a schema, one in: body, a media type's field one level too high (response and request body), no responses, empty responses; a YAML merge key",
    repairs: [
      '#/openapi: OpenAPI version "3.0" lacks the patch number; read as "3.0.0"',
      "#/paths/pets: path 'pets' does not start with '/'; read as '/pets'",
      '#/components/schemas/Pet Record: component name "Pet Record" has characters OpenAPI does not allow in one; read as written',
      "#/paths/~1pets/get/responses/success: response key 'success' is not a status code; dropped",
      "#/paths/~1pets/get/parameters/0/style: parameter 'tags' has style 'simple', which query does not have; read as 'form', its default",
      "#/paths/~1pets/get/parameters/1: parameter 'limit' in query is declared again at #/paths/~1pets/get/parameters/2; the later one kept",
      "#/paths/~1pets/get/parameters/3: parameter 'cursor' has neither `schema` nor `content`; read as any value",
      "#/paths/~1pets/get/responses/200/content/examples: 'examples' is not a media type (a media type's own field written one level too high?); dropped",
      "#/paths/~1pets/post/parameters/0: parameter 'pet' is in 'body', which OpenAPI 3 does not have (a request body carries it); dropped",
      "#/paths/~1pets/post/requestBody/content/example: 'example' is not a media type (a media type's own field written one level too high?); dropped",
      "#/paths/~1pets~1{pet_id}~1ping/post: an operation without `responses` (required in 3.0) is read as documenting no response, as in 3.1",
      "#/paths/~1pets~1{pet_id}~1touch/post/responses: `responses` is empty; read as documenting no response, as an operation without `responses` in 3.1",
    ],
  },
  {
    name: "bug-hasownproperty-key",
    covers: "properties and a component named hasOwnProperty, valueOf, isPrototypeOf... (keys openapi-typescript's resolver cannot read)",
  },
  {
    name: "refs-anywhere-30",
    covers: "$refs into a parameter's schema, a response's media schema, an allOf member and a path's response schema, which the contract kit's schema map carries at their own places; a property named x-rev",
  },
  {
    name: "built-values-31",
    covers: "values built where the spec documents none: snowflake and sid path patterns with lengths, enum, date-time and multipleOf query values, a header pattern, unique items, overlapping oneOf branches, a discriminator mapping whose branches require their own fields, a property's own example",
  },
  {
    name: "schema-dialect-30",
    covers: "3.0: nullable without a type, nullable: false with and without one, nullable beside allOf, properties named default, enum and const, patterns JavaScript reads only without the u flag, an optional property with enum: []",
    reported: ["#/components/schemas/Thing/properties/gone"],
  },
  {
    name: "schema-dialect-31",
    covers: "3.1 with OpenAPI 3.0 keywords, generated with --lenient: nullable with a type, beside a $ref, beside oneOf, alone in an allOf member, nullable: false, boolean exclusive bounds, a pattern no JavaScript mode compiles",
    repairs: [
      "#/paths/~1runs~1{id}/get/parameters/1/schema/exclusiveMinimum: a boolean exclusiveMinimum (OpenAPI 3.0) in a 3.1 document; read as exclusiveMinimum: 0",
      '#/components/schemas/Run/properties/name/nullable: nullable: true (OpenAPI 3.0) in a 3.1 document; read as type ["string","null"]',
      "#/components/schemas/Run/properties/usage/nullable: nullable: true (OpenAPI 3.0) in a 3.1 document; read as anyOf [the schema, null]",
      "#/components/schemas/Run/properties/tool/nullable: nullable: true (OpenAPI 3.0) in a 3.1 document; read as a null branch of its oneOf",
      "#/components/schemas/Run/properties/strategy/allOf/1/nullable: nullable: true (OpenAPI 3.0) in a 3.1 document, on a schema that already admits null; dropped",
      "#/components/schemas/Run/properties/rate/exclusiveMaximum: a boolean exclusiveMaximum (OpenAPI 3.0) in a 3.1 document: exclusiveMaximum: false says maximum is inclusive, as 3.1 reads it; dropped",
      "#/components/schemas/Run/properties/flag/nullable: nullable: false (OpenAPI 3.0) in a 3.1 document says nothing; dropped",
      '#/components/schemas/Run/properties/code/pattern: pattern "(unclosed" is not a regular expression JavaScript can read; dropped',
    ],
  },
  {
    name: "http-methods-31",
    covers: "a GET documented with an optional body and a DELETE with one, sent without it; a DELETE with a required body, sent as given (its call type-checks); path keys that carry a query (/responses?beta=true); a 307 with a documented example",
    tests: [
      "search (GET /search) when the server answers with the 200 a response built from the schema (the spec documents no example), the client sends GET /search and resolves with it",
      'deleteItem (DELETE /items/{id}) request body example "example" is sent as JSON to DELETE /items/string',
      'removeItemTags (DELETE /items/{id}/tags) request body example "example" is sent as JSON to DELETE /items/string/tags',
      'getItem (GET /items/{id}) when the server answers with the 307 example "example", the client throws APIError carrying its errors',
      'createResponse (POST /responses?beta=true) request body example "example" is sent as JSON to POST /responses',
      "getResponse (GET /responses/{response_id}?beta=true&v=2) when the server answers with the 200 a response built from the schema (the spec documents no example), the client sends GET /responses/resp_g and resolves with it",
    ],
  },
  {
    name: "contradictions-31",
    covers: "a spec that contradicts itself once in each way: a response example against its pattern, a parameter example of the wrong type, a form body example without a required field, a response schema no value satisfies",
    failing: [
      'getAccount (GET /accounts/{sid}) the 200 example "bad" matches the 200 response schema',
      'getAccount (GET /accounts/{sid}) the query parameter verbose\'s example "yes" matches its schema',
      'updateAccount (POST /accounts/{sid}) request body example "close" matches the request body schema',
      "getLimits (GET /limits) the 200 a response built from the schema (the spec documents no example) matches the 200 response schema",
    ],
    reported: [
      "#/paths/~1accounts~1{sid}/get/responses/200/content/application~1json/examples/bad/value",
      "#/paths/~1accounts~1{sid}/get/parameters/1/examples/yes/value",
      "#/paths/~1accounts~1{sid}/post/requestBody/content/application~1x-www-form-urlencoded/examples/close/value",
      "#/paths/~1limits/get/responses/200/content/application~1json/schema",
      "#/paths/~1limits/get/responses/200/content/application~1json/schema/properties/tier",
    ],
  },
];

const FIXTURE_DIR = "test/fixtures/real-world";
// isolatedDeclarations (with declaration, which it needs) as the package's own tsconfig sets it: an export whose type
// its build (tsc --noCheck, src/self/package-build.ts) cannot read off the file fails here, not in a user's npm ci.
const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, declaration: true, isolatedDeclarations: true } as const;

interface VitestFile {
  name: string;
  status: string;
  message?: string;
  assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
}

// Runs `task` over `items`, `limit` at a time.
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

describe("real-world specs", () => {
  let copy: RepoCopy;
  const generated = new Map<string, RunResult>();
  let tsc: RunResult;
  /** tsc diagnostics by fixture; "" holds the ones outside any fixture's folder. */
  const diagnostics = new Map<string, string[]>();
  let vitest: RunResult;
  const contractFiles = new Map<string, VitestFile>();

  beforeAll(async () => {
    copy = await copyRepo();
    await pool(FIXTURES, Math.max(2, os.availableParallelism()), async (f) => {
      const lenient = f.repairs !== undefined ? ["--lenient"] : [];
      const args = ["generate", "--spec", `${FIXTURE_DIR}/${f.name}.yaml`, "--out", `generated/${f.name}`, "--report", `generated/${f.name}.report.json`, ...lenient];
      generated.set(f.name, await copy.specforge(args, { DEBUG: "" }));
    });
    const built = FIXTURES.filter((f) => generated.get(f.name)?.code === 0).map((f) => f.name);
    // One tsc over every generated package, with the root's strict options (restated so a change there cannot loosen this).
    const tsconfig = { extends: "./tsconfig.json", compilerOptions: { ...STRICT, noEmit: true }, include: built.map((n) => `generated/${n}`), exclude: ["node_modules", "generated/*/node_modules"] };
    await writeFile(path.join(copy.dir, "tsconfig.real-world.json"), JSON.stringify(tsconfig, null, 2));
    tsc = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.real-world.json", "--pretty", "false"]);
    for (const line of tsc.stdout.split("\n").filter((l) => /error TS\d+/.test(l))) {
      const owner = /^generated\/([^/]+)\//.exec(line)?.[1] ?? "";
      diagnostics.set(owner, [...(diagnostics.get(owner) ?? []), line]);
    }
    // One vitest over every generated contract suite; CONTRACT_BASE_URL is cleared so nothing goes to a live server.
    const report = path.join(copy.dir, "real-world-vitest.json");
    vitest = await copy.run(
      process.execPath,
      [path.join(copy.dir, "node_modules/vitest/vitest.mjs"), "run", ...built.map((n) => `generated/${n}/contract/`), "--reporter=json", `--outputFile=${report}`],
      { CONTRACT_BASE_URL: "", NO_COLOR: "1" },
    );
    const parsed = JSON.parse(await copy.read("real-world-vitest.json").catch(() => '{"testResults":[]}')) as { testResults: VitestFile[] };
    // A package's suite is one file per client group (contract/<group>.test.ts): their results as one.
    for (const file of parsed.testResults) {
      const owner = /generated[/\\]([^/\\]+)[/\\]contract[/\\][^/\\]+\.test\.ts$/.exec(file.name)?.[1];
      if (!owner) continue;
      const before = contractFiles.get(owner);
      contractFiles.set(owner, before ? { name: owner, status: before.status === "passed" && file.status === "passed" ? "passed" : "failed", message: (before.message ?? "") + (file.message ?? ""), assertionResults: [...before.assertionResults, ...file.assertionResults] } : file);
    }
  }, 600_000);

  afterAll(async () => {
    await copy?.remove();
  });

  it("every fixture in test/fixtures/real-world is listed here (none goes untested)", () => {
    const onDisk = readdirSync(path.join(REPO_ROOT, FIXTURE_DIR)).filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, "")).sort();
    expect(onDisk).toEqual(FIXTURES.map((f) => f.name).sort());
    expect(onDisk.some((n) => n.endsWith("-30")) && onDisk.some((n) => n.endsWith("-31"))).toBe(true);
  });

  it("tsc reports nothing outside the fixtures' folders (a broken tsconfig would show up here)", () => {
    expect(diagnostics.get("") ?? [], tsc.stdout + tsc.stderr).toEqual([]);
  });

  for (const fixture of FIXTURES) {
    const { name, known = {} } = fixture;
    const title = (step: string, what: string) => (known[step as Step] ? `${what} (known defect: ${known[step as Step]})` : what);
    describe(`${name}: ${fixture.covers}`, () => {
      const flags = fixture.repairs !== undefined ? " --lenient" : "";
      it(title("generate", `generates with exit 0: specforge generate --spec ${FIXTURE_DIR}/${name}.yaml --out generated/${name}${flags}`), { fails: known.generate !== undefined }, () => {
        const result = generated.get(name) as RunResult;
        expect(result.code, result.stderr).toBe(0);
        const repairs = fixture.repairs ?? [];
        // Each repair is named, on its own line, after a header that counts them; nothing else goes to stderr.
        const expected = repairs.length === 0 ? "" : [`${name}: repaired ${repairs.length} spec problem(s) in memory:`, ...repairs.map((r) => `  ${FIXTURE_DIR}/${name}.yaml ${r}`)].join("\n") + "\n";
        expect(result.stderr).toBe(expected);
        expect(result.stdout).toContain(`wrote generated/${name}`);
      });

      if (fixture.reported) {
        const reported = fixture.reported;
        it(`generate --report lists where the spec contradicts itself: ${reported.length} place(s), and says so in one line`, async () => {
          const report = JSON.parse(await copy.read(`generated/${name}.report.json`)) as { targets: { contradictions: { pointer: string }[] }[] };
          expect(report.targets.flatMap((t) => t.contradictions.map((c) => c.pointer)).sort()).toEqual([...reported].sort());
          expect(generated.get(name)?.stdout).toMatch(new RegExp(`^${name}: the spec contradicts itself in ${reported.length} place`, "m"));
        });
      }

      // A fixture that cannot be generated has nothing to type-check or run.
      const built = known.generate === undefined;
      const maybe = built ? it : it.skip;

      maybe(title("typecheck", "type-checks under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and verbatimModuleSyntax"), { fails: known.typecheck !== undefined }, () => {
        expect(generated.get(name)?.code).toBe(0);
        const errors = diagnostics.get(name) ?? [];
        expect(errors.join("\n")).toBe("");
        expect(diagnostics.get("") ?? []).toEqual([]);
      });

      // The render formats TypeScript with prettier's babel-ts parser, which is faster (src/format/format.ts); its bytes
      // must be the typescript parser's, on every kind of code these fixtures make the emitters write.
      maybe("its TypeScript files come back unchanged from prettier's typescript parser", async () => {
        const dir = path.join(copy.dir, "generated", name);
        const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ts") && !f.includes("node_modules") && !f.startsWith("dist"));
        expect(files.length).toBeGreaterThan(3);
        for (const file of files) {
          const text = await readFile(path.join(dir, file), "utf8");
          expect(await prettier.format(text, { ...PRETTIER_OPTIONS, parser: "typescript" }), file).toBe(text);
        }
      });

      const failing = fixture.failing ?? [];
      const contractTitle = failing.length > 0 ? `its generated contract tests pass, except the ${failing.length} that check its contradicting examples` : "its generated contract tests pass";
      maybe(title("contract", contractTitle), { fails: known.contract !== undefined }, () => {
        const file = contractFiles.get(name);
        expect(file, `no vitest result for generated/${name}/contract/\n${vitest.stdout.slice(0, 2000)}\n${vitest.stderr.slice(0, 2000)}`).toBeDefined();
        const failed = (file as VitestFile).assertionResults.filter((a) => a.status !== "passed");
        const unexpected = failed.filter((a) => !failing.includes(a.fullName)).map((a) => `${a.fullName}\n  ${a.failureMessages.join("\n  ").split("\n").slice(0, 4).join("\n  ")}`);
        expect(unexpected.join("\n\n") + ((file as VitestFile).message ?? "")).toBe("");
        expect(failed.map((a) => a.fullName).sort()).toEqual([...failing].sort());
        expect((file as VitestFile).status).toBe(failing.length > 0 ? "failed" : "passed");
        expect((file as VitestFile).assertionResults.length).toBeGreaterThan(0);
        const passed = (file as VitestFile).assertionResults.filter((a) => a.status === "passed").map((a) => a.fullName);
        for (const test of fixture.tests ?? []) expect(passed, `no passing test named: ${test}`).toContain(test);
      });
    });
  }

  // Object literals treat a `__proto__` key as the prototype, not a property: the example and the schema
  // property silently vanish from the contract suite, so the tests pass without ever sending or checking it.
  it('names-31: the contract suite keeps `__proto__` keys as own properties (written computed, ["__proto__"], as a plain key would set the prototype)', async () => {
    const groups = (await readdir(path.join(copy.dir, "generated/names-31/contract"))).sort();
    const text = (await Promise.all(groups.map((file) => copy.read(`generated/names-31/contract/${file}`)))).join("\n");
    expect(text).toContain("__proto__");
    expect(text).not.toMatch(/^\s*"?__proto__"?\s*:/m);
  });
});
