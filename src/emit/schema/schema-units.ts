// The same `typescript` instance openapi-typescript builds its nodes with (see schema-cycles.ts).
import ts from "typescript";

// Reads openapi-typescript's output as units a slice can hold, each with the units it refers to.
//
// openapi-typescript writes three interfaces of named members, `paths`, `operations` and `components` (whose
// members, `schemas`, `parameters`…, are type literals of named members again), and refers from one member to another
// only by indexed access: `operations["id"]`, `components["schemas"]["Name"]`, `paths["/a"]`. Every other top-level
// declaration (`webhooks`, `$defs`, the `WithRequired` helper, schema-cycles.ts's aliases) is referred to by name. So
// each such member and declaration is a unit, and the references are read off the syntax without a type checker.

export const HTTP_METHODS: ReadonlySet<string> = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** The interfaces whose members are units (the members of `components`' members, for `components`). */
export type Container = "paths" | "operations" | "components";

export interface Unit {
  /** `unitId(...)` of it. */
  id: string;
  /** Where it is declared: a member of a container (with the `components` section), or a top-level declaration. */
  place: { container: "paths" | "operations"; key: string } | { container: "components"; section: string; key: string } | { container: undefined; key: string };
  /** The member, or the statement. */
  node: ts.PropertySignature | ts.Node;
  /** The ids of the units it refers to. */
  refs: Set<string>;
}

/** A path item written as a type literal, as openapi-typescript writes every one: its members one by one, so that
 * operations of one path in different groups can go to different slices. */
export interface PathItem {
  member: ts.PropertySignature;
  /** `parameters` and anything else that is no HTTP method, each with the units it refers to. */
  shared: { node: ts.PropertySignature; refs: Set<string> }[];
  /** The HTTP method members, present (`get: operations["x"]`) or not (`put?: never`), by method. */
  methods: Map<string, { node: ts.PropertySignature; refs: Set<string>; present: boolean }>;
}

export interface SchemaUnits {
  statements: readonly ts.Node[];
  /** The three containers, when openapi-typescript wrote them as interfaces (`paths` is an alias when there are none). */
  containers: Partial<Record<Container, ts.InterfaceDeclaration>>;
  /** Units by id, in the order of the output. */
  units: Map<string, Unit>;
  /** Path items split by method, by path; a path item not written as a type literal, or referred to as
   * `paths["/a"]`, is a unit instead. */
  pathItems: Map<string, PathItem>;
  /** Why the output cannot be sliced (a reference this reader cannot resolve to units), or undefined. */
  unsliceable: string | undefined;
}

export function unitId(place: Unit["place"]): string {
  return JSON.stringify(place.container === "components" ? [place.container, place.section, place.key] : [place.container ?? "", place.key]);
}

// A member's name as text: an identifier, a string or a number; undefined for a computed name.
export function memberName(member: ts.TypeElement): string | undefined {
  if (!ts.isPropertySignature(member)) return undefined;
  return ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isNumericLiteral(member.name) ? member.name.text : undefined;
}

function declaredName(statement: ts.Node): string | undefined {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) return statement.name.text;
  return undefined;
}

export function readSchemaUnits(statements: readonly ts.Node[]): SchemaUnits {
  const result: SchemaUnits = { statements, containers: {}, units: new Map(), pathItems: new Map(), unsliceable: undefined };
  const fail = (why: string) => (result.unsliceable ??= why);
  const names = new Set<string>();
  for (const statement of statements) {
    const name = declaredName(statement);
    if (name === undefined) fail(`a top-level ${ts.SyntaxKind[statement.kind]} with no name`);
    else names.add(name);
  }
  // Declarations first, references after: a reference may point forward.
  const pending: { unit: Unit; type: ts.Node }[] = [];
  const pathMembers: ts.PropertySignature[] = [];
  for (const statement of statements) {
    const name = declaredName(statement);
    if (name === undefined) continue;
    if (ts.isInterfaceDeclaration(statement) && (name === "paths" || name === "operations" || name === "components")) {
      if (statement.heritageClauses || statement.typeParameters) fail(`${name} extends or takes parameters`);
      result.containers[name] = statement;
      for (const member of statement.members) {
        const key = memberName(member);
        if (key === undefined || !ts.isPropertySignature(member)) {
          fail(`a member of ${name} without a plain name`);
          continue;
        }
        if (name === "paths") pathMembers.push(member);
        else if (name === "operations") pending.push({ unit: add(result, { container: name, key }, member), type: member });
        else if (member.type && ts.isTypeLiteralNode(member.type)) {
          for (const inner of member.type.members) {
            const innerKey = memberName(inner);
            if (innerKey === undefined || !ts.isPropertySignature(inner)) fail(`a member of components.${key} without a plain name`);
            else pending.push({ unit: add(result, { container: name, section: key, key: innerKey }, inner), type: inner });
          }
        }
        // A section openapi-typescript writes as `never` (no responses…) has nothing to slice; it is copied as it is.
      }
    } else pending.push({ unit: add(result, { container: undefined, key: name }, statement), type: statement });
  }
  const pathsReferred = new Set<string>();
  const read = (node: ts.Node): Set<string> => {
    const refs = new Set<string>();
    collectRefs(node, names, refs, pathsReferred, fail);
    return refs;
  };
  for (const { unit, type } of pending) unit.refs = read(type);
  const pathRefs = pathMembers.map((member) => ({ member, refs: read(member) }));
  for (const { member, refs } of pathRefs) {
    const key = memberName(member) as string;
    const type = member.type;
    if (type && ts.isTypeLiteralNode(type) && !pathsReferred.has(key)) {
      const item: PathItem = { member, shared: [], methods: new Map() };
      for (const inner of type.members) {
        const innerKey = memberName(inner);
        if (innerKey === undefined || !ts.isPropertySignature(inner)) {
          fail(`a member of path item ${key} without a plain name`);
          continue;
        }
        const innerRefs = read(inner);
        if (HTTP_METHODS.has(innerKey)) item.methods.set(innerKey, { node: inner, refs: innerRefs, present: !(inner.type?.kind === ts.SyntaxKind.NeverKeyword) });
        else item.shared.push({ node: inner, refs: innerRefs });
      }
      result.pathItems.set(key, item);
    } else add(result, { container: "paths", key }, member).refs = refs;
  }
  for (const key of pathsReferred) if (!result.units.has(unitId({ container: "paths", key }))) fail(`paths[${JSON.stringify(key)}] names no path`);
  return result;
}

function add(result: SchemaUnits, place: Unit["place"], node: Unit["node"]): Unit {
  const unit: Unit = { id: unitId(place), place, node, refs: new Set() };
  result.units.set(unit.id, unit);
  return unit;
}

// `["components", "schemas", "Name"]` for `components["schemas"]["Name"]["properties"]`: the name the access starts
// from, then its literal keys in order, as far as they are literals.
function accessChain(node: ts.IndexedAccessTypeNode): { root: string; keys: string[]; rest: ts.TypeNode[] } | undefined {
  const indexes: ts.TypeNode[] = [];
  let object: ts.TypeNode = node;
  while (ts.isIndexedAccessTypeNode(object)) {
    indexes.unshift(object.indexType);
    object = object.objectType;
  }
  if (!ts.isTypeReferenceNode(object) || !ts.isIdentifier(object.typeName) || object.typeArguments) return undefined;
  const keys: string[] = [];
  let i = 0;
  for (; i < indexes.length; i++) {
    const index = indexes[i] as ts.TypeNode;
    if (!ts.isLiteralTypeNode(index) || !(ts.isStringLiteral(index.literal) || ts.isNumericLiteral(index.literal))) break;
    keys.push(index.literal.text);
  }
  return { root: object.typeName.text, keys, rest: indexes.slice(i) };
}

function collectRefs(node: ts.Node, names: ReadonlySet<string>, refs: Set<string>, pathsReferred: Set<string>, fail: (why: string) => void): void {
  const visit = (n: ts.Node): void => {
    if (ts.isIndexedAccessTypeNode(n)) {
      const chain = accessChain(n);
      if (chain && (chain.root === "components" || chain.root === "operations" || chain.root === "paths") && names.has(chain.root)) {
        const [first, second] = chain.keys;
        if (chain.root === "components" && first !== undefined && second !== undefined) refs.add(unitId({ container: "components", section: first, key: second }));
        else if (chain.root === "operations" && first !== undefined) refs.add(unitId({ container: "operations", key: first }));
        else if (chain.root === "paths" && first !== undefined) {
          refs.add(unitId({ container: "paths", key: first }));
          pathsReferred.add(first);
        } else fail(`a reference to ${chain.root} without the names of its member`);
        // The indexes that are no literals (`[number]`) may refer to something themselves.
        chain.rest.forEach(visit);
        return;
      }
    }
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && names.has(n.typeName.text)) {
      const name = n.typeName.text;
      if (name === "components" || name === "operations" || name === "paths") fail(`${name} referred to as a whole`);
      else refs.add(unitId({ container: undefined, key: name }));
    }
    // `typeof x` and `x.y` name values or namespaces, which openapi-typescript never declares.
    ts.forEachChild(n, visit);
  };
  visit(node);
}
