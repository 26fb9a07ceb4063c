// Type tests, checked by `tsc --noEmit` in `npm test`: what must compile, and (with @ts-expect-error) what must not.
// Nothing here runs; a `@ts-expect-error` line that compiles fine makes tsc fail.
import {
  createClient,
  APIError,
  RateLimitError,
  type ServiceToken,
  type ServiceTokenUpdateParams,
} from "../../generated/cloudflare-access/index.js";

export async function theReadmeExampleCompiles(): Promise<void> {
  const cf = createClient({ apiToken: process.env.CLOUDFLARE_API_TOKEN });
  const token: ServiceToken = await cf.zeroTrust.access.serviceTokens.update(
    "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
    { account_id: "023e105f4ecef8ad9ca31a8372d0c353", name: "CI/CD token", duration: "60m" },
  );
  const id: string | undefined = token.id;
  void id;
  void [APIError, RateLimitError];
}

export async function otherAllowedShapes(): Promise<void> {
  const cf = createClient({ apiEmail: "user@example.com", apiKey: "144c9defac04969c7bfad8efaa8ea194", baseURL: "http://127.0.0.1:1", timeout: 1000, maxRetries: 0 });
  const params: ServiceTokenUpdateParams = { zone_id: "z", client_secret_version: 2, previous_client_secret_expires_at: "2014-01-02T05:20:00Z" };
  await cf.zeroTrust.access.serviceTokens.update("id", params, { timeout: 5, maxRetries: 1, headers: { "x-trace": "1" }, signal: new AbortController().signal });
  await cf.zeroTrust.access.serviceTokens.update("id", { account_id: "a" });
}

export async function mistakesThatMustNotCompile(): Promise<void> {
  const cf = createClient({ apiToken: "t" });
  const update = cf.zeroTrust.access.serviceTokens.update;
  // @ts-expect-error both account_id and zone_id
  await update("id", { account_id: "a", zone_id: "z" });
  // @ts-expect-error neither account_id nor zone_id
  await update("id", { name: "x" });
  // @ts-expect-error a wrong field type (name is a string)
  await update("id", { account_id: "a", name: 42 });
  // @ts-expect-error an unknown field
  await update("id", { account_id: "a", nmae: "typo" });
  // @ts-expect-error the id is required
  await update({ account_id: "a" });
  const token = await update("id", { account_id: "a" });
  // @ts-expect-error a result field that ServiceToken does not have
  void token.secret;
  // @ts-expect-error an unknown client option
  createClient({ apiTokn: "t" });
}
