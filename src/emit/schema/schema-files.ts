// The same `typescript` instance openapi-typescript builds its nodes with (see schema-cycles.ts).
import ts from "typescript";
import { memberName, readSchemaUnits, unitId, type Container, type PathItem, type SchemaUnits, type Unit } from "./schema-units.js";
import { planSlices, SHARED, type SliceGroup, type SlicePlan } from "./schema-slices.js";

// Writes openapi-typescript's output as modules a consumer of one group can load alone: one slice per group
// (`schema/zero-trust.ts`, what the group's module imports `paths` from), one shared slice (`schema/_shared.ts`), and
// schema.ts, which declares `paths`, `operations` and `components` whole, each member an indexed access into the
// slice that holds it, for what needs the whole API (the facade, the escape hatch, the contract tests). Every slice
// declares the containers under their own names, so openapi-typescript's references (`components["schemas"]["X"]`)
// are left as written: a slice's `components` lists its own members and, as indexed accesses into the shared slice,
// the shared members it uses. The files are nodes for openapi-typescript's printer, as schema.ts always was.

/** A group and the file of its slice, relative to the package (`schema/zero-trust.ts`). */
export interface SchemaFileGroup extends SliceGroup {
  file: string;
}

/** The shared slice's file. Group slices are named by their module's kebab-case subpath, which has no `_`. */
export const SHARED_SCHEMA_FILE = "schema/_shared.ts";

// Package-relative file → its statements, schema.ts first, then the group slices in order, then the shared one
// (when anything is shared). When the output cannot be sliced, each group's slice re-exports schema.ts's `paths`.
export function sliceSchemaStatements(statements: readonly ts.Node[], groups: readonly SchemaFileGroup[]): Map<string, ts.Node[]> {
  const units = readSchemaUnits(statements);
  const plan = planSlices(units, groups);
  if (typeof plan === "string") {
    const files = new Map<string, ts.Node[]>([["schema.ts", [...statements]]]);
    for (const group of groups) files.set(group.file, [reExport(["paths"], moduleSpecifier(group.file, "schema.ts"))]);
    return files;
  }
  const names = new Set(statements.flatMap((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s) ? [s.name.text] : [])));
  const anyShared = [...plan.owner.values()].includes(SHARED);
  const slices: Slice[] = groups.map((group, index) => ({ file: group.file, owner: index, namespace: namespaceFor(group.file, names) }));
  const shared: Slice = { file: SHARED_SCHEMA_FILE, owner: SHARED, namespace: namespaceFor(SHARED_SCHEMA_FILE, names) };
  const sliceOf = (owner: number | typeof SHARED): Slice => (owner === SHARED ? shared : (slices[owner] as Slice));
  const files = new Map<string, ts.Node[]>([["schema.ts", wholeStatements(units, plan, sliceOf)]]);
  const unitOf = unitsByMember(units);
  for (const [index, group] of groups.entries()) {
    const own = plan.groups[index] as SlicePlan["groups"][number];
    files.set(group.file, sliceStatements(units, unitOf, plan, slices[index] as Slice, own.reach, own.items, sliceOf));
  }
  if (anyShared) {
    const reach = new Set([...plan.owner].filter(([, owner]) => owner === SHARED).map(([id]) => id));
    files.set(SHARED_SCHEMA_FILE, sliceStatements(units, unitOf, plan, shared, reach, new Map(), sliceOf));
  }
  return files;
}

interface Slice {
  file: string;
  owner: number | typeof SHARED;
  /** The name another file imports it under (`import type * as zeroTrustTypes`), clear of the output's own names. */
  namespace: string;
}

// The unit of each member of `paths`, `operations` and the `components` sections, found once: every slice walks every
// member (a whole large API: 321 slices over ~20,000 members), and finding a unit by its id each time was seconds.
function unitsByMember(units: SchemaUnits): Map<ts.TypeElement, Unit> {
  const unitOf = new Map<ts.TypeElement, Unit>();
  const note = (member: ts.TypeElement, id: string) => {
    const unit = units.units.get(id);
    if (unit) unitOf.set(member, unit);
  };
  for (const [container, declaration] of Object.entries(units.containers) as [Container, ts.InterfaceDeclaration][]) {
    for (const m of declaration.members) {
      if (container !== "components") note(m, unitId({ container, key: memberName(m) as string }));
      else if (ts.isPropertySignature(m) && m.type && ts.isTypeLiteralNode(m.type)) {
        const section = memberName(m) as string;
        for (const inner of m.type.members) note(inner, unitId({ container, section, key: memberName(inner) as string }));
      }
    }
  }
  return unitOf;
}

// A slice: the units it reaches, its own as openapi-typescript wrote them, the others as accesses into their slice.
function sliceStatements(
  units: SchemaUnits,
  unitOf: ReadonlyMap<ts.TypeElement, Unit>,
  plan: SlicePlan,
  slice: Slice,
  reach: ReadonlySet<string>,
  paths: ReadonlyMap<string, ReadonlySet<string>>,
  sliceOf: (owner: number | typeof SHARED) => Slice,
): ts.Node[] {
  const imports = new Map<Slice, Set<string>>();
  const use = (owner: number | typeof SHARED, name: string) => {
    const other = sliceOf(owner);
    const list = imports.get(other) ?? new Set();
    list.add(name);
    imports.set(other, list);
  };
  const member = (unit: Unit): ts.TypeElement => {
    const owner = plan.owner.get(unit.id) as number | typeof SHARED;
    if (owner === slice.owner) return unit.node as ts.PropertySignature;
    use(owner, "*");
    return accessMember(unit, sliceOf(owner).namespace);
  };
  const body: ts.Node[] = [];
  for (const statement of units.statements) {
    const container = containerName(units, statement);
    if (container === "paths") {
      const members = (statement as ts.InterfaceDeclaration).members.flatMap((m): ts.TypeElement[] => {
        const key = memberName(m) as string;
        const item = units.pathItems.get(key);
        const methods = paths.get(key);
        if (item) return methods ? [pathItemFor(item, methods)] : [];
        const unit = unitOf.get(m);
        return unit && reach.has(unit.id) ? [member(unit)] : [];
      });
      // A group's slice declares `paths` even when empty: its module imports it.
      if (members.length > 0 || slice.owner !== SHARED) body.push(exportedInterface("paths", members));
    } else if (container === "operations") {
      const members = (statement as ts.InterfaceDeclaration).members.flatMap((m) => {
        const unit = unitOf.get(m);
        return unit && reach.has(unit.id) ? [member(unit)] : [];
      });
      if (members.length > 0) body.push(exportedInterface("operations", members));
    } else if (container === "components") {
      const sections = (statement as ts.InterfaceDeclaration).members.flatMap((section) => {
        if (!ts.isPropertySignature(section) || !section.type || !ts.isTypeLiteralNode(section.type)) return [];
        const members = section.type.members.flatMap((m) => {
          const unit = unitOf.get(m);
          return unit && reach.has(unit.id) ? [member(unit)] : [];
        });
        return members.length > 0 ? [ts.factory.updatePropertySignature(section, section.modifiers, section.name, section.questionToken, ts.factory.createTypeLiteralNode(members))] : [];
      });
      if (sections.length > 0) body.push(exportedInterface("components", sections));
    } else {
      const name = containerName(units, statement, true) as string;
      const id = unitId({ container: undefined, key: name });
      if (!reach.has(id)) continue;
      const owner = plan.owner.get(id) as number | typeof SHARED;
      if (owner === slice.owner) body.push(exported(statement));
      else use(owner, name);
    }
  }
  return [...importsOf(imports, slice.file), ...body];
}

// schema.ts: the output's declarations in their order, each member that a slice holds written as an access into it.
function wholeStatements(units: SchemaUnits, plan: SlicePlan, sliceOf: (owner: number | typeof SHARED) => Slice): ts.Node[] {
  const imports = new Map<Slice, Set<string>>();
  const reExports: string[] = [];
  const member = (m: ts.TypeElement, id: string): ts.TypeElement => {
    const owner = plan.owner.get(id);
    const unit = units.units.get(id);
    if (owner === undefined || !unit) return m;
    const slice = sliceOf(owner);
    imports.set(slice, (imports.get(slice) ?? new Set()).add("*"));
    return accessMember(unit, slice.namespace);
  };
  const body = units.statements.flatMap((statement): ts.Node[] => {
    const container = containerName(units, statement);
    const declaration = statement as ts.InterfaceDeclaration;
    const rewrite = (members: readonly ts.TypeElement[]) => ts.factory.updateInterfaceDeclaration(declaration, declaration.modifiers, declaration.name, declaration.typeParameters, declaration.heritageClauses, members);
    if (container === "paths") {
      return [
        rewrite(
          declaration.members.map((m) => {
            const key = memberName(m) as string;
            const item = units.pathItems.get(key);
            if (!item) return member(m, unitId({ container: "paths", key }));
            const group = soleGroup(item, key, plan);
            if (group === undefined) return m;
            const slice = sliceOf(group);
            imports.set(slice, (imports.get(slice) ?? new Set()).add("*"));
            return ts.factory.createPropertySignature(item.member.modifiers, item.member.name, item.member.questionToken, access(slice.namespace, "paths", [key]));
          }),
        ),
      ];
    }
    if (container === "operations") return [rewrite(declaration.members.map((m) => member(m, unitId({ container: "operations", key: memberName(m) as string }))))];
    if (container === "components") {
      return [
        rewrite(
          declaration.members.map((section) => {
            const key = memberName(section) as string;
            if (!ts.isPropertySignature(section) || !section.type || !ts.isTypeLiteralNode(section.type)) return section;
            const members = section.type.members.map((m) => member(m, unitId({ container: "components", section: key, key: memberName(m) as string })));
            return ts.factory.updatePropertySignature(section, section.modifiers, section.name, section.questionToken, ts.factory.updateTypeLiteralNode(section.type, ts.factory.createNodeArray(members)));
          }),
        ),
      ];
    }
    const name = containerName(units, statement, true) as string;
    const owner = plan.owner.get(unitId({ container: undefined, key: name }));
    if (owner === undefined) return [statement];
    // Imported for the declarations schema.ts keeps, and exported again if openapi-typescript exported it.
    const slice = sliceOf(owner);
    imports.set(slice, (imports.get(slice) ?? new Set()).add(name));
    if (isExported(statement)) reExports.push(name);
    return [];
  });
  return [...importsOf(imports, "schema.ts"), ...body, ...(reExports.length > 0 ? [ts.factory.createExportDeclaration(undefined, true, ts.factory.createNamedExports(reExports.map((n) => ts.factory.createExportSpecifier(false, undefined, n))))] : [])];
}

// The group whose slice holds every operation of the path item, if one does (then its slice's item is the whole item).
function soleGroup(item: PathItem, path: string, plan: SlicePlan): number | undefined {
  const present = [...item.methods].filter(([, m]) => m.present).map(([method]) => method);
  const index = plan.groups.findIndex((g) => g.items.has(path));
  if (index < 0) return undefined;
  const methods = plan.groups[index]?.items.get(path) as ReadonlySet<string>;
  return present.every((method) => methods.has(method)) ? index : undefined;
}

// A path item as a group sees it: the methods of other groups (and those no operation of the client has) as absent.
function pathItemFor(item: PathItem, methods: ReadonlySet<string>): ts.TypeElement {
  const type = item.member.type as ts.TypeLiteralNode;
  const members = type.members.map((m) => {
    const key = memberName(m) as string;
    const method = item.methods.get(key);
    if (!method || !method.present || methods.has(key)) return m;
    return ts.factory.createPropertySignature(undefined, ts.factory.createIdentifier(key), ts.factory.createToken(ts.SyntaxKind.QuestionToken), ts.factory.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword));
  });
  return ts.factory.updatePropertySignature(item.member, item.member.modifiers, item.member.name, item.member.questionToken, ts.factory.updateTypeLiteralNode(type, ts.factory.createNodeArray(members)));
}

// `"Name": sharedTypes.components["schemas"]["Name"]`: the member as declared in the slice that holds it.
function accessMember(unit: Unit, namespace: string): ts.TypeElement {
  const node = unit.node as ts.PropertySignature;
  const keys = unit.place.container === "components" ? [unit.place.section, unit.place.key] : [unit.place.key];
  return ts.factory.createPropertySignature(node.modifiers, node.name, node.questionToken, access(namespace, unit.place.container as string, keys));
}

function access(namespace: string, container: string, keys: readonly string[]): ts.TypeNode {
  let type: ts.TypeNode = ts.factory.createTypeReferenceNode(ts.factory.createQualifiedName(ts.factory.createIdentifier(namespace), container));
  for (const key of keys) type = ts.factory.createIndexedAccessTypeNode(type, ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(key)));
  return type;
}

function exportedInterface(name: string, members: readonly ts.TypeElement[]): ts.InterfaceDeclaration {
  return ts.factory.createInterfaceDeclaration([ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)], name, undefined, undefined, members);
}

function isExported(statement: ts.Node): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

// A declaration a slice holds, exported so that other slices and schema.ts can import it.
function exported(statement: ts.Node): ts.Node {
  if (isExported(statement)) return statement;
  const modifiers = [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword), ...((ts.canHaveModifiers(statement) && ts.getModifiers(statement)) || [])];
  if (ts.isTypeAliasDeclaration(statement)) return ts.factory.updateTypeAliasDeclaration(statement, modifiers, statement.name, statement.typeParameters, statement.type);
  if (ts.isInterfaceDeclaration(statement)) return ts.factory.updateInterfaceDeclaration(statement, modifiers, statement.name, statement.typeParameters, statement.heritageClauses, statement.members);
  if (ts.isEnumDeclaration(statement)) return ts.factory.updateEnumDeclaration(statement, modifiers, statement.name, statement.members);
  return statement;
}

// The container a statement is, if it is one; with `orName`, else its declared name.
function containerName(units: SchemaUnits, statement: ts.Node, orName = false): string | undefined {
  for (const [name, declaration] of Object.entries(units.containers)) if (declaration === statement) return name;
  if (!orName) return undefined;
  return ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) ? statement.name.text : undefined;
}

// `import type * as sharedTypes from "./_shared.js"` for whole slices, `import type { WithRequired } from …` for
// declarations, in the slices' order.
function importsOf(imports: ReadonlyMap<Slice, ReadonlySet<string>>, from: string): ts.Node[] {
  const order = [...imports.keys()].sort((a, b) => rank(a) - rank(b));
  return order.flatMap((slice) => {
    const names = imports.get(slice) as ReadonlySet<string>;
    const specifier = ts.factory.createStringLiteral(moduleSpecifier(from, slice.file));
    const statements: ts.Node[] = [];
    if (names.has("*")) statements.push(ts.factory.createImportDeclaration(undefined, ts.factory.createImportClause(ts.SyntaxKind.TypeKeyword, undefined, ts.factory.createNamespaceImport(ts.factory.createIdentifier(slice.namespace))), specifier));
    const named = [...names].filter((n) => n !== "*");
    if (named.length > 0) {
      const specifiers = named.map((n) => ts.factory.createImportSpecifier(false, undefined, ts.factory.createIdentifier(n)));
      statements.push(ts.factory.createImportDeclaration(undefined, ts.factory.createImportClause(ts.SyntaxKind.TypeKeyword, undefined, ts.factory.createNamedImports(specifiers)), specifier));
    }
    return statements;
  });
}

function rank(slice: Slice): number {
  return slice.owner === SHARED ? Number.MAX_SAFE_INTEGER : slice.owner;
}

function reExport(names: readonly string[], specifier: string): ts.Node {
  return ts.factory.createExportDeclaration(undefined, true, ts.factory.createNamedExports(names.map((n) => ts.factory.createExportSpecifier(false, undefined, n))), ts.factory.createStringLiteral(specifier));
}

// `./_shared.js` from schema/zero-trust.ts, `./schema/zero-trust.js` from schema.ts: both files are package-relative.
export function moduleSpecifier(from: string, to: string): string {
  const fromParts = from.split("/").slice(0, -1);
  const toParts = to.replace(/\.ts$/, ".js").split("/");
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

// `schema/zero-trust.ts` → `zeroTrustTypes`, numbered if the output declares that name itself.
function namespaceFor(file: string, taken: Set<string>): string {
  const base = (file.split("/").pop() as string).replace(/\.ts$/, "").replace(/^_+/, "");
  const camel = base.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase());
  const stem = `${/^[0-9]/.test(camel) ? "_" : ""}${camel}Types`;
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}${n}`;
  taken.add(name);
  return name;
}

