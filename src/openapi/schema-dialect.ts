import type { LoadedFile } from "./load.js";
import { childPointer } from "./pointer.js";
import { forEachSchemaOfSet, type SpecSet } from "./refs.js";

// Schema keywords a document uses in a sense its own OpenAPI version does not give them, and regular expressions
// JavaScript cannot read at all: found before anything is generated, each with where it is. In a 3.1 document a
// schema is JSON Schema 2020-12 (https://spec.openapis.org/oas/v3.1.0#schema-object), where OpenAPI 3.0's `nullable`
// is an unknown keyword that admits nothing more and a boolean `exclusiveMinimum` is not a bound at all; a spec that
// writes them means 3.0's reading, which `--lenient` spells out in 2020-12 terms (src/openapi/repair.ts). A `pattern`
// is read in Unicode mode, or in JavaScript's legacy mode where only that one accepts it (as the contract kit, the
// runtime and the example builder all read it); one neither mode compiles cannot be checked by anything.

export interface DialectProblem {
  /** The file the schema is written in (the root, or a file a $ref reaches). */
  file: LoadedFile;
  /** The schema's pointer (`#/components/schemas/Pet/properties/name`). */
  pointer: string;
  /** The keyword at fault. */
  keyword: "nullable" | "exclusiveMinimum" | "exclusiveMaximum" | "pattern" | "patternProperties";
  problem: string;
}

// Every such problem in every file of a spec set, in walk order; the root document's version decides the dialect.
export function schemaDialectProblems(set: SpecSet): DialectProblem[] {
  const { openapi } = set.root.document;
  const is31 = typeof openapi === "string" && openapi.startsWith("3.1");
  const problems: DialectProblem[] = [];
  forEachSchemaOfSet(
    set,
    (schema, pointer, file) => {
      if (is31 && schema.nullable !== undefined) {
        problems.push({ file, pointer, keyword: "nullable", problem: "`nullable` is an OpenAPI 3.0 keyword: in a 3.1 document it admits nothing (3.1 writes `type: [string, \"null\"]`)" });
      }
      for (const keyword of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
        if (is31 && typeof schema[keyword] === "boolean") {
          problems.push({ file, pointer, keyword, problem: `a boolean \`${keyword}\` is OpenAPI 3.0's: in a 3.1 document it must be the bound itself, a number` });
        }
      }
      if (typeof schema.pattern === "string" && !compiles(schema.pattern)) {
        problems.push({ file, pointer, keyword: "pattern", problem: `\`pattern\` ${JSON.stringify(schema.pattern)} is not a regular expression JavaScript can read` });
      }
      if (typeof schema.patternProperties === "object" && schema.patternProperties !== null && !Array.isArray(schema.patternProperties)) {
        for (const key of Object.keys(schema.patternProperties)) {
          if (!compiles(key)) problems.push({ file, pointer: childPointer(`${pointer}/patternProperties`, key), keyword: "patternProperties", problem: `the \`patternProperties\` key ${JSON.stringify(key)} is not a regular expression JavaScript can read` });
        }
      }
    },
  );
  return problems;
}

// Whether a pattern compiles in Unicode mode or, failing that, in legacy mode.
export function compiles(pattern: string): boolean {
  for (const flags of ["u", ""]) {
    try {
      new RegExp(pattern, flags);
      return true;
    } catch {
      // The next mode.
    }
  }
  return false;
}
