import { ts } from "ts-morph";

// Prettier's time and memory grow faster than the size of what it formats: a 12 MB schema.ts took 24 s and 1.5 GB
// in one call. Prettier formats each top-level statement, and each member of an interface, type literal or object
// literal, on its own (they are separated by hard line breaks; a blank line between them is kept, more are not),
// so a big file can be cut into pieces that are formatted apart (and in parallel) and stitched back together.
// Stitching checks every seam (see assemble below) and falls back to formatting the whole statement when a seam does
// not match; test/unit/split-format.test.ts holds the result byte-for-byte to prettier's output for the whole file.
//
// What it buys (src/self/machinery.ts): nothing on the fragment (-0%, no file is large enough), 10% of a full render
// of the whole 2026 API (one run each, within the run-to-run spread). And it costs: after a one-line edit that leaves
// the large files alone, the whole 2026 API took 45.2 and 46.8 s with it, 35.0 and 41.1 s without (alternating runs,
// 2026-12-04), because every render cuts the large files into pieces (a TypeScript parse of ~40 MB) before the format
// cache is asked for them. Next step: ask the cache for the whole file first and cut only a file that changed; if
// that does not make it pay, remove it.

/** A part of a container (interface, type literal, object literal) opened before its members and closed after. */
interface Frame {
  /** Source text from the container's start through its `{`. */
  open: string;
  /** Source text from its `}` through the container's end. */
  close: string;
  /** What stands in for the members when the frame's own lines are formatted. */
  placeholder: string;
}

/** Members of one container formatted together, inside the frames that lead to it. */
interface Group {
  frames: Frame[];
  text: string;
  /** A blank line in the source before this group's first member (kept by prettier between siblings). */
  blankBefore: boolean;
}

/** One top-level statement: formatted whole, or cut into groups. */
export type SourceUnit = { kind: "whole"; text: string; blankBefore: boolean } | { kind: "split"; whole: string; groups: Group[]; blankBefore: boolean };

export interface SplitOptions {
  /** Statements and members larger than this (in characters) are cut into their members. */
  splitAbove: number;
  /** Members are gathered into groups of about this many characters. */
  groupSize: number;
}

export const DEFAULT_SPLIT: SplitOptions = { splitAbove: 64_000, groupSize: 48_000 };

const PLACEHOLDER_KEY = "__specforge_split__";

// Cuts a TypeScript source into units, in order. Text between units is whitespace only.
export function splitSource(text: string, options: SplitOptions = DEFAULT_SPLIT): SourceUnit[] {
  // JSDoc is not parsed: only statement and member positions are read, and on a large schema.ts with a comment on
  // nearly every member, skipping it saves a good part of the parse.
  const file = ts.createSourceFile("split.ts", text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, ts.ScriptKind.TS);
  const statements = [...file.statements];
  const units: SourceUnit[] = [];
  // A unit starts at the first statement's full start (so the file header and leading comments stay with it) and
  // runs to its statement's end; a trailing comment on the same line, which prettier keeps with the statement
  // before it, joins the units on both sides.
  let start = 0;
  let first = 0;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] as ts.Statement;
    const next = statements[i + 1];
    if (next && !restOfLineIsBlank(text, statement.end)) continue;
    const unitText = text.slice(start, statement.end);
    const blankBefore = first > 0 && hasBlankLine(text, statements[first - 1]?.end ?? 0);
    const single = first === i ? statement : undefined;
    const frames = single && unitText.length > options.splitAbove ? containerOf(single, text) : undefined;
    if (frames && single) {
      // The outermost frame opens at the statement's full start, so it carries the file header and the docs.
      const groups = groupMembers({ text, frames: [frames.frame], members: frames.members }, options);
      units.push(groups.length > 1 ? { kind: "split", whole: unitText, groups, blankBefore } : { kind: "whole", text: unitText, blankBefore });
    } else {
      units.push({ kind: "whole", text: unitText, blankBefore });
    }
    start = statement.end;
    first = i + 1;
  }
  const rest = text.slice(start);
  if (rest.trim() !== "") units.push({ kind: "whole", text: rest, blankBefore: statements.length > 0 && hasBlankLine(text, start) });
  return units;
}

interface Container {
  frame: Frame;
  members: readonly ts.Node[];
}

// The member list of a node that prettier prints as `… {` members `}`, when it has one.
function containerOf(node: ts.Node, text: string): Container | undefined {
  const list = (open: number, members: ts.NodeArray<ts.Node>, closeBrace: number, end: number, placeholder: string): Container | undefined => {
    // One member is enough: if it is big, it is a container to cut one level deeper (`components: { schemas: … }`);
    // if not, the statement ends up with a single group and is formatted whole.
    if (members.length < 1 || text[closeBrace] !== "}") return undefined;
    return { frame: { open: text.slice(open, members.pos), close: text.slice(closeBrace, end), placeholder }, members };
  };
  const typeMember = `${PLACEHOLDER_KEY}: never;`;
  const objectMember = `${PLACEHOLDER_KEY}: 0,`;
  if (ts.isInterfaceDeclaration(node)) return list(node.pos, node.members, node.end - 1, node.end, typeMember);
  if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) return list(node.pos, node.type.members, node.type.end - 1, node.end, typeMember);
  if (ts.isPropertySignature(node) && node.type && ts.isTypeLiteralNode(node.type)) return list(node.pos, node.type.members, node.type.end - 1, node.end, typeMember);
  if (ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.initializer)) return list(node.pos, node.initializer.properties, node.initializer.end - 1, node.end, objectMember);
  if (ts.isVariableStatement(node)) {
    const [declaration, ...others] = node.declarationList.declarations;
    if (others.length === 0 && declaration?.initializer && ts.isObjectLiteralExpression(declaration.initializer)) {
      return list(node.pos, declaration.initializer.properties, declaration.initializer.end - 1, node.end, objectMember);
    }
    // `const check = createSchemaChecker({ … })`: the contract tests' schema map, megabytes on a large API, is one
    // object literal passed alone to a call, which prettier hugs (`f({` … `});`) like a plain initializer.
    const call = others.length === 0 && declaration?.initializer && ts.isCallExpression(declaration.initializer) ? declaration.initializer : undefined;
    const [argument, ...more] = call?.arguments ?? [];
    if (more.length === 0 && argument && ts.isObjectLiteralExpression(argument)) {
      return list(node.pos, argument.properties, argument.end - 1, node.end, objectMember);
    }
  }
  if (ts.isFunctionDeclaration(node) && node.body) {
    const last = node.body.statements.at(-1);
    if (last && ts.isReturnStatement(last) && last.expression && ts.isObjectLiteralExpression(last.expression)) {
      return list(node.pos, last.expression.properties, last.expression.end - 1, node.end, objectMember);
    }
  }
  return undefined;
}

// Gathers a container's members into groups of about groupSize characters; a member too big for a group that is
// itself a container is cut again, one frame deeper.
interface GroupInput {
  text: string;
  /** The frames that lead to the container, outermost first, and the container's own last. */
  frames: Frame[];
  members: readonly ts.Node[];
}

function groupMembers({ text, frames, members }: GroupInput, options: SplitOptions): Group[] {
  const groups: Group[] = [];
  let from: ts.Node | undefined;
  let to: ts.Node | undefined;
  let size = 0;
  let blankBefore = false;
  const flush = () => {
    if (from && to) groups.push({ frames, text: text.slice(from.pos, to.end), blankBefore });
    from = undefined;
    to = undefined;
    size = 0;
  };
  members.forEach((member, index) => {
    const previous = members[index - 1];
    const blank = previous !== undefined && hasBlankLine(text, previous.end);
    const length = member.end - member.pos;
    const inner = length > options.splitAbove ? containerOf(member, text) : undefined;
    if (inner) {
      flush();
      const nested = groupMembers({ text, frames: [...frames, inner.frame], members: inner.members }, options);
      if (nested[0]) nested[0] = { ...nested[0], blankBefore: blank };
      groups.push(...nested);
      return;
    }
    if (from && size + length > options.groupSize) flush();
    if (!from) {
      from = member;
      blankBefore = blank;
    }
    to = member;
    size += length;
  });
  flush();
  return groups;
}

// Whether the source has a blank line between `position` and the next token or comment.
function hasBlankLine(text: string, position: number): boolean {
  const match = /^[ \t\r\n]*/.exec(text.slice(position, position + 200));
  return /\n[ \t\r]*\n/.test(match?.[0] ?? "");
}

function restOfLineIsBlank(text: string, position: number): boolean {
  const newline = text.indexOf("\n", position);
  return text.slice(position, newline === -1 ? undefined : newline).trim() === "";
}

/** The texts prettier must format for a unit: the whole statement, or each frame stack's skeleton and each group. */
export function unitJobs(unit: SourceUnit): string[] {
  if (unit.kind === "whole") return [unit.text];
  const skeletons = frameStacks(unit.groups).map(skeletonOf);
  return [...skeletons, ...unit.groups.map((g) => wrap(g.frames, g.text))];
}

// Every distinct frame stack (by depth, outermost first), so each depth's own lines can be read off its skeleton.
function frameStacks(groups: Group[]): Frame[][] {
  const stacks: Frame[][] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    for (let depth = 1; depth <= group.frames.length; depth++) {
      const stack = group.frames.slice(0, depth);
      const key = stackKey(stack);
      if (!seen.has(key)) {
        seen.add(key);
        stacks.push(stack);
      }
    }
  }
  return stacks;
}

const frameIds = new WeakMap<Frame, number>();
let nextFrameId = 0;
function stackKey(stack: Frame[]): string {
  return stack
    .map((f) => {
      let id = frameIds.get(f);
      if (id === undefined) frameIds.set(f, (id = nextFrameId++));
      return id;
    })
    .join("/");
}

function wrap(frames: Frame[], inner: string): string {
  return frames.map((f) => f.open).join("") + inner + [...frames].reverse().map((f) => f.close).join("");
}

function skeletonOf(stack: Frame[]): string {
  const innermost = stack[stack.length - 1] as Frame;
  return wrap(stack, `\n${innermost.placeholder}\n`);
}

/**
 * Stitches a unit's formatted jobs (in unitJobs order) back into the statement's formatted text, or returns undefined
 * when a seam does not match, so the caller formats the statement whole.
 */
export function assembleUnit(unit: SourceUnit, formatted: string[]): string | undefined {
  if (unit.kind === "whole") return formatted[0];
  const stacks = frameStacks(unit.groups);
  // Each stack's skeleton gives the lines before and after its members: its head and its tail.
  const edges = new Map<string, { head: string[]; tail: string[] }>();
  for (const [index, stack] of stacks.entries()) {
    const lines = splitLines(formatted[index] ?? "");
    const at = lines.findIndex((l) => l.includes(PLACEHOLDER_KEY));
    if (at === -1 || lines.findIndex((l, i) => i > at && l.includes(PLACEHOLDER_KEY)) !== -1) return undefined;
    edges.set(stackKey(stack), { head: lines.slice(0, at), tail: lines.slice(at + 1) });
  }
  const out: string[] = [];
  let open: Frame[] = [];
  for (const [index, group] of unit.groups.entries()) {
    const edge = edges.get(stackKey(group.frames));
    const lines = splitLines(formatted[stacks.length + index] ?? "");
    if (!edge || !startsWith(lines, edge.head) || !endsWith(lines, edge.tail) || lines.length <= edge.head.length + edge.tail.length) return undefined;
    const shared = commonDepth(open, group.frames);
    // Close the frames the previous group was in and this one is not, innermost first.
    for (let depth = open.length; depth > shared; depth--) {
      const closing = closingLines(edges, open, depth);
      if (!closing) return undefined;
      out.push(...closing);
    }
    if (group.blankBefore && out.length > 0) out.push("");
    for (let depth = shared + 1; depth <= group.frames.length; depth++) {
      const opening = openingLines(edges, group.frames, depth);
      if (!opening) return undefined;
      out.push(...opening);
    }
    out.push(...lines.slice(edge.head.length, lines.length - edge.tail.length));
    open = group.frames;
  }
  for (let depth = open.length; depth > 0; depth--) {
    const closing = closingLines(edges, open, depth);
    if (!closing) return undefined;
    out.push(...closing);
  }
  return `${out.join("\n")}\n`;
}

// The lines that frame number `depth` adds to the head of the frame outside it.
function openingLines(edges: Map<string, { head: string[]; tail: string[] }>, frames: Frame[], depth: number): string[] | undefined {
  const inner = edges.get(stackKey(frames.slice(0, depth)));
  const outer = depth > 1 ? edges.get(stackKey(frames.slice(0, depth - 1))) : { head: [], tail: [] };
  if (!inner || !outer || !startsWith(inner.head, outer.head)) return undefined;
  return inner.head.slice(outer.head.length);
}

function closingLines(edges: Map<string, { head: string[]; tail: string[] }>, frames: Frame[], depth: number): string[] | undefined {
  const inner = edges.get(stackKey(frames.slice(0, depth)));
  const outer = depth > 1 ? edges.get(stackKey(frames.slice(0, depth - 1))) : { head: [], tail: [] };
  if (!inner || !outer || !endsWith(inner.tail, outer.tail)) return undefined;
  return inner.tail.slice(0, inner.tail.length - outer.tail.length);
}

function commonDepth(a: Frame[], b: Frame[]): number {
  let depth = 0;
  while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++;
  return depth;
}

// Formatted text ends with one newline; its lines are what comes before it.
function splitLines(formatted: string): string[] {
  return formatted.replace(/\n$/, "").split("\n");
}

function startsWith(lines: string[], prefix: string[]): boolean {
  return prefix.length <= lines.length && prefix.every((l, i) => lines[i] === l);
}

function endsWith(lines: string[], suffix: string[]): boolean {
  const offset = lines.length - suffix.length;
  return offset >= 0 && suffix.every((l, i) => lines[offset + i] === l);
}
