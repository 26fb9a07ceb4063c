// The same script as examples/consumer, written against the official `cloudflare` SDK: the benchmark's other side.
import { parseArgs } from "node:util";
import Cloudflare from "cloudflare";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: "string" }, duration: { type: "string" } } });
  const [accountId, tokenId] = positionals;
  if (!accountId || !tokenId) {
    console.error("usage: update-service-token <account_id> <service_token_id> [--name NAME] [--duration DURATION]");
    return 2;
  }
  const baseURL = process.env["CLOUDFLARE_BASE_URL"];
  const token = process.env["CLOUDFLARE_API_TOKEN"];
  const cf = new Cloudflare({
    ...(token ? { apiToken: token } : { apiEmail: process.env["CLOUDFLARE_EMAIL"] ?? null, apiKey: process.env["CLOUDFLARE_API_KEY"] ?? null }),
    ...(baseURL ? { baseURL } : {}),
  });
  const result = await cf.zeroTrust.access.serviceTokens.update(tokenId, {
    account_id: accountId,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.duration !== undefined ? { duration: values.duration } : {}),
  });
  console.log(JSON.stringify(result, null, 2));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
