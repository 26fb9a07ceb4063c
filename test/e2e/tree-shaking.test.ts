// The tree-shakable entry of the generated package (issue #20): built as `prepare` builds it, its subpaths
// (`/core`, `/zero-trust`) load under plain node by package name, and a one-call consumer bundled through them keeps
// only the operation it calls, where one through the facade keeps them all; tsc, given a consumer of `/core` and one
// group, loads that group's slice of the types (src/emit/schema/schema-files.ts), not schema.ts and every group's.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_BUILD_ARGS } from "../../src/self/package-build.js";
import { REPO_ROOT } from "./repo-copy.js";

const PACKAGE = path.join(REPO_ROOT, "generated/cloudflare-access");
const NAME = "@specforge/cloudflare-access";
const UPDATE = "/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}";
// Texts that survive minification, each only in the runtime code of a feature update() does not use: pagination (its
// number style, the cursor style, the link style), non-JSON readers, uploads.
const PAGE_BY_NUMBER = "No next page: check hasNextPage()";
const UNUSED_BY_UPDATE: [string, string][] = [
  ["pagination by number (Page)", PAGE_BY_NUMBER],
  ["pagination by number (byPage)", "totalPages"],
  ["pagination by cursor (byCursor)", "hasMore"],
  ["pagination by link (byLink)", "http://link.invalid"],
  ["the form reader (readForm)", "is not a form"],
  ["the Blob reader (readBlob)", "new Blob([],{type:"],
  ["uploads (upload.ts)", "toFile()'s value"],
];
// Other operations of the same group module: none may be in a bundle that calls only update.
const OTHERS = ["/refresh", "/rotate", "zeroTrust.access.serviceTokens.list", "zeroTrust.access.serviceTokens.delete"];

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }));
  });
}

let dir: string;

describe("the tree-shakable entry", () => {
  beforeAll(async () => {
    // A consumer folder whose node_modules holds the package as npm installs it: package.json and the built dist/.
    dir = await mkdtemp(path.join(os.tmpdir(), "specforge-shake-"));
    const installed = path.join(dir, "node_modules", NAME);
    await mkdir(installed, { recursive: true });
    await cp(path.join(PACKAGE, "package.json"), path.join(installed, "package.json"));
    const build = await run(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), ...PACKAGE_BUILD_ARGS, "--outDir", path.join(installed, "dist")], PACKAGE);
    expect(build.code, build.output).toBe(0);
    await symlink(path.join(REPO_ROOT, "node_modules/openapi-fetch"), path.join(dir, "node_modules/openapi-fetch"), "dir");
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("loads /core and a group module by package name under plain node, and sends the call", async () => {
    const script = [
      `import { createClientCore } from "${NAME}/core";`,
      `import { accessServiceTokensUpdate } from "${NAME}/zero-trust";`,
      // A stub fetch: the request the function sends, and the envelope back.
      `const sent = [];`,
      `const fetch = async (input, init) => { sent.push([init?.method ?? input.method, String(input.url ?? input)]); return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { id: "t" } }), { headers: { "content-type": "application/json" } }); };`,
      `const core = createClientCore({ apiToken: "x", fetch, baseURL: "https://example.test/v4" });`,
      `const token = await accessServiceTokensUpdate(core, "tok", { account_id: "acc", name: "n" });`,
      `console.log(JSON.stringify({ token, sent }));`,
    ].join("\n");
    await writeFile(path.join(dir, "call.mjs"), script);
    const result = await run(process.execPath, ["call.mjs"], dir);
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.output)).toEqual({ token: { id: "t" }, sent: [["PUT", "https://example.test/v4/accounts/acc/access/service_tokens/tok"]] });
  });

  it("bundles a one-call consumer through it without the other operations, which the facade's bundle has", async () => {
    const bundle = async (source: string) => {
      const entry = path.join(dir, `entry-${Math.random().toString(36).slice(2)}.mjs`);
      await writeFile(entry, source);
      // bench/run.ts's settings.
      const result = await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, platform: "node", format: "esm", target: "node20", write: false, absWorkingDir: dir });
      return result.outputFiles[0]?.text ?? "";
    };
    const shaken = await bundle(`import { createClientCore } from "${NAME}/core";\nimport { accessServiceTokensUpdate } from "${NAME}/zero-trust";\nawait accessServiceTokensUpdate(createClientCore(), "tok", { account_id: "acc" });\n`);
    const facade = await bundle(`import { createClient } from "${NAME}";\nawait createClient().zeroTrust.access.serviceTokens.update("tok", { account_id: "acc" });\n`);
    expect(shaken).toContain(UPDATE);
    expect(shaken).toContain("zeroTrust.access.serviceTokens.update");
    for (const other of OTHERS) {
      expect(facade, other).toContain(other);
      expect(shaken, other).not.toContain(other);
    }
    expect(shaken.length).toBeLessThan(facade.length);
    // Features only some operations use live in runtime modules only their functions import (issue #20): a text each
    // module's code keeps through minification must be in neither bundle but the one that calls such an operation.
    for (const [feature, text] of UNUSED_BY_UPDATE) expect(shaken, `${feature} in the one-call bundle`).not.toContain(text);
    // Each text is in a bundle that uses its feature, so that its absence above says something.
    const runtime = path.join(PACKAGE, "runtime/index.ts");
    const all = await bundle(`import { Page, byCursor, byLink, byPage, readBlob, readForm, toFile } from ${JSON.stringify(runtime)};\nconsole.log(Page, byCursor, byLink, byPage, readBlob, readForm, toFile);\n`);
    for (const [feature, text] of UNUSED_BY_UPDATE) expect(all, `${feature} in a bundle that uses it`).toContain(text);
    for (const [feature, text] of UNUSED_BY_UPDATE.filter(([f]) => !f.startsWith("pagination by number"))) expect(facade, `${feature} in the facade's bundle`).not.toContain(text);
    expect(facade, "the facade's list() pages by number").toContain(PAGE_BY_NUMBER);
    // A budget, so that what the runtime adds to every call's bundle is a decision: this entry bundled 18,329 bytes
    // when it was set (esbuild 0.27, 2026-12-05), the budget a few per cent above.
    expect(shaken.length, "the one-call bundle's bytes").toBeLessThan(18_900);
  });

  it("type-checks a consumer of /core and one group loading only that group's types, not schema.ts or the facade", async () => {
    await writeFile(
      path.join(dir, "consumer.ts"),
      [
        `import { APIError, createClientCore } from "${NAME}/core";`,
        `import { accessServiceTokensUpdate, type ServiceTokenUpdateParams } from "${NAME}/zero-trust";`,
        `const params: ServiceTokenUpdateParams = { account_id: "acc", name: "n" };`,
        `const token = await accessServiceTokensUpdate(createClientCore(), "tok", params).catch((e: unknown) => (e instanceof APIError ? undefined : Promise.reject(e)));`,
        `export const id: string | undefined = token?.id;`,
      ].join("\n"),
    );
    // The strictest settings bench/run.ts type-checks its consumers with, and no skipLibCheck: the package's
    // declarations are checked too.
    const compilerOptions = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, target: "ES2022", lib: ["ES2022", "DOM"], module: "NodeNext", moduleResolution: "NodeNext", types: [], noEmit: true, skipLibCheck: false };
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
    const tsc = await run(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--listFiles"], dir);
    expect(tsc.code, tsc.output).toBe(0);
    const prefix = path.join(dir, "node_modules", NAME, "dist") + path.sep;
    const loaded = tsc.output
      .split("\n")
      .filter((line) => line.startsWith(prefix))
      .map((line) => line.slice(prefix.length).split(path.sep).join("/"))
      .sort();
    // The group's module and its slice of the types (and a shared slice, had the fragment more than one group).
    expect(loaded.filter((file) => !file.startsWith("runtime/"))).toEqual(["core.d.ts", "operations/zero-trust.d.ts", "schema/zero-trust.d.ts"]);
  });
});
