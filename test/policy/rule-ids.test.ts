import { existsSync } from 'node:fs';
import { ESCAPE_RULE_IDS, POLICY_RULE_ID_LIST, allKnownRuleIds } from '../../src/policy/rule-ids.js';

describe('rule ids', () => {
  test('policy ids and the combined sorted list', () => {
    expect(POLICY_RULE_ID_LIST).toEqual(['contract-violation', 'invalid-directive', 'stale-annotation', 'unused-suppression']);
    expect(allKnownRuleIds(['b-rule', 'a-rule', 'invalid-directive'])).toEqual([
      'a-rule',
      'b-rule',
      'contract-violation',
      'invalid-directive',
      'stale-annotation',
      'unused-suppression',
    ]);
  });

  // The registry is written by another engineer; once it exists, this mirror must equal it.
  const registry = new URL('../../rules/index.ts', import.meta.url);
  (existsSync(registry) ? test : test.skip)('ESCAPE_RULE_IDS mirrors rules/index.ts', async () => {
    const specifier = '../../rules/index.js';
    const mod = (await import(specifier)) as { RULES: { meta: { id: string } }[] };
    expect(mod.RULES.map((r) => r.meta.id).sort()).toEqual([...ESCAPE_RULE_IDS]);
  });
});
