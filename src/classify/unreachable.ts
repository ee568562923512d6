/**
 * Allocations the compiler reports that cannot happen at run time where they are reported, from
 * what is known of the code inlined there. Shared by the classifier (such an allocation is no
 * finding, counted as `unreachable`) and the contracts stage (nor is it a contract violation).
 */
import type { VerdictRecord } from '../parse/records.js';
import { callArguments, calleeAt, type GoSource } from '../source/go-source.js';

/**
 * Go 1.26 inlines fmt.Errorf, which ends in `errors.New(format)` for a call with no arguments to
 * format: the compiler reports that `&errors.errorString{...}` at every call, but a call with
 * arguments (none of them spread) never reaches it (fmt/errors.go; measured with
 * testing.AllocsPerRun in test/classify/fixtures/errorf).
 */
export function unreachableInlined(record: VerdictRecord, src: GoSource): boolean {
  if (record.subject !== '&errors.errorString{...}' || record.line === null || record.column === null) return false;
  if (calleeAt(src, record.line, record.column) !== 'fmt.Errorf' || src.imports.get('fmt') !== 'fmt') return false;
  const args = callArguments(src, record.line, record.column);
  return args !== null && args.count >= 2 && !args.spread;
}
