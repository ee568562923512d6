/**
 * Range-over-func loops (Go 1.23+). The compiler rewrites `for x := range seq { body }` into a
 * call `seq(#yield1)` of a func literal holding the body, and gives the loop hidden variables
 * the body assigns: `#state1` (the loop's state, checked on every call of yield), `#next` (how
 * the body left the loop: a return, or a break or continue out of it) and `#rv1`, `#rv2` (what
 * a return inside the body returns). When the body escapes, it is reported as a `func literal`
 * the user never wrote, and the hidden variables as variables a closure captures; the rules
 * name the loop instead. Inlined from another package the names are qualified
 * (`slices.#state1`), and `#next` is printed with no position at all.
 */
import type { VerdictRecord } from '../parse/records.js';

/** The advice for an escaping loop body and what it captures (closure-escape, closure-capture). */
export const RANGE_FUNC_HINT =
  'A call through a function value (an iter.Seq parameter, variable or call result) is never analysed: range over an iterator the compiler can inline, such as a small method that returns its func literal, or use a plain loop on hot paths.';

export type HiddenLoopVariable = 'state' | 'next' | 'result';

const HIDDEN = /^(?:[\p{L}_][\p{L}\p{N}_]*\.)?#(state|next|rv)\d*$/u;
const YIELD = /^(?:[\p{L}_][\p{L}\p{N}_]*\.)?#yield\d+$/u;

/** Which hidden variable of a range-over-func loop `subject` is, or null for any other name. */
export function hiddenLoopVariable(subject: string): HiddenLoopVariable | null {
  const m = HIDDEN.exec(subject);
  if (m === null) return null;
  return m[1] === 'state' ? 'state' : m[1] === 'next' ? 'next' : 'result';
}

/** The func literal of a verdict is the body of a range-over-func loop (it flows into `#yieldN`). */
export function isRangeFuncBody(record: VerdictRecord): boolean {
  return record.flows.some((f) => YIELD.test(f.dst) || f.steps.some((s) => s.expr.endsWith(' := func literal') && YIELD.test(s.expr.slice(0, -' := func literal'.length))));
}

/**
 * Where a verdict the compiler printed without a position happened, from its explanation: the
 * first step with a position (for `#next`, the return or branch in the loop body that sets it).
 * Null for a verdict with a position, or none to borrow. Only the loop's hidden variables are
 * printed without one.
 */
export function positionFromFlow(record: VerdictRecord): { file: string; line: number; column: number | null } | null {
  if (record.file !== null || hiddenLoopVariable(record.subject) === null) return null;
  for (const flow of record.flows) {
    for (const step of flow.steps) {
      if (step.file !== null && step.line !== null) return { file: step.file, line: step.line, column: step.column };
    }
  }
  return null;
}
