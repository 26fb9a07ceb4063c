// The generated client as a package: publint and attw pass, and another workspace package imports it by name
// and runs with plain node against a local server.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { publint } from "publint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./repo-copy.js";

const PACKAGE = path.join(REPO_ROOT, "generated/cloudflare-access");
const CONSUMER = path.join(REPO_ROOT, "examples/consumer/dist/update-service-token.js");

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("the generated package", () => {
  it("passes publint (strict) with no messages", async () => {
    const { messages } = await publint({ pkgDir: PACKAGE, strict: true });
    expect(messages).toEqual([]);
  });

  it("passes @arethetypeswrong/cli with the esm-only profile", async () => {
    const result = await run(process.execPath, [path.join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js"), "--pack", PACKAGE, "--profile", "esm-only"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("fails both checks when the manifest points types at a file that does not exist (the checks are real)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-pack-"));
    try {
      await cp(PACKAGE, dir, { recursive: true, filter: (source) => !source.includes("node_modules") });
      const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as { exports: { ".": { types: string } }; scripts?: unknown };
      manifest.exports["."].types = "./dist/missing.d.ts";
      delete manifest.scripts;
      await writeFile(path.join(dir, "package.json"), JSON.stringify(manifest));
      const { messages } = await publint({ pkgDir: dir, strict: true });
      expect(messages.map((m) => m.code)).toContain("FILE_DOES_NOT_EXIST");
      const attw = await run(process.execPath, [path.join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js"), "--pack", dir, "--profile", "esm-only"]);
      expect(attw.code).not.toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("depends on openapi-fetch at run time and on nothing else", async () => {
    const manifest = JSON.parse(await readFile(path.join(PACKAGE, "package.json"), "utf8")) as { dependencies: Record<string, string>; type: string; sideEffects: boolean };
    expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
    expect(manifest.type).toBe("module");
    expect(manifest.sideEffects).toBe(false);
  });

  it("is importable by name from plain node after the install's build", async () => {
    const result = await run(process.execPath, ["--input-type=module", "-e", 'const m = await import("@specforge/cloudflare-access"); console.log(typeof m.createClient, typeof m.RateLimitError)'], {}, path.join(REPO_ROOT, "examples/consumer"));
    expect(result.stdout.trim(), result.stderr).toBe("function function");
  });
});

describe("examples/consumer, run with plain node", () => {
  let server: ReturnType<typeof createServer>;
  let baseURL: string;
  const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: unknown }[] = [];
  const result = { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", name: "CI/CD token", duration: "60m" };

  beforeAll(async () => {
    if (!existsSync(CONSUMER)) throw new Error(`${CONSUMER} is missing: npm ci (or npm run build -w examples/consumer) builds it`);
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: body ? JSON.parse(body) : undefined });
        res.writeHead(200, { "content-type": "application/json", "cf-ray": "8c0ffee00-SJC" });
        res.end(JSON.stringify({ success: true, errors: [], messages: [], result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("updates a token with an API token: the server sees the request the spec describes, and the script prints the result", async () => {
    seen.length = 0;
    const out = await run(process.execPath, [CONSUMER, "023e105f4ecef8ad9ca31a8372d0c353", "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "--name", "CI/CD token", "--duration", "60m"], {
      CLOUDFLARE_API_TOKEN: "consumer-test-token",
      CLOUDFLARE_BASE_URL: baseURL,
    });
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(result);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("PUT");
    expect(seen[0]?.url).toBe("/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/f174e90a-fafe-4643-bbbc-4a0ed4fc8415");
    expect(seen[0]?.headers.authorization).toBe("Bearer consumer-test-token");
    expect(seen[0]?.body).toEqual({ name: "CI/CD token", duration: "60m" });
    // .withResponse(): the request id the response carried.
    expect(out.stderr).toBe("request id 8c0ffee00-SJC\n");
  });

  it("fails without credentials with the client's message, which names the options and the variables", async () => {
    const out = await run(process.execPath, [CONSUMER, "acc", "tok"], { CLOUDFLARE_API_TOKEN: "", CLOUDFLARE_EMAIL: "", CLOUDFLARE_API_KEY: "", CLOUDFLARE_BASE_URL: baseURL });
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("error: No credentials: pass apiToken, or apiEmail and apiKey, or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY.\n");
  });

  it("uses CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY when there is no token", async () => {
    seen.length = 0;
    const out = await run(process.execPath, [CONSUMER, "acc", "tok"], { CLOUDFLARE_API_TOKEN: "", CLOUDFLARE_EMAIL: "user@example.com", CLOUDFLARE_API_KEY: "consumer-test-key", CLOUDFLARE_BASE_URL: baseURL });
    expect(out.code, out.stderr).toBe(0);
    expect(seen[0]?.headers["x-auth-email"]).toBe("user@example.com");
    expect(seen[0]?.headers["x-auth-key"]).toBe("consumer-test-key");
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it("prints a usage line and exits 2 without ids", async () => {
    const out = await run(process.execPath, [CONSUMER], { CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_BASE_URL: baseURL });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("usage: update-service-token");
  });
});
