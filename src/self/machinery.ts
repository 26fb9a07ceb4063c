// The performance machinery: each piece makes generation faster and none changes a byte of the output. The bench
// switches them off one at a time (SPECFORGE_WITHOUT=format-cache,pool …) to show what each buys, on the fragment
// and on the whole 2026 Cloudflare API (bench/RESULTS.md, "What each piece of machinery buys"). Not a user setting.
export const MACHINERY = {
  "render-record": "skip the render when the inputs and the output files hash as the last full render recorded (src/write/render-record.ts)",
  "format-cache": "reuse prettier's output for each piece of code the last render of the folder formatted (src/format/format-cache.ts)",
  preformatted: "the copied runtime and contract kit, formatted once by the build (src/format/preformatted.ts)",
  split: "cut large files into statements and members, formatted apart (src/format/split-source.ts)",
  pool: "format in worker threads when there is over 1 MB of work (src/format/pool.ts)",
  "direct-openapi-typescript": "skip openapi-typescript's Redocly lint and bundle for a self-contained document (src/emit/schema/openapi-typescript-direct.ts)",
  "shared-typescript": "one TypeScript for ts-morph and openapi-typescript in the bundle (src/emit/schema/shared-typescript.ts)",
  bundle: "run dist/specforge.cjs, not the sources through tsx (scripts/build-cli.js, scripts/specforge.js)",
} as const;

export type MachineryPiece = keyof typeof MACHINERY;

const off = new Set((process.env.SPECFORGE_WITHOUT ?? "").split(",").map((name) => name.trim()).filter(Boolean));

// Whether the bench has switched a piece off for this run.
export function switchedOff(piece: MachineryPiece): boolean {
  return off.has(piece);
}
