/** Which parsed records the classifier sees. Everything else is only counted. */
import type { ParsedRecord, VerdictRecord } from '../parse/records.js';

// A leak to a result is no heap allocation of its own, but the leaking-param rule reports it
// (when enabled) like the other two leak forms.
const HEAP_KINDS: ReadonlySet<string> = new Set(['moved-to-heap', 'escapes-to-heap', 'leaking-param', 'leaking-param-content', 'leaking-param-to-result']);

/**
 * Heap verdicts and parameter leaks, plus `make(…) does not escape`: since Go 1.25 a variable-size make reported as
 * not escaping is still heap-allocated above 32 bytes at run time (go-escape-output.md §8).
 */
export function isClassifierInput(r: ParsedRecord): r is VerdictRecord {
  if (HEAP_KINDS.has(r.kind)) return true;
  return r.kind === 'does-not-escape' && r.subject.startsWith('make(');
}
