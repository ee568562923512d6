/**
 * The one error type that reaches the user. The CLI prints `heaplint: <message>` on one line
 * and exits with `exitCode`; anything else that escapes is a bug and is reported as such.
 */
export class HeaplintError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'HeaplintError';
    this.exitCode = exitCode;
  }
}
