import type { Config } from '../platform/config.ts';

/** Where a command writes; tests pass their own streams. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Reads all of standard input (for --password-stdin). */
  readStdin(): Promise<string>;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['user', 'create']. */
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  /** Returns the process exit code. */
  run(args: readonly string[], config: Config, io: CliIo): Promise<number>;
}

/** A user error of a CLI command: printed without a stack trace, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
