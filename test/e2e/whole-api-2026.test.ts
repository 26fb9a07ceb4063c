// The whole 2026-08-17 Cloudflare API: merged {accounts_or_zones} paths, x-fern grouping. See whole-api.ts.
import { describeWholeApi } from "./whole-api.js";

describeWholeApi("2026", {
  names: [{ operation: "PUT /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}", name: "zeroTrust.access.serviceTokens.update" }],
});
