// The runtime is copied verbatim into every generated package and must run in browsers: hold it to that.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import * as index from "../../src/runtime/index.js";

const dir = new URL("../../src/runtime/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
const source = (f: string) => readFileSync(new URL(f, dir), "utf8");
// Strips comments so rules apply to code only.
const code = (f: string) => source(f).replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

describe("src/runtime", () => {
  it("has the expected files", () => {
    expect(files.sort()).toEqual(["api-promise.ts", "auth.ts", "client.ts", "env.ts", "errors.ts", "extras.ts", "index.ts", "log.ts", "pagination.ts", "path.ts", "read.ts", "retry.ts", "upload.ts"]);
  });

  it.each(files)("%s imports only sibling runtime files (and openapi-fetch's types)", (f) => {
    // openapi-fetch, the generated package's one dependency, only for its types: the generated client hands the runtime its client.
    const c = code(f).replace(/import type \{[^}]*\} from "openapi-fetch";/g, "");
    const specifiers = [...c.matchAll(/(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2]);
    for (const s of specifiers) {
      expect(s).toMatch(/^\.\/[\w-]+\.js$/);
      expect(files).toContain(s?.slice(2).replace(/\.js$/, ".ts"));
    }
  });

  it.each(files)("%s uses no Node-only globals, no any, no default export", (f) => {
    const c = code(f);
    // Read as properties of globalThis where present (src/runtime/env.ts), never as globals of their own.
    expect(c).not.toMatch(/(?<![.\w$])(process|Buffer|require|__dirname|__filename|setImmediate|global)\b(?!This)(?!\??:)/);
    expect(c).not.toMatch(/node:/);
    expect(c).not.toMatch(/(:\s*any\b|\bas any\b|<any>)/);
    expect(c).not.toMatch(/export\s+default/);
  });

  it("re-exports every public value from index.ts", async () => {
    const internal = new Set(["redact"]);
    for (const f of files.filter((x) => x !== "index.ts")) {
      const mod = (await import(`../../src/runtime/${f.replace(/\.ts$/, ".js")}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (internal.has(name)) continue;
        expect(index, `${f} exports ${name}`).toHaveProperty(name, value);
      }
    }
  });
});

// The generated client, bundled as a browser, Deno, Bun or Worker app would bundle it (esbuild, platform neutral: no
// Node built-ins, no Node globals assumed), run where the only globals are the web platform's.
describe("a one-call consumer bundled for a platform without Node", () => {
  const ENTRY = `
    import { createClient, APIError } from "./generated/cloudflare-access/index.js";
    export async function update(options, env) {
      const cf = createClient(options);
      const { data, requestId } = await cf.zeroTrust.access.serviceTokens.update("f174e90a", { account_id: "acc1", name: "n" }).withResponse();
      return { data, requestId };
    }
    export function construct(options) {
      try {
        createClient(options);
        return "ok";
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    }
    export { APIError };
  `;
  let code = "";
  const requests: Request[] = [];

  // A context with the web platform's globals only: no process, Buffer, require or setImmediate.
  const webContext = (extra: Record<string, unknown> = {}): vm.Context => {
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      requests.push(request);
      return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { id: "f174e90a", name: "n" } }), { headers: { "content-type": "application/json", "cf-ray": "ray-vm" } });
    };
    const globals = { fetch, URL, URLSearchParams, Headers, Request, Response, AbortController, AbortSignal, Blob, File, FormData, TextEncoder, TextDecoder, ReadableStream, setTimeout, clearTimeout, queueMicrotask, btoa, atob, console, structuredClone, ...extra };
    const context = vm.createContext({ ...globals });
    vm.runInContext(code, context);
    return context;
  };
  const consumer = (context: vm.Context) => context.consumer as { update(o: object): Promise<{ data: unknown; requestId: string }>; construct(o?: object): string };

  beforeAll(async () => {
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL("../../", import.meta.url)), loader: "ts" },
      bundle: true,
      platform: "neutral",
      format: "iife",
      globalName: "consumer",
      mainFields: ["module", "main"],
      write: false,
      logLevel: "silent",
    });
    code = result.outputFiles[0]?.text ?? "";
  });

  it("bundles without Node built-ins", () => {
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/\brequire\(/);
  });

  it("runs a call, with the request id, where there is no process", async () => {
    const context = webContext();
    expect(vm.runInContext("typeof process", context)).toBe("undefined");
    const out = await consumer(context).update({ apiToken: "tok-in-vm-1234" });
    expect(out).toEqual({ data: { id: "f174e90a", name: "n" }, requestId: "ray-vm" });
    expect(requests.at(-1)?.headers.get("authorization")).toBe("Bearer tok-in-vm-1234");
    expect(requests.at(-1)?.headers.get("user-agent")).toMatch(/^@specforge\/cloudflare-access\/\d+\.\d+\.\d+$/);
  });

  it("without options and without an environment, says which options and variables would do", () => {
    expect(consumer(webContext()).construct()).toBe("No credentials: pass apiToken, or apiEmail and apiKey, or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY.");
  });

  it("reads the variables from a process.env (Node, Bun) or Deno.env where the platform has one", async () => {
    const viaProcess = webContext({ process: { env: { CLOUDFLARE_API_TOKEN: "tok-from-env-1" } } });
    await consumer(viaProcess).update({});
    expect(requests.at(-1)?.headers.get("authorization")).toBe("Bearer tok-from-env-1");
    const viaDeno = webContext({ Deno: { env: { get: (name: string) => (name === "CLOUDFLARE_API_TOKEN" ? "tok-from-deno-1" : undefined) } } });
    await consumer(viaDeno).update({});
    expect(requests.at(-1)?.headers.get("authorization")).toBe("Bearer tok-from-deno-1");
    // Deno without --allow-env throws on every read: an unset variable.
    const denied = webContext({ Deno: { env: { get: () => { throw new Error("PermissionDenied"); } } } });
    expect(consumer(denied).construct()).toMatch(/^No credentials: /);
  });
});
