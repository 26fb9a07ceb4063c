// inlineDiscriminatedUnions: an allOf item that refers to a discriminated union becomes the union without its
// discriminator (openapi-typescript would read it as inheritance); a member of the union that builds on it stays.
import { describe, expect, it } from "vitest";
import { inlineDiscriminatedUnions } from "../../src/emit/schema/discriminated-unions.js";
import type { JsonObject } from "../../src/openapi/load.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pet = () => ({ oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "pet_type", mapping: { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" } } });

describe("inlineDiscriminatedUnions", () => {
  it("replaces a reference to the union in an allOf with the union minus its discriminator", () => {
    const schemas: JsonObject = { Pet: pet(), Cat: { type: "object" }, Dog: { type: "object" }, Sighting: { allOf: [ref("Pet"), { required: ["name"] }] } };
    expect(inlineDiscriminatedUnions({ components: { schemas } })).toBe(1);
    expect(schemas.Sighting).toEqual({ allOf: [{ oneOf: [ref("Cat"), ref("Dog")] }, { required: ["name"] }] });
    expect(schemas.Pet).toEqual(pet());
  });

  it("leaves a union member that builds on the union, and references to schemas without a discriminator", () => {
    const schemas: JsonObject = {
      Pet: pet(),
      Cat: { allOf: [ref("Pet"), { properties: { lives: { type: "integer" } } }] },
      Dog: { type: "object" },
      Plain: { allOf: [ref("Dog")] },
    };
    const before = structuredClone(schemas);
    expect(inlineDiscriminatedUnions({ components: { schemas } })).toBe(0);
    expect(schemas).toEqual(before);
  });
});
