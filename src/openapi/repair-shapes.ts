import type { JsonObject, JsonValue, LoadedFile } from "./load.js";
import { childPointer, pathToPointer } from "./pointer.js";
import { deref, isObject, type Resolved, type SpecSet } from "./refs.js";
import { isMediaTypeKey, isStatusKey, SUPPORTED_STYLES } from "./validate.js";

// The departures from the letter of OpenAPI that openapi-typescript (through Redocly) reads without a word, each
// repaired under --lenient with a named note, so that `--lenient` reads whatever openapi-typescript reads. Without
// --lenient each stays the error validation reports (src/openapi/validate.ts), which says what to fix.

// Records one repair made in `file` at `pointer`.
export type NoteIn = (file: LoadedFile) => (pointer: string, message: string) => void;

// The document-level ones: a version without its patch number, a path without its leading `/`.
export function repairDocumentShape(set: SpecSet, note: NoteIn): void {
  const doc = set.root.document;
  const noteRoot = note(set.root);
  if (typeof doc.openapi === "string" && /^3\.[01]$/.test(doc.openapi)) {
    // Redocly tells 3.0 from 3.1 by the prefix; the patch number changes nothing a generator reads.
    noteRoot("#/openapi", `OpenAPI version "${doc.openapi}" lacks the patch number; read as "${doc.openapi}.0"`);
    doc.openapi = `${doc.openapi}.0`;
  }
  if (isObject(doc.paths)) {
    const paths = doc.paths;
    // Rebuilt in order, so the operations keep their place (their order is the client's).
    const entries = Object.entries(paths).map(([template, item]): [string, JsonValue] => {
      if (template.startsWith("/") || template.startsWith("x-") || Object.hasOwn(paths, `/${template}`)) return [template, item];
      noteRoot(pathToPointer(["paths", template]), `path '${template}' does not start with '/'; read as '/${template}'`);
      return [`/${template}`, item];
    });
    for (const key of Object.keys(paths)) delete paths[key];
    for (const [key, value] of entries) paths[key] = value;
  }
  if (isObject(doc.components)) {
    for (const [section, entries] of Object.entries(doc.components)) {
      if (!isObject(entries)) continue;
      for (const name of Object.keys(entries)) {
        // Only the empty name is refused still: its $ref, `#/components/schemas/`, names the map itself.
        if (name === "" || /^[a-zA-Z0-9._-]+$/.test(name)) continue;
        noteRoot(pathToPointer(["components", section, name]), `component name ${JSON.stringify(name)} has characters OpenAPI does not allow in one; read as written`);
      }
    }
  }
}

// An operation's: its responses, its parameters (and its path item's), its request body's media types.
export function repairOperationShape(set: SpecSet, site: { item: Resolved & { value: JsonObject }; operation: Resolved & { value: JsonObject } }, note: NoteIn): void {
  const { item, operation } = site;
  const op = operation.value;
  const noteOp = note(operation.file);
  const is30 = String(set.root.document.openapi).startsWith("3.0");
  if (isObject(op.responses) && Object.keys(op.responses).length === 0) {
    delete op.responses;
    noteOp(`${operation.pointer}/responses`, "`responses` is empty; read as documenting no response, as an operation without `responses` in 3.1");
  } else if (op.responses === undefined && is30) {
    noteOp(operation.pointer, "an operation without `responses` (required in 3.0) is read as documenting no response, as in 3.1");
  }
  if (isObject(op.responses)) {
    for (const status of Object.keys(op.responses)) {
      if (isStatusKey(status)) continue;
      delete op.responses[status];
      noteOp(childPointer(`${operation.pointer}/responses`, status), `response key '${status}' is not a status code; dropped`);
    }
  }
  repairParameters(set, { list: item.value.parameters, base: item.file, pointer: `${item.pointer}/parameters` }, note);
  repairParameters(set, { list: op.parameters, base: operation.file, pointer: `${operation.pointer}/parameters` }, note);
  const body = op.requestBody === undefined ? undefined : deref(set, op.requestBody, operation.file, `${operation.pointer}/requestBody`);
  if (body && isObject(body.value) && isObject(body.value.content)) {
    dropOddMediaTypeKeys(body.value.content, { pointer: `${body.pointer}/content`, note: note(body.file) });
  }
}

// A media-type map's keys that are no media type (`examples` or `example` written one level too high, `schema`)
// hold nothing openapi-typescript types; they are dropped.
export function dropOddMediaTypeKeys(content: JsonObject, where: { pointer: string; note: (pointer: string, message: string) => void }): void {
  for (const key of Object.keys(content)) {
    if (isMediaTypeKey(key)) continue;
    delete content[key];
    where.note(childPointer(where.pointer, key), `'${key}' is not a media type (a media type's own field written one level too high?); dropped`);
  }
}

// A parameters list: Swagger 2's `in: body` and `in: formData` dropped (OpenAPI 3 has a requestBody for them), a
// parameter without `schema` or `content` read as any value, a style its location does not have read as the
// location's default, and of two declarations of one name and location the later one kept (as openapi-typescript,
// whose type keeps the last).
function repairParameters(set: SpecSet, at: { list: JsonValue | undefined; base: LoadedFile; pointer: string }, note: NoteIn): void {
  const { list, base, pointer } = at;
  if (!Array.isArray(list)) return;
  const resolved = list.map((entry, index) => deref(set, entry, base, `${pointer}/${index}`));
  const drop = new Set<number>();
  resolved.forEach((parameter, index) => {
    if (!parameter || !isObject(parameter.value) || typeof parameter.value.name !== "string") return;
    const { value } = parameter;
    const noteParameter = note(parameter.file);
    if (value.in === "body" || value.in === "formData") {
      drop.add(index);
      note(base)(`${pointer}/${index}`, `parameter '${String(value.name)}' is in '${String(value.in)}', which OpenAPI 3 does not have (a request body carries it); dropped`);
      return;
    }
    if (value.schema === undefined && value.content === undefined) {
      value.schema = {};
      noteParameter(parameter.pointer, `parameter '${String(value.name)}' has neither \`schema\` nor \`content\`; read as any value`);
    }
    const styles = SUPPORTED_STYLES[String(value.in)];
    if (value.style !== undefined && styles !== undefined && !styles.includes(String(value.style))) {
      noteParameter(`${parameter.pointer}/style`, `parameter '${String(value.name)}' has style '${String(value.style)}', which ${String(value.in)} does not have; read as '${styles[0] as string}', its default`);
      delete value.style;
    }
    const later = resolved.findIndex((other, o) => o > index && isObject(other?.value) && other.value.name === value.name && other.value.in === value.in);
    if (later !== -1) {
      drop.add(index);
      note(base)(`${pointer}/${index}`, `parameter '${String(value.name)}' in ${String(value.in)} is declared again at ${pointer}/${later}; the later one kept`);
    }
  });
  // Dropped from the end, so the indexes of the rest stay right.
  for (const index of [...drop].sort((a, b) => b - a)) list.splice(index, 1);
}
