#!/usr/bin/env node
// The same call as update-service-token.ts, through the tree-shakable entry: the core and the one operation's function,
// imported from the package's subpaths. A bundler keeps that function and the runtime, and drops every other
// operation (bench/run.ts measures both bundles).
//
//   CLOUDFLARE_API_TOKEN=… update-service-token-shaken <account_id> <service_token_id> [--name NAME] [--duration 60m]
import { parseArgs } from "node:util";
// Everything from the two subpaths, none from the package root: the root is the facade, which imports every group
// module and so every group's types, where these two load only the core and this group's slice (issue #20).
import { APIError, InvalidRequestError, createClientCore } from "@specforge/cloudflare-access/core";
import { accessServiceTokensUpdate, type ServiceTokenUpdateParams } from "@specforge/cloudflare-access/zero-trust";

const USAGE = "usage: update-service-token-shaken <account_id> <service_token_id> [--name NAME] [--duration DURATION]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: "string" }, duration: { type: "string" } } });
  const [accountId, tokenId] = positionals;
  if (!accountId || !tokenId) {
    console.error(USAGE);
    return 2;
  }
  // No options: credentials and the base URL come from the environment, as with createClient().
  const core = createClientCore();
  const params: ServiceTokenUpdateParams = {
    account_id: accountId,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.duration !== undefined ? { duration: values.duration } : {}),
  };
  const { data: token, requestId } = await accessServiceTokensUpdate(core, tokenId, params).withResponse();
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
