import { SpecforgeError } from "../errors.js";
import type { JsonObject, JsonValue, LoadedFile } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";

// Applies an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0.html) to a spec, in place.
// JSONPath support is the subset overlays need: `$`, `.name`, `['name']`, `[n]`, `[*]`, `.*`, and `[?(@.key=='value')]`.
export function applyOverlay(document: JsonObject, overlay: LoadedFile): void {
  const o = overlay.document;
  if (typeof o.overlay !== "string" || !/^1\.\d+\.\d+$/.test(o.overlay)) {
    throw new SpecforgeError("not an Overlay 1.x document", "start the file with `overlay: 1.0.0`", overlay.locate("#/overlay"));
  }
  if (!Array.isArray(o.actions)) throw new SpecforgeError("overlay has no `actions` list", "add `actions:` with `target` and `update` or `remove`", overlay.locate("#"));
  o.actions.forEach((action, index) => {
    const at = `#/actions/${index}`;
    if (!isObject(action) || typeof action.target !== "string") {
      throw new SpecforgeError("overlay action needs a `target` JSONPath", "e.g. target: \"$.paths['/pets'].get\"", overlay.locate(at));
    }
    const matches = selectJsonPath(document, action.target, overlay, `${at}/target`);
    if (matches.length === 0) {
      throw new SpecforgeError(`overlay target ${action.target} matches nothing`, "upstream may have renamed it: fix the target, or remove the action", overlay.locate(`${at}/target`));
    }
    for (const match of matches) {
      if (action.remove === true) {
        if (Array.isArray(match.parent)) match.parent.splice(Number(match.key), 1);
        else if (match.parent) delete match.parent[match.key];
      } else if (action.update !== undefined) {
        const merged = mergeUpdate(match.value, action.update);
        if (match.parent === undefined) Object.assign(document, merged);
        else if (Array.isArray(match.parent)) match.parent[Number(match.key)] = merged;
        else match.parent[match.key] = merged;
      }
    }
  });
}

// Overlay merge rule: objects merge recursively, arrays append, anything else is replaced.
function mergeUpdate(target: JsonValue, update: JsonValue): JsonValue {
  if (isObject(target) && isObject(update)) {
    const out: JsonObject = { ...target };
    for (const [key, value] of Object.entries(update)) out[key] = key in target ? mergeUpdate(target[key] as JsonValue, value) : value;
    return out;
  }
  if (Array.isArray(target) && Array.isArray(update)) return [...target, ...update.filter((u) => !target.some((t) => JSON.stringify(t) === JSON.stringify(u)))];
  if (Array.isArray(target)) return [...target, update];
  return update;
}

interface Match {
  value: JsonValue;
  parent: JsonObject | JsonValue[] | undefined;
  key: string;
}

type Step = { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" } | { kind: "filter"; key: string; value: string };

// Parses the JSONPath subset into steps; anything else is an error that says what is supported.
export function parseJsonPath(path: string, fail: (problem: string) => never): Step[] {
  if (!path.startsWith("$")) fail(`JSONPath '${path}' must start with $`);
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) steps.push({ kind: "name", name: m[1] as string });
    else if ((m = /^\.\*|^\[\*\]/.exec(rest))) steps.push({ kind: "wildcard" });
    else if ((m = /^\[(\d+)\]/.exec(rest))) steps.push({ kind: "index", index: Number(m[1]) });
    else if ((m = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]|^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest))) steps.push({ kind: "name", name: (m[1] ?? m[2] ?? "").replace(/\\(.)/g, "$1") });
    else if ((m = /^\[\?\(?\s*@\.([\w$-]+)\s*==\s*(?:'([^']*)'|"([^"]*)")\s*\)?\]/.exec(rest))) steps.push({ kind: "filter", key: m[1] as string, value: m[2] ?? m[3] ?? "" });
    else fail(`JSONPath '${path}': cannot read '${rest}' (supported: .name, ['name'], [n], [*], .*, [?(@.key=='value')])`);
    i += (m as RegExpExecArray)[0].length;
  }
  return steps;
}

export function selectJsonPath(document: JsonValue, path: string, file: LoadedFile, pointer: string): Match[] {
  const steps = parseJsonPath(path, (problem) => {
    throw new SpecforgeError(problem, "use the JSONPath subset above", file.locate(pointer));
  });
  let current: Match[] = [{ value: document, parent: undefined, key: "" }];
  for (const step of steps) {
    const next: Match[] = [];
    for (const { value } of current) {
      if (step.kind === "name" && isObject(value) && step.name in value) next.push({ value: value[step.name] as JsonValue, parent: value, key: step.name });
      else if (step.kind === "index" && Array.isArray(value) && step.index < value.length) next.push({ value: value[step.index] as JsonValue, parent: value, key: String(step.index) });
      else if (step.kind === "wildcard" || step.kind === "filter") {
        const entries: [string, JsonValue][] = Array.isArray(value) ? value.map((v, k) => [String(k), v]) : isObject(value) ? Object.entries(value) : [];
        for (const [key, child] of entries) {
          if (step.kind === "filter" && !(isObject(child) && String(child[step.key]) === step.value)) continue;
          next.push({ value: child, parent: value as JsonObject | JsonValue[], key });
        }
      }
    }
    current = next;
  }
  return current;
}
