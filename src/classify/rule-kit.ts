/**
 * Small helpers the rule matchers share: how to name a subject in a message, version checks,
 * and the facts fallback. Kept apart from evidence.ts, which is about the flow only.
 */
import type { MatchContext } from '../../rules/rule.js';
import type { VerdictRecord } from '../parse/records.js';
import type { RecordFacts } from './facts.js';
import { NO_FACTS } from './facts.js';
import { inlineCode } from './evidence.js';

export const code = inlineCode;

export function factsOf(context: MatchContext): RecordFacts {
  return context.facts ?? NO_FACTS;
}

/** True when the compiler is at least go1.<minor>; `unknown` is returned as is for null versions. */
export function goAtLeast(context: MatchContext, minor: number): boolean | 'unknown' {
  const v = context.goVersion;
  if (v === null) return 'unknown';
  return v.major > 1 || (v.major === 1 && v.minor >= minor);
}

/** True for the verdicts that put something on the heap. */
export function isHeapVerdict(record: VerdictRecord): boolean {
  return record.kind === 'moved-to-heap' || record.kind === 'escapes-to-heap';
}

/** What subjectPhrase says of a package-qualified variable (`sub.x`). */
export const INLINED_VARIABLE = ' (a variable of a call inlined here)';

/**
 * The subject as a message names it. Go 1.25+ rewrites constant-valued variables to their value in
 * the verdict (`5 escapes to heap`) while the explanation header keeps the name (`y`); say both.
 * A package-qualified variable (`sub.x`) belongs to an inlined call.
 */
export function subjectPhrase(record: VerdictRecord): string {
  const header = record.explanations[0]?.subject;
  if (header !== undefined && header !== record.subject && record.subject !== 'append' && !header.startsWith('append(')) {
    return `${code(header)} (printed as ${code(record.subject)})`;
  }
  if (record.kind === 'moved-to-heap' && /^[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_]/u.test(record.subject)) {
    return `${code(record.subject)}${INLINED_VARIABLE}`;
  }
  return code(record.subject);
}

/** `is moved to the heap` for variables, `escapes to the heap` for expressions. */
export function heapVerb(record: VerdictRecord): string {
  return record.kind === 'moved-to-heap' ? 'is moved to the heap' : 'escapes to the heap';
}
