// The copied files (runtime, contract kit) are formatted at build time and a render puts the header in front of the
// stored text (src/format/preformatted.ts). That is only right if it gives prettier's bytes for header + text, and if a
// stored entry is used for nothing but the exact text, prettier and options it was made from.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopiedFiles } from "../../src/self/copied-files.js";
import { addHeader, formatFiles, isPlainHeader, PRETTIER_OPTIONS, TYPESCRIPT_PARSER, type FileHeader } from "../../src/format/format.js";
import { buildPreformatted, knownFormats, loadPreformatted, writePreformatted, type PreformattedStore } from "../../src/format/preformatted.js";

// Headers prettier must leave alone: ordinary, non-ASCII, Windows-style and quoted paths, a line far over printWidth,
// comment-like and pragma-like text, leading spaces.
const PLAIN_HEADERS: FileHeader[] = [
  { spec: "spec/cloudflare-access.yaml", command: "npm run generate" },
  { spec: "spec/café/日本語 API – v2 🚀.yaml", command: "specforge generate --spec spec/café/日本語.yaml" },
  { spec: "C:\\specs\\my api\\\"quoted\".yaml", command: "npx specforge generate --out 'a b' $HOME `x`" },
  { spec: `spec/${"very-long-folder-name/".repeat(12)}api.yaml`, command: "specforge generate /* not a comment // either" },
  { spec: "  spec/@format @prettier/a.yaml", command: "specforge generate -- * @param x" },
  // A `*/` would end the comment: addHeader writes it `*\/`.
  { spec: "spec/a*/b.yaml", command: "npm run generate" },
  { spec: "spec/x.yaml", command: "specforge generate --spec 'a */ b'" },
];
// Headers prettier rewrites or cannot parse: these must go through prettier whole, as before.
const ODD_HEADERS: FileHeader[] = [
  { spec: "spec/x.yaml", command: "specforge generate " },
  { spec: "spec/x.yaml", command: "specforge generate\u00a0" },
  { spec: "spec/line\nbreak.yaml", command: "npm run generate" },
  { spec: "spec/line\r\nbreak.yaml", command: "npm run generate" },
  { spec: "spec/line\u2028sep.yaml", command: "npm run generate" },
];
const header = PLAIN_HEADERS[0] as FileHeader;

const format = (text: string): Promise<string> => prettier.format(text, { ...PRETTIER_OPTIONS, parser: TYPESCRIPT_PARSER });

let copied: ReadonlyMap<string, string>;
let store: PreformattedStore;
let dir: string;

beforeAll(async () => {
  copied = await readCopiedFiles();
  store = await buildPreformatted(copied.values());
  dir = await mkdtemp(path.join(os.tmpdir(), "specforge-preformatted-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("prettier keeps a plain header in front of formatted text", () => {
  it("covers the runtime and the contract kit", () => {
    expect([...copied.keys()]).toContain("contract-kit.ts");
    expect([...copied.keys()].filter((name) => name.startsWith("runtime/")).length).toBeGreaterThan(3);
  });

  it.each(PLAIN_HEADERS.map((h) => [h.spec, h] as const))("prettier(header + text) === header + prettier(text), spec %j", async (_spec, plain) => {
    expect(isPlainHeader(plain)).toBe(true);
    for (const [name, text] of copied) {
      expect(await format(addHeader(".ts", text, plain)), name).toBe(addHeader(".ts", await format(text), plain));
    }
  });

  it.each(ODD_HEADERS.map((h) => [h.spec, h.command, h] as const))("a header prettier would change is not plain: spec %j, command %j", (_spec, _command, odd) => {
    expect(isPlainHeader(odd)).toBe(false);
  });

  it("a `*/` in the spec path is written `*\\/`, so the header stays one comment, with or without the store", async () => {
    const starSlash = PLAIN_HEADERS.find((h) => h.spec.includes("*/")) as FileHeader;
    const files = new Map([["runtime/auth.ts", copied.get("runtime/auth.ts") as string]]);
    const formatted = await formatFiles(files, starSlash);
    expect(formatted.get("runtime/auth.ts")).toContain("source: spec/a*\\/b.yaml");
    expect(await formatFiles(files, starSlash, { preformatted: knownFormats(store, files) })).toEqual(formatted);
  });

  it.each(ODD_HEADERS.map((h) => [h.spec, h.command, h] as const))("with an odd header the store gives prettier's bytes still (formatted whole): spec %j, command %j", async (_spec, _command, odd) => {
    const files = new Map([["runtime/index.ts", copied.get("runtime/index.ts") as string]]);
    expect(await formatFiles(files, odd, { preformatted: knownFormats(store, files) })).toEqual(await formatFiles(files, odd));
  });
});

describe("the preformatted path gives the prettier path's bytes", () => {
  it("for every copied file", async () => {
    const known = knownFormats(store, copied);
    expect([...known.keys()].sort()).toEqual([...copied.keys()].sort());
    const files = new Map(copied);
    expect(await formatFiles(files, header, { preformatted: known })).toEqual(await formatFiles(files, header));
  });

  it("with the store the build left in dist/, if any (entries for other sources simply miss)", async () => {
    const files = new Map(copied);
    expect(await formatFiles(files, header, { preformatted: knownFormats(await loadPreformatted(), copied) })).toEqual(await formatFiles(files, header));
  });

  it("through a store written to disk and read back", async () => {
    const file = path.join(dir, "written.json");
    await writePreformatted(file);
    const loaded = await loadPreformatted(file);
    expect(loaded).toEqual(store);
  });
});

describe("a stored entry is used only for what it was made from", () => {
  it("not for a source changed since the build", async () => {
    const changed = new Map(copied);
    const kit = `${copied.get("contract-kit.ts") as string}\nexport   const addedSince = 1\n`;
    changed.set("contract-kit.ts", kit);
    const known = knownFormats(store, changed);
    expect(known.has("contract-kit.ts")).toBe(false);
    expect(known.size).toBe(copied.size - 1);
    const out = (await formatFiles(changed, header, { preformatted: known })).get("contract-kit.ts");
    expect(out).toContain("export const addedSince = 1;");
    expect(out).toBe((await formatFiles(new Map([["contract-kit.ts", kit]]), header)).get("contract-kit.ts"));
  });

  it.each([
    ["another prettier", (s: PreformattedStore): unknown => ({ ...s, prettier: "3.0.0" })],
    ["other options", (s: PreformattedStore): unknown => ({ ...s, options: JSON.stringify({ ...PRETTIER_OPTIONS, printWidth: 80, parser: TYPESCRIPT_PARSER }) })],
    ["another store format", (s: PreformattedStore): unknown => ({ ...s, format: 2 })],
    ["an entry that is not text", (s: PreformattedStore): unknown => ({ ...s, entries: { ...s.entries, x: 1 } })],
    ["no entries", (s: PreformattedStore): unknown => ({ ...s, entries: null })],
  ])("not from a store made with %s", async (_what, edit) => {
    const file = path.join(dir, "edited.json");
    await writeFile(file, JSON.stringify(edit(store)));
    expect(await loadPreformatted(file)).toBeUndefined();
  });

  it("not from a missing or damaged file, silently", async () => {
    expect(await loadPreformatted(path.join(dir, "absent.json"))).toBeUndefined();
    const file = path.join(dir, "damaged.json");
    await writeFile(file, '{"format": 1, "prettier"');
    expect(await loadPreformatted(file)).toBeUndefined();
    expect(knownFormats(undefined, copied).size).toBe(0);
  });
});
