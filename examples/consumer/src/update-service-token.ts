#!/usr/bin/env node
// Updates a Cloudflare Access service token with the generated client, imported by package name.
//
//   CLOUDFLARE_API_TOKEN=… update-service-token <account_id> <service_token_id> [--name NAME] [--duration 60m]
//   CLOUDFLARE_EMAIL=… CLOUDFLARE_API_KEY=… update-service-token …
//
// CLOUDFLARE_BASE_URL points it at another server (tests use a local one).
import { parseArgs } from "node:util";
import { APIError, InvalidRequestError, createClient, type ClientOptions, type ServiceTokenUpdateParams } from "@specforge/cloudflare-access";

const USAGE = "usage: update-service-token <account_id> <service_token_id> [--name NAME] [--duration DURATION]";

function credentials(env: NodeJS.ProcessEnv): ClientOptions {
  const token = env["CLOUDFLARE_API_TOKEN"];
  if (token) return { apiToken: token };
  const email = env["CLOUDFLARE_EMAIL"];
  const key = env["CLOUDFLARE_API_KEY"];
  if (email && key) return { apiEmail: email, apiKey: key };
  throw new Error("set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY");
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: "string" }, duration: { type: "string" } } });
  const [accountId, tokenId] = positionals;
  if (!accountId || !tokenId) {
    console.error(USAGE);
    return 2;
  }
  const baseURL = process.env["CLOUDFLARE_BASE_URL"];
  const cf = createClient({ ...credentials(process.env), ...(baseURL ? { baseURL } : {}) });
  const params: ServiceTokenUpdateParams = {
    account_id: accountId,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.duration !== undefined ? { duration: values.duration } : {}),
  };
  const token = await cf.zeroTrust.access.serviceTokens.update(tokenId, params);
  console.log(JSON.stringify(token, null, 2));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof APIError || error instanceof InvalidRequestError) console.error(`error: ${error.message}`);
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
