// The performance machinery: each piece makes generation faster and none changes a byte of the output. The bench
// switches them off one at a time (SPECFORGE_WITHOUT=format-cache,pool …) to show what each buys, on the fragment
// and on the whole 2026 Cloudflare API (bench/RESULTS.md, "What each piece of machinery buys"). Not a user setting.
//
// What each bought on 2026-12-04 (`BENCH_RUNS=3 npm run bench -- --only machinery`, 2 cores at load ~2; the time
// it saves as a share of the time without it; fragment: median of 3, on and off alternating; whole 2026 API: one
// run each, and full renders with every piece on ranged 75-97 s across rows, so a whole-API share under ~15% is
// within that spread). Every piece buys at least 5% on one side, so none was removed:
//   render-record 80% / 98% · format-cache 30% / 41% · preformatted 24% / -3% · split -0% / 10% · pool 1% / 24% ·
//   direct-openapi-typescript 9% / 4% · shared-typescript 10% / -0% · bundle 46% / 11%
// split's keep is the weakest: see src/format/split-source.ts. overlap, added 2026-12-05 (`--only machinery --pieces
// overlap`, quiet): -4% / 11%; it now applies only above 1 MB of work, so the fragment renders as without it.
export const MACHINERY = {
  "render-record": "skip the render when the inputs and the output files hash as the last full render recorded (src/write/render-record.ts)",
  "format-cache": "reuse prettier's output for each piece of code the last render of the folder formatted (src/format/format-cache.ts)",
  preformatted: "the copied runtime and contract kit, formatted once by the build (src/format/preformatted.ts)",
  split: "cut large files into statements and members, formatted apart (src/format/split-source.ts)",
  pool: "format in worker threads when there is over 1 MB of work (src/format/pool.ts)",
  overlap: "format each file as soon as it is emitted, in the pool's workers while the emitters go on (src/format/format.ts startFormatting)",
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
