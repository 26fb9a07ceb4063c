import type { ApiModel } from "../../model/types.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../model/json.js";
import { leanSchemaMap, SHARED, shareSchemas } from "../../testkit/contract-schemas.js";

// contract/schemas.json, the schema map the contract kit validates examples with (src/testkit/contract-kit.ts
// loadSchemaChecker): each media type's schema under its key and the component schemas they reach, without the keys no
// check reads (the kit's leanSchemaMap), and with every schema written more than once written once, under `shared`.

/** The schema map's file (src/format/format.ts WRITTEN_AS_IS). */
export const SCHEMA_FILE = "contract/schemas.json";

// The schema checker's data: each media type's schema and the parts of the document they reach, lean and shared.
export function schemaMap(model: ApiModel): JsonObject {
  const { openapi, referenced, media } = model.contractSchemas;
  return shareSchemas(leanSchemaMap({ openapi, ...referenced, media }));
}

// One schema a line, so the file stays greppable and a diff names the schemas that changed; not through prettier,
// which would spread megabytes over a line per keyword.
export function emitSchemaFile(model: ApiModel): string {
  const line = ([key, value]: [string, JsonValue]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const block = (entries: [string, JsonValue][]) => (entries.length === 0 ? "{}" : `{\n${entries.map(line).join(",\n")}\n}`);
  const list = (values: JsonValue[]) => (values.length === 0 ? "[]" : `[\n${values.map((value) => JSON.stringify(value)).join(",\n")}\n]`);
  const map = schemaMap(model);
  const top = Object.entries(map).map(([key, value]): string => {
    if (key === "media" && isJsonObject(value)) return `${JSON.stringify(key)}: ${block(Object.entries(value))}`;
    if (key === SHARED && Array.isArray(value)) return `${JSON.stringify(key)}: ${list(value)}`;
    if (key === "components" && isJsonObject(value)) {
      const sections = Object.entries(value).map(([name, section]) => (name === "schemas" && isJsonObject(section) ? `${JSON.stringify(name)}: ${block(Object.entries(section))}` : line([name, section])));
      return `${JSON.stringify(key)}: {\n${sections.join(",\n")}\n}`;
    }
    return line([key, value]);
  });
  return `{\n${top.join(",\n")}\n}\n`;
}
