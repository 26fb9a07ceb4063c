// Issue #18: after `generate`, a package importing the generated client kept the old code and types until someone ran
// `npm run build`. Here examples/consumer, in a copy of the repository where the generated package was built as
// `npm ci` builds it, sees a spec change right after `generate`, with no other step: its type-check accepts a field the
// spec added and rejects one the spec removed, and plain `node` runs the new code.
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_BUILD_ARGS } from "../../src/self/package-build.js";
import { copyRepo, REPO_ROOT, type RepoCopy } from "./repo-copy.js";

const SPEC = "spec/cloudflare-access.yaml";
const PACKAGE = "generated/cloudflare-access";
const CONSUMER = "examples/consumer";

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
  await cp(path.join(REPO_ROOT, CONSUMER), path.join(copy.dir, CONSUMER), { recursive: true, filter: (source) => !/[/\\](node_modules|dist)([/\\]|$)/.test(path.relative(REPO_ROOT, source)) });
  // The copy's node_modules is the repository's, whose workspace link points at the repository's own package: the
  // consumer gets its own link to the copy's, as npm's workspace link would be.
  await mkdir(path.join(copy.dir, CONSUMER, "node_modules/@specforge"), { recursive: true });
  await symlink(path.join(copy.dir, PACKAGE), path.join(copy.dir, CONSUMER, "node_modules/@specforge/cloudflare-access"), "dir");
  // What `npm ci` leaves: the package built by its prepare script (its tsc with PACKAGE_BUILD_ARGS, in its folder).
  const failed = await new Promise<string | undefined>((resolve) =>
    execFile(process.execPath, [path.join(copy.dir, "node_modules/typescript/bin/tsc"), ...PACKAGE_BUILD_ARGS], { cwd: path.join(copy.dir, PACKAGE) }, (error, stdout, stderr) => resolve(error ? stdout + stderr : undefined)),
  );
  expect(failed).toBeUndefined();
}, 120_000);
afterAll(async () => {
  await copy.remove();
});

async function editSpec(from: string, to: string): Promise<void> {
  const file = path.join(copy.dir, SPEC);
  const text = await readFile(file, "utf8");
  expect(text, `the spec has ${JSON.stringify(from)}`).toContain(from);
  await writeFile(file, text.replace(from, to));
}

// The end of the update's request body schema and of ServiceToken's properties, where the tests add a field.
const UPDATE_BODY_END = '                  $ref: "#/components/schemas/access_previous_client_secret_expires_at"\n              type: object\n';
const SERVICE_TOKEN_END = '        updated_at:\n          $ref: "#/components/schemas/access_updated_at"\n          readOnly: true\n      title: ServiceToken\n';

const typeCheckConsumer = () => copy.run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", `${CONSUMER}/tsconfig.json`, "--noEmit"]);

// Which error a service token id of 38 characters gets, from the package as plain node imports it: the spec's
// maxLength is 36 (refused before sending) until the test raises it.
async function errorForLongId(): Promise<string> {
  const script = [
    'const { createClient } = await import("@specforge/cloudflare-access");',
    'const cf = createClient({ apiToken: "t", baseURL: "http://127.0.0.1:9", maxRetries: 0 });',
    'try { await cf.zeroTrust.access.serviceTokens.update("x".repeat(38), { account_id: "a" }); console.log("resolved"); } catch (e) { console.log(e.constructor.name); }',
  ].join("\n");
  // Run from the consumer's folder, so the package resolves through its node_modules link.
  return new Promise((resolve) => execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: path.join(copy.dir, CONSUMER) }, (_error, stdout, stderr) => resolve((stdout || stderr).trim())));
}

describe("a package importing the generated client, right after generate", () => {
  it("type-checks against a field the spec added, and runs the new code with plain node", async () => {
    await writeFile(
      path.join(copy.dir, CONSUMER, "src/fresh-field.ts"),
      [
        'import type { ServiceToken, ServiceTokenUpdateParams } from "@specforge/cloudflare-access";',
        'export const params: ServiceTokenUpdateParams = { account_id: "a", nickname: "ci" };',
        "export const nicknameOf = (token: ServiceToken): string | undefined => token.nickname;",
        "",
      ].join("\n"),
    );
    // Before generate the package's dist/ is the spec's old shape: the check can fail.
    const stale = await typeCheckConsumer();
    expect(stale.code).not.toBe(0);
    expect(stale.stdout).toContain("'nickname'");
    expect(await errorForLongId()).toBe("InvalidRequestError");

    // A field neither the update's body nor ServiceToken has (the anchors are unique to those two schemas).
    await editSpec(UPDATE_BODY_END, `${UPDATE_BODY_END.replace(/ {14}type: object\n$/, "")}                nickname:\n                  type: string\n              type: object\n`);
    await editSpec(SERVICE_TOKEN_END, `        nickname:\n          type: string\n${SERVICE_TOKEN_END}`);
    await editSpec("      maxLength: 36\n", "      maxLength: 40\n");
    const generated = await copy.specforge(["generate"]);
    expect(generated.code, generated.stderr).toBe(0);

    const fresh = await typeCheckConsumer();
    expect(fresh.code, fresh.stdout + fresh.stderr).toBe(0);
    // The request is now sent (to a closed port) instead of refused for the id's length.
    expect(await errorForLongId()).toBe("APIConnectionError");
  }, 120_000);

  it("fails to compile against a field the spec removed", async () => {
    // The field the first test added to ServiceToken, and src/fresh-field.ts reads, goes again.
    expect((await typeCheckConsumer()).code, "the consumer compiles before the removal").toBe(0);
    await editSpec(`        nickname:\n          type: string\n${SERVICE_TOKEN_END}`, SERVICE_TOKEN_END);
    const generated = await copy.specforge(["generate"]);
    expect(generated.code, generated.stderr).toBe(0);
    const broken = await typeCheckConsumer();
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toMatch(/fresh-field\.ts.*error TS\d+: Property 'nickname' does not exist on type/);
  }, 120_000);
});
