// A config for generating a whole upstream Cloudflare spec, for test/e2e/whole-api*.test.ts and bench/generation.ts.
// The account/zone treatment, the context params, the envelope, the environment variables, the request id header and
// the pagination styles come from the fragment's own target in specforge.config.json: the whole API goes through the
// same config-driven mechanism as the first target.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../", import.meta.url));

/** The two upstream specs in ../shared (absent on a fresh clone). */
export const WHOLE_SPECS = {
  "2026": path.join(REPO, "../shared/specs/cloudflare-openapi.2026-08-17.json"),
  "2024": path.join(REPO, "../shared/specs/cloudflare-openapi.2024-08-06.json"),
} as const;

interface FragmentTarget {
  pathVariants: unknown;
  contextParams: unknown;
  envelope?: unknown;
  env?: unknown;
  requestIdHeader?: unknown;
  pagination?: unknown;
}

// Writes `file`, a config with one target named `name` for `spec`, written to `out`; --lenient repairs included.
export async function writeWholeApiConfig(file: string, name: string, spec: string, out: string): Promise<void> {
  const config = JSON.parse(await readFile(path.join(REPO, "specforge.config.json"), "utf8")) as { targets: Record<string, FragmentTarget> };
  const fragment = config.targets["cloudflare-access"];
  if (!fragment) throw new Error("specforge.config.json has no cloudflare-access target to take the account/zone settings from");
  const { pathVariants, contextParams, envelope, env, requestIdHeader, pagination } = fragment;
  const target = { spec, out, packageName: `@specforge/${name}`, pathVariants, contextParams, envelope, env, requestIdHeader, pagination, lenient: true };
  await writeFile(file, `${JSON.stringify({ targets: { [name]: target } }, null, 2)}\n`);
}
