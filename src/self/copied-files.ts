import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { CONTRACT_KIT_FILE, RUNTIME_DIR } from "./paths.js";

// The hand-written files every generated package gets a copy of (the runtime and the contract kit): output-relative
// name → text as it goes to the formatter, each opening with a line that says where to change it instead. One place
// for both readers: the render (src/generate.ts) and the build, which formats these texts ahead of time
// (src/format/preformatted.ts); a text that differs by a byte from what the build saw is formatted again.

let copied: Map<string, string> | undefined;

export async function readCopiedFiles(): Promise<ReadonlyMap<string, string>> {
  if (copied) return copied;
  const files = new Map<string, string>();
  files.set("contract-kit.ts", `// Copied from specforge's src/testkit/contract-kit.ts.\n${await readFile(CONTRACT_KIT_FILE, "utf8")}`);
  const names = (await readdir(RUNTIME_DIR)).filter((n) => n.endsWith(".ts")).sort();
  for (const name of names) files.set(`runtime/${name}`, `// Copied from specforge's src/runtime/${name}.\n${await readFile(path.join(RUNTIME_DIR, name), "utf8")}`);
  copied = files;
  return files;
}
