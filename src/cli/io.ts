// Where the CLI's lines go: stdout for results, stderr for progress, warnings and errors.
export interface Io {
  out(line: string): void;
  err(line: string): void;
}
