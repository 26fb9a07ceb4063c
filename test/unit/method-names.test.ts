// Names a person would write: acronyms as words (`apiKeys`, not `aPIKeys`), no name that starts with a digit, and a
// group's name not repeated in its methods (`files.list`, not `files.listFiles`) where the short name is free.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { SpecforgeError } from "../../src/errors.js";
import { camelCase, pascalCase } from "../../src/model/naming.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import { bundleSpecSet } from "../../src/openapi/bundle.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { validateSpec } from "../../src/openapi/validate.js";
import { REPO_ROOT } from "../e2e/repo-copy.js";

describe("camelCase", () => {
  it.each([
    ["API Keys", "apiKeys", "ApiKeys"],
    ["SSH Keys", "sshKeys", "SshKeys"],
    ["CDN Endpoints", "cdnEndpoints", "CdnEndpoints"],
    ["VPCs", "vpcs", "Vpcs"],
    ["BYOIP Prefixes", "byoipPrefixes", "ByoipPrefixes"],
    ["Floating IPs", "floatingIps", "FloatingIps"],
    ["IPv4 Ranges", "ipv4Ranges", "Ipv4Ranges"],
    ["invoicesGetByUUID", "invoicesGetByUuid", "InvoicesGetByUuid"],
    ["getHTTPResponse", "getHttpResponse", "GetHttpResponse"],
    ["1-Click Applications", "oneClickApplications", "OneClickApplications"],
    ["35l", "thirtyFiveL", "ThirtyFiveL"],
    ["2010 report", "n2010Report", "N2010Report"],
    // Unchanged: what had no acronym and no leading digit.
    ["zero-trust", "zeroTrust", "ZeroTrust"],
    ["access-service-tokens-update-a-service-token", "accessServiceTokensUpdateAServiceToken", "AccessServiceTokensUpdateAServiceToken"],
    ["Api20100401Trigger", "api20100401Trigger", "Api20100401Trigger"],
    ["service_token_id", "serviceTokenId", "ServiceTokenId"],
  ])("%s → %s, %s", (text, camel, pascal) => {
    expect(camelCase(text)).toBe(camel);
    expect(pascalCase(text)).toBe(pascal);
  });

  it("keeps the acronyms of a name its author chose (an x-fern name), but never a leading capital or digit", () => {
    expect(camelCase("getWebhookConfigByID", { keepAcronyms: true })).toBe("getWebhookConfigByID");
    expect(camelCase("zero_trust", { keepAcronyms: true })).toBe("zeroTrust");
    expect(camelCase("DNS", { keepAcronyms: true })).toBe("dns");
  });
});

// The model of test/fixtures/real-world/names-30.yaml under a target with `settings`.
async function namesModel(settings: Partial<TargetConfig> = {}) {
  const set = await loadSpecSet("test/fixtures/real-world/names-30.yaml", REPO_ROOT);
  validateSpec(set);
  return specToModel(await bundleSpecSet(set), { name: "names", spec: "names-30.yaml", out: "out", packageName: "names", pathVariants: [], contextParams: [], ...settings });
}

describe("method names of test/fixtures/real-world/names-30.yaml", () => {
  it("are the names a person would write", async () => {
    const model = await namesModel();
    const names = Object.fromEntries(model.operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.fullName]));
    expect(names).toEqual({
      "GET /api-keys": "apiKeys.list",
      "GET /ssh-keys": "sshKeys.list",
      "GET /cdn/endpoints": "cdnEndpoints.list",
      "GET /vpcs": "vpcs.list",
      "GET /byoip-prefixes": "byoipPrefixes.list",
      "GET /floating-ips": "floatingIps.list",
      "GET /1-clicks": "oneClickApplications.oneClicksList",
      // `files.list` is taken by the operation whose operationId is `list`: listFiles keeps its name.
      "GET /files": "files.listFiles",
      "GET /files/{file_id}": "files.retrieve",
      "GET /files/search": "files.list",
      // `user` is no verb: the group's word was the verb.
      "POST /invites": "invites.inviteUser",
    });
    const types = Object.fromEntries(model.operations.map((op) => [op.fullName, op.paramsType]));
    expect(types["apiKeys.list"]).toBe("ApiKeyListParams");
    expect(types["files.retrieve"]).toBe("FileRetrieveParams");
  });
});

describe("credential options", () => {
  it("are named after the scheme ids, unless the config's credentialOptions renames them", async () => {
    expect((await namesModel()).securitySchemes.map((s) => [s.key, s.option])).toEqual([["bearer_auth", "bearerAuth"]]);
    const renamed = await namesModel({ credentialOptions: { bearer_auth: "token" }, configFile: "specforge.config.json" });
    expect(renamed.securitySchemes.map((s) => [s.key, s.option])).toEqual([["bearer_auth", "token"]]);
    expect(renamed.credentialAlternatives.flat().map((s) => s.option)).toEqual(["token"]);
  });

  it("refuses a scheme the spec does not declare, with where it is set and the near miss", async () => {
    const error = await namesModel({ credentialOptions: { bearer_aut: "token" }, configFile: "specforge.config.json" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecforgeError);
    expect(error).toMatchObject({
      problem: "credentialOptions names the security scheme 'bearer_aut', which the spec does not declare",
      hint: "did you mean 'bearer_auth'?",
      location: { file: "specforge.config.json", pointer: "#/targets/names/credentialOptions/bearer_aut" },
    });
  });
});

// The whole 2026 Cloudflare API gave `ScimGroupListResponse` twice: the SCIM group list method's response type and the
// alias of a component titled "SCIM Group List Response". tsc: "Duplicate identifier".
describe("exported type names", () => {
  it("give a component alias no name an operation's types or the package's own exports take", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "specforge-names-"));
    const spec = path.join(dir, "spec.yaml");
    const schema = (title: string) => ({ title, type: "object", properties: { id: { type: "string" } } });
    const doc = {
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: { "/pets": { get: { "x-fern-sdk-group-name": "pets", "x-fern-sdk-method-name": "list", responses: { "200": { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/PetList" } } } } } } } },
      components: { schemas: { PetList: schema("Pet List Response"), Paging: schema("Page"), Kept: schema("Pet Kind") } },
    };
    await writeFile(spec, JSON.stringify(doc));
    const set = await loadSpecSet(spec, dir);
    validateSpec(set);
    const model = specToModel(await bundleSpecSet(set), { name: "t", spec, out: "out", packageName: "t", pathVariants: [], contextParams: [] });
    expect(model.operations[0]?.responseType).toBe("PetListResponse");
    expect(model.namedSchemas.map((s) => s.exportName)).toEqual(["PetKind"]);
  });
});
