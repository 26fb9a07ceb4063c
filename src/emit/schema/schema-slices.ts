import type { SchemaUnits } from "./schema-units.js";

// Which slice of openapi-typescript's output each unit goes to (units: schema-units.ts). A group's slice holds what
// only its operations reach; what two or more groups reach goes to one shared slice, so nothing is written twice;
// what no operation reaches (a schema no path uses, `webhooks`) stays in schema.ts itself. A unit refers only to
// units reached by every group that reaches it, so a group's slice needs its own units and shared ones, never another
// group's: tsc, given one group's module, loads that group's types and the shared ones, and no other group's.

/** A top-level group of the client: its operations, by path template and method (keys of `paths`). */
export interface SliceGroup {
  operations: readonly { path: string; method: string }[];
}

export const SHARED = "shared";

export interface SlicePlan {
  /** The slice of each unit: the index of a group, SHARED, or none (schema.ts). */
  owner: Map<string, number | typeof SHARED>;
  /** Per group: every unit it reaches (its own and shared ones), and the methods of each path item it has operations in. */
  groups: { reach: Set<string>; items: Map<string, Set<string>> }[];
}

// The plan, or a reason the output cannot be sliced (every group then uses schema.ts whole, as before slicing).
export function planSlices(units: SchemaUnits, groups: readonly SliceGroup[]): SlicePlan | string {
  if (units.unsliceable !== undefined) return units.unsliceable;
  const reachedBy = new Map<string, number[]>();
  const plan: SlicePlan = { owner: new Map(), groups: [] };
  for (const [index, group] of groups.entries()) {
    const roots: string[] = [];
    const items = new Map<string, Set<string>>();
    for (const { path, method } of group.operations) {
      const item = units.pathItems.get(path);
      const whole = units.units.get(JSON.stringify(["paths", path]));
      if (item) {
        const member = item.methods.get(method);
        if (!member?.present) return `paths[${JSON.stringify(path)}] has no ${method}`;
        for (const shared of item.shared) roots.push(...shared.refs);
        roots.push(...member.refs);
        const methods = items.get(path) ?? new Set();
        methods.add(method);
        items.set(path, methods);
      } else if (whole) roots.push(whole.id);
      else return `paths has no ${JSON.stringify(path)}`;
    }
    const reach = closure(units, roots);
    for (const id of reach) {
      const list = reachedBy.get(id) ?? [];
      list.push(index);
      reachedBy.set(id, list);
    }
    plan.groups.push({ reach, items });
  }
  for (const [id, list] of reachedBy) plan.owner.set(id, list.length === 1 ? (list[0] as number) : SHARED);
  return plan;
}

// The units `roots` refer to, directly or through others, themselves included.
function closure(units: SchemaUnits, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    const unit = units.units.get(id);
    // A reference to a member openapi-typescript did not write is tsc's error to report, not a unit to place.
    if (!unit) continue;
    seen.add(id);
    for (const ref of unit.refs) if (!seen.has(ref)) stack.push(ref);
  }
  return seen;
}
