import type { JsonObject, JsonValue, LoadedFile } from "./load.js";
import { childPointer } from "./pointer.js";
import { deref, forEachSchemaOfSet, isObject, type Resolved, type SpecSet } from "./refs.js";
import { dropOddMediaTypeKeys, repairDocumentShape, repairOperationShape } from "./repair-shapes.js";
import { compiles } from "./schema-dialect.js";
import { operationsOf, unknownSchemaTypes } from "./validate.js";

// A change made to the in-memory document so a real-world spec with known upstream mistakes still generates.
export interface Repair {
  /** The spec file changed, as the user gave it or relative to the working directory (the root, or a file a $ref reaches). */
  file: string;
  pointer: string;
  message: string;
}

// Fixes, in memory, the mistakes real specs make that have one obvious meaning. Without `lenient`, only the
// harmless normalisations run (lower-case range keys, an empty content map); the rest stay errors that
// validation reports. With it (`--lenient`, or `"lenient": true` in a target), each repair is also printed.
// Every file of the set is repaired where it is written; the bundle (src/openapi/bundle.ts) is built from these
// in-memory documents, so a repair in a file a $ref reaches counts as much as one in the root.
export function repairSpec(set: SpecSet, lenient: boolean): Repair[] {
  const repairs: Repair[] = [];
  const doc = set.root.document;
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const note = (file: LoadedFile) => (pointer: string, message: string) => void repairs.push({ file: file.file, pointer, message });
  if (lenient) repairDocumentShape(set, note);
  for (const { template, item, operations } of operationsOf(set)) {
    if (!isObject(item.value)) continue;
    for (const { method, operation } of operations) {
      const op = operation.value;
      if (!isObject(op)) continue;
      const at = operation.pointer;
      const noteOp = note(operation.file);
      normaliseResponses(op, at, noteOp);
      if (isObject(op.requestBody) && isObject(op.requestBody.content) && Object.keys(op.requestBody.content).length === 0) {
        // An empty content map describes no body at all.
        delete op.requestBody;
        noteOp(`${at}/requestBody`, "requestBody has an empty content map: treated as no body");
      }
      if (!lenient) continue;
      if ((method === "get" || method === "head") && op.requestBody !== undefined) {
        // fetch refuses a GET or HEAD with a body ("Request with GET/HEAD method cannot have body"), so a method
        // that took one could never be called. Upstream declares some (with no schema): the body is dropped.
        delete op.requestBody;
        noteOp(`${at}/requestBody`, `a ${method.toUpperCase()} request cannot carry a body (fetch refuses one); requestBody dropped`);
      }
      const site = { template, item: item as Resolved & { value: JsonObject }, operation: operation as Resolved & { value: JsonObject } };
      repairOperationShape(set, site, note);
      renameMismatchedPathParams(set, site, noteOp);
      dropUnknownSecuritySchemes(op, schemes, at, noteOp);
      dropOddMediaTypes(set, site.operation, note);
    }
  }
  if (lenient) {
    forEachSchemaOfSet(set, (schema, pointer, file) => {
      const unknown = unknownSchemaTypes(schema);
      if (unknown.length === 0) return;
      // `type: unknown` (seen upstream) can only mean "any value".
      delete schema.type;
      note(file)(`${pointer}/type`, `schema type ${unknown.map((t) => JSON.stringify(t)).join(", ")} is not a JSON Schema type; read as any type`);
    });
    forEachSchemaOfSet(set, (schema, pointer, file) => {
      // `type: string` beside `properties` (upstream has a request body written so): a string has no properties,
      // and the properties say what the value holds, so an object is meant. Left alone, the generated type is
      // `string` while the model (and a caller) sees fields.
      if (typeof schema.type !== "string" || schema.type === "object" || !isObject(schema.properties) || Object.keys(schema.properties).length === 0) return;
      if (schema.type === "array" && schema.items !== undefined) {
        // An array with `items` is meant as an array (upstream repeats its items' properties beside them): the
        // properties describe nothing an array has, so they go, rather than the array becoming an object.
        note(file)(`${pointer}/properties`, "an array schema with items has properties; properties dropped");
        delete schema.properties;
        return;
      }
      note(file)(`${pointer}/type`, `a ${schema.type} schema has properties; read as type object`);
      schema.type = "object";
    });
    repairSchemaDialect(set, note);
    if (typeof doc.openapi === "string" && doc.openapi.startsWith("3.0.")) {
      forEachSchemaOfSet(set, (schema, pointer, file) => {
        // OpenAPI 3.0 admits null only with `nullable: true`; `type: object` with `enum: [null]` (upstream writes this
        // for a failure's `result`) admits no value at all, so no response could ever match. Null is what is meant.
        // Without a type, the same holds when the enum sits beside branches (anyOf/oneOf/allOf) that admit no null.
        if (!Array.isArray(schema.enum) || !schema.enum.includes(null) || schema.nullable === true) return;
        const branches = ["anyOf", "oneOf", "allOf"].filter((key) => Array.isArray(schema[key]));
        if (typeof schema.type !== "string" && branches.length === 0) return;
        schema.nullable = true;
        const what = typeof schema.type === "string" ? `the ${schema.type} schema` : `the schema (${branches.join(", ")})`;
        note(file)(`${pointer}/enum`, `enum lists null but ${what} is not nullable (nothing could match); read as nullable`);
      });
    }
  }
  return repairs;
}

type Note = (pointer: string, message: string) => void;

// `4xx` means `4XX`: the spec asks for upper case, and nothing else can be meant.
function normaliseResponses(op: JsonObject, at: string, note: Note): void {
  if (!isObject(op.responses)) return;
  for (const key of Object.keys(op.responses)) {
    if (/^[1-5]xx$/.test(key) && !(key.toUpperCase() in op.responses)) {
      const value = op.responses[key] as JsonValue;
      delete op.responses[key];
      op.responses[key.toUpperCase()] = value;
      note(childPointer(`${at}/responses`, key), `response key '${key}' read as '${key.toUpperCase()}'`);
    }
  }
}

// Upstream sometimes renames a path segment but not its parameter: {account_or_zone_id} declared as account_id.
// When exactly one template name is undeclared and one declared path parameter is not in the template, they are the same.
function renameMismatchedPathParams(set: SpecSet, site: { template: string; item: Resolved & { value: JsonObject }; operation: Resolved & { value: JsonObject } }, note: Note): void {
  const { template, item, operation } = site;
  const op = operation.value;
  const at = operation.pointer;
  const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const lists = [
    { list: item.value.parameters, base: item.file, pointer: `${item.pointer}/parameters` },
    { list: op.parameters, base: operation.file, pointer: `${at}/parameters` },
  ];
  const declared = lists
    .flatMap(({ list, base, pointer }) => (Array.isArray(list) ? list.map((raw, i) => ({ raw, value: deref(set, raw, base, `${pointer}/${i}`)?.value })) : []))
    .filter((p) => isObject(p.value) && p.value.in === "path");
  const undeclared = inTemplate.filter((name) => !declared.some((p) => (p.value as JsonObject).name === name));
  const stray = declared.filter((p) => !inTemplate.includes(String((p.value as JsonObject).name)));
  if (undeclared.length === 1 && stray.length === 1) {
    const [name] = undeclared as [string];
    const strayParam = stray[0] as { raw: JsonValue; value: JsonValue };
    const replacement: JsonObject = { ...(strayParam.value as JsonObject), name };
    const own = Array.isArray(op.parameters) ? op.parameters : (op.parameters = []);
    const index = own.indexOf(strayParam.raw);
    if (index >= 0) own[index] = replacement;
    else own.push(replacement);
    note(at, `path parameter '${String((strayParam.value as JsonObject).name)}' is not in the template; read as {${name}}`);
    return;
  }
  for (const name of undeclared) {
    const own = Array.isArray(op.parameters) ? op.parameters : (op.parameters = []);
    own.push({ name, in: "path", required: true, schema: { type: "string" } });
    note(at, `{${name}} is in the template but not declared; added as a string path parameter`);
  }
  for (const p of stray) {
    const own = Array.isArray(op.parameters) ? op.parameters : [];
    const index = own.indexOf(p.raw);
    if (index >= 0) own.splice(index, 1);
    note(at, `path parameter '${String((p.value as JsonObject).name)}' is not in the template; dropped`);
  }
}

function dropUnknownSecuritySchemes(op: JsonObject, schemes: JsonObject, at: string, note: Note): void {
  if (!Array.isArray(op.security)) return;
  const kept = op.security.filter((requirement) => !isObject(requirement) || Object.keys(requirement).every((k) => k in schemes));
  if (kept.length !== op.security.length) {
    note(`${at}/security`, "a security requirement names an undeclared scheme; that alternative is dropped");
    op.security = kept;
  }
}

function dropOddMediaTypes(set: SpecSet, operation: Resolved & { value: JsonObject }, note: (file: LoadedFile) => Note): void {
  const op = operation.value;
  const responses = isObject(op.responses) ? op.responses : {};
  for (const status of Object.keys(responses)) {
    const response = deref(set, responses[status], operation.file, childPointer(`${operation.pointer}/responses`, status));
    if (!response || !isObject(response.value) || !isObject(response.value.content)) continue;
    dropOddMediaTypeKeys(response.value.content, { pointer: `${response.pointer}/content`, note: note(response.file) });
  }
}

// OpenAPI 3.0 keywords left in a 3.1 document, read as the spec's authors meant them and spelled out in JSON Schema
// 2020-12 (src/openapi/schema-dialect.ts finds them): `nullable: true` adds null (to `type`, to `enum`, as an anyOf
// branch beside a `$ref` or its oneOf/anyOf), `nullable: false` goes; a boolean `exclusiveMinimum` becomes the bound it
// qualifies. A `pattern` no mode of JavaScript compiles is dropped (in any version): nothing could check it.
// Every file of the set is repaired where it is written; the root document's version decides the dialect.
function repairSchemaDialect(set: SpecSet, note: (file: LoadedFile) => Note): void {
  const { openapi } = set.root.document;
  const is31 = typeof openapi === "string" && openapi.startsWith("3.1");
  forEachSchemaOfSet(set, (schema, pointer, file) => {
    const noteHere = note(file);
    if (is31 && schema.nullable !== undefined) noteHere(`${pointer}/nullable`, nullableAs31(schema));
    for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
      if (!is31 || typeof schema[flag] !== "boolean") continue;
      if (schema[flag] === true && typeof schema[bound] === "number") {
        schema[flag] = schema[bound];
        delete schema[bound];
        noteHere(`${pointer}/${flag}`, `a boolean ${flag} (OpenAPI 3.0) in a 3.1 document; read as ${flag}: ${String(schema[flag])}`);
      } else {
        const what = schema[flag] === false ? `${flag}: false says ${bound} is inclusive, as 3.1 reads it` : `there is no ${bound} to make exclusive`;
        delete schema[flag];
        noteHere(`${pointer}/${flag}`, `a boolean ${flag} (OpenAPI 3.0) in a 3.1 document: ${what}; dropped`);
      }
    }
    if (typeof schema.pattern === "string" && !compiles(schema.pattern)) {
      noteHere(`${pointer}/pattern`, `pattern ${JSON.stringify(schema.pattern)} is not a regular expression JavaScript can read; dropped`);
      delete schema.pattern;
    }
  });
}

// Rewrites a 3.1 schema's `nullable` in 2020-12 terms; returns what was done.
function nullableAs31(schema: JsonObject): string {
  const nullable = schema.nullable === true;
  delete schema.nullable;
  if (!nullable) return "nullable: false (OpenAPI 3.0) in a 3.1 document says nothing; dropped";
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (typeof schema.type === "string" || Array.isArray(schema.type)) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes("null")) schema.type = [...types, "null"];
    if (schema.allOf === undefined && schema.$ref === undefined && schema.const === undefined) return "nullable: true (OpenAPI 3.0) in a 3.1 document; read as type " + JSON.stringify(schema.type);
  }
  const list = Array.isArray(schema.anyOf) ? "anyOf" : Array.isArray(schema.oneOf) ? "oneOf" : undefined;
  if (list && schema.$ref === undefined && schema.allOf === undefined && schema.const === undefined && schema.type === undefined) {
    (schema[list] as JsonValue[]).push({ type: "null" });
    return `nullable: true (OpenAPI 3.0) in a 3.1 document; read as a null branch of its ${list}`;
  }
  if (schema.$ref === undefined && schema.allOf === undefined && schema.const === undefined && list === undefined && schema.type === undefined) {
    return "nullable: true (OpenAPI 3.0) in a 3.1 document, on a schema that already admits null; dropped";
  }
  // Anything else (a $ref or allOf beside it, a const): the schema's own keywords as one branch, null as the other.
  const keep = new Set(["title", "description", "default", "example", "examples", "deprecated", "readOnly", "writeOnly"]);
  const branch: JsonObject = {};
  for (const key of Object.keys(schema)) {
    if (keep.has(key) || key.startsWith("x-")) continue;
    branch[key] = schema[key] as JsonValue;
    delete schema[key];
  }
  schema.anyOf = [branch, { type: "null" }];
  return "nullable: true (OpenAPI 3.0) in a 3.1 document; read as anyOf [the schema, null]";
}
