import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { diffApiListings, formatChangeReport, semverHint, typeMembers } from "../../src/report/api-diff.js";

const listing = (...lines: string[]) => ["# API", "", "## pets.update", "", "- method `pets.update(id, params, options?)`: `PUT /pets/{id} → Pet`, required", ...lines].join("\n");

describe("diffApiListings", () => {
  const cases = [
    {
      name: "an optional field added to a result",
      before: listing(),
      after: listing("- result `nickname`: `string`, optional"),
      want: [{ breaking: false, level: "minor", text: "added optional result pets.update › nickname" }],
    },
    {
      name: "an optional param added",
      before: listing(),
      after: listing("- param `enabled`: `boolean`, optional"),
      want: [{ breaking: false, level: "minor", text: "added optional param pets.update › enabled" }],
    },
    {
      name: "a required param added",
      before: listing(),
      after: listing("- param `owner`: `string`, required"),
      want: [{ breaking: true, level: "major", text: "added required param pets.update › owner" }],
    },
    {
      name: "a field removed",
      before: listing("- result `name`: `string`, optional"),
      after: listing(),
      want: [{ breaking: true, level: "major", text: "removed result pets.update › name" }],
    },
    {
      name: "a param going from optional to required",
      before: listing("- param `name`: `string`, optional"),
      after: listing("- param `name`: `string`, required"),
      want: [{ breaking: true, level: "major", text: "param pets.update › name became required" }],
    },
    {
      name: "an enum value removed from a param",
      before: listing('- param `kind`: `"cat" | "dog"`, optional'),
      after: listing('- param `kind`: `"cat"`, optional'),
      want: [{ breaking: true, level: "major", text: 'narrowed the type of param pets.update › kind: removed "dog"' }],
    },
    {
      name: "an enum value added to a response",
      before: listing('- result `kind`: `"cat"`, optional'),
      after: listing('- result `kind`: `"cat" | "dog"`, optional'),
      want: [{ breaking: false, level: "minor", text: 'widened the type of result pets.update › kind: added "dog"' }],
    },
    {
      name: "null added to a result's type",
      before: listing("- result `tag`: `string`, optional"),
      after: listing("- result `tag`: `string | null`, optional"),
      want: [{ breaking: true, level: "major", text: "widened the type of result pets.update › tag: added null" }],
    },
    {
      name: "a method removed",
      before: listing(),
      after: "# API\n",
      want: [{ breaking: true, level: "major", text: "removed method pets.update" }],
    },
    {
      name: "a description changed",
      before: listing("- param `duration`: `string`, optional — 300ms or 2h45m."),
      after: listing("- param `duration`: `string`, optional — 300ms or 2h45m, or forever."),
      want: [{ breaking: false, level: "patch", text: "changed the docs of param pets.update › duration: 300ms or 2h45m, or forever." }],
    },
  ];
  it.each(cases)("classifies $name", ({ before, after, want }) => {
    expect(diffApiListings(before, after)).toEqual(want);
  });

  it("reads a renamed positional argument as a rename, not a removed and an added required param", () => {
    const before = ["## pets.get", "", "- method `pets.get(petId, params, options?)`: `GET /pets/{pet_id} → PetGetResponse`, required", "- param `petId`: `string`, required"].join("\n");
    const after = ["## pets.get", "", "- method `pets.get(id, params, options?)`: `GET /pets/{id} → PetGetResponse`, required", "- param `id`: `string`, required"].join("\n");
    expect(diffApiListings(before, after)).toEqual([{ breaking: false, level: "patch", text: "renamed the positional argument of pets.get: petId → id" }]);
  });

  it("reads `\"a\" | \"b\"[]` as an array of an enum, and keeps a quoted ` | ` inside one value", () => {
    expect(typeMembers('"a" | "b"[]')).toEqual(['"a"[]', '"b"[]']);
    expect(typeMembers('"x | y" | "z"')).toEqual(['"x | y"', '"z"']);
    expect(typeMembers("string | number[]")).toEqual(["string", "number[]"]);
    const widened = diffApiListings(listing('- param `tags`: `"a" | "b"[]`, optional'), listing('- param `tags`: `"a" | "b" | "c"[]`, optional'));
    expect(widened.map((c) => c.level)).toEqual(["minor"]);
  });

  // Issue #18: adding list, create and delete gave "43 API changes (semver: major)", their required params read as
  // breaking changes of the API.
  it("reports methods added to the generated package's listing as one minor change each", () => {
    const before = readFileSync(new URL("../../generated/cloudflare-access/API.md", import.meta.url), "utf8");
    const added = (name: string, endpoint: string) => [`## zeroTrust.access.serviceTokens.${name}`, "", `- method \`zeroTrust.access.serviceTokens.${name}(params, options?)\`: \`${endpoint} → X\`, required`, "- param `account_id`: `string`, required", "- result `id`: `string`, required", ""];
    // Names the fragment does not have yet (it grew list, create and delete since).
    const after = [before, ...added("search", "GET /accounts/{account_id}/access/service_tokens/search"), ...added("import", "POST /accounts/{account_id}/access/service_tokens/import"), ...added("purge", "DELETE /accounts/{account_id}/access/service_tokens/{id}/purge")].join("\n");
    const changes = diffApiListings(before, after);
    expect(changes.map((c) => c.level)).toEqual(["minor", "minor", "minor"]);
    expect(formatChangeReport("@specforge/cloudflare-access", changes).split("\n")[0]).toBe("@specforge/cloudflare-access: 3 API changes (semver: minor)");
  });

  it("finds nothing between identical listings", () => {
    expect(diffApiListings(listing("- result `a`: `string`, optional"), listing("- result `a`: `string`, optional"))).toEqual([]);
  });

  it("hints the highest semver level", () => {
    expect(semverHint(diffApiListings(listing(), listing("- param `x`: `string`, optional")))).toBe("minor");
    expect(semverHint([])).toBe("none");
  });
});
