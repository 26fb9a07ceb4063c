// Paginated methods against a real node:http server, wired the way a generated list method wires the runtime:
// three pages with a retry on the second, and each style's way of finding the next page.
import createFetchClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, APIUserAbortError, byCursor, byLink, byPage, createRuntime, InvalidRequestError, paginate, type PageRule, type RequestOptions } from "../../src/runtime/index.js";
import { API, envelope, json, sleep, startServer, TOKEN, type TestServer } from "./helpers.js";

interface Widget {
  id: string;
}
interface PageInfo {
  page?: number;
  per_page?: number;
  total_pages?: number;
  cursor?: string;
}
// Loose paths: the suite serves several list shapes from one path.
interface paths {
  "/accounts/{account_id}/widgets": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: Record<string, unknown>; header?: never; path: { account_id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": unknown } } };
    };
  };
}

const V4_PAGE: PageRule = { type: "page", items: ["result"], info: ["result_info"], param: "page", sizeParam: "per_page", page: ["result_info", "page"], perPage: ["result_info", "per_page"], totalPages: ["result_info", "total_pages"], totalCount: ["result_info", "total_count"] };
const CURSOR: PageRule = { type: "cursor", items: ["result"], info: ["result_info"], param: "cursor", next: ["result_info", "cursor"] };
const LINK: PageRule = { type: "link", items: [] };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
});

// The runtime's style of each rule type, as the generator imports it.
const STYLES = { page: byPage, cursor: byCursor, link: byLink } as const;

// `widgets.list` as the generator writes it, for a given pagination rule.
function listWidgets(rule: PageRule, clientOptions: { timeout?: number; maxRetries?: number } = {}) {
  const runtime = createRuntime({ baseURL: server.url, apiToken: TOKEN, ...clientOptions }, { ...API, requestIdHeader: "cf-ray" });
  const http = createFetchClient<paths>({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });
  return (params: { account_id: string; name?: string; page?: number; per_page?: number }, options?: RequestOptions) => {
    const operation = runtime.operation("widgets.list");
    const { account_id, ...query } = params;
    const pathValues = operation.path<{ account_id: string }>({ account_id });
    return paginate<Widget, PageInfo>(operation, {
      send: (init, next) => http.GET("/accounts/{account_id}/widgets", { params: { path: pathValues, query: { ...query, ...next } }, parseAs: "text", ...init }),
      rule,
      style: STYLES[rule.type],
      query,
      options,
    });
  };
}

const query = (n: number) => new URL(server.seen[n]?.url ?? "", server.url).searchParams;
const ids = (page: number) => [`w${page}a`, `w${page}b`];

// Serves page N of three (two widgets each, result_info as Cloudflare writes it); the second page fails once with a 503.
function serveThreePages({ failSecondOnce = true } = {}): void {
  let failed = false;
  server.handle = (req, res) => {
    const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page") ?? 1);
    if (page === 2 && failSecondOnce && !failed) {
      failed = true;
      return json(res, 503, { success: false, errors: [{ code: 1, message: "busy" }], messages: [], result: null }, { "retry-after-ms": "5" });
    }
    json(res, 200, { ...envelope(ids(page).map((id) => ({ id }))), result_info: { page, per_page: 2, count: 2, total_count: 6, total_pages: 3 } }, { "cf-ray": `ray-${page}` });
  };
}

describe("page/per_page with result_info (three pages, a retry on the second)", () => {
  it("for await yields every item of every page, retrying the second page once, with the caller's query on each request", async () => {
    serveThreePages();
    const list = listWidgets(V4_PAGE);
    const seen: string[] = [];
    for await (const widget of list({ account_id: "acc1", name: "blue", per_page: 2 })) seen.push(widget.id);
    expect(seen).toEqual([...ids(1), ...ids(2), ...ids(3)]);
    expect(server.seen.map((r) => r.method)).toEqual(["GET", "GET", "GET", "GET"]);
    expect(server.seen.map((_, i) => query(i).get("page"))).toEqual([null, "2", "2", "3"]);
    for (let i = 0; i < 4; i++) {
      expect(new URL(server.seen[i]?.url ?? "", server.url).pathname).toBe("/accounts/acc1/widgets");
      expect(query(i).get("name")).toBe("blue");
      expect(query(i).get("per_page")).toBe("2");
      expect(server.seen[i]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it("awaited, resolves the first page: its items, info, response and request id, and the way to the next", async () => {
    serveThreePages({ failSecondOnce: false });
    const first = await listWidgets(V4_PAGE)({ account_id: "acc1" });
    expect(first.items.map((w) => w.id)).toEqual(ids(1));
    expect(first.getPaginatedItems()).toBe(first.items);
    expect(first.info).toEqual({ page: 1, per_page: 2, count: 2, total_count: 6, total_pages: 3 });
    expect(first.response.status).toBe(200);
    expect(first.requestId).toBe("ray-1");
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.items.map((w) => w.id)).toEqual(ids(2));
    const third = await second.getNextPage();
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toThrow(InvalidRequestError);
    expect(server.seen).toHaveLength(3);
    const pages: string[][] = [];
    for await (const page of first.iterPages()) pages.push(page.items.map((w) => w.id));
    expect(pages).toEqual([ids(1), ids(2), ids(3)]);
  });

  it("starts from the page the caller asks for", async () => {
    serveThreePages({ failSecondOnce: false });
    const seen: string[] = [];
    for await (const widget of listWidgets(V4_PAGE)({ account_id: "acc1", page: 2 })) seen.push(widget.id);
    expect(seen).toEqual([...ids(2), ...ids(3)]);
    expect(server.seen.map((_, i) => query(i).get("page"))).toEqual(["2", "3"]);
  });

  it("withResponse() and asResponse() work on a page promise too", async () => {
    serveThreePages({ failSecondOnce: false });
    const { data, response, requestId } = await listWidgets(V4_PAGE)({ account_id: "acc1" }).withResponse();
    expect(data.items.map((w) => w.id)).toEqual(ids(1));
    expect(response.headers.get("cf-ray")).toBe("ray-1");
    expect(requestId).toBe("ray-1");
    const raw = await listWidgets(V4_PAGE)({ account_id: "acc1" }).asResponse();
    expect(((await raw.json()) as { result_info: PageInfo }).result_info.page).toBe(1);
  });

  it("times out a stalled later page with the caller's timeout, after the first page arrived", async () => {
    server.handle = (req, res) => {
      const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page") ?? 1);
      if (page === 1) json(res, 200, { ...envelope([{ id: "w1" }]), result_info: { page: 1, per_page: 1, total_pages: 2 } });
      // page 2 never answers
    };
    const seen: string[] = [];
    const error = await (async () => {
      for await (const widget of listWidgets(V4_PAGE)({ account_id: "acc1" }, { timeout: 100, maxRetries: 1 })) seen.push(widget.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["w1"]);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toBe("widgets.list (GET /accounts/acc1/widgets): Request timed out after 100 ms");
    // The first page once, the second page twice (one retry).
    expect(server.seen.map((_, i) => query(i).get("page"))).toEqual([null, "2", "2"]);
  });

  it("stops at the caller's abort between pages", async () => {
    serveThreePages({ failSecondOnce: false });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const widget of listWidgets(V4_PAGE)({ account_id: "acc1" }, { signal: controller.signal })) {
        seen.push(widget.id);
        if (seen.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toEqual(ids(1));
    expect(server.seen).toHaveLength(1);
  });

  it("without totals, stops at a page shorter than per_page, or an empty one", async () => {
    server.handle = (req, res) => {
      const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page") ?? 1);
      json(res, 200, envelope(page === 1 ? [{ id: "a" }, { id: "b" }] : page === 2 ? [{ id: "c" }] : []));
    };
    const rule: PageRule = { type: "page", items: ["result"], param: "page", sizeParam: "per_page" };
    const seen: string[] = [];
    for await (const widget of listWidgets(rule)({ account_id: "acc1", per_page: 2 })) seen.push(widget.id);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(server.seen).toHaveLength(2);
    server.seen.length = 0;
    seen.length = 0;
    for await (const widget of listWidgets(rule)({ account_id: "acc1" })) seen.push(widget.id);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(server.seen).toHaveLength(3);
  });

  it("stops when the server answers another page than the one asked for (it ignores the parameter)", async () => {
    server.handle = (_req, res) => json(res, 200, { ...envelope([{ id: "same" }]), result_info: { page: 1, per_page: 1 } });
    const seen: string[] = [];
    for await (const widget of listWidgets(V4_PAGE)({ account_id: "acc1" })) seen.push(widget.id);
    expect(seen).toEqual(["same", "same"]);
    expect(server.seen.map((_, i) => query(i).get("page"))).toEqual([null, "2"]);
  });
});

describe("cursor in the body", () => {
  it("sends each page's cursor for the next, and stops at an empty one", async () => {
    server.handle = (req, res) => {
      const cursor = new URL(req.url ?? "", server.url).searchParams.get("cursor");
      const next = cursor === null ? "c2" : cursor === "c2" ? "c3" : "";
      json(res, 200, { ...envelope([{ id: cursor ?? "c1" }]), result_info: { count: 1, cursor: next } });
    };
    const seen: string[] = [];
    for await (const widget of listWidgets(CURSOR)({ account_id: "acc1" })) seen.push(widget.id);
    expect(seen).toEqual(["c1", "c2", "c3"]);
    expect(server.seen.map((_, i) => query(i).get("cursor"))).toEqual([null, "c2", "c3"]);
  });

  it("stops when the cursor does not move", async () => {
    server.handle = (_req, res) => json(res, 200, { ...envelope([{ id: "x" }]), result_info: { cursor: "stuck" } });
    const seen: string[] = [];
    for await (const widget of listWidgets(CURSOR)({ account_id: "acc1" })) seen.push(widget.id);
    expect(seen).toEqual(["x", "x"]);
    expect(server.seen).toHaveLength(2);
  });
});

describe("Link header", () => {
  it("follows rel=next with its query, on the operation's path, until there is none", async () => {
    server.handle = (req, res) => {
      const page = Number(new URL(req.url ?? "", server.url).searchParams.get("page") ?? 1);
      const link = page < 3 ? { link: `<${server.url}/accounts/acc1/widgets?page=${page + 1}&per_page=1>; rel="next", <${server.url}/x?page=3>; rel="last"` } : {};
      json(res, 200, [{ id: `l${page}` }], link);
    };
    const seen: string[] = [];
    for await (const widget of listWidgets(LINK)({ account_id: "acc1", per_page: 1 })) seen.push(widget.id);
    expect(seen).toEqual(["l1", "l2", "l3"]);
    expect(server.seen.map((_, i) => `${query(i).get("page")}/${query(i).get("per_page")}`)).toEqual(["null/1", "2/1", "3/1"]);
  });
});

describe("timing", () => {
  it("sends the first page even if nothing awaits it", async () => {
    serveThreePages({ failSecondOnce: false });
    void listWidgets(V4_PAGE)({ account_id: "acc1" });
    for (let i = 0; i < 50 && server.seen.length === 0; i++) await sleep(10);
    expect(server.seen).toHaveLength(1);
  });
});
