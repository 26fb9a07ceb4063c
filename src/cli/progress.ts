// Progress for a person at a terminal: the phase, operations done of total, and the time since the run began.
import type { Progress } from "../generate.js";

export interface ProgressReporter {
  progress: Progress;
  /** Clears the line and stops the clock; returns the seconds the run took. */
  stop(): number;
}

interface Terminal {
  isTTY?: boolean | undefined;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream?: Terminal | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  now?: (() => number) | undefined;
}

// Progress goes to stderr, only for a person watching: never when piped or under CI.
export function progressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const start = now();
  const elapsed = () => (now() - start) / 1000;
  if (!stream.isTTY || (options.env ?? process.env).CI) return { progress: () => {}, stop: elapsed };
  // A terminal redraw per operation would cost more than the work on a 3000-operation API: redraw when the phase
  // changes, when it completes, and at most every 100 ms in between.
  let shown = { phase: "", counts: "", at: 0 };
  const draw = () => stream.write(`\r\x1b[2K${shown.phase}${shown.counts} · ${formatSeconds(elapsed())}`);
  // A phase can run for seconds without a tick (parsing a large spec, prettier on a large file): the clock still moves.
  const clock = setInterval(() => shown.phase && draw(), 1000);
  clock.unref();
  return {
    progress: (phase, done, total) => {
      const at = now();
      if (phase === shown.phase && done !== total && at - shown.at < 100) return;
      shown = { phase, counts: total !== undefined ? ` (${done ?? 0}/${total})` : "", at };
      if (phase) draw();
      else stream.write("\r\x1b[2K");
    },
    stop: () => {
      clearInterval(clock);
      if (shown.phase) stream.write("\r\x1b[2K");
      shown = { phase: "", counts: "", at: 0 };
      return elapsed();
    },
  };
}

// With DEBUG set, the wall time of each phase goes to stderr when the phases end: where a long run spends it.
export function timedPhases(progress: Progress, print: (line: string) => void): Progress {
  if (!process.env.DEBUG) return progress;
  let current: { phase: string; start: number } | undefined;
  return (phase, done, total) => {
    progress(phase, done, total);
    if (phase === current?.phase) return;
    const now = performance.now();
    // The memory at the phase's end beside its time: the process's resident set (worker threads included) and this
    // thread's JavaScript heap, to show where a large API's peak builds up.
    const memory = () => {
      const { rss, heapUsed } = process.memoryUsage();
      return `rss ${Math.round(rss / 2 ** 20)} MiB, heap ${Math.round(heapUsed / 2 ** 20)} MiB`;
    };
    if (current) print(`specforge: ${current.phase} took ${((now - current.start) / 1000).toFixed(2)} s (${memory()})`);
    current = phase ? { phase, start: now } : undefined;
  };
}

// 4.2 s, 1 min 05 s.
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.floor(seconds - minutes * 60)).padStart(2, "0")} s`;
}
