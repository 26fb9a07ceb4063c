import { redact } from "./errors.js";

/** How much the client logs, least first: the official SDK's levels and names. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Where log lines go: `console` by default, or any object with these four methods (pino, winston, …). */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** Writes one line at a level (dropped when below the client's level); every line is redacted of credentials first. */
export interface Log {
  (level: Exclude<LogLevel, "off">, line: string): void;
  /** Whether debug lines are written: callers skip building them otherwise. */
  readonly debug: boolean;
}

// The levels by rank, least first: a level's index is its rank.
const LEVELS: readonly string[] = ["off", "error", "warn", "info", "debug"];

// Whether a value names a log level.
export function isLogLevel(value: unknown): value is LogLevel {
  return LEVELS.includes(value as string);
}

// Creates the log of one client: lines at `level` or above go to `logger`, each with `secrets` replaced by "***".
// Positional parameters: an options object's property names survive minification, in every consumer's bundle.
export function createLog(level: LogLevel, logger: Logger, secrets: readonly string[]): Log {
  const rank = LEVELS.indexOf(level);
  const log = (at: Exclude<LogLevel, "off">, line: string): void => {
    if (LEVELS.indexOf(at) <= rank) logger[at](redact(line, secrets));
  };
  return Object.assign(log, { debug: level === "debug" });
}
