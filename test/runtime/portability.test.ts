// The runtime is copied verbatim into every generated package and must run in browsers: hold it to that.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as index from "../../src/runtime/index.js";

const dir = new URL("../../src/runtime/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
const source = (f: string) => readFileSync(new URL(f, dir), "utf8");
// Strips comments so rules apply to code only.
const code = (f: string) => source(f).replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

describe("src/runtime", () => {
  it("has the expected files", () => {
    expect(files.sort()).toEqual(["api-promise.ts", "auth.ts", "client.ts", "env.ts", "errors.ts", "extras.ts", "index.ts", "log.ts", "pagination.ts", "path.ts", "retry.ts"]);
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
