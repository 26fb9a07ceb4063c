import type { ExampleModel, OperationModel, SpecContradiction } from "./types.js";

// Where a spec contradicts itself, as the model found it: every documented example (of a response, a request body or a
// parameter) that its schema rejects, and every schema the example builder could not build a fitting value for. The
// contract tests that check those fail, as they should; `generate` says so before they run (src/report/contradictions.ts).
export function contradictionsOf(operations: readonly OperationModel[]): SpecContradiction[] {
  const out: SpecContradiction[] = [];
  for (const op of operations) {
    const add = (examples: readonly ExampleModel[], kind: "example" | "parameter example") => {
      for (const example of examples) {
        if (example.fits || example.pointer === undefined) continue;
        out.push({ operation: op.fullName, kind: example.built ? "unsatisfiable schema" : kind, pointer: example.pointer, problems: example.problems });
      }
    };
    for (const response of op.responses) add(response.examples, "example");
    if (op.body) add(op.body.examples, "example");
    for (const p of op.parameters) add(p.examples, "parameter example");
  }
  // A schema shared by several operations is one contradiction, however many places use it.
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = `${c.kind} ${c.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
