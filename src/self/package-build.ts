// How a generated package builds its dist/: the package's own `build` and `prepare` scripts (src/emit/package-files.ts)
// and generate's rebuild of a stale dist/ (src/write/built-package.ts) run the package's tsc with these arguments.
//
// --noCheck: the build emits JavaScript and declarations without type-checking the program first. Checking is what
// cost the whole 2026 Cloudflare API minutes and gigabytes on every `npm ci` of a monorepo (tsc -p: 257 s of CPU and
// 2.3 GB at peak, against 22 s and 0.9 GB with --noCheck, on a loaded machine; docs/client.md has the figures), and it
// checks nothing the generator has not already had checked: the generated sources are type-checked where they
// are made (the repository's `npm run typecheck` covers generated/, the whole-API and corpus e2e tests run tsc --noEmit
// on each package they generate), and `npx tsc --noEmit -p tsconfig.json` checks them in the package itself.
// Declarations need no checker because the sources are isolatedDeclarations-clean: the package's tsconfig.json sets
// isolatedDeclarations, so that an export whose type cannot be read off its own file fails this build (and tsc, and an
// editor) instead of sending the emitter into the checker.
export const PACKAGE_BUILD_ARGS: readonly string[] = ["-p", "tsconfig.json", "--noCheck"];
