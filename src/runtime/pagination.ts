import { APIPromise, type ReadMode, type WithResponse } from "./api-promise.js";
import type { Operation, RequestOptions, SendInit, SendOutcome } from "./client.js";
import { InvalidRequestError } from "./errors.js";

/** Property names from the JSON body down to a value, e.g. ["result_info", "total_pages"]; [] is the body itself. */
export type BodyPath = readonly string[];

/**
 * How an operation pages, as the generator read it from the config (or a spec extension). Every style finds the
 * page's items at `items` and the page's info (shown as `page.info`) at `info`.
 * - "page": the page number goes in the `param` query parameter (and the page size in `sizeParam`); the body may say
 *   the current page, the page size and the totals, which tell when the last page is reached.
 * - "cursor": the body's `next` value goes in the `param` query parameter; `hasMore`, when given, must be true.
 * - "link": the next page's URL is in the body at `next`, else in the `Link` header's rel="next"; its query is sent.
 */
export type PageRule =
  | { readonly type: "page"; readonly items: BodyPath; readonly info?: BodyPath; readonly param: string; readonly sizeParam?: string; readonly page?: BodyPath; readonly perPage?: BodyPath; readonly totalPages?: BodyPath; readonly totalCount?: BodyPath }
  | { readonly type: "cursor"; readonly items: BodyPath; readonly info?: BodyPath; readonly param: string; readonly next: BodyPath; readonly hasMore?: BodyPath }
  | { readonly type: "link"; readonly items: BodyPath; readonly info?: BodyPath; readonly next?: BodyPath };

/** Query parameters of one page request: the caller's, or those that ask for a later page. */
export type PageQuery = Readonly<Record<string, unknown>>;

/** Sends one attempt of a page request: `query` is spread over the caller's query parameters. */
export type PageSend = (init: SendInit, query: PageQuery) => Promise<SendOutcome>;

export interface PaginateOptions {
  /** Sends one attempt of a page request. */
  send: PageSend;
  rule: PageRule;
  /** The rule's style: byPage, byCursor or byLink. */
  style: PageStyle;
  /** The caller's query parameters, as sent for the first page. */
  query: PageQuery;
  options?: RequestOptions | undefined;
}

const at = (body: unknown, path: BodyPath): unknown => {
  let value = body;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value;
};

const positive = (value: unknown): number | undefined => {
  const n = typeof value === "string" && value.trim() ? Number(value) : value;
  return typeof n === "number" && n > 0 && Number.isFinite(n) ? n : undefined;
};

// The URL of the Link header's rel="next" (RFC 8288), if any.
const linkNext = (header: string | null): string | undefined => {
  for (const [, url, rel] of (header ?? "").matchAll(/<([^>]*)>[^,]*?;\s*rel="?([^",;]*)/g)) if (rel?.split(/\s+/).includes("next")) return url;
  return undefined;
};

/**
 * How one pagination style finds the query parameters that ask for the page after this one (undefined when this is
 * the last), from a page that has items. Each style is its own export, which the functions of the operations that page
 * that way import: a bundle has only the styles its calls use. A page whose cursor or link did not move is the last,
 * so that a server that ignores the parameter does not make the iteration loop for ever.
 */
export type PageStyle = (rule: PageRule, body: unknown, response: Response, sent: PageQuery, count: number) => PageQuery | undefined;

/** "page": the page number goes in `param`; the body's page, page size and totals tell when the last page is reached. */
export const byPage: PageStyle = (rule, body, _response, sent, count) => {
  if (rule.type !== "page") return undefined;
  const asked = positive(sent[rule.param]);
  const page = positive(rule.page && at(body, rule.page)) ?? asked ?? 1;
  // The server answered another page than the one asked for: it does not page by this parameter.
  if (asked !== undefined && page !== asked) return undefined;
  const perPage = positive(rule.perPage && at(body, rule.perPage)) ?? positive(rule.sizeParam && sent[rule.sizeParam]);
  const totalPages = positive(rule.totalPages && at(body, rule.totalPages));
  const totalCount = positive(rule.totalCount && at(body, rule.totalCount));
  const more = totalPages !== undefined ? page < totalPages : totalCount !== undefined && perPage !== undefined ? page * perPage < totalCount : perPage === undefined || count >= perPage;
  return more ? { [rule.param]: page + 1 } : undefined;
};

/** "cursor": the body's `next` value goes in `param`; `hasMore`, when given, must be true. */
export const byCursor: PageStyle = (rule, body, _response, sent) => {
  if (rule.type !== "cursor") return undefined;
  const cursor = at(body, rule.next);
  if ((typeof cursor !== "string" && typeof cursor !== "number") || cursor === "" || String(cursor) === String(sent[rule.param] ?? "")) return undefined;
  return rule.hasMore && at(body, rule.hasMore) !== true ? undefined : { [rule.param]: cursor };
};

/** "link": the next page's URL is in the body at `next`, else in the `Link` header's rel="next"; its query is sent. */
export const byLink: PageStyle = (rule, body, response, sent) => {
  if (rule.type !== "link") return undefined;
  const link = rule.next ? at(body, rule.next) : linkNext(response.headers.get("link"));
  if (typeof link !== "string" || !link) return undefined;
  // Relative links are resolved against any base: only the query is sent, to the operation's own path.
  const query = Object.fromEntries(new URL(link, "http://link.invalid").searchParams);
  return Object.keys(query).every((key) => String(sent[key]) === query[key]) ? undefined : query;
};

interface PageInit<Item, Info> {
  outcome: WithResponse<unknown>;
  sent: PageQuery;
  rule: PageRule;
  style: PageStyle;
  load: (query: PageQuery) => PagePromise<Item, Info>;
}

/**
 * One page of a paginated method's results: its items, the body's page info, the Response, and the way to the next
 * page. Iterating it with `for await` goes through its items, then every later page's.
 */
export class Page<Item, Info = unknown> implements AsyncIterable<Item> {
  readonly items: Item[];
  /** The body's page info (e.g. `result_info`), when the API's pagination style names one. */
  readonly info: Info | undefined;
  /** The parsed JSON body of the page, as the server sent it. */
  readonly body: unknown;
  readonly response: Response;
  readonly requestId: string | undefined;
  // Private names (#): minifiers shorten them.
  readonly #next: PageQuery | undefined;
  readonly #load: (query: PageQuery) => PagePromise<Item, Info>;

  constructor({ outcome, sent, rule, style, load }: PageInit<Item, Info>) {
    const { data: body, response, requestId } = outcome;
    const items = at(body, rule.items);
    this.items = Array.isArray(items) ? (items as Item[]) : [];
    this.info = rule.info ? (at(body, rule.info) as Info | undefined) : undefined;
    this.body = body;
    this.response = response;
    this.requestId = requestId;
    // An empty page is always the last.
    this.#next = this.items.length ? style(rule, body, response, sent, this.items.length) : undefined;
    this.#load = load;
  }

  /** The items of this page (the official SDK's name for `items`). */
  getPaginatedItems(): Item[] {
    return this.items;
  }

  hasNextPage(): boolean {
    return this.#next !== undefined;
  }

  /** Requests the next page, with the same request options (retries, timeout, signal) as this one. */
  getNextPage(): PagePromise<Item, Info> {
    if (this.#next) return this.#load(this.#next);
    return new PagePromise(() => Promise.reject(new InvalidRequestError("No next page: check hasNextPage() before calling getNextPage().")));
  }

  /** This page, then each later one as it arrives. */
  async *iterPages(): AsyncGenerator<Page<Item, Info>> {
    let page: Page<Item, Info> = this;
    yield page;
    while (page.hasNextPage()) yield (page = await page.getNextPage());
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.items;
  }
}

/** What a paginated method returns: awaited, the first page; iterated with `for await`, every item of every page. */
export class PagePromise<Item, Info = unknown> extends APIPromise<Page<Item, Info>> implements AsyncIterable<Item> {
  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this;
  }
}

// Sends the page request of `operation` for `query` (the caller's parameters, then a later page's over them): each page
// is one call, with the caller's retries, timeout and signal.
export function paginate<Item, Info = unknown>(operation: Operation, { send, rule, style, query, options }: PaginateOptions): PagePromise<Item, Info> {
  const load = (next: PageQuery): PagePromise<Item, Info> => {
    const sent = { ...query, ...next };
    const begin = operation.begin<unknown>((init) => send(init, next), { read: "json" }, options);
    return new PagePromise<Item, Info>(async (mode: ReadMode) => {
      const outcome = await begin(mode);
      // A raw response (asResponse) is handed over as it is: its body was not read.
      return mode === "response" ? (outcome as WithResponse<never>) : { ...outcome, data: new Page<Item, Info>({ outcome, sent, rule, style, load }) };
    });
  };
  return load({});
}
