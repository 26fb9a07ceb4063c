// Compile-time checks in the consumer's strictest settings: what must not compile is marked @ts-expect-error,
// so if it ever compiles, `tsc` fails on the unused directive.
import { createClient } from "@specforge/cloudflare-access";

export async function accountAndZoneAreMutuallyExclusive(): Promise<void> {
  const cf = createClient({ apiToken: "token" });
  // @ts-expect-error passing both account_id and zone_id
  await cf.zeroTrust.access.serviceTokens.update("id", { account_id: "a", zone_id: "z" });
  // @ts-expect-error passing neither
  await cf.zeroTrust.access.serviceTokens.update("id", { name: "n" });
  await cf.zeroTrust.access.serviceTokens.update("id", { zone_id: "z", name: "n" });
}
