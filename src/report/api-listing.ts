import type { ApiModel, SurfaceEntry } from "../model/types.js";

// Emits API.md: one line per method, parameter and result field, so a spec change reads as a diff.
// The line format is parsed back by report/api-diff.ts; keep the two in step.
export function emitApiListing(model: ApiModel, packageName: string): string {
  const lines = [`# API of ${packageName}`, "", `${model.title} ${model.version}. One line per method, parameter and result field: \`kind name: type, required|optional\`.`, ""];
  for (const op of model.operations) {
    lines.push(`## ${op.fullName}`, "");
    for (const entry of op.surface) lines.push(surfaceLine(entry));
    lines.push("");
  }
  return lines.join("\n");
}

// `- param \`name\`: string, optional — The name of the service token.`
export function surfaceLine(entry: SurfaceEntry): string {
  const doc = entry.doc ? ` — ${entry.doc.replace(/\s+/g, " ").trim()}` : "";
  const type = entry.type.replace(/`/g, "'");
  return `- ${entry.kind} \`${entry.name}\`: \`${type}\`, ${entry.required ? "required" : "optional"}${doc}`;
}
