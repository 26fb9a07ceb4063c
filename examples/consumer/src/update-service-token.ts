#!/usr/bin/env node
// Updates a Cloudflare Access service token with the generated client, imported by package name.
//
//   CLOUDFLARE_API_TOKEN=… update-service-token <account_id> <service_token_id> [--name NAME] [--duration 60m]
//   CLOUDFLARE_EMAIL=… CLOUDFLARE_API_KEY=… update-service-token …
//
// The client reads those variables itself, as the official SDK does, and CLOUDFLARE_BASE_URL points it at another
// server (tests use a local one). The token goes to stdout; the response's request id (cf-ray) to stderr.
import { parseArgs } from "node:util";
import { APIError, InvalidRequestError, createClient, type ServiceTokenUpdateParams } from "@specforge/cloudflare-access";

const USAGE = "usage: update-service-token <account_id> <service_token_id> [--name NAME] [--duration DURATION]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: "string" }, duration: { type: "string" } } });
  const [accountId, tokenId] = positionals;
  if (!accountId || !tokenId) {
    console.error(USAGE);
    return 2;
  }
  // No options: credentials and the base URL come from the environment.
  const cf = createClient();
  const params: ServiceTokenUpdateParams = {
    account_id: accountId,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.duration !== undefined ? { duration: values.duration } : {}),
  };
  const { data: token, requestId } = await cf.zeroTrust.access.serviceTokens.update(tokenId, params).withResponse();
  console.log(JSON.stringify(token, null, 2));
  if (requestId) console.error(`request id ${requestId}`);
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
