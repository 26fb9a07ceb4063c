import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import prettier from "prettier";
import { readCopiedFiles } from "../self/copied-files.js";
import { PREFORMATTED_FILE } from "../self/paths.js";
import { PRETTIER_OPTIONS, TYPESCRIPT_PARSER } from "./format.js";
import { formatText } from "./format-text.js";

// Prettier's output for the files every package gets a copy of (src/self/copied-files.ts), made once by the build
// (scripts/build-cli.js) and stored in dist/ so that a render need not format them again: cold, they were about half
// of a small render's formatting time, yet their formatted text only depends on their text, prettier's version and
// the options. Those three are the key, so a store can never hand out text for another input: an edited source, another
// prettier or other options simply miss and are formatted as before. The render adds the header in front of the
// stored text (src/format/format.ts), which gives prettier's bytes because prettier leaves a plain header comment and
// the blank line after it as they are (test/unit/preformatted.test.ts).

const FORMAT = 1;

export interface PreformattedStore {
  format: typeof FORMAT;
  /** The prettier version that formatted the entries. */
  prettier: string;
  /** The options it was given, parser included, as JSON. */
  options: string;
  /** sha256 of a file's text (as src/self/copied-files.ts gives it) → prettier's output for it, without the header. */
  entries: Record<string, string>;
}

// Formats the texts as the render would format them without a header.
export async function buildPreformatted(texts: Iterable<string>): Promise<PreformattedStore> {
  const entries: Record<string, string> = {};
  for (const text of texts) entries[sha256(text)] = await formatText(text, TYPESCRIPT_PARSER, PRETTIER_OPTIONS);
  return { format: FORMAT, prettier: prettier.version, options: optionsKey(), entries };
}

// The build step: stores the copied files' formatted text. Written beside and renamed, so a render never reads half.
export async function writePreformatted(file = PREFORMATTED_FILE): Promise<void> {
  const store = await buildPreformatted((await readCopiedFiles()).values());
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(store));
  await rename(temporary, file);
}

// The store, if there is one made by this prettier with these options; anything else (no file, a damaged one, another
// prettier) is undefined, and the render formats everything itself.
export async function loadPreformatted(file = PREFORMATTED_FILE): Promise<PreformattedStore | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    return isUsable(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// Output name → stored formatted text, for each file whose exact text the store holds.
export function knownFormats(store: PreformattedStore | undefined, files: ReadonlyMap<string, string>): Map<string, string> {
  const known = new Map<string, string>();
  if (!store) return known;
  for (const [name, text] of files) {
    const key = sha256(text);
    const formatted = Object.hasOwn(store.entries, key) ? store.entries[key] : undefined;
    if (typeof formatted === "string") known.set(name, formatted);
  }
  return known;
}

function isUsable(value: unknown): value is PreformattedStore {
  if (typeof value !== "object" || value === null) return false;
  const store = value as Partial<Record<keyof PreformattedStore, unknown>>;
  return (
    store.format === FORMAT &&
    store.prettier === prettier.version &&
    store.options === optionsKey() &&
    typeof store.entries === "object" &&
    store.entries !== null &&
    Object.values(store.entries).every((text) => typeof text === "string")
  );
}

function optionsKey(): string {
  return JSON.stringify({ ...PRETTIER_OPTIONS, parser: TYPESCRIPT_PARSER });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
