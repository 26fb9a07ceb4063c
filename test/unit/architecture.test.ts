// The shape of src/ that the README's "How it works" describes, held by tests: no import cycles, each stage imports
// only what it may, and raw spec JSON is read only by the input stage, the model and the spec-editing tools.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** Every .ts/.js file under src/, relative to it, with its text. */
function sourceFiles(dir = SRC): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!/\.(ts|js)$/.test(entry.name) || entry.name.endsWith(".d.ts")) return [];
    return [{ file: path.relative(SRC, full), text: readFileSync(full, "utf8") }];
  });
}

/** The module specifiers a file imports or re-exports, statically or with import(), type-only ones included. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|(?:^|[\s;])import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)) {
    found.push((match[1] ?? match[2] ?? match[3]) as string);
  }
  return found;
}

/** The src/-relative file a relative specifier names (`.js` is how a `.ts` file is imported). */
function resolveLocal(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = path.normalize(path.join(path.dirname(from), specifier));
  return [target, target.replace(/\.js$/, ".ts")].find((candidate) => files.has(candidate));
}

/** Strongly connected components with more than one member, or a member that imports itself: the import cycles. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.includes(node)) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return cycles;
}

const files = sourceFiles();
const names = new Set(files.map((f) => f.file));
const graph = new Map(files.map(({ file, text }) => [file, importsOf(text).flatMap((s) => resolveLocal(file, s, names) ?? [])]));
const stage = (file: string): string => (file.includes("/") ? (file.split("/")[0] as string) : file.replace(/\.(ts|js)$/, ""));

describe("src/ has no import cycles", () => {
  it("finds the files and their imports (a broken scan would pass vacuously)", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get("generate.ts")).toContain("model/spec-to-model.ts");
    expect(graph.get("cli.ts")).toContain("generate.ts");
  });

  it("the cycle finder finds a cycle, and a self-import", () => {
    expect(importCycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
    expect(importCycles(new Map([["a", ["a"]]]))).toEqual([["a"]]);
    expect(importCycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });

  it("no module imports itself back, directly or through others (type-only imports count)", () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

// What each stage may import from src/ (README, How it works). A stage always may import itself.
const MAY_IMPORT: Record<string, readonly string[]> = {
  openapi: ["errors", "config"],
  model: ["openapi", "errors", "config", "testkit"],
  // emit/schema/ rewrites the document it hands openapi-typescript (through the model's typesDocument) with the
  // input stage's walker; the rest of emit/ reads the model only (checked below).
  // emit/contract/ writes the suite the contract kit runs: it reads the kit's own table of error classes and its
  // reading of schemas (testkit/contract-errors.ts, contract-schemas.ts), so both sides agree by construction.
  emit: ["model", "errors", "openapi", "self", "testkit"],
  format: ["self"],
  write: ["self", "config", "errors"],
  report: ["model", "errors"],
  upstream: ["openapi", "errors", "config"],
  runtime: [],
  testkit: [],
  self: [],
  errors: [],
  config: ["errors", "openapi", "define-config", "client-config"],
  // The client's runtime keys of a target (env, requestIdHeader, userAgent, pagination), checked for config.ts.
  "client-config": ["define-config"],
  // The config's types and defineConfig(), which a specforge.config.ts imports: nothing else, so that import is light.
  "define-config": [],
};

describe("each stage imports only what it may", () => {
  for (const [from, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${from}/ imports only ${allowed.length > 0 ? allowed.join(", ") : "itself"}`, () => {
      const wrong = [...graph].filter(([file]) => stage(file) === from).flatMap(([file, targets]) => targets.filter((t) => stage(t) !== from && !allowed.includes(stage(t))).map((t) => `${file} → ${t}`));
      expect(wrong).toEqual([]);
    });
  }

  it("emit/ reads the model only: outside emit/schema/ (which rewrites the document it hands openapi-typescript), nothing from openapi/", () => {
    const wrong = [...graph].filter(([file]) => file.startsWith("emit/") && !file.startsWith("emit/schema/")).flatMap(([file, targets]) => targets.filter((t) => stage(t) === "openapi").map((t) => `${file} → ${t}`));
    expect(wrong).toEqual([]);
  });

  it("model/ never loads ts-morph, emit/ never reads files, format/ and write/ know nothing about OpenAPI", () => {
    const external = (prefix: string, pattern: RegExp) => files.filter((f) => f.file.startsWith(prefix) && importsOf(f.text).some((s) => pattern.test(s))).map((f) => f.file);
    expect(external("model/", /^ts-morph$|^typescript$/)).toEqual([]);
    expect(external("emit/", /^node:fs/)).toEqual([]);
    expect(external("format/", /openapi/)).toEqual([]);
    expect(external("write/", /openapi/)).toEqual([]);
  });

  it("the runtime depends on openapi-fetch only, the contract kit on ajv, vitest (its runner) and node:fs only", () => {
    const bare = (prefix: string) => [...new Set(files.filter((f) => f.file.startsWith(prefix)).flatMap((f) => importsOf(f.text).filter((s) => !s.startsWith("."))))].sort();
    expect(bare("runtime/").filter((s) => s !== "openapi-fetch")).toEqual([]);
    expect(bare("testkit/").filter((s) => !/^(ajv(\/|-formats|$)|vitest$|node:fs$)/.test(s))).toEqual([]);
  });
});

// Code without its comments, so a comment that mentions `doc.paths` is not taken for an access.
function code(text: string): string {
  return text.replace(/\/\*[^]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

describe("raw spec JSON is read only where the spec is the input", () => {
  // src/upstream/ edits spec documents themselves (cutting operations out of a large spec, applying an overlay).
  const readers = ["openapi/", "model/", "upstream/"];

  it("no `.components`, `.paths` or their bracketed forms outside openapi/, model/ and upstream/", () => {
    const access = /\.(components|paths)\b|[\w)\]]\s*\[\s*["'](components|paths)["']\s*\]/;
    const wrong = files.filter((f) => !readers.some((r) => f.file.startsWith(r)) && !f.file.startsWith("runtime/") && !f.file.startsWith("testkit/")).flatMap((f) => code(f.text).split("\n").filter((line) => access.test(line)).map((line) => `${f.file}: ${line.trim()}`));
    expect(wrong).toEqual([]);
  });

  it("the check sees such an access (a broken pattern would pass vacuously)", () => {
    const access = /\.(components|paths)\b|[\w)\]]\s*\[\s*["'](components|paths)["']\s*\]/;
    expect(access.test(code("const s = model.components.schemas;"))).toBe(true);
    expect(access.test(code('const p = doc["paths"];'))).toBe(true);
    expect(access.test(code("// model.components is gone"))).toBe(false);
    expect(access.test(code('namedImports: ["paths"]'))).toBe(false);
  });
});
