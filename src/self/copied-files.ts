import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RUNTIME_DIR, TESTKIT_DIR } from "./paths.js";

// The hand-written files every generated package gets a copy of (the runtime in runtime/, the contract kit's files
// the contract suite in contract/ imports): output-relative
// name → text as it goes to the formatter, each opening with a line that says where to change it instead. One place
// for both readers: the render (src/generate.ts) and the build, which formats these texts ahead of time
// (src/format/preformatted.ts); a text that differs by a byte from what the build saw is formatted again.

let copied: Map<string, string> | undefined;

export async function readCopiedFiles(): Promise<ReadonlyMap<string, string>> {
  if (copied) return copied;
  const files = new Map<string, string>();
  const copy = async (dir: string, from: string, to: string) => {
    const names = (await readdir(dir)).filter((n) => n.endsWith(".ts")).sort();
    for (const name of names) files.set(`${to}${name}`, `// Copied from specforge's ${from}${name}.\n${await readFile(path.join(dir, name), "utf8")}`);
  };
  await copy(TESTKIT_DIR, "src/testkit/", "");
  await copy(RUNTIME_DIR, "src/runtime/", "runtime/");
  copied = files;
  return files;
}
