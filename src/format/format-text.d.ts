import type { Options } from "prettier";

/** Prettier's output for `text` with `parser`; for "babel-ts", with prettier's typescript parser when Babel cannot read it. */
export function formatText(text: string, parser: string, options: Options): Promise<string>;
