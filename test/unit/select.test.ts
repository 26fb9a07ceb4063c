// Operation selectors: each form picks what it says, they add up, and one that picks nothing names what is near.
import { describe, expect, it } from "vitest";
import { loadFile } from "../../src/openapi/load.js";
import { listOperations, parseOperationSelector, selectOperations } from "../../src/upstream/select.js";

const FIXTURE = "test/fixtures/extract/grouped.yaml";
const source = await loadFile(FIXTURE);
const pick = (...selectors: string[]) =>
  selectOperations({ document: source.document, selectors: selectors.map(parseOperationSelector), file: FIXTURE }).map((op) => `${op.method.toUpperCase()} ${op.path}`);

describe("operation selectors", () => {
  it.each([
    { selectors: ["PUT /nothing"], error: true },
    { selectors: ["GET /accounts/{account_id}/gadgets"], want: ["GET /accounts/{account_id}/gadgets"] },
    // `*` stays in one segment: the widget collection only, not the paths below it.
    { selectors: ["* /{accounts_or_zones}/*/widgets"], want: ["GET /{accounts_or_zones}/{account_or_zone_id}/widgets", "POST /{accounts_or_zones}/{account_or_zone_id}/widgets"] },
    // `**` crosses segments, and matches nothing too.
    {
      selectors: ["* /{accounts_or_zones}/{account_or_zone_id}/widgets**"],
      want: ["GET /{accounts_or_zones}/{account_or_zone_id}/widgets", "POST /{accounts_or_zones}/{account_or_zone_id}/widgets", "GET /{accounts_or_zones}/{account_or_zone_id}/widgets/{widget_id}", "DELETE /{accounts_or_zones}/{account_or_zone_id}/widgets/{widget_id}"],
    },
    { selectors: ["post /accounts/*/widgets/**"], want: ["POST /accounts/{account_id}/widgets/{widget_id}/rotate"] },
    // Tags are display text: case does not matter.
    { selectors: ["tag:shop WIDGETS"], want: ["POST /accounts/{account_id}/widgets/{widget_id}/rotate", "GET /accounts/{account_id}/widgets/{widget_id}/parts"] },
    // A group holds its subgroups (shop.widgets.parts), but not a longer name (shop.widgetsX would not match).
    {
      selectors: ["group:shop.widgets"],
      want: [
        "GET /{accounts_or_zones}/{account_or_zone_id}/widgets",
        "POST /{accounts_or_zones}/{account_or_zone_id}/widgets",
        "GET /{accounts_or_zones}/{account_or_zone_id}/widgets/{widget_id}",
        "DELETE /{accounts_or_zones}/{account_or_zone_id}/widgets/{widget_id}",
        "POST /accounts/{account_id}/widgets/{widget_id}/rotate",
        "GET /accounts/{account_id}/widgets/{widget_id}/parts",
      ],
    },
    { selectors: ["group:shop.widgets.parts"], want: ["GET /accounts/{account_id}/widgets/{widget_id}/parts"] },
    { selectors: ["operationId:widgets-*"], want: ["POST /accounts/{account_id}/widgets/{widget_id}/rotate", "GET /accounts/{account_id}/widgets/{widget_id}/parts"] },
    { selectors: ["operationId:gadgets-list"], want: ["GET /accounts/{account_id}/gadgets"] },
    { selectors: ["x-stainless-skip:terraform"], want: ["DELETE /{accounts_or_zones}/{account_or_zone_id}/widgets/{widget_id}", "GET /accounts/{account_id}/gadgets"] },
    { selectors: ["x-stainless-skip:go"], want: ["GET /accounts/{account_id}/gadgets"] },
    // Selectors add up; an operation two of them pick comes once, in document order.
    { selectors: ["group:shop.gadgets", "tag:Parts", "operationId:gadgets-list"], want: ["GET /accounts/{account_id}/widgets/{widget_id}/parts", "GET /accounts/{account_id}/gadgets"] },
  ])("$selectors", ({ selectors, want, error }) => {
    if (error) expect(() => pick(...selectors)).toThrow(/is not in the spec/);
    else expect(pick(...selectors)).toEqual(want);
  });

  it("lists every operation of the document", () => {
    expect(listOperations(source.document).map((op) => op.method)).toEqual(["get", "post", "get", "delete", "post", "get", "get"]);
  });

  it.each([
    { selector: "tag:Shop widget", want: /tag:Shop widget matches no operation in the spec \(hint: nearest tags: Shop widgets/ },
    { selector: "group:shop.widget", want: /nearest groups: shop\.widgets/ },
    { selector: "operationId:widgets-rotate", want: /nearest operationIds: widgets-rotate-a-widget/ },
    { selector: "x-stainless-skip:python", want: /nearest values of x-stainless-skip|check the value/ },
    { selector: "x-stainless-skp:go", want: /no operation has x-stainless-skp \(hint: nearest extensions: x-stainless-skip/ },
    { selector: "* /acounts/*/gadgets", want: /matches no operation in the spec \(hint: nearest paths: \/accounts\/\{account_id\}\/gadgets/ },
    { selector: "PUT /accounts/{account_id}/gadgets", want: /PUT \/accounts\/\{account_id\}\/gadgets is not in the spec \(it has GET\)/ },
  ])("$selector matches nothing and says what is near", ({ selector, want }) => {
    expect(() => pick(selector)).toThrow(want);
  });

  it("points a config's selector that matches nothing at the config, naming the upstream file", () => {
    const run = () => selectOperations({ document: source.document, selectors: [parseOperationSelector("tag:Nope")], file: FIXTURE, locate: (i) => ({ file: "specforge.config.json", pointer: `#/targets/t/refresh/operations/${i}` }) });
    expect(run).toThrow(/^specforge\.config\.json #\/targets\/t\/refresh\/operations\/0: tag:Nope matches no operation in test\/fixtures\/extract\/grouped\.yaml/);
  });

  it.each(["GETS /x", "/x", "GET x", "tag:", "PUT"])("rejects '%s', listing the forms", (text) => {
    expect(() => parseOperationSelector(text)).toThrow(/is not an operation selector \(hint: write "METHOD \/path", a glob/);
  });
});
