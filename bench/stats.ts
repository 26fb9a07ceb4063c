import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// Shared by the bench's sections: the median of repeated measurements, and progress lines on stderr.
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export interface Measured {
  seconds: number;
  peakMiB: number | undefined;
  /** What the command wrote to stderr (without /usr/bin/time's line). */
  stderr?: string;
}

// Runs a command under /usr/bin/time when it exists, for peak RSS; wall time from hrtime either way.
export function timed(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Measured {
  const useTime = existsSync("/usr/bin/time");
  const start = process.hrtime.bigint();
  const result = useTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true", ...extraEnv }, maxBuffer: 1 << 26 })
    : spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true", ...extraEnv }, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  const stderrLines = result.stderr.trim().split("\n");
  const kib = useTime ? Number(stderrLines.pop()) : NaN;
  return { seconds, peakMiB: Number.isFinite(kib) ? kib / 1024 : undefined, stderr: stderrLines.join("\n") };
}

