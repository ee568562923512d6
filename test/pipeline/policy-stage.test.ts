import { ALL_RULE_META, RULES } from '../../rules/index.js';
import { defaultConfig, parseConfig } from '../../src/policy/config.js';
import { allKnownRuleIds } from '../../src/policy/rule-ids.js';
import { ruleDefaults, runPolicyStage } from '../../src/pipeline/policy-stage.js';
import { scanDirectives } from '../../src/source/directive-scanner.js';

const KNOWN = allKnownRuleIds();
const SRC = ['package p', '', '//heaplint:ignroe interface-boxing typo', 'func F() {}', '', '//heaplint:ignore pointer-escape nothing here', 'func G() {}', ''].join('\n');

function levels(config = defaultConfig()): string[] {
  const result = runPolicyStage({
    config,
    rules: ALL_RULE_META,
    findings: [],
    contractFindings: [],
    directives: new Map([['p/p.go', scanDirectives(SRC, KNOWN)]]),
    baseline: null,
    changedLines: null,
  });
  return result.findings.map((f) => `${f.ruleId} ${f.line} ${f.level}`);
}

describe('policy stage: rule defaults come from the rule registry', () => {
  test('every rule, the directive rules included, has the default its metadata declares', () => {
    const expected = new Map(ALL_RULE_META.map((r) => [r.id, { enabledByDefault: r.enabledByDefault, defaultLevel: r.defaultLevel }]));
    expect(ruleDefaults(ALL_RULE_META)).toEqual(expected);
    // The directive rules are known even when the caller passes only the escape rules.
    expect(ruleDefaults(RULES.map((r) => r.meta))).toEqual(expected);
  });

  test('a misspelt directive is an invalid-directive error (docs/rules/invalid-directive.md), an unused suppression a warning', () => {
    expect(levels()).toEqual(['invalid-directive 3 error', 'unused-suppression 6 warning']);
  });

  test('the config can still lower them', () => {
    const config = parseConfig('rules:\n  invalid-directive: warning\n  unused-suppression: note\n', '.heaplint.yml', KNOWN);
    expect(levels(config)).toEqual(['invalid-directive 3 warning', 'unused-suppression 6 note']);
  });
});
