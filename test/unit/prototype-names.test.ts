// maskPrototypeNames (src/emit/schema/prototype-names.ts): the copy openapi-typescript reads has none of the names its
// resolver crashes on, every cross-reference still agrees, and restore() gives back exactly the original text.
import { describe, expect, it } from "vitest";
import { maskPrototypeNames } from "../../src/emit/schema/prototype-names.js";
import type { JsonValue } from "../../src/openapi/load.js";

const doc: JsonValue = {
  paths: { "/a": { get: { parameters: [{ name: "valueOf", in: "query" }], responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/hasOwnProperty" } } } } } } } },
  components: {
    schemas: {
      hasOwnProperty: { type: "object", required: ["valueOf"], properties: { valueOf: { type: "integer" }, other: { $ref: "#/components/schemas/hasOwnProperty/properties/valueOf" } } },
      Shape: { discriminator: { propertyName: "isPrototypeOf" }, example: { isPrototypeOf: "x", note: "mentions hasOwnProperty in a sentence" } },
      External: { $ref: "./hasOwnProperty.yaml#/hasOwnProperty" },
    },
  },
};

describe("maskPrototypeNames", () => {
  const masked = maskPrototypeNames(doc);
  const text = JSON.stringify(masked.document);

  it("leaves none of the names as a key, a whole string or a local $ref segment", () => {
    for (const name of ["hasOwnProperty", "valueOf", "isPrototypeOf"]) {
      expect(text).not.toContain(`"${name}"`);
      expect(text).not.toContain(`#/components/schemas/${name}`);
    }
    expect(text).toMatch(/"required":\["__specforge\d+x\d+__"\]/);
  });

  it("keeps text that only mentions a name, and $refs into other files (openapi-typescript reads those unmasked)", () => {
    expect(text).toContain("mentions hasOwnProperty in a sentence");
    expect(text).toContain('"./hasOwnProperty.yaml#/hasOwnProperty"');
  });

  it("restore() turns the masked text back into the original", () => {
    expect(masked.restore(text)).toBe(JSON.stringify(doc));
  });

  it("picks placeholders that the document does not already contain", () => {
    const tricky = { "__specforge0x0__": 1, hasOwnProperty: 2 };
    const result = maskPrototypeNames(tricky);
    expect(Object.keys(result.document as object)).toEqual(["__specforge0x0__", "__specforge1x0__"]);
    expect(result.restore(JSON.stringify(result.document))).toBe(JSON.stringify(tricky));
  });

  it("returns a document without such names as it is", () => {
    const plain = { components: { schemas: { Pet: { properties: { constructor: { type: "string" } } } } } };
    expect(maskPrototypeNames(plain).document).toBe(plain);
  });
});
