import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from "yaml";
import { nearest, SpecforgeError, type ErrorLocation } from "../errors.js";
import { pointerToPath } from "./pointer.js";

// The pointer functions live in pointer.ts; these names are kept for the modules that import them from here.
export { pathToPointer, pointerToPath } from "./pointer.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

// One parsed spec file: its text, hash, document, and a way to turn a JSON pointer into a line.
export interface LoadedFile {
  /** The path as the user gave it (kept relative so messages and headers are machine-independent). */
  file: string;
  absolutePath: string;
  text: string;
  sha256: string;
  document: JsonObject;
  /** A file that is neither YAML nor JSON by its name (a Markdown text a `description: { $ref: intro.md }` names): its
   * value is its text, as Redocly reads it, and `document` is empty. */
  plainText?: true;
  locate(pointer: string): ErrorLocation;
}

// Redocly parses a referenced file as YAML or JSON only by its extension; any other file's value is its text.
export function isPlainTextFile(file: string): boolean {
  return !/\.(ya?ml|json)$/i.test(file);
}

// A referenced file read as text (see isPlainTextFile).
export async function loadTextFile(file: string, cwd = process.cwd()): Promise<LoadedFile> {
  const absolutePath = path.resolve(cwd, file);
  const text = await readText(file, absolutePath);
  return { file, absolutePath, text, sha256: createHash("sha256").update(text).digest("hex"), document: {}, plainText: true, locate: (pointer) => ({ file, line: 1, pointer }) };
}

// Control characters quoted from a spec (a key or a $ref with a line break in it) would break the one-line
// message, so they are shown escaped: "\n" as the two characters \ and n.
export function printable(text: string): string {
  const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// A SpecforgeError whose text is guaranteed to print on one line.
export function specError(problem: string, hint: string, location?: ErrorLocation): SpecforgeError {
  const where = location && { ...location, file: printable(location.file), pointer: location.pointer === undefined ? undefined : printable(location.pointer) };
  return new SpecforgeError(printable(problem), printable(hint), where);
}

// Reads a YAML or JSON file; every failure is a SpecforgeError naming the file and, for syntax errors, the line.
export async function loadFile(file: string, cwd = process.cwd()): Promise<LoadedFile> {
  const absolutePath = path.resolve(cwd, file);
  const text = await readText(file, absolutePath);
  if (text.trim() === "") {
    throw specError(text === "" ? "the file is empty (0 bytes)" : "the file is empty (only whitespace)", "write an OpenAPI 3.0 or 3.1 document into it, starting with `openapi: 3.0.3`", { file });
  }
  const parsed = parseText(file, text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    const found = parsed === null ? "nothing (only comments or an empty document)" : Array.isArray(parsed) ? "a list" : `a ${typeof parsed} (${JSON.stringify(parsed).slice(0, 40)})`;
    throw specError(`expected an OpenAPI document (a mapping at the top level), found ${found}`, "the document must be a mapping that starts with `openapi: 3.0.3` or `openapi: 3.1.0`", {
      file,
      line: firstContentLine(text),
    });
  }
  let lineIndex: ((pointer: string) => number | undefined) | undefined;
  return {
    file,
    absolutePath,
    text,
    sha256: createHash("sha256").update(text).digest("hex"),
    document: parsed,
    locate(pointer) {
      // The line is found when it is read, not here: the model records a location for every operation, but only an
      // error message reads its line, and finding it takes a second, position-keeping parse of the whole file (on a
      // large spec, seconds, which every render paid when this ran eagerly).
      return {
        file,
        pointer,
        get line() {
          lineIndex ??= buildLineIndex(text);
          return lineIndex(pointer);
        },
      };
    },
  };
}

async function readText(file: string, absolutePath: string): Promise<string> {
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory()) {
      const inside = await specFilesIn(absolutePath);
      const hint = inside.length > 0 ? `point at a file inside it, e.g. ${path.join(file, inside[0] as string)}` : "point at the .yaml or .json spec file, not at a folder";
      throw specError("is a directory, not a spec file", hint, { file });
    }
    return await readFile(absolutePath, "utf8");
  } catch (error) {
    if (error instanceof SpecforgeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw specError("spec file not found", await missingFileHint(file, absolutePath), { file });
    }
    throw specError(`cannot read the file (${code ?? String(error)})`, "check that it is a readable file and its permissions allow reading", { file });
  }
}

// For a missing file: a similarly named file next to where it was expected, or the first folder that does not exist.
async function missingFileHint(file: string, absolutePath: string): Promise<string> {
  const folder = path.dirname(absolutePath);
  const siblings = await readdir(folder).catch(() => undefined);
  if (siblings === undefined) {
    return `the folder ${path.dirname(file)} does not exist either; paths are resolved from ${process.cwd()}`;
  }
  const near = nearest(path.basename(absolutePath), siblings);
  if (near) return `did you mean ${path.join(path.dirname(file), near)}?`;
  return `check the path; it is resolved from ${process.cwd()}`;
}

async function specFilesIn(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => /\.(ya?ml|json)$/i.test(n)).sort();
}

function parseText(file: string, text: string): JsonValue {
  const looksLikeJson = text.trimStart().startsWith("{") || text.trimStart().startsWith("[");
  if (/\.json$/i.test(file) && !looksLikeJson) {
    const line = firstContentLine(text);
    throw specError(
      `the file is named .json but is not JSON: it starts with '${sourceLine(text, line) ?? ""}'`,
      "rename it to .yaml if it is YAML, or write it as JSON",
      { file, line },
    );
  }
  if (looksLikeJson && /\.json$/i.test(file)) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch (error) {
      throw jsonSyntaxError(file, text, (error as Error).message);
    }
  }
  if (text.trimStart().startsWith("{")) {
    // JSON in a .yaml file: JSON's own errors are clearer than YAML's flow-mapping ones.
    try {
      return JSON.parse(text) as JsonValue;
    } catch (error) {
      throw jsonSyntaxError(file, text, (error as Error).message);
    }
  }
  const lineCounter = new LineCounter();
  // YAML 1.1 merge keys (`<<: *base`) are read as merges, as Redocly (and so openapi-typescript) reads them.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) throw yamlSyntaxError(file, text, first.code, oneLine(first.message), first.pos[0], lineCounter);
  try {
    return doc.toJS({ maxAliasCount: 10_000 }) as JsonValue;
  } catch (error) {
    // e.g. an alias (`*name`) with no anchor, or an alias bomb.
    const message = oneLine((error as Error).message);
    const alias = /alias[^:]*: (\S+)/i.exec(message)?.[1];
    const at = alias ? text.indexOf(`*${alias}`) : -1;
    const line = at >= 0 ? text.slice(0, at).split("\n").length : undefined;
    throw specError(`YAML error: ${message}`, "define each anchor (&name) before its alias (*name), or write the value out", { file, line });
  }
}

function yamlSyntaxError(file: string, text: string, code: string, message: string, offset: number, lineCounter: LineCounter): SpecforgeError {
  // With prettyErrors off the error carries no line: it comes from the error's offset.
  let line = lineCounter.linePos(offset).line;
  const problem = message.replace(/\.$/, "").replace(/; please use YAML\.parseAllDocuments\(\)/, "");
  if (code === "DUPLICATE_KEY") {
    const key = keyAt(text, offset);
    return specError(`YAML syntax error: duplicate key${key ? ` '${key}'` : ""}; a mapping may name each key only once`, "merge the two entries into one, or rename one of them", { file, line });
  }
  let hint = "fix the YAML at that line: check the indentation, the ':' after each key, and the quoting";
  if (/quote/i.test(problem)) {
    // The parser notices at the end of the file; the quote that is never closed is usually much earlier.
    line = unclosedQuoteLine(text, offset) ?? line;
    hint = "close the quote on that line, or remove it";
  } else if (code === "BAD_INDENT") hint = "fix the indentation at that line: the keys of one mapping must line up in the same column";
  else if (code === "TAB_AS_INDENT") hint = "indent with spaces; YAML does not allow tabs";
  else if (/compact mappings/.test(problem)) {
    // `key: a: b` (an unquoted value with ': ' in it) or a next line indented deeper than this key.
    const value = /^\s*(?:- )?[^:#]+:\s+(.*)$/.exec(text.split(/\r?\n/)[line - 1] ?? "")?.[1] ?? "";
    hint = /:\s/.test(value) && !/^["']/.test(value) ? "the value contains ': ', so YAML reads a second key: put the value in quotes" : "the line after it is indented deeper than this key: line the keys of one mapping up in the same column";
  }
  else if (code === "MULTILINE_IMPLICIT_KEY" || code === "BLOCK_AS_IMPLICIT_KEY") hint = "a key must fit on one line and end with ':'; check for a missing ':' on that line";
  else if (code === "MULTIPLE_DOCS") hint = "a spec is a single YAML document: remove the '---' separator and what follows, or merge the documents";
  const near = sourceLine(text, line);
  return specError(`YAML syntax error${near ? ` at '${near}'` : ""}: ${problem}`, hint, { file, line });
}

// The first line before `offset` with an odd number of unescaped double quotes (or an opened single-quoted value).
function unclosedQuoteLine(text: string, offset: number): number | undefined {
  const lines = text.slice(0, offset).split("\n");
  const index = lines.findIndex((raw) => {
    const l = raw.replace(/\\./g, "").replace(/\s#.*$/, "");
    return (l.match(/"/g) ?? []).length % 2 === 1 || (/:\s*'/.test(l) && (l.match(/'/g) ?? []).length % 2 === 1);
  });
  return index === -1 ? undefined : index + 1;
}

// Node 20 says `… in JSON at position 93`; newer versions add `(line 6 column 3)`. Either way, report a line.
export function jsonSyntaxError(file: string, text: string, message: string): SpecforgeError {
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/i.test(message) ? text.length : yamlErrorOffset(text);
  const problem = oneLine(message.replace(/\s*(in JSON )?at position \d+[\s\S]*$/, "").replace(/,?\s*"[\s\S]*"(\.\.\.)? is not valid JSON$/, ""));
  let line: number | undefined;
  let column: number | undefined;
  let hint = "fix the JSON at that line";
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    const after = text.slice(offset);
    line = before.split("\n").length;
    column = offset - before.lastIndexOf("\n");
    if (/,\s*$/.test(before) && /^\s*[}\]]/.test(after)) hint = "remove the trailing comma before it; JSON does not allow one";
    else if (/^\s*"/.test(after) && /["\d\]}el]\s*$/.test(before)) hint = "add the missing ',' between the two entries";
    else if (offset >= text.length) hint = "the document ends too early: close every '{' and '['";
    else if (/^\s*'/.test(after)) hint = "JSON strings and keys take double quotes";
  }
  const near = line !== undefined ? sourceLine(text, line) : undefined;
  return specError(`JSON syntax error${near ? ` at '${near}'` : ""}: ${problem || "not valid JSON"}${column !== undefined ? ` (column ${column})` : ""}`, hint, { file, line });
}

// Some JSON.parse messages carry no position; YAML (a superset of JSON) usually finds the same mistake and has one.
function yamlErrorOffset(text: string): number | undefined {
  return parseDocument(text, { prettyErrors: false }).errors[0]?.pos[0];
}

// The trimmed text of a 1-based line, shortened so the message stays on one readable line.
function sourceLine(text: string, line: number): string | undefined {
  const raw = text.split(/\r?\n/)[line - 1]?.trim();
  if (!raw) return undefined;
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

function keyAt(text: string, offset: number): string | undefined {
  const match = /^\s*("[^"\n]*"|'[^'\n]*'|[^:#\n]+?)\s*:/.exec(text.slice(offset));
  return match?.[1]?.replace(/^["']|["']$/g, "");
}

function firstContentLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#") && !/^(---|\.\.\.|%)/.test(l.trim()));
  return index === -1 ? 1 : index + 1;
}

function oneLine(message: string): string {
  return (message.split("\n")[0] ?? message).trim();
}

function buildLineIndex(text: string): (pointer: string) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return (pointer) => {
    // Walk as deep as the pointer goes; a missing tail still points at its nearest parent.
    let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
    let offset = node?.range?.[0];
    for (const key of pointerToPath(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === key);
        if (!pair) break;
        offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node)) {
        node = node.items[Number(key)] as YamlNode | undefined;
        if (!node) break;
        offset = node.range?.[0] ?? offset;
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
}
