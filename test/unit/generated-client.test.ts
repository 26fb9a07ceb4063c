// The generated fragment client, through its public API, with a spy fetch: rules that live in the emitted code.
import { describe, expect, it } from "vitest";
import { createClient, InvalidRequestError } from "../../generated/cloudflare-access/index.js";

function spyClient() {
  const calls: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { id: "x" } }), { headers: { "content-type": "application/json" } });
  };
  return { cf: createClient({ apiToken: "spy-token-1234", fetch, maxRetries: 2 }), calls };
}

describe("generated client: parameters are checked before any request", () => {
  it.each([["..", "service_token_id"], [".", "service_token_id"], ["", "service_token_id"], ["x".repeat(37), "service_token_id"]])(
    "rejects %j as %s with InvalidRequestError, no request and no retry",
    async (id, name) => {
      const { cf, calls } = spyClient();
      const error = await cf.zeroTrust.access.serviceTokens.update(id, { account_id: "a" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as Error).message).toContain(`path parameter ${name}`);
      expect(calls).toHaveLength(0);
    },
  );

  it("rejects both account_id and zone_id at run time too (for callers without types)", async () => {
    const { cf, calls } = spyClient();
    const params = { account_id: "a", zone_id: "z" } as unknown as Parameters<typeof cf.zeroTrust.access.serviceTokens.update>[1];
    await expect(cf.zeroTrust.access.serviceTokens.update("id", params)).rejects.toThrow(/pass exactly one of account_id or zone_id/);
    expect(calls).toHaveLength(0);
  });

  it("sends ../x as one encoded segment", async () => {
    const { cf, calls } = spyClient();
    await cf.zeroTrust.access.serviceTokens.update("../x", { zone_id: "z" });
    expect(new URL(calls[0]?.url ?? "").pathname).toBe("/client/v4/zones/z/access/service_tokens/..%2Fx");
  });
});
