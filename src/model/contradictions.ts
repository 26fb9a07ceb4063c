import type { ExampleModel, OperationModel, SpecContradiction } from "./types.js";

// Where a spec contradicts itself, as the model found it: every documented example (of a response, a request body or a
// parameter) that its schema rejects, and every schema the example builder could not build a fitting value for. The
// contract tests that check those fail, as they should; `generate` says so before they run (src/report/contradictions.ts).
export function contradictionsOf(operations: readonly OperationModel[]): SpecContradiction[] {
  // An example or schema several operations share is one contradiction, which each of their suites checks.
  const found = new Map<string, SpecContradiction>();
  for (const op of operations) {
    const add = (examples: readonly ExampleModel[], kind: "example" | "parameter example") => {
      for (const example of examples) {
        if (example.fits || example.pointer === undefined) continue;
        const entry: SpecContradiction = { operations: [], kind: example.built ? "no fitting value" : kind, pointer: example.pointer, problems: example.problems };
        const key = `${entry.kind} ${entry.pointer}`;
        const known = found.get(key) ?? (found.set(key, entry), entry);
        if (!known.operations.includes(op.fullName)) known.operations.push(op.fullName);
      }
    };
    for (const response of op.responses) add(response.examples, "example");
    if (op.body) add(op.body.examples, "example");
    for (const p of op.parameters) add(p.examples, "parameter example");
  }
  return [...found.values()];
}
