/**
 * Rule ids the policy stage has to know before the rule registry is loaded. The escape rules are
 * owned by `rules/index.ts`; this list mirrors them so config validation, the directive scanner
 * and the JSON Schema can be checked against one list (a test keeps them equal once the registry
 * exists). Callers that have the registry should pass its ids instead of relying on this copy.
 */

export const ESCAPE_RULE_IDS: readonly string[] = [
  'append-growth',
  'closure-capture',
  'closure-escape',
  'interface-boxing',
  'leaking-param',
  'method-value',
  'oversized-allocation',
  'pointer-escape',
  'string-allocation',
  'unclassified-escape',
  'variable-size-allocation',
  'variadic-slice',
];

/** Findings the policy and contracts stages produce themselves. */
export const POLICY_RULE_IDS = {
  unusedSuppression: 'unused-suppression',
  invalidDirective: 'invalid-directive',
  contractViolation: 'contract-violation',
  staleAnnotation: 'stale-annotation',
} as const;

export const POLICY_RULE_ID_LIST: readonly string[] = Object.values(POLICY_RULE_IDS).sort();

/** Every id a config file or a directive may name, sorted. */
export function allKnownRuleIds(escapeRuleIds: readonly string[] = ESCAPE_RULE_IDS): string[] {
  return [...new Set([...escapeRuleIds, ...POLICY_RULE_ID_LIST])].sort();
}
