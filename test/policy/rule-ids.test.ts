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

  test('escape rule ids are the registry ids, in its sorted order', async () => {
    const { RULES } = await import('../../rules/index.js');
    expect(ESCAPE_RULE_IDS).toEqual(RULES.map((r) => r.meta.id));
    expect(ESCAPE_RULE_IDS).toHaveLength(12);
  });
});
