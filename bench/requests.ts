// Per-request overhead: 2000 sequential `update` calls against a local node:http server, for plain fetch,
// openapi-fetch alone, our generated client and the official SDK, in alternating rounds.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { log, median } from "./run.js";

export interface RequestRow {
  client: string;
  medianMicros: number;
  overheadMicros: number;
}

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const TOKEN = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const BODY = JSON.stringify({ success: true, errors: [], messages: [], result: { id: TOKEN, name: "CI/CD token", duration: "60m" } });

export async function measureRequests(options: { root: string; bench: string; calls?: number; rounds?: number }): Promise<RequestRow[]> {
  const calls = options.calls ?? 2000;
  const rounds = options.rounds ?? 3;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
      res.end(BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const createFetchClient = (await import("openapi-fetch")).default;
    const ours = await import(path.join(options.root, "generated/cloudflare-access/dist/index.js"));
    const Cloudflare = (await import(path.join(options.bench, "node_modules/cloudflare/index.mjs"))).default;
    const ofetch = createFetchClient<{ [path: string]: { put: object } }>({ baseUrl: base });
    const oursClient = ours.createClient({ apiToken: "bench-token", baseURL: base });
    const official = new Cloudflare({ apiToken: "bench-token", baseURL: base });
    const path_ = `/accounts/${ACCOUNT}/access/service_tokens/${TOKEN}`;
    const body = { name: "CI/CD token", duration: "60m" };
    const sides: [string, () => Promise<unknown>][] = [
      ["plain fetch", async () => (await fetch(base + path_, { method: "PUT", headers: { authorization: "Bearer bench-token", "content-type": "application/json" }, body: JSON.stringify(body) })).json()],
      ["openapi-fetch alone", () => (ofetch as unknown as { PUT: (p: string, i: object) => Promise<unknown> }).PUT("/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}", { params: { path: { accounts_or_zones: "accounts", account_or_zone_id: ACCOUNT, service_token_id: TOKEN } }, body, headers: { authorization: "Bearer bench-token" } })],
      ["specforge client", () => oursClient.zeroTrust.access.serviceTokens.update(TOKEN, { account_id: ACCOUNT, ...body })],
      ["official cloudflare SDK", () => official.zeroTrust.access.serviceTokens.update(TOKEN, { account_id: ACCOUNT, ...body })],
    ];
    const samples = new Map<string, number[]>(sides.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, call] of sides) {
        log(`bench: ${name}, round ${round + 1}/${rounds} …`);
        for (let i = 0; i < 200; i++) await call(); // warm-up
        const times = samples.get(name) as number[];
        for (let i = 0; i < calls / rounds; i++) {
          const start = process.hrtime.bigint();
          await call();
          times.push(Number(process.hrtime.bigint() - start) / 1000);
        }
      }
    }
    const plain = median(samples.get("plain fetch") as number[]);
    return sides.map(([client]) => {
      const m = median(samples.get(client) as number[]);
      return { client, medianMicros: m, overheadMicros: m - plain };
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
