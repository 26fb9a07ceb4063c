// @ts-check
// One text through prettier, for the main thread (src/format/pool.ts) and the workers (format-worker.js) alike.
// Plain JavaScript because a worker thread does not inherit tsx's loader; its types are in format-text.d.ts.

// Prettier is loaded on the first format, not when this module is: a render whose formatting all runs in a worker
// thread (src/format/pool.ts) never loads it in the main thread.
/** @type {Promise<typeof import("prettier")> | undefined} */
let loading;

// TypeScript is formatted with prettier's babel-ts parser (see TYPESCRIPT_PARSER in format.ts). Babel refuses a few
// texts that TypeScript's own parser reads and leaves to tsc to report (`let let = 1`, a label declared twice); for
// such a text prettier's typescript parser is used instead, so formatting does not fail where it did before. Both
// parsers give the same bytes for what the emitters write (test/unit/format-parsers.test.ts).
export async function formatText(text, parser, options) {
  loading ??= import("prettier");
  const prettier = await loading;
  try {
    return await prettier.format(text, { ...options, parser });
  } catch (error) {
    if (parser !== "babel-ts") throw error;
    return prettier.format(text, { ...options, parser: "typescript" });
  }
}
