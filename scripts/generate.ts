// `npm run generate [-- --check]`: the generate command for every target in specforge.config.json.
import { main } from "../src/cli.js";

process.exitCode = await main(["generate", ...process.argv.slice(2)]);
