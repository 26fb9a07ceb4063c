import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TargetConfig } from "../config.js";
import { SpecforgeError, type ErrorLocation } from "../errors.js";
import { extractOperations, toStableYaml } from "./extract.js";
import { loadFile, type JsonObject, type LoadedFile } from "../openapi/load.js";
import { applyOverlay } from "./overlay.js";
import { parseOperationSelector, selectOperations, type Selector } from "./select.js";

export interface ExtractRequest {
  /** The upstream document. */
  from: string;
  /** Operation selectors (src/upstream/select.ts). */
  operations: string[];
  overlay?: string | undefined;
  /** The folder `from` and `overlay` resolve from (default: the working folder). */
  cwd?: string | undefined;
  /** The upstream document already loaded: --watch keeps it between passes instead of parsing it again. */
  source?: LoadedFile | undefined;
  /** Where the i-th selector was written, for its error (a config pointer); default: the command line. */
  locateOperation?: ((index: number) => ErrorLocation) | undefined;
}

export interface Extracted {
  text: string;
  /** How many operations the selectors picked. */
  operations: number;
}

// extract (+ overlay) → stable YAML text; nothing is written.
export async function renderExtract(request: ExtractRequest): Promise<Extracted> {
  if (request.operations.length === 0) throw new SpecforgeError("no --operation given", 'pass at least one --operation, e.g. "PUT /pets/{id}" or "tag:pets"');
  const selectors = request.operations.map((text, index) => parseSelectorAt(text, request.locateOperation?.(index)));
  const cwd = request.cwd ?? process.cwd();
  const source = request.source ?? (await loadFile(request.from, cwd));
  const picked = selectOperations({ document: source.document, selectors, file: source.file, locate: request.locateOperation });
  // A copy: the overlay edits the fragment in place, and the fragment shares its objects with the upstream document,
  // which --watch keeps for the next pass.
  const fragment = structuredClone(extractOperations(source, picked)) as JsonObject;
  if (request.overlay) applyOverlay(fragment, await loadFile(request.overlay, cwd));
  const header = [
    `Cut by specforge from ${path.basename(request.from)} (sha256 ${source.sha256.slice(0, 16)}…): ${request.operations.join(", ")}.`,
    request.overlay ? `Hand-kept additions come from ${request.overlay} (an OpenAPI Overlay); edit that file, not this one, for anything upstream lacks.` : "",
    "Keys are sorted so a refresh from upstream gives a minimal diff.",
  ].filter(Boolean);
  return { text: toStableYaml(fragment, header), operations: picked.length };
}

function parseSelectorAt(text: string, location: ErrorLocation | undefined): Selector {
  try {
    return parseOperationSelector(text);
  } catch (error) {
    if (error instanceof SpecforgeError && location) throw new SpecforgeError(error.problem, error.hint, location);
    throw error;
  }
}

// Writes a file by rename, so a reader never sees half of it.
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.specforge-${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export interface RefreshOptions {
  /** The upstream document (absolute, or relative to the working folder); default: the target's `refresh.from`. */
  from?: string | undefined;
  /** The config file's folder: the target's paths resolve from it. */
  root: string;
  /** The upstream document already loaded (see ExtractRequest.source). */
  source?: LoadedFile | undefined;
}

// The upstream document a refresh of this target reads, absolute; undefined when neither --from nor `refresh.from` says.
export function refreshSource(target: TargetConfig, options: Pick<RefreshOptions, "from" | "root">): string | undefined {
  if (options.from !== undefined) return path.resolve(options.from);
  return target.refresh?.from === undefined ? undefined : path.resolve(options.root, target.refresh.from);
}

// Rebuilds a target's spec from upstream; returns the previous text so a failed regeneration can restore it.
export async function refreshTargetSpec(target: TargetConfig, options: RefreshOptions): Promise<string | undefined> {
  const configFile = target.configFile ?? "specforge.config.json";
  if (!target.refresh) {
    throw new SpecforgeError(`target ${target.name} has no \`refresh\` settings`, 'add "refresh": { "operations": ["METHOD /path"], "overlay": "spec/NAME.overlay.yaml" } to its config', { file: configFile, pointer: `#/targets/${target.name}` });
  }
  const from = refreshSource(target, options);
  if (from === undefined) {
    throw new SpecforgeError(`refreshing ${target.name} needs the upstream document`, 'pass --from FILE, or set "refresh": { "from": FILE } in the config', { file: configFile, pointer: `#/targets/${target.name}/refresh` });
  }
  const { text } = await renderExtract({
    from,
    operations: target.refresh.operations,
    overlay: target.refresh.overlay,
    cwd: options.root,
    source: options.source,
    locateOperation: (index) => ({ file: configFile, pointer: `#/targets/${target.name}/refresh/operations/${index}` }),
  });
  const spec = path.resolve(options.root, target.spec);
  const previous = await readFile(spec, "utf8").catch(() => undefined);
  if (previous !== text) await writeFileAtomically(spec, text);
  return previous;
}
