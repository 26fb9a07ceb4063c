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

// client.get/post/put/patch/delete take any path: one the spec documents is typed from it (the whole body, envelope
// included, as the server sends it), any other resolves `unknown`.
export async function anyPath(): Promise<void> {
  const cf = createClient({ apiToken: "token" });
  const documented = await cf.put("/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}", {
    path: { accounts_or_zones: "accounts", account_or_zone_id: "a", service_token_id: "t" },
    body: { name: "n" },
  });
  const success: true = documented.success;
  const name: string | undefined = documented.result?.name;
  void [success, name];
  await cf.put("/{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}", {
    // @ts-expect-error the spec's path parameters are typed: "users" is not one of accounts or zones
    path: { accounts_or_zones: "users", account_or_zone_id: "a", service_token_id: "t" },
  });
  const other = await cf.get("/zones", { query: { per_page: 5 } });
  // @ts-expect-error an undocumented path resolves unknown
  void other.result;
}

// withResponse() gives the Response and the request id; use() takes openapi-fetch middleware.
export async function rawResponseAndMiddleware(): Promise<void> {
  const cf = createClient({ apiToken: "token", logLevel: "debug" });
  cf.use({ onRequest: ({ request }) => request });
  const { data, response, requestId } = await cf.zeroTrust.access.serviceTokens.update("id", { zone_id: "z" }).withResponse();
  const id: string | undefined = data.id;
  const status: number = response.status;
  const ray: string | undefined = requestId;
  const raw: Response = await cf.zeroTrust.access.serviceTokens.update("id", { zone_id: "z" }).asResponse();
  void [id, status, ray, raw];
  // @ts-expect-error logLevel is one of the official SDK's levels
  createClient({ logLevel: "verbose" });
}

// list() pages: `for await` runs over every token of every page (each page a request, retried on its own), and
// awaiting it gives the first page, its info (result_info) and the way to the next.
export async function everyServiceToken(): Promise<string[]> {
  // No options: CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) and CLOUDFLARE_BASE_URL are read from the environment.
  const cf = createClient();
  const names: string[] = [];
  for await (const token of cf.zeroTrust.access.serviceTokens.list({ account_id: "a", per_page: 50 })) {
    names.push(token.name ?? "");
  }
  const first = await cf.zeroTrust.access.serviceTokens.list({ zone_id: "z" });
  const total: number | undefined = first.info?.total_count;
  const more: boolean = first.hasNextPage();
  if (more) void (await first.getNextPage()).items;
  const { data: page, requestId } = await cf.zeroTrust.access.serviceTokens.list({ account_id: "a" }).withResponse();
  void [total, page.items, requestId];
  // @ts-expect-error list() needs exactly one of account_id and zone_id
  cf.zeroTrust.access.serviceTokens.list({});
  return names;
}
