// settleDiscriminatorValues: a discriminator's values come from what each schema declares (OpenAI's chat messages,
// whose union has no mapping), and a mapping that would narrow a schema used elsewhere narrows it only in its union
// (DigitalOcean's droplet actions). Checked on the rewritten copy, and on the types openapi-typescript writes from it.
import { describe, expect, it } from "vitest";
import { settleDiscriminatorValues } from "../../src/emit/schema/discriminator-values.js";
import { emitSchemaTypes } from "../../src/emit/schema/schema-types.js";
import type { JsonObject } from "../../src/openapi/load.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const role = (value: string) => ({ type: "object", required: ["role", "content"], properties: { role: { type: "string", enum: [value] }, content: { type: "string" } } });

// A chat request: `messages` is a union of message schemas with `discriminator: { propertyName: role }` and no mapping.
const chat = (): JsonObject => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {},
  components: {
    schemas: {
      Message: { oneOf: [ref("SystemMessage"), ref("UserMessage")], discriminator: { propertyName: "role" } },
      SystemMessage: role("system"),
      UserMessage: { allOf: [{ type: "object", properties: { content: { type: "string" } } }, { type: "object", required: ["role"], properties: { role: { const: "user" } } }] },
      Untyped: { oneOf: [ref("Cat")], discriminator: { propertyName: "kind" } },
      Cat: { type: "object", properties: { kind: { type: "string" } } },
    },
  },
});

// Droplet actions: one union maps some values to the shared `Action`; another union and an allOf child use it too.
const actions = (): JsonObject => {
  const values = ["reboot", "resize", "power_on", "snapshot"];
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {},
    components: {
      schemas: {
        Action: { type: "object", required: ["type"], properties: { type: { type: "string", enum: values } } },
        Resize: { allOf: [ref("Action"), { type: "object", properties: { size: { type: "string" } } }] },
        Snapshot: { allOf: [ref("Action"), { type: "object", properties: { name: { type: "string" } } }] },
        BulkAction: {
          oneOf: [ref("Action"), ref("Snapshot")],
          discriminator: { propertyName: "type", mapping: { power_on: "#/components/schemas/Action", snapshot: "#/components/schemas/Snapshot" } },
        },
        OneAction: {
          anyOf: [ref("Action"), ref("Resize")],
          discriminator: { propertyName: "type", mapping: { reboot: "#/components/schemas/Action", resize: "#/components/schemas/Resize" } },
        },
      },
    },
  };
};

const schemasOf = (document: JsonObject) => (document.components as JsonObject).schemas as JsonObject;
const typesOf = (document: JsonObject) => emitSchemaTypes({ file: "api.yaml", absolutePath: "/tmp/api.yaml", document });
// The text of one member of `components.schemas` in schema.ts (as openapi-typescript prints it, before prettier), up
// to the next member at its indentation.
const member = (types: string, name: string) => new RegExp(`\\n( +)${name}: [\\s\\S]*?(?=\\n\\1[A-Za-z_]+: |\\n {4}};)`).exec(types)?.[0] ?? "";

describe("settleDiscriminatorValues", () => {
  it("maps each union member that declares its own value (enum, const, through allOf) under that value", () => {
    const document = chat();
    expect(settleDiscriminatorValues(document)).toEqual({ mapped: 2, localized: 0 });
    expect((schemasOf(document).Message as JsonObject).discriminator).toEqual({
      propertyName: "role",
      mapping: { system: "#/components/schemas/SystemMessage", user: "#/components/schemas/UserMessage" },
    });
    // A member that declares no value keeps the implicit one, its schema name (OAS 3.1 section 4.8.25).
    expect((schemasOf(document).Untyped as JsonObject).discriminator).toEqual({ propertyName: "kind" });
  });

  it("types a message's role as the value it declares, not its schema name", async () => {
    const types = await typesOf(chat());
    expect(member(types, "SystemMessage")).toMatch(/role: "system";/);
    expect(member(types, "UserMessage")).toMatch(/role: "user"/);
    expect(types).not.toMatch(/role: "SystemMessage"/);
  });

  it("narrows a shared schema only inside the union whose mapping names it", () => {
    const document = actions();
    expect(settleDiscriminatorValues(document)).toEqual({ mapped: 0, localized: 1 });
    const schemas = schemasOf(document);
    expect(schemas.Action).toEqual(schemasOf(actions()).Action);
    // Snapshot is used by this union only: openapi-typescript's own narrowing of it stays.
    expect(schemas.BulkAction).toEqual({
      oneOf: [{ allOf: [ref("Action"), { type: "object", required: ["type"], properties: { type: { type: "string", enum: ["power_on"] } } }] }, ref("Snapshot")],
      discriminator: { propertyName: "type", mapping: { snapshot: "#/components/schemas/Snapshot" } },
    });
  });

  it("leaves the shared schema's type whole, so the other union and an allOf child accept their values", async () => {
    const types = await typesOf(actions());
    expect(member(types, "Action")).toMatch(/type: "reboot" \| "resize" \| "power_on" \| "snapshot";/);
    expect(member(types, "BulkAction")).toMatch(/type: "power_on"/);
    expect(member(types, "Snapshot")).toMatch(/type: "snapshot"/);
  });

  it("leaves a union alone when its members are used nowhere else, or the mapping narrows nothing", () => {
    const document: JsonObject = {
      components: {
        schemas: {
          Pet: { oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" } } },
          Cat: { type: "object", properties: { kind: { type: "string" } } },
          Dog: { type: "object", properties: { kind: { type: "string", enum: ["dog"] } } },
          Kennel: { type: "object", properties: { dog: ref("Dog") } },
        },
      },
    };
    const before = structuredClone(document);
    expect(settleDiscriminatorValues(document)).toEqual({ mapped: 0, localized: 0 });
    expect(document).toEqual(before);
  });

  it("maps an allOf child of a base schema with a discriminator under the value it declares", async () => {
    const base = (): JsonObject => ({
      components: {
        schemas: {
          Pet: { type: "object", required: ["kind"], properties: { kind: { type: "string" } }, discriminator: { propertyName: "kind" } },
          Cat: { allOf: [ref("Pet"), { type: "object", properties: { kind: { type: "string", enum: ["cat"] } } }] },
          Dog: { allOf: [ref("Pet")] },
        },
      },
    });
    const document = base();
    expect(settleDiscriminatorValues(document)).toEqual({ mapped: 1, localized: 0 });
    expect((schemasOf(document).Pet as JsonObject).discriminator).toEqual({ propertyName: "kind", mapping: { cat: "#/components/schemas/Cat" } });
    const types = await typesOf({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, ...base() });
    expect(member(types, "Cat")).toMatch(/kind: "cat";/);
    expect(types).not.toMatch(/kind: "Cat"/);
  });
});
