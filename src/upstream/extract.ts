import { stringify } from "yaml";
import { SpecforgeError, nearest } from "../errors.js";
import type { JsonObject, JsonValue, LoadedFile } from "../openapi/load.js";
import { pointerToPath } from "../openapi/pointer.js";
import { forEachRef, HTTP_METHODS, isObject, slotOf, type Kind } from "../openapi/walk.js";

// One operation to cut (src/upstream/select.ts picks them).
export interface OperationSelector {
  method: string;
  path: string;
}

// Cuts the chosen operations and the transitive closure of their `$ref`s out of a large spec, and nothing else.
export function extractOperations(source: LoadedFile, selectors: OperationSelector[]): JsonObject {
  const doc = source.document;
  const paths = isObject(doc.paths) ? doc.paths : {};
  const out: JsonObject = { openapi: doc.openapi ?? "3.0.3", info: doc.info ?? {}, paths: {} };
  if (doc.servers !== undefined) out.servers = doc.servers;
  if (doc.security !== undefined) out.security = doc.security;
  const outPaths = out.paths as JsonObject;
  const schemes = new Set<string>();
  for (const { method, path } of selectors) {
    const item = paths[path];
    if (!isObject(item) || !isObject(item[method])) {
      const near = nearestPaths(path, Object.keys(paths));
      const other = isObject(item) ? ` (it has ${HTTP_METHODS.filter((m) => m in item).map((m) => m.toUpperCase()).join(", ")})` : "";
      throw new SpecforgeError(
        `${method.toUpperCase()} ${path} is not in the spec${other}`,
        near.length > 0 ? `nearest paths: ${near.join(", ")}` : "check the path and method",
        { file: source.file },
      );
    }
    const kept: JsonObject = isObject(outPaths[path]) ? (outPaths[path] as JsonObject) : {};
    if (item.parameters !== undefined) kept.parameters = item.parameters;
    kept[method] = item[method] as JsonValue;
    outPaths[path] = kept;
    const security = (item[method] as JsonObject).security ?? doc.security;
    if (Array.isArray(security)) for (const requirement of security) if (isObject(requirement)) Object.keys(requirement).forEach((k) => schemes.add(k));
  }
  if (Array.isArray(doc.security)) for (const requirement of doc.security) if (isObject(requirement)) Object.keys(requirement).forEach((k) => schemes.add(k));
  // The closure: follow every local $ref until nothing new is reached. Each component is walked as what its
  // section holds, so a `$ref` key inside example data is not taken for a reference.
  const components: JsonObject = {};
  const sourceComponents = isObject(doc.components) ? doc.components : {};
  const queue: { value: JsonValue; kind: Kind }[] = [{ value: { paths: outPaths }, kind: "document" }];
  while (queue.length > 0) {
    const { value: next, kind } = queue.pop() as { value: JsonValue; kind: Kind };
    for (const ref of localRefs(next, kind)) {
      const [top, section, name] = pointerToPath(ref);
      if (top !== "components" || section === undefined || name === undefined) continue;
      const bucket = (components[section] ??= {}) as JsonObject;
      if (Object.hasOwn(bucket, name)) continue;
      const value = isObject(sourceComponents[section]) ? (sourceComponents[section] as JsonObject)[name] : undefined;
      if (value === undefined) throw new SpecforgeError(`$ref '${ref}' does not resolve`, "the upstream spec is broken at that reference", { file: source.file });
      bucket[name] = value;
      const slot = slotOf("components", section);
      queue.push({ value, kind: slot.holds === "map" ? slot.kind : "unknown" });
    }
  }
  const sourceSchemes = isObject(sourceComponents.securitySchemes) ? sourceComponents.securitySchemes : {};
  for (const name of schemes) {
    if (sourceSchemes[name] !== undefined) ((components.securitySchemes ??= {}) as JsonObject)[name] = sourceSchemes[name] as JsonValue;
  }
  if (Object.keys(components).length > 0) out.components = components;
  return out;
}

// The `#/...` $refs in `value`, walked as an object of `kind`.
function localRefs(value: JsonValue, kind: Kind): string[] {
  const refs: string[] = [];
  forEachRef(value, ({ ref }) => void (ref.startsWith("#/") && refs.push(ref)), { kind });
  return refs;
}

function nearestPaths(path: string, candidates: string[]): string[] {
  const best = nearest(path, candidates);
  const segments = path.split("/").filter((s) => s && !s.startsWith("{"));
  const scored = candidates
    .map((c) => ({ c, score: segments.filter((s) => c.includes(s)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.c.length - b.c.length || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map((x) => x.c);
  return [...new Set([...scored, ...(best ? [best] : [])])].slice(0, 3);
}

// Deterministic YAML: keys sorted at every level, so a refresh from upstream diffs minimally.
export function toStableYaml(document: JsonValue, header: string[]): string {
  const sorted = sortKeys(document);
  const body = stringify(sorted, { lineWidth: 0, aliasDuplicateObjects: false, defaultStringType: "PLAIN", defaultKeyType: "PLAIN" });
  return header.map((l) => `# ${l}`).join("\n") + (header.length ? "\n" : "") + body;
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as JsonValue);
  return out;
}
