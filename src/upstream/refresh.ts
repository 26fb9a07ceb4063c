import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TargetConfig } from "../config.js";
import { SpecforgeError } from "../errors.js";
import { extractOperations, parseOperationSelector, toStableYaml } from "./extract.js";
import { loadFile } from "../openapi/load.js";
import { applyOverlay } from "./overlay.js";

export interface ExtractRequest {
  from: string;
  operations: string[];
  overlay?: string | undefined;
}

// extract (+ overlay) → stable YAML text; nothing is written.
export async function renderExtract(request: ExtractRequest): Promise<string> {
  const selectors = request.operations.map(parseOperationSelector);
  if (selectors.length === 0) throw new SpecforgeError("no --operation given", 'pass at least one --operation "METHOD /path"');
  const source = await loadFile(request.from);
  const fragment = extractOperations(source, selectors);
  if (request.overlay) applyOverlay(fragment, await loadFile(request.overlay));
  const header = [
    `Cut by specforge from ${path.basename(request.from)} (sha256 ${source.sha256.slice(0, 16)}…): ${request.operations.join(", ")}.`,
    request.overlay ? `Hand-kept additions come from ${request.overlay} (an OpenAPI Overlay); edit that file, not this one, for anything upstream lacks.` : "",
    "Keys are sorted so a refresh from upstream gives a minimal diff.",
  ].filter(Boolean);
  return toStableYaml(fragment, header);
}

// Writes a file by rename, so a reader never sees half of it.
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.specforge-${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

// Rebuilds a target's spec from upstream; returns the previous text so a failed regeneration can restore it.
export async function refreshTargetSpec(target: TargetConfig, from: string): Promise<string | undefined> {
  if (!target.refresh) {
    throw new SpecforgeError(`target ${target.name} has no \`refresh\` settings`, 'add "refresh": { "operations": ["METHOD /path"], "overlay": "spec/NAME.overlay.yaml" } to its config', { file: "specforge.config.json", pointer: `#/targets/${target.name}` });
  }
  const text = await renderExtract({ from, operations: target.refresh.operations, overlay: target.refresh.overlay });
  const previous = await readFile(target.spec, "utf8").catch(() => undefined);
  await writeFileAtomically(target.spec, text);
  return previous;
}
