// The config keys of the client's runtime behaviour (src/client-config.ts), and what the model makes of them against a
// spec: which operations page and how, the environment variables, the User-Agent, and the names every client keeps.
import { describe, expect, it } from "vitest";
import { parseConfig, type TargetConfig } from "../../src/config.js";
import { emitClientFiles } from "../../src/emit/client-files.js";
import { emitVersion } from "../../src/emit/package-files.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import type { JsonObject } from "../../src/openapi/load.js";
import { loadSpecSet } from "../../src/openapi/refs.js";

const target = (extra: Record<string, unknown>) => ({ targets: { a: { spec: "x", out: "y", ...extra } } });
const PAGE = { name: "v4-page", type: "page", pageParam: "page", items: "result", info: "result_info", totalPages: "result_info.total_pages" };

describe("config: env, requestIdHeader, userAgent, pagination", () => {
  it("reads them", () => {
    const [t] = parseConfig(target({ env: { apiToken: "X_TOKEN" }, requestIdHeader: "cf-ray", userAgent: "me/1", pagination: [PAGE] }));
    expect(t).toMatchObject({ env: { apiToken: "X_TOKEN" }, requestIdHeader: "cf-ray", userAgent: "me/1", pagination: [PAGE] });
  });

  const failures = [
    { given: { env: ["X"] }, want: /#\/targets\/a\/env: `env` must map client options/ },
    { given: { env: { apiToken: "1BAD" } }, want: /#\/targets\/a\/env\/apiToken: the variable for `apiToken` must be an environment variable name/ },
    { given: { requestIdHeader: "cf ray" }, want: /#\/targets\/a\/requestIdHeader: `requestIdHeader` is not a header name/ },
    { given: { userAgent: "a\nb" }, want: /#\/targets\/a\/userAgent: `userAgent` must be a non-empty string on one line/ },
    { given: { pagination: {} }, want: /#\/targets\/a\/pagination: `pagination` must be a list/ },
    { given: { pagination: [{ ...PAGE, type: "offset" }] }, want: /#\/targets\/a\/pagination\/0\/type: `type` must be "page", "cursor" or "link"/ },
    { given: { pagination: [{ ...PAGE, pageParm: "p" }] }, want: /#\/targets\/a\/pagination\/0\/pageParm: unknown config key 'pageParm' \(hint: did you mean 'pageParam'\?\)/ },
    { given: { pagination: [{ ...PAGE, nextCursor: "x" }] }, want: /#\/targets\/a\/pagination\/0\/nextCursor: unknown config key/ },
    { given: { pagination: [{ name: "c", type: "cursor", items: "result", cursorParam: "cursor" }] }, want: /a "cursor" pagination style needs `nextCursor`/ },
    { given: { pagination: [PAGE, PAGE] }, want: /#\/targets\/a\/pagination\/1\/name: each pagination style needs a name of its own/ },
    { given: { pagination: [{ ...PAGE, operations: ["/x"] }] }, want: /`operations` must list "METHOD \/path" strings/ },
    { given: { pagination: [{ ...PAGE, totalPages: 3 }] }, want: /#\/targets\/a\/pagination\/0\/totalPages: `totalPages` must be a string/ },
    { given: { requestIdHeadr: "cf-ray" }, want: /unknown config key 'requestIdHeadr' \(hint: did you mean 'requestIdHeader'\?\)/ },
  ];
  it.each(failures)("rejects $given", ({ given, want }) => {
    expect(() => parseConfig(target(given), "specforge.config.json")).toThrow(want);
  });
});

const SPEC = "test/fixtures/client/paged-30.yaml";
const BASE: TargetConfig = {
  name: "paged",
  spec: SPEC,
  out: "unused",
  packageName: "@specforge/paged",
  pathVariants: [],
  contextParams: ["account_id"],
  envelope: { result: "result", success: "success", errors: "errors", messages: "messages" },
  configFile: "test/fixtures/client/config.json",
};
const STYLES: NonNullable<TargetConfig["pagination"]> = [
  { name: "v4-page", type: "page", pageParam: "page", sizeParam: "per_page", items: "result", info: "result_info", page: "result_info.page", totalPages: "result_info.total_pages" },
  { name: "cursor", type: "cursor", cursorParam: "cursor", items: "result", info: "result_info", nextCursor: "result_info.cursor" },
  { name: "link", type: "link", items: "" },
];

const modelOf = async (extra: Partial<TargetConfig>, edit: (doc: JsonObject) => void = () => {}) => {
  const set = await loadSpecSet(SPEC);
  edit(set.root.document);
  return specToModel(set, { ...BASE, ...extra });
};

describe("model: which operations page, and how", () => {
  it("matches each list operation to the first style of its shape, and none to the others", async () => {
    const model = await modelOf({ pagination: STYLES });
    const styles = Object.fromEntries(model.operations.map((op) => [op.fullName, op.pagination?.style]));
    expect(styles).toEqual({ "events.list": undefined, "gadgets.list": "cursor", "things.list": "link", "widgets.get": undefined, "widgets.list": "v4-page" });
    const widgets = model.operations.find((op) => op.fullName === "widgets.list");
    expect(widgets?.pagination).toEqual({
      style: "v4-page",
      infoType: "WidgetListPageInfo",
      rule: { type: "page", items: ["result"], info: ["result_info"], param: "page", sizeParam: "per_page", page: ["result_info", "page"], totalPages: ["result_info", "total_pages"] },
    });
    // API.md says the method resolves pages, and lists one item as its result.
    expect(widgets?.surface.find((e) => e.kind === "method")?.type).toBe("GET /accounts/{account_id}/widgets → pages of WidgetListResponse");
    expect(widgets?.surface.filter((e) => e.kind === "result").map((e) => e.name)).toEqual(["id", "name"]);
  });

  it("pages nothing without styles", async () => {
    const model = await modelOf({});
    expect(model.operations.filter((op) => op.pagination)).toEqual([]);
  });

  it("follows x-pagination: a style by name, or false", async () => {
    const model = await modelOf({ pagination: STYLES }, (doc) => {
      const paths = doc.paths as Record<string, Record<string, JsonObject>>;
      (paths["/accounts/{account_id}/events"] as Record<string, JsonObject>).get = { ...paths["/accounts/{account_id}/events"]?.get, "x-pagination": "v4-page" };
      (paths["/accounts/{account_id}/widgets"] as Record<string, JsonObject>).get = { ...paths["/accounts/{account_id}/widgets"]?.get, "x-pagination": false };
    });
    expect(model.operations.find((op) => op.fullName === "events.list")?.pagination?.style).toBe("v4-page");
    expect(model.operations.find((op) => op.fullName === "widgets.list")?.pagination).toBeUndefined();
  });

  it("says why an operation cannot page by the style x-pagination names", async () => {
    const naming = (style: string) => (doc: JsonObject) => {
      const item = (doc.paths as Record<string, Record<string, JsonObject>>)["/accounts/{account_id}/widgets/{widget_id}"] as Record<string, JsonObject>;
      item.get = { ...item.get, "x-pagination": style };
    };
    await expect(modelOf({ pagination: STYLES }, naming("v4-page"))).rejects.toThrow(
      /paged-30\.yaml:\d+ #\/paths\/~1accounts~1\{account_id\}~1widgets~1\{widget_id\}\/get: GET \/accounts\/\{account_id\}\/widgets\/\{widget_id\} cannot page by "v4-page": it has no query parameter `page`/,
    );
    await expect(modelOf({ pagination: STYLES }, naming("offset"))).rejects.toThrow(/x-pagination names "offset", which is not a configured pagination style \(hint: use one of v4-page, cursor, link, or false\)/);
  });

  it("holds a style's operations list to the spec: each must exist and fit", async () => {
    await expect(modelOf({ pagination: [{ ...STYLES[0], operations: ["GET /nowhere"] } as (typeof STYLES)[number]] })).rejects.toThrow(
      /config\.json #\/targets\/paged\/pagination\/0\/operations: pagination style "v4-page" lists GET \/nowhere, which the spec does not have/,
    );
    await expect(modelOf({ pagination: [{ ...STYLES[0], operations: ["GET /things"] } as (typeof STYLES)[number]] })).rejects.toThrow(/GET \/things cannot page by "v4-page": it has no query parameter `page`/);
    const only = await modelOf({ pagination: [{ ...STYLES[0], operations: ["GET /accounts/{account_id}/widgets"] } as (typeof STYLES)[number]] });
    expect(only.operations.filter((op) => op.pagination).map((op) => op.fullName)).toEqual(["widgets.list"]);
  });

  it("does not page an operation whose allOf parts disagree on what the items are (an array and an object)", async () => {
    const model = await modelOf({ pagination: STYLES }, (doc) => {
      const get = ((doc.paths as Record<string, Record<string, JsonObject>>)["/accounts/{account_id}/widgets"] as Record<string, JsonObject>).get as JsonObject;
      const media = ((get.responses as Record<string, JsonObject>)["200"]?.content as Record<string, JsonObject>)["application/json"] as JsonObject;
      media.schema = { allOf: [media.schema as JsonObject, { type: "object", properties: { result: { type: "object", properties: { resources: { type: "array" } } } } }] };
      delete media.example;
    });
    expect(model.operations.find((op) => op.fullName === "widgets.list")?.pagination).toBeUndefined();
  });

  it("finds the items array through allOf, past an envelope part whose own `result` is untyped", async () => {
    const model = await modelOf({ pagination: [{ name: "p", type: "page", pageParam: "page", items: "result" }] });
    expect(model.operations.find((op) => op.fullName === "widgets.list")?.pagination?.rule.items).toEqual(["result"]);
  });
});

describe("model: env, User-Agent and the client's own names", () => {
  it("checks env against the client's options", async () => {
    await expect(modelOf({ env: { apiTokn: "X" } })).rejects.toThrow(/config\.json #\/targets\/paged\/env\/apiTokn: `env` names `apiTokn`, which is not an option of this client \(hint: use one of apiToken, baseURL, logLevel\)/);
    expect((await modelOf({ env: { apiToken: "X", logLevel: "Y" } })).env).toEqual({ apiToken: "X", logLevel: "Y" });
  });

  it("sends <packageName>/<version> unless the config says another User-Agent", async () => {
    // The version is the generated package's, decided at render time (src/report/release.ts): client.ts takes it from
    // version.ts, so that a version bump alone leaves client.ts as it was.
    const byDefault = clientText(await modelOf({}));
    expect(byDefault).toContain('"userAgent": "@specforge/paged/" + VERSION');
    expect(byDefault).toContain('import { VERSION } from "./version.js";');
    expect(emitVersion("2.1.0")).toContain('export const VERSION = "2.1.0";');
    const custom = clientText(await modelOf({ userAgent: "custom/9" }));
    expect(custom).toContain('"userAgent": "custom/9"');
    expect(custom).not.toContain("VERSION");
  });

  it("keeps every client's own members (use, get, post…) clear of top-level methods and groups", async () => {
    // Without a group, the operationId names the method; with one, x-fern names both.
    const asTopLevel = (method: string, group?: string) => (doc: JsonObject) => {
      const item = (doc.paths as Record<string, Record<string, JsonObject>>)["/things"] as Record<string, JsonObject>;
      const op: JsonObject = { ...item.get };
      delete op["x-fern-sdk-group-name"];
      delete op["x-fern-sdk-method-name"];
      item.get = group === undefined ? { ...op, operationId: method } : { ...op, "x-fern-sdk-group-name": group, "x-fern-sdk-method-name": method };
    };
    await expect(modelOf({}, asTopLevel("get"))).rejects.toThrow(/method get \(GET \/things\) has the name of a member every client has \(client\.get\)/);
    await expect(modelOf({}, asTopLevel("list", "use"))).rejects.toThrow(/GET \/things is grouped under `use`, which every client has as its own method/);
    const lenient = await modelOf({ lenient: true }, asTopLevel("get"));
    expect(lenient.operations.find((op) => op.path === "/things")?.fullName).toBe("getThings");
  });

  it("emits the request id header, the User-Agent and the env into the client's API description", async () => {
    const client = clientText(await modelOf({ env: { apiToken: "PAGED_TOKEN" }, requestIdHeader: "x-request-id" }));
    expect(client).toContain('"userAgent": "@specforge/paged/" + VERSION');
    expect(client).toContain('"requestIdHeader": "x-request-id"');
    expect(client).toContain('"env": {"apiToken": "PAGED_TOKEN"}');
    expect(client).toContain("export function createClient(options: ClientOptions = {})");
    expect(client).toContain(`...clientExtras(core.runtime, core.http as import("openapi-fetch").Client<paths>),`);
  });
});

// The client's code, wherever it is emitted: client.ts (the facade), core.ts (options, the API description) and the
// group modules (each operation's types and function).
function clientText(model: Parameters<typeof emitClientFiles>[0]): string {
  return [...emitClientFiles(model).values()].join("\n");
}
