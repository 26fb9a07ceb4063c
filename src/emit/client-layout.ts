import type { ApiModel, OperationModel } from "../model/types.js";
import { argumentName, isIdentifier } from "../model/naming.js";

// Where the client's code lives, decided once for every emitter that names it (the facade, the operation modules,
// package.json's exports): one module per top-level group, each operation a function exported from its group's module.
// A bundler keeps only the functions a consumer imports; a method of the facade's one object literal it must keep.

export interface OperationModule {
  /** The top-level group (`zeroTrust`), or undefined for the module of operations that have no group. */
  group: string | undefined;
  /** Its file in the package, `operations/zero-trust.ts`. */
  file: string;
  /** Its package.json export, `./zero-trust`. */
  subpath: string;
  /** The slice of schema.ts its types come from (src/emit/schema/schema-files.ts), `schema/zero-trust.ts`. */
  schemaFile: string;
  /** The name client.ts imports it under (`import * as zeroTrustOperations`). */
  namespace: string;
  operations: OperationModel[];
}

export interface ClientLayout {
  modules: OperationModule[];
  /** Each operation's module and its function's name there (`accessServiceTokensUpdate`), by operation. */
  functions: Map<OperationModel, { module: OperationModule; name: string }>;
  /** The name of the core a function takes first and the facade holds: `core`, unless an operation's positional
   * argument has that name (both are in scope in a method). */
  core: string;
}

// Subpaths the package already exports: a group module under one of these names gets another.
const TAKEN_SUBPATHS = new Set(["core"]);

// Values a group module imports (src/emit/operation-modules.ts): a function must not take one of their names.
const MODULE_IMPORTS = new Set(["paths", "paginate", "uploadBody", "ownParams"]);

const UNGROUPED = "topLevel";

// Operations in model order; modules in order of first appearance, as the facade's groups are.
export function clientLayout(model: ApiModel): ClientLayout {
  const byGroup = new Map<string | undefined, OperationModel[]>();
  for (const op of model.operations) {
    const group = op.group[0];
    const list = byGroup.get(group) ?? [];
    list.push(op);
    byGroup.set(group, list);
  }
  const positional = new Set(model.operations.flatMap((op) => (op.positional ? [argumentName(op.positional.name)] : [])));
  const subpaths = new Set(TAKEN_SUBPATHS);
  // A method's positional argument is in scope where it calls its namespace: the two must differ.
  const namespaces = new Set(positional);
  const modules: OperationModule[] = [];
  const functions: ClientLayout["functions"] = new Map();
  for (const [group, operations] of byGroup) {
    const base = kebabCase(group ?? UNGROUPED);
    const subpath = unique(TAKEN_SUBPATHS.has(base) ? `${base}-operations` : base, subpaths, "-");
    // Every group name is an identifier (the facade's keys); the suffix keeps it apart from client.ts's own locals.
    const namespace = unique(`${identifierOf(group ?? UNGROUPED)}Operations`, namespaces, "");
    const module: OperationModule = { group, file: `operations/${subpath}.ts`, subpath: `./${subpath}`, schemaFile: `schema/${subpath}.ts`, namespace, operations };
    modules.push(module);
    const names = new Set(MODULE_IMPORTS);
    for (const op of operations) functions.set(op, { module, name: unique(functionName(op), names, "") });
  }
  const core = unique("core", positional, "");
  return { modules, functions, core };
}

// The method's path below its top-level group, camel-cased: `zeroTrust.access.serviceTokens.update` →
// `accessServiceTokensUpdate`; a method with no group, or directly under one, keeps its name (`list`). A name that
// is not an identifier (`delete`, `import`) gets `Operation` after it.
function functionName(op: OperationModel): string {
  const path = [...op.group.slice(1), op.methodName];
  const joined = path.map((segment, i) => (i === 0 ? segment : segment.charAt(0).toUpperCase() + segment.slice(1))).join("");
  const name = identifierOf(joined);
  return isIdentifier(name) ? name : `${name}Operation`;
}

export function identifierOf(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

// `zeroTrust` → `zero-trust`, `r2` → `r2`: lower case, so no two modules differ only in case on a case-insensitive disk.
function kebabCase(name: string): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return kebab || "group";
}

// `name`, else `name2`, `name3`… (joined by `sep`): the first not in `taken`, which it is then added to. Callers go in
// a fixed order (the model's), so the same spec gives the same names.
export function unique(name: string, taken: Set<string>, sep: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}${sep}${n}`;
  taken.add(candidate);
  return candidate;
}
