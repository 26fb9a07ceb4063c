import type { ApiModel, SpecContradiction, UntestedExample } from "../model/types.js";

// What `generate` says about a spec's own bugs before any test runs: where the spec contradicts itself (the model's
// contradictions: examples its schemas reject, schemas no value satisfies, discriminators whose values their branches
// refuse), and which documented examples the contract tests do not run, and why. One line of summary per target, and
// the whole list, with JSON pointers, in the file `generate --report FILE` writes.

export interface SpecReport {
  /** The target's name. */
  target: string;
  /** The spec file, as the target names it. */
  spec: string;
  contradictions: SpecContradiction[];
  untested: (UntestedExample & { operation: string })[];
}

// The report for one rendered target.
export function specReport(model: ApiModel, target: { name: string; spec: string }): SpecReport {
  return {
    target: target.name,
    spec: target.spec,
    contradictions: model.contradictions,
    untested: model.operations.flatMap((op) => op.untested.map((u) => ({ operation: op.fullName, ...u }))),
  };
}

const KIND_WORDS: Record<SpecContradiction["kind"], [string, string]> = {
  example: ["example its schema rejects", "examples their schemas reject"],
  "parameter example": ["parameter example its schema rejects", "parameter examples their schemas reject"],
  "unsatisfiable schema": ["schema no value satisfies", "schemas no value satisfies"],
  "no fitting value": ["schema specforge found no fitting value for", "schemas specforge found no fitting value for"],
  discriminator: ["discriminator its branches contradict", "discriminators their branches contradict"],
};

// One line for the terminal, or undefined when the spec contradicts itself nowhere and every example is tested.
export function specReportSummary(report: SpecReport): string | undefined {
  const { contradictions, untested } = report;
  if (contradictions.length === 0 && untested.length === 0) return undefined;
  const counts = (Object.keys(KIND_WORDS) as SpecContradiction["kind"][])
    .map((kind) => [kind, contradictions.filter((c) => c.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${KIND_WORDS[kind][n === 1 ? 0 : 1]}`);
  const parts = [
    ...(contradictions.length > 0 ? [`the spec contradicts itself in ${contradictions.length} place${contradictions.length === 1 ? "" : "s"} (${counts.join(", ")}), and the contract tests that check them fail`] : []),
    ...(untested.length > 0 ? [`${untested.length} documented example${untested.length === 1 ? " is" : "s are"} not run by the contract tests`] : []),
  ];
  return `${report.target}: ${parts.join("; ")} (--report FILE lists each, with its JSON pointer)`;
}

// The reports of several targets as the JSON text `--report FILE` writes.
export function specReportJson(reports: readonly SpecReport[]): string {
  return `${JSON.stringify({ targets: reports }, null, 2)}\n`;
}
