// Where the runtime finds environment variables without assuming Node: a `process.env` (Node, Bun, Deno's Node
// mode), else `Deno.env`, else nothing (browsers, Cloudflare Workers, whose env reaches code through bindings).
interface EnvHosts {
  process?: { env?: Readonly<Record<string, string | undefined>> } | undefined;
  Deno?: { env?: { get(name: string): string | undefined } } | undefined;
}

// Reads one environment variable, trimmed; undefined where it is unset, empty, or the platform has none to read.
export function readEnv(name: string): string | undefined {
  const hosts = globalThis as EnvHosts;
  try {
    return (hosts.process?.env?.[name] ?? hosts.Deno?.env?.get(name))?.trim() || undefined;
  } catch {
    // Deno throws when env access was not granted: that is an unset variable here.
    return undefined;
  }
}
