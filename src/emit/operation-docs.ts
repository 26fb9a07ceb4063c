import type { CodeBlockWriter } from "ts-morph";
import type { OperationModel } from "../model/types.js";
import { argumentName } from "../model/naming.js";

// The JSDoc an operation carries, on its function in the group module and on the facade's method alike, so a caller
// sees the same summary, path and @param whichever entry they import.

// A structure's `docs` entry; `*/` in the text (a media type such as `*/*`) would end the comment.
export function docs(text: string | undefined): string[] {
  return text ? [text.replace(/\*\//g, "*\\/")] : [];
}

export function methodDocs(op: OperationModel): string {
  const lines = [op.summary, op.description !== op.summary ? op.description : undefined].filter(Boolean) as string[];
  lines.push(`\`${op.method.toUpperCase()} ${op.path}\``);
  if (op.positional) lines.push(`@param ${argumentName(op.positional.name)} ${op.positional.description ?? `Path parameter \`${op.positional.name}\`.`}`);
  if (op.deprecated) lines.push("@deprecated");
  return lines.join("\n\n").replace(/\*\//g, "*\\/");
}

// A `/** … */` block written in place (inside an object literal, where no structure carries docs).
export function writeDocComment(w: CodeBlockWriter, text: string): void {
  w.writeLine("/**");
  for (const line of text.split("\n")) w.writeLine(` *${line ? " " + line : ""}`);
  w.writeLine(" */");
}
