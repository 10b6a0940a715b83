/** A failure the CLI reports in one line and ends with `exitCode` (2: bad usage, 1: anything else). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
