/**
 * Rule ids the policy stage validates config keys and directives against. Both lists come from
 * the rule registry, so a new rule file is known everywhere at once.
 */
import { RULES, SOURCE_RULES } from '../../rules/index.js';

/** Ids of the rules that classify compiler verdicts, sorted. */
export const ESCAPE_RULE_IDS: readonly string[] = RULES.map((r) => r.meta.id);

/** Findings the policy and contracts stages produce themselves. */
export const POLICY_RULE_IDS = {
  unusedSuppression: 'unused-suppression',
  invalidDirective: 'invalid-directive',
  contractViolation: 'contract-violation',
  staleAnnotation: 'stale-annotation',
} as const;

/** Ids of the rules about directive comments (policy and contracts stages), sorted. */
export const POLICY_RULE_ID_LIST: readonly string[] = SOURCE_RULES.map((r) => r.id);

/** Every id a config file or a directive may name, sorted. */
export function allKnownRuleIds(escapeRuleIds: readonly string[] = ESCAPE_RULE_IDS): string[] {
  return [...new Set([...escapeRuleIds, ...POLICY_RULE_ID_LIST])].sort();
}
