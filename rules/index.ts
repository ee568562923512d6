/**
 * The rule registry. Adding a rule = adding `rules/<id>.ts` and one line in RULES (sorted by id)
 * and one line in PRECEDENCE (where it ranks among the causes).
 */
import type { Rule, RuleMeta } from './rule.js';
import { contractViolation } from './contract-violation.js';
import { invalidDirective } from './invalid-directive.js';
import { staleAnnotation } from './stale-annotation.js';
import { unusedSuppression } from './unused-suppression.js';
import { appendGrowth } from './append-growth.js';
import { closureCapture } from './closure-capture.js';
import { closureEscape } from './closure-escape.js';
import { interfaceBoxing } from './interface-boxing.js';
import { leakingParam } from './leaking-param.js';
import { methodValue } from './method-value.js';
import { oversizedAllocation } from './oversized-allocation.js';
import { pointerEscape } from './pointer-escape.js';
import { stringAllocation } from './string-allocation.js';
import { unclassifiedEscape } from './unclassified-escape.js';
import { variableSizeAllocation } from './variable-size-allocation.js';
import { variadicSlice } from './variadic-slice.js';

export type { Rule, RuleMeta, RuleMatch, MatchContext, Precision } from './rule.js';

/** Every rule, sorted by id. */
export const RULES: readonly Rule[] = [
  appendGrowth,
  closureCapture,
  closureEscape,
  interfaceBoxing,
  leakingParam,
  methodValue,
  oversizedAllocation,
  pointerEscape,
  stringAllocation,
  unclassifiedEscape,
  variableSizeAllocation,
  variadicSlice,
];

/**
 * The order in which rules are asked; the first match wins. Why this order:
 * 1. oversized-allocation: a size-forced allocation is heap-bound whatever the flow says.
 * 2. variable-size-allocation: likewise forced by a non-constant (or zero-sized) make.
 * 3. closure-capture: `moved to heap: x` with (captured by a closure)+(reference) — the variable
 *    moved because of the closure, even though its address also flows elsewhere.
 * 4. closure-escape, 5. method-value, 6. variadic-slice, 7. append-growth, 8. string-allocation:
 *    allocation sites with a subject form of their own (`func literal`, `x.M`, `... argument`,
 *    `append`, conversions/concatenation that are not themselves an interface box).
 * 9. interface-boxing: subjects that are not an allocation form are interface conversions.
 * 10. pointer-escape: explicit allocations and address-taken variables, with their route.
 * 11. leaking-param: parameter verdicts (off by default).
 * 12. unclassified-escape: the catch-all for heap verdicts nothing above explains.
 *
 * Switched-off rules still take part: the first rule that matches wins even when the
 * configuration disables it, and its finding is dropped (counted, not reported), never handed to a
 * lower rule. Disabling `closure-capture` must not turn those variables into `pointer-escape`
 * findings; disabling a rule hides its findings, it does not relabel them.
 *
 * A verdict with several explanation blocks (one per escape path, plus a separate
 * `(too large for stack)` block) is one allocation: each rule in this order is tried on every
 * block, so a size-forced or closure-forced block outranks a pointer route printed first.
 */
export const PRECEDENCE: readonly string[] = [
  'oversized-allocation',
  'variable-size-allocation',
  'closure-capture',
  'closure-escape',
  'method-value',
  'variadic-slice',
  'append-growth',
  'string-allocation',
  'interface-boxing',
  'pointer-escape',
  'leaking-param',
  'unclassified-escape',
];

/**
 * Rules about directive comments in Go source, reported by the policy and contracts stages rather
 * than by a record matcher. They share the metadata contract, so SARIF, docs and config see them.
 */
export const SOURCE_RULES: readonly RuleMeta[] = [contractViolation, invalidDirective, staleAnnotation, unusedSuppression];

/** Metadata of every rule heaplint can report, sorted by id. */
export const ALL_RULE_META: readonly RuleMeta[] = [...RULES.map((r) => r.meta), ...SOURCE_RULES].sort((a, b) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
);

const BY_ID = new Map(RULES.map((r) => [r.meta.id, r] as const));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** RULES in precedence order. */
export const RULES_BY_PRECEDENCE: readonly Rule[] = PRECEDENCE.map((id) => {
  const rule = BY_ID.get(id);
  if (rule === undefined) throw new Error(`rules/index.ts: PRECEDENCE names unknown rule ${id}`);
  return rule;
});
