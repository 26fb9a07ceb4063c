// The `typescript` that openapi-typescript builds its nodes with: the same module instance, so the SyntaxKinds below
// are the ones in the nodes. That is the installed one (its peer dependency) when the sources run, and ts-morph's own
// copy in the bundle, where both requires are sent there (src/emit/schema/shared-typescript.ts).
import ts from "typescript";

// Declares each schema that contains itself through an array as a type alias, which is the one form of it tsc accepts.
//
// openapi-typescript writes a schema as a property of the `components` interface and a $ref as
// `components["schemas"]["Name"]`. tsc resolves a property's type eagerly, except the members of object types; only
// in a type alias does it also defer the elements of arrays and tuples (TypeScript 3.7's recursive type aliases). So
// a schema that contains itself through an array with no object member in between (a JSON value,
// `... | { [key: string]: JsonValue } | JsonValue[]`; or `Tree = Branch[]` with `Branch = string | Tree`) fails
// with TS2502 and is typed `any`, which spreads: openapi-fetch's Writable<> then rejects request bodies that hold it.
// The property now names a module-local alias whose type refers to its cycle's other aliases by name: the same type.
// A cycle that stays eager even in an alias (through unions alone, or Omit<>'s type argument) is left as it was.
export function aliasSchemaCycles(nodes: readonly ts.Node[]): ts.Node[] {
  const components = nodes.find((n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === "components");
  const schemasMember = components?.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && propertyName(m) === "schemas");
  const schemas = schemasMember?.type && ts.isTypeLiteralNode(schemasMember.type) ? schemasMember.type : undefined;
  if (!components || !schemasMember || !schemas) return [...nodes];

  const types = new Map<string, ts.TypeNode>();
  for (const m of schemas.members) {
    const key = propertyName(m);
    if (key !== undefined && ts.isPropertySignature(m) && m.type) types.set(key, m.type);
  }
  const aliased = schemasToAlias(types);
  if (aliased.length === 0) return [...nodes];

  const aliases = aliasNames(aliased, nodes);
  const members = schemas.members.map((m) => {
    const key = propertyName(m);
    const alias = key === undefined ? undefined : aliases.get(key);
    return alias && ts.isPropertySignature(m) ? ts.factory.updatePropertySignature(m, m.modifiers, m.name, m.questionToken, ts.factory.createTypeReferenceNode(alias)) : m;
  });
  const updatedSchemas = ts.factory.updatePropertySignature(schemasMember, schemasMember.modifiers, schemasMember.name, schemasMember.questionToken, ts.factory.updateTypeLiteralNode(schemas, ts.factory.createNodeArray(members)));
  const updatedComponents = ts.factory.updateInterfaceDeclaration(
    components,
    components.modifiers,
    components.name,
    components.typeParameters,
    components.heritageClauses,
    components.members.map((m) => (m === schemasMember ? updatedSchemas : m)),
  );
  const declarations = aliased.map((key) => {
    const declaration = ts.factory.createTypeAliasDeclaration(undefined, aliases.get(key) as string, undefined, refsToAliases(types.get(key) as ts.TypeNode, aliases));
    const doc = `* \`components["schemas"][${JSON.stringify(key)}]\`, declared as a type alias: it contains itself through an array, which tsc accepts in an alias but not in an interface property (TS2502). `;
    return ts.addSyntheticLeadingComment(declaration, ts.SyntaxKind.MultiLineCommentTrivia, doc.replace(/\*\//g, "*\\/"), true);
  });
  return [...nodes.map((n) => (n === components ? updatedComponents : n)), ...declarations];
}

function propertyName(member: ts.TypeElement): string | undefined {
  if (!ts.isPropertySignature(member)) return undefined;
  return ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isNumericLiteral(member.name) ? member.name.text : undefined;
}

// `components["schemas"]["Name"]` → "Name".
function schemaRefKey(node: ts.Node): string | undefined {
  if (!ts.isIndexedAccessTypeNode(node) || !ts.isIndexedAccessTypeNode(node.objectType)) return undefined;
  const inner = node.objectType;
  const literal = (n: ts.TypeNode) => (ts.isLiteralTypeNode(n) && ts.isStringLiteral(n.literal) ? n.literal.text : undefined);
  const isComponents = ts.isTypeReferenceNode(inner.objectType) && ts.isIdentifier(inner.objectType.typeName) && inner.objectType.typeName.text === "components";
  return isComponents && literal(inner.indexType) === "schemas" ? literal(node.indexType) : undefined;
}

interface EagerRefs {
  /** The $refs tsc resolves to resolve the type as an interface property: all but those inside object members. */
  inProperty: Set<string>;
  /** The $refs it still resolves in a type alias, which defers array and tuple elements: through unions,
   * intersections and the type arguments of Omit<> or WithRequired<>. */
  inAlias: Set<string>;
}

function eagerRefs(type: ts.TypeNode): EagerRefs {
  const refs: EagerRefs = { inProperty: new Set(), inAlias: new Set() };
  const visit = (node: ts.Node, inArray: boolean): void => {
    if (ts.isTypeLiteralNode(node)) return;
    const key = schemaRefKey(node);
    if (key !== undefined) {
      refs.inProperty.add(key);
      if (!inArray) refs.inAlias.add(key);
    } else {
      const deferred = inArray || ts.isArrayTypeNode(node) || ts.isTupleTypeNode(node);
      ts.forEachChild(node, (child) => visit(child, deferred));
    }
  };
  visit(type, false);
  return refs;
}

// The schemas to declare as aliases, in document order: those on a cycle of eager $refs that the alias form
// breaks. A cycle that stays eager in an alias too is left as openapi-typescript wrote it: an alias cannot help.
function schemasToAlias(types: ReadonlyMap<string, ts.TypeNode>): string[] {
  const refs = new Map([...types].map(([key, type]) => [key, eagerRefs(type)]));
  const chosen = new Set<string>();
  for (const component of cycles([...types.keys()], (key) => [...(refs.get(key)?.inProperty ?? [])].filter((ref) => types.has(ref)))) {
    const members = new Set(component);
    const stillEager = cycles(component, (key) => [...(refs.get(key)?.inAlias ?? [])].filter((ref) => members.has(ref)));
    if (stillEager.length === 0) for (const key of component) chosen.add(key);
  }
  return [...types.keys()].filter((key) => chosen.has(key));
}

// Tarjan's strongly connected components of the graph, keeping those that hold a cycle.
function cycles(keys: readonly string[], edgesOf: (key: string) => string[]): string[][] {
  const edges = new Map(keys.map((key) => [key, edgesOf(key)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (key: string): void => {
    index.set(key, index.size);
    low.set(key, index.get(key) as number);
    stack.push(key);
    onStack.add(key);
    for (const ref of edges.get(key) ?? []) {
      if (!index.has(ref)) {
        connect(ref);
        low.set(key, Math.min(low.get(key) as number, low.get(ref) as number));
      } else if (onStack.has(ref)) low.set(key, Math.min(low.get(key) as number, index.get(ref) as number));
    }
    if (low.get(key) !== index.get(key)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== key);
    if (component.length > 1 || edges.get(key)?.includes(key)) found.push(component);
  };
  for (const key of keys) if (!index.has(key)) connect(key);
  return found;
}

// `Schema_` + the key as an identifier: the prefix keeps clear of TypeScript's own names (an alias called `Record`
// or `string` would shadow or fail), and names already declared at the top of the file get a number.
function aliasNames(keys: readonly string[], nodes: readonly ts.Node[]): Map<string, string> {
  const taken = new Set<string>();
  for (const node of nodes) {
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name) taken.add(node.name.text);
    if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) taken.add(d.name.text);
  }
  const names = new Map<string, string>();
  for (const key of keys) {
    const base = `Schema_${key.replace(/[^A-Za-z0-9_$]/g, "_")}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    names.set(key, name);
  }
  return names;
}

// The type with every $ref to an aliased schema written as the alias, which is what lets tsc defer it.
function refsToAliases(type: ts.TypeNode, aliases: ReadonlyMap<string, string>): ts.TypeNode {
  const transformer: ts.TransformerFactory<ts.TypeNode> = (context) => (root) => {
    const visit = (node: ts.Node): ts.Node => {
      const key = schemaRefKey(node);
      const alias = key === undefined ? undefined : aliases.get(key);
      return alias ? ts.factory.createTypeReferenceNode(alias) : ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(root, visit, ts.isTypeNode);
  };
  const result = ts.transform(type, [transformer]);
  const [rewritten] = result.transformed;
  result.dispose();
  return rewritten ?? type;
}
