// src/write/built-package.ts: a generated package's dist/ is rebuilt when its sources changed, left alone when they did
// not or when there is no dist/ to go stale, and a failed build keeps the previous dist/ and says why. The build is the
// package's own (src/self/package-build.ts): tsc under the tsconfig.json generate emits, with no type check, failing
// on an export whose type cannot be read off its own file (isolatedDeclarations).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitPackageTsconfig } from "../../src/emit/package-files.js";
import { refreshBuiltPackage } from "../../src/write/built-package.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let work: string;
let pkg: string;

beforeAll(async () => {
  // Inside the repository, so the package finds TypeScript in its node_modules as a workspace package does.
  await mkdir(path.join(root, "node_modules/.cache"), { recursive: true });
  work = await mkdtemp(path.join(root, "node_modules/.cache/specforge-built-package-"));
  pkg = path.join(work, "pkg");
  await mkdir(pkg);
  await writeFile(path.join(pkg, "package.json"), JSON.stringify({ name: "pkg", version: "1.0.0", type: "module" }));
  await writeFile(path.join(pkg, "tsconfig.json"), emitPackageTsconfig());
  await writeFile(path.join(pkg, "index.ts"), "export const answer: number = 41;\n");
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const built = () => readFile(path.join(pkg, "dist/index.js"), "utf8");

describe("refreshBuiltPackage", () => {
  it("leaves a package with no dist/ to its prepare script", async () => {
    expect(await refreshBuiltPackage(pkg)).toBe("unbuilt");
    expect(existsSync(path.join(pkg, "dist"))).toBe(false);
  });

  it("rebuilds a dist/ that has no stamp (as prepare builds it), then finds it fresh until a source changes", async () => {
    await mkdir(path.join(pkg, "dist"));
    await writeFile(path.join(pkg, "dist/stale.js"), "stale\n");
    let told = 0;
    expect(await refreshBuiltPackage(pkg, () => told++)).toBe("built");
    expect(told).toBe(1);
    expect(await built()).toContain("41");
    // Replaced whole: a file no source makes any more is gone.
    expect(existsSync(path.join(pkg, "dist/stale.js"))).toBe(false);
    expect(await refreshBuiltPackage(pkg, () => told++)).toBe("fresh");
    expect(told).toBe(1);
    await writeFile(path.join(pkg, "index.ts"), "export const answer: number = 42;\n");
    expect(await refreshBuiltPackage(pkg)).toBe("built");
    expect(await built()).toContain("42");
  });

  it("rebuilds a dist/ that was rebuilt by other means since its stamp was written", async () => {
    expect(await refreshBuiltPackage(pkg)).toBe("fresh");
    // As `npm run build` after a checkout would leave it: other output under the stamp of this build.
    await writeFile(path.join(pkg, "dist/index.js"), "export const answer = 1;\n");
    expect(await refreshBuiltPackage(pkg)).toBe("built");
    expect(await built()).toContain("42");
  });

  it("builds without a type check: a type error is left to tsc --noEmit, as the gate runs it", async () => {
    await writeFile(path.join(pkg, "index.ts"), 'export const answer: number = "forty-three" as never as number;\nexport const wrong: number = "forty-four";\n');
    expect(await refreshBuiltPackage(pkg)).toBe("built");
    expect(await built()).toContain("forty-four");
    expect(await readFile(path.join(pkg, "dist/index.d.ts"), "utf8")).toContain("export declare const wrong: number;");
  });

  it("keeps the previous dist/ when the build fails, and names the first error", async () => {
    // A declaration the build cannot write without a checker (isolatedDeclarations): its type is not on the page.
    await writeFile(path.join(pkg, "index.ts"), "export const answer = [45].length;\n");
    await expect(refreshBuiltPackage(pkg)).rejects.toThrow(/dist\/ could not be rebuilt: .*error TS9010.*hint: run `npm run build`/);
    expect(await built()).toContain("forty-four");
    // No staging folder is left beside the package.
    expect(await readdir(work)).toEqual(["pkg"]);
  });

  it("says how to get TypeScript when the package cannot find it", async () => {
    const away = await mkdtemp(path.join(os.tmpdir(), "specforge-no-typescript-"));
    try {
      await mkdir(path.join(away, "dist"));
      await writeFile(path.join(away, "package.json"), "{}");
      await expect(refreshBuiltPackage(away)).rejects.toThrow(/typescript is not installed.*npm install/);
    } finally {
      await rm(away, { recursive: true, force: true });
    }
  });
});
