// `npm run test:contract:mock`: runs each target's generated contract tests against a Prism mock of its spec.
// Prism validates every request the client sends against the spec, an independent check of the client.
// Prism is stopped when the suite ends, passed or failed.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const prismBin = path.join(root, "node_modules/@stoplight/prism-cli/dist/index.js");
const vitestBin = path.join(root, "node_modules/vitest/vitest.mjs");

// Asks the OS for a free port on loopback.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function startPrism(spec: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismBin, "mock", "--host", "127.0.0.1", "--port", String(port), "--errors", spec], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Prism did not start within 30 s:\n${log}`));
    }, 30_000);
    const onData = (data: Buffer) => {
      log += data.toString();
      if (log.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (${code}) before listening:\n${log}`));
    });
  });
}

function runVitest(file: string, baseURL: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitestBin, "run", file], { cwd: root, stdio: "inherit", env: { ...process.env, CONTRACT_BASE_URL: baseURL } });
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

let failed = 0;
for (const target of await loadConfig(process.env.SPECFORGE_CONFIG ?? "specforge.config.json", root)) {
  const port = await freePort();
  console.log(`${target.name}: starting Prism on 127.0.0.1:${port} for ${target.spec}`);
  const prism = await startPrism(target.spec, port);
  try {
    // The suite is one file per client group, in contract/.
    const code = await runVitest(`${path.join(target.out, "contract")}/`, `http://127.0.0.1:${port}`);
    if (code !== 0) failed++;
  } finally {
    prism.kill("SIGTERM");
  }
}
process.exitCode = failed > 0 ? 1 : 0;
