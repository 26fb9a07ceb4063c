// `generate --check` answered from the hashes of the last full render (src/write/render-record.ts), end to end on a
// copy of the repository: it must go back to rendering, and go red, as soon as any input or output differs.
import { appendFile, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MACHINERY } from "../../src/self/machinery.js";
import { renderRecordFile } from "../../src/write/render-record.js";
import { copyRepo, type RepoCopy, type RunResult } from "./repo-copy.js";

const FROM_CACHE = "unchanged since the last full render";
const OUT = "generated/cloudflare-access";

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
  // The bundle, as after `npm ci`: the runs that leave src/ alone take the fast path the bin takes for users.
  await copy.ensureBundle();
  // Records the render (the output is already up to date, so nothing is written).
  const recorded = await copy.specforge(["generate"]);
  expect(recorded.code, recorded.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  // The copy's node_modules is this repository's: take its entry out of the shared cache folder.
  await rm(renderRecordFile(path.join(copy.dir, OUT)), { force: true });
  await copy.remove();
});

// DEBUG=1 makes the bin say last which entry ran: the bundle, or src/ through tsx (scripts/specforge.js).
const check = (...extra: string[]) => copy.specforge(["generate", "--check", ...extra], { DEBUG: "1" });
const entryOf = (result: RunResult) => (result.stderr.includes("ran dist/specforge.cjs (bundle)") ? "bundle" : result.stderr.includes("ran src/ through tsx") ? "tsx" : "unknown");

function expectFromCache(result: RunResult): void {
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(FROM_CACHE);
}

function expectRendered(result: RunResult, code: number, line?: string): void {
  expect(result.code, result.stdout + result.stderr).toBe(code);
  expect(result.stdout).not.toContain(FROM_CACHE);
  if (line) expect(result.stdout).toContain(line);
}

// Changes a file, runs --check, then puts the file back; after that the record holds again. Its modification time goes
// back too: a file of src/ left newer than the bundle would send every later run of this file through tsx (the bin
// runs the sources while one is newer than dist/specforge.cjs), at about twice the CPU of the bundle, where only the
// runs inside the edit are meant to take that path.
async function withEdit(file: string, edit: (text: string) => string, run: () => Promise<void>): Promise<void> {
  const absolute = path.join(copy.dir, file);
  const original = await readFile(absolute, "utf8");
  const { atime, mtime } = await stat(absolute);
  await writeFile(absolute, edit(original));
  try {
    await run();
  } finally {
    await writeFile(absolute, original);
    await utimes(absolute, atime, mtime);
  }
}

describe("generate --check with the cache", () => {
  it("is up to date without rendering after a full render, and renders with --no-cache", async () => {
    expectFromCache(await check());
    expectRendered(await check("--no-cache"), 0, "is up to date");
  });

  it("renders and goes red when the spec changes, and holds again once it is put back", async () => {
    await withEdit("spec/cloudflare-access.yaml", (t) => t.replace("Whether the API call was successful.", "Whether the call worked."), async () => {
      expectRendered(await check(), 1, "stale    schema/zero-trust.ts");
    });
    expectFromCache(await check());
  });

  it("renders (and stays green) when specforge's code changes in a way the output does not show", async () => {
    await withEdit("src/errors.ts", (t) => `${t}// a new last line\n`, async () => {
      const edited = await check();
      expectRendered(edited, 0, "is up to date");
      // A source newer than the bundle: the bin runs the edited code, as it would for the person editing it.
      expect(entryOf(edited)).toBe("tsx");
    });
    // That green render replaced the record (one per output folder), so the code put back renders once more and
    // is recorded again, by the bundle again now that no source is newer than it.
    const putBack = await check();
    expectRendered(putBack, 0, "is up to date");
    expect(entryOf(putBack)).toBe("bundle");
    expectFromCache(await check());
  }, 120_000);

  it("renders and goes red when the config changes", async () => {
    await withEdit("specforge.config.json", (t) => t.replace('"@specforge/cloudflare-access"', '"@specforge/access"'), async () => {
      expectRendered(await check(), 1, "stale    package.json");
    });
  });

  it("renders and goes red when specforge's own code changes what it generates", async () => {
    await withEdit("src/runtime/retry.ts", (t) => `${t}// a new last line\n`, async () => {
      expectRendered(await check(), 1, "stale    runtime/retry.ts");
    });
  }, 120_000);

  it("renders and goes red when a generated file is edited or removed, and holds beside a file a user added", async () => {
    await withEdit(`${OUT}/index.ts`, (t) => `${t}// hand-edited\n`, async () => {
      expectRendered(await check(), 1, "stale    index.ts");
    });
    const schema = path.join(copy.dir, OUT, "schema.ts");
    const text = await readFile(schema, "utf8");
    await unlink(schema);
    try {
      expectRendered(await check(), 1, "missing  schema.ts");
    } finally {
      await writeFile(schema, text);
    }
    // A file generate did not write is not its to judge: the record still holds.
    const mine = path.join(copy.dir, OUT, "mine.ts");
    await appendFile(mine, "export {};\n");
    try {
      expectFromCache(await check());
    } finally {
      await unlink(mine);
    }
    expectFromCache(await check());
  }, 120_000);
});

// The bench switches each piece of performance machinery off to measure what it buys (src/self/machinery.ts): that is
// only a fair measure, and the pieces only safe, while the output is the same without them.
describe("the performance machinery", () => {
  it("changes no byte: with every piece switched off, the committed output is up to date", async () => {
    const without = Object.keys(MACHINERY).join(",");
    const result = await copy.specforge(["generate", "--check"], { SPECFORGE_WITHOUT: without, DEBUG: "1" });
    expectRendered(result, 0, "is up to date");
    // DEBUG=1 says which entry ran: the sources through tsx, as SPECFORGE_WITHOUT=bundle asks.
    expect(result.stderr).toContain("src/ through tsx");
  }, 120_000);
});

