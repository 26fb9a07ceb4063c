import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from "yaml";
import { SpecforgeError, type ErrorLocation } from "../errors.js";

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
  locate(pointer: string): ErrorLocation;
}

// Reads a YAML or JSON file; every failure is a SpecforgeError naming the file and, for syntax errors, the line.
export async function loadFile(file: string, cwd = process.cwd()): Promise<LoadedFile> {
  const absolutePath = path.resolve(cwd, file);
  const text = await readText(file, absolutePath);
  if (text.trim() === "") {
    throw new SpecforgeError("the file is empty", "write an OpenAPI 3.0 or 3.1 document into it", { file });
  }
  const parsed = parseText(file, text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SpecforgeError(
      `expected an OpenAPI document (a mapping at the top level), found ${Array.isArray(parsed) ? "a list" : typeof parsed}`,
      "the file must start with `openapi: 3.x.y`",
      { file, line: 1 },
    );
  }
  let lineIndex: ((pointer: string) => number | undefined) | undefined;
  return {
    file,
    absolutePath,
    text,
    sha256: createHash("sha256").update(text).digest("hex"),
    document: parsed,
    locate(pointer) {
      // Built on first use: only error paths pay for a second, position-keeping parse.
      lineIndex ??= buildLineIndex(text);
      return { file, line: lineIndex(pointer), pointer };
    },
  };
}

async function readText(file: string, absolutePath: string): Promise<string> {
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory()) {
      throw new SpecforgeError("is a directory, not a spec file", "point at the .yaml or .json file inside it", { file });
    }
    return await readFile(absolutePath, "utf8");
  } catch (error) {
    if (error instanceof SpecforgeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new SpecforgeError("spec file not found", "check the path (it is resolved from the current directory)", { file });
    }
    throw new SpecforgeError(`cannot read the file (${code ?? String(error)})`, "check its permissions", { file });
  }
}

function parseText(file: string, text: string): JsonValue {
  if (/\.json$/i.test(file) || text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch (error) {
      // JSON.parse messages on Node 20 often lack a position; YAML is a superset of JSON and reports the line.
      const line = yamlErrorLine(text);
      throw new SpecforgeError(`JSON syntax error: ${(error as Error).message}`, "fix the JSON syntax at that line", { file, line });
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: false, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    const problem = first.message.split("\n")[0] ?? first.message;
    throw new SpecforgeError(`YAML syntax error: ${problem}`, "fix the YAML at that line (check indentation and quoting)", {
      file,
      line,
    });
  }
  return doc.toJS({ maxAliasCount: 10_000 }) as JsonValue;
}

function yamlErrorLine(text: string): number | undefined {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors[0]?.linePos?.[0].line;
}

// Splits `#/a/b~1c` into ["a", "b/c"] (RFC 6901, plus the URI-fragment percent-encoding).
export function pointerToPath(pointer: string): string[] {
  const body = pointer.replace(/^#/, "");
  if (body === "" || body === "/") return body === "/" ? [""] : [];
  return body
    .slice(1)
    .split("/")
    .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"));
}

// Joins path segments into a `#/a/b~1c` pointer.
export function pathToPointer(segments: readonly (string | number)[]): string {
  return "#" + segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
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
