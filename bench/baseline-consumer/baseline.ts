// The consumer's script without any API client: what tsc costs before either client is imported
// (the lib files and @types/node), so the client's own share of the type-check time can be read off.
import { parseArgs } from "node:util";

const { positionals } = parseArgs({ allowPositionals: true });
console.log(positionals.length, process.env["CLOUDFLARE_BASE_URL"]);
