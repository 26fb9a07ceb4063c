// The whole 2024-08-06 Cloudflare API: split account and zone paths, operationIds and tags, no x-fern. See whole-api.ts.
import { describeWholeApi } from "./whole-api.js";

describeWholeApi("2024", {
  names: [
    { operation: "PUT /accounts/{account_id}/access/service_tokens/{service_token_id}", name: "accessServiceTokens.updateAServiceToken" },
    { operation: "PUT /zones/{zone_id}/access/service_tokens/{service_token_id}", name: "zoneLevelAccessServiceTokens.updateAServiceToken" },
  ],
});
