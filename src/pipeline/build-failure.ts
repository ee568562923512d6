/** The one-line message for a failed `go build` (or a log of one): the first compile error, quoted exactly. */
import { HeaplintError } from '../errors.js';
import type { CompileErrorRecord } from '../parse/records.js';
import { excerpt } from '../report/excerpt.js';

/** `./bad.go:5:12: undefined: foo`: the compiler's first line for this error. */
export function compileErrorLine(r: CompileErrorRecord): string {
  const nl = r.text.indexOf('\n');
  return nl === -1 ? r.text : r.text.slice(0, nl);
}

/** Quotes are cut to `MAX_QUOTED_LINE` characters: a log line can be megabytes long. */
export function buildFailureMessage(
  exitCode: number | null,
  firstCompileError: string | null,
  compileErrors: number,
  toolLines: readonly string[],
): string {
  if (firstCompileError !== null) {
    const more = compileErrors - 1;
    return `compile error: ${excerpt(firstCompileError)}${more > 0 ? ` (and ${more} more)` : ''}`;
  }
  const first = toolLines.find((l) => l.trim() !== '');
  return `go build failed: ${first !== undefined ? excerpt(first.trim()) : `exit status ${exitCode ?? 'unknown'}`}`;
}

export function buildFailure(
  exitCode: number | null,
  firstCompileError: string | null,
  compileErrors: number,
  toolLines: readonly string[],
): HeaplintError {
  return new HeaplintError(buildFailureMessage(exitCode, firstCompileError, compileErrors, toolLines), 2);
}
