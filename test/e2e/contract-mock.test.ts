// npm run test:contract:mock: the contract suite against a Prism mock, which validates our requests independently.
import { connect } from "node:net";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, type RepoCopy } from "./repo-copy.js";

let copy: RepoCopy;
beforeAll(async () => {
  copy = await copyRepo();
});
afterAll(async () => {
  await copy.remove();
});

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

async function mockRun() {
  const result = await copy.run(process.execPath, [path.join(copy.dir, "node_modules/tsx/dist/cli.mjs"), "scripts/contract-mock.ts"], { NO_COLOR: "1", FORCE_COLOR: "0" });
  const port = Number(/starting Prism on 127\.0\.0\.1:(\d+)/.exec(result.stdout)?.[1]);
  return { ...result, port, output: result.stdout + result.stderr };
}

describe("the contract suite against Prism", () => {
  it("passes for the generated client, and stops Prism afterwards", async () => {
    const result = await mockRun();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
    expect(await portIsClosed(result.port)).toBe(true);
  });

  it("fails when the client sends what the spec does not allow (POST), and still stops Prism", async () => {
    const client = path.join(copy.dir, "generated/cloudflare-access/operations/zero-trust.ts");
    const pristine = await readFile(client, "utf8");
    const mutated = pristine.replace("http as Http).PUT(", "http as Http).POST(");
    // A mutation that no longer matches the emitted code would leave the test checking nothing.
    expect(mutated).not.toBe(pristine);
    await writeFile(client, mutated);
    try {
      const result = await mockRun();
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/expected 'POST' to be 'PUT'|NotFoundError|405/);
      expect(await portIsClosed(result.port)).toBe(true);
    } finally {
      await writeFile(client, pristine);
    }
  });
});
