// The facts of "Update a service token" as its documentation page gives them (the seed of this project), held to the
// checked-in fragment, which is refreshed from upstream: a refresh or an overlay edit that loses one goes red here.
import { describe, expect, it } from "vitest";
import { specToModel } from "../../src/model/spec-to-model.js";
import type { OperationModel } from "../../src/model/types.js";
import { bundleSpecSet } from "../../src/openapi/bundle.js";
import { loadConfig } from "../../src/config.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { emitApiListing } from "../../src/report/api-listing.js";

const [target] = await loadConfig();
if (!target) throw new Error("specforge.config.json has no target");
const model = specToModel(await bundleSpecSet(await loadSpecSet(target.spec)), target);
const update = model.operations.find((op) => op.fullName === "zeroTrust.access.serviceTokens.update") as OperationModel;
const listing = emitApiListing(model, target.packageName);
// The update method's section of API.md, and one of its lines.
const section = listing.slice(listing.indexOf("## zeroTrust.access.serviceTokens.update\n")).split("\n## ")[0] ?? "";
const line = (kind: string, name: string) => section.split("\n").find((l) => l.startsWith(`- ${kind} \`${name}\``));

describe("the seed's facts about Update a service token", () => {
  it("is PUT /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}, named as the official SDK names it", () => {
    expect(update).toBeDefined();
    expect(`${update.method.toUpperCase()} ${update.path}`).toBe("PUT /{accounts_or_zones}/{account_or_zone_id}/access/service_tokens/{service_token_id}");
    expect(update.summary).toBe("Update a service token");
    expect(update.description).toBe("Updates a configured service token.");
  });

  it("takes the service token id (UUID, maxLength 36) first, and exactly one of account_id or zone_id", () => {
    expect(update.positional?.name).toBe("service_token_id");
    expect(update.positional?.rule.maxLength).toBe(36);
    expect(update.positional?.description).toBe("UUID.");
    expect(Object.entries(update.variant?.choices ?? {})).toEqual([["account_id", "accounts"], ["zone_id", "zones"]]);
    expect(update.parameters.find((p) => p.name === "account_or_zone_id")?.rule.maxLength).toBe(32);
  });

  it("takes the body's four documented fields, each optional, with their types", () => {
    expect(line("param", "client_secret_version")).toMatch(/`number`, optional/);
    expect(line("param", "duration")).toMatch(/`string`, optional/);
    expect(line("param", "name")).toMatch(/`string`, optional — The name of the service token\./);
    expect(line("param", "previous_client_secret_expires_at")).toMatch(/`string<date-time>`, optional/);
    expect(update.body?.flattened).toBe(true);
  });

  it("resolves the envelope's result, a ServiceToken with the documented fields", () => {
    expect(update.unwrapKey).toBe("result");
    for (const field of ["id", "client_id", "duration", "expires_at", "name"]) expect(line("result", field), field).toMatch(/, optional/);
    expect(line("result", "expires_at")).toMatch(/`string<date-time>`/);
    expect(update.responseType).toBe("ServiceTokenUpdateResponse");
    expect(update.paramsType).toBe("ServiceTokenUpdateParams");
  });

  it("authenticates with an API token, or an API email and key", () => {
    expect(update.security).toEqual([["api_token"], ["api_email", "api_key"]]);
    expect(model.securitySchemes.filter((s) => update.security.flat().includes(s.key)).map((s) => [s.option, s.type, s.headerName])).toEqual([
      ["apiEmail", "header", "X-Auth-Email"],
      ["apiKey", "header", "X-Auth-Key"],
      ["apiToken", "bearer", "Authorization"],
    ]);
  });

  it("documents a 200 with the page's example and a 4XX failure, nothing else", () => {
    expect(update.responses.map((r) => r.status)).toEqual(["200", "4XX"]);
    const example = update.responses[0]?.examples.find((e) => e.name === "updated_token");
    expect(example?.built).toBe(false);
    expect(example?.value).toEqual({
      errors: [{ code: 1000, message: "message", documentation_url: "documentation_url", source: { pointer: "pointer" } }],
      messages: [{ code: 1000, message: "message", documentation_url: "documentation_url", source: { pointer: "pointer" } }],
      success: true,
      result: {
        id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
        client_id: "88bf3b6d86161464f6509f7219099e57.access.example.com",
        created_at: "2014-01-01T05:20:00.12345Z",
        duration: "60m",
        expires_at: "2014-01-01T05:20:00.12345Z",
        last_seen_at: "2014-01-01T05:20:00.12345Z",
        name: "CI/CD token",
        updated_at: "2014-01-01T05:20:00.12345Z",
      },
    });
  });
});
