/** The one-line message for a failed `go build`: the first compile error, quoted exactly. */
import { HeaplintError } from '../errors.js';
import type { CompileErrorRecord } from '../parse/records.js';

/** `./bad.go:5:12: undefined: foo`: the compiler's first line for this error. */
export function compileErrorLine(r: CompileErrorRecord): string {
  return r.text.split('\n')[0] ?? r.message;
}

export function buildFailureMessage(
  exitCode: number,
  firstCompileError: string | null,
  compileErrors: number,
  toolLines: readonly string[],
): string {
  if (firstCompileError !== null) {
    const more = compileErrors - 1;
    return `compile error: ${firstCompileError}${more > 0 ? ` (and ${more} more)` : ''}`;
  }
  const first = toolLines.find((l) => l.trim() !== '');
  return `go build failed: ${first !== undefined ? first.trim() : `exit status ${exitCode}`}`;
}

export function buildFailure(
  exitCode: number,
  firstCompileError: string | null,
  compileErrors: number,
  toolLines: readonly string[],
): HeaplintError {
  return new HeaplintError(buildFailureMessage(exitCode, firstCompileError, compileErrors, toolLines), 2);
}
