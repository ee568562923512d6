import { ESCAPE_RULE_IDS, POLICY_RULE_IDS, POLICY_RULE_ID_LIST, allKnownRuleIds } from '../../src/policy/rule-ids.js';

describe('rule ids', () => {
  test('policy ids and the combined sorted list', () => {
    expect(POLICY_RULE_ID_LIST).toEqual(['contract-violation', 'invalid-directive', 'stale-annotation', 'unused-suppression']);
    expect([...POLICY_RULE_ID_LIST]).toEqual(Object.values(POLICY_RULE_IDS).sort());
    expect(allKnownRuleIds(['b-rule', 'a-rule', 'invalid-directive'])).toEqual([
      'a-rule',
      'b-rule',
      'contract-violation',
      'invalid-directive',
      'stale-annotation',
      'unused-suppression',
    ]);
  });

  test('escape rule ids come from the registry, sorted', () => {
    expect(ESCAPE_RULE_IDS).toEqual([
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
    ]);
  });
});
