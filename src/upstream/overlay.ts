import { SpecforgeError } from "../errors.js";
import type { JsonObject, JsonValue, LoadedFile } from "../openapi/load.js";
import { isObject } from "../openapi/refs.js";

// Applies an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0.html) to a spec, in place.
// JSONPath support is the subset overlays need: `$`, `.name`, `['name']`, `[n]`, `[*]`, `.*`, `[?(@.key=='value')]`, and the
// descendant segment `..` (RFC 9535 §2.5.2) before any of them, e.g. `$.paths..parameters[?(@.name=='id')]`.
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
    // Matches come in document order; removals go in reverse, so each list index still names the element it matched.
    const ordered = action.remove === true ? [...matches].reverse() : matches;
    for (const match of ordered) {
      if (action.remove === true) {
        if (Array.isArray(match.parent)) match.parent.splice(Number(match.key), 1);
        else if (match.parent) delete match.parent[match.key];
      } else if (action.update !== undefined) {
        const merged = mergeUpdate(match.value, action.update);
        // The root merges in place; it cannot be replaced by a value that is not an object.
        if (match.parent === undefined) continue;
        if (Array.isArray(match.parent)) match.parent[Number(match.key)] = merged;
        else match.parent[match.key] = merged;
      }
    }
  });
}

// Overlay merge rule: objects merge recursively, arrays append, anything else is replaced. Objects merge in place:
// a target inside another target of the same action (which `..` can select) then sees the outer update, not a stale copy.
// What is taken from the update is copied, so two targets of one action never share an object a later action edits.
function mergeUpdate(target: JsonValue, update: JsonValue): JsonValue {
  if (isObject(target) && isObject(update)) {
    for (const [key, value] of Object.entries(update)) target[key] = key in target ? mergeUpdate(target[key] as JsonValue, value) : structuredClone(value);
    return target;
  }
  if (Array.isArray(target) && Array.isArray(update)) return [...target, ...structuredClone(update.filter((u) => !target.some((t) => JSON.stringify(t) === JSON.stringify(u))))];
  if (Array.isArray(target)) return [...target, structuredClone(update)];
  return structuredClone(update);
}

interface Match {
  value: JsonValue;
  parent: JsonObject | JsonValue[] | undefined;
  key: string;
}

type Step = { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" } | { kind: "filter"; key: string; value: string } | { kind: "descendants" };

// Parses the JSONPath subset into steps; anything else is an error that says what is supported.
export function parseJsonPath(path: string, fail: (problem: string) => never): Step[] {
  if (!path.startsWith("$")) fail(`JSONPath '${path}' must start with $`);
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    let m: RegExpExecArray | null;
    // `..x` is "this node and every node below it", then `.x`: the next step reads what follows the first dot.
    if ((m = /^\.(?=\.[A-Za-z_$*])|^\.\.(?=\[)/.exec(rest))) steps.push({ kind: "descendants" });
    else if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) steps.push({ kind: "name", name: m[1] as string });
    else if ((m = /^\.\*|^\[\*\]/.exec(rest))) steps.push({ kind: "wildcard" });
    else if ((m = /^\[(\d+)\]/.exec(rest))) steps.push({ kind: "index", index: Number(m[1]) });
    else if ((m = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]|^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest))) steps.push({ kind: "name", name: (m[1] ?? m[2] ?? "").replace(/\\(.)/g, "$1") });
    else if ((m = /^\[\?\(?\s*@\.([\w$-]+)\s*==\s*(?:'([^']*)'|"([^"]*)")\s*\)?\]/.exec(rest))) steps.push({ kind: "filter", key: m[1] as string, value: m[2] ?? m[3] ?? "" });
    else fail(`JSONPath '${path}': cannot read '${rest}' (supported: .name, ['name'], [n], [*], .*, [?(@.key=='value')], and .. before any of them)`);
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
    for (const match of current) {
      const { value } = match;
      if (step.kind === "descendants") next.push(...descendantsOf(match));
      else if (step.kind === "name" && isObject(value) && step.name in value) next.push({ value: value[step.name] as JsonValue, parent: value, key: step.name });
      else if (step.kind === "index" && Array.isArray(value) && step.index < value.length) next.push({ value: value[step.index] as JsonValue, parent: value, key: String(step.index) });
      else if (step.kind === "wildcard" || step.kind === "filter") {
        const entries: [string, JsonValue][] = Array.isArray(value) ? value.map((v, k) => [String(k), v]) : isObject(value) ? Object.entries(value) : [];
        for (const [key, child] of entries) {
          if (step.kind === "filter" && !(isObject(child) && String(child[step.key]) === step.value)) continue;
          next.push({ value: child, parent: value as JsonObject | JsonValue[], key });
        }
      }
    }
    current = unique(next);
  }
  return current;
}

// A node and every node below it, parents before children (RFC 9535's descendant order).
function descendantsOf(match: Match): Match[] {
  const out: Match[] = [match];
  const children: [string, JsonValue][] = Array.isArray(match.value) ? match.value.map((v, k) => [String(k), v]) : isObject(match.value) ? Object.entries(match.value) : [];
  for (const [key, child] of children) out.push(...descendantsOf({ value: child, parent: match.value as JsonObject | JsonValue[], key }));
  return out;
}

// Nested `..` segments can reach a node twice; an update must still apply once.
function unique(matches: Match[]): Match[] {
  const seen = new Map<unknown, Set<string>>();
  return matches.filter(({ parent, key }) => {
    const keys = seen.get(parent) ?? new Set<string>();
    seen.set(parent, keys);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}
