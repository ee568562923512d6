/**
 * The policy stage as the lint pipeline uses it: which rules the classifier should report, and
 * `applyPolicy` over the escape findings and the contracts stage's findings together.
 *
 * Contract findings are checks the author asked for in source, so the config's rule settings do
 * not apply to them (they stay enabled, at level error); in-source suppressions, path globs, the
 * baseline and the changed-lines filter do.
 */
import type { Finding } from '../findings/finding.js';
import { applyPolicy, type PolicyResult, type RuleDefault } from '../policy/apply.js';
import type { Baseline } from '../policy/baseline.js';
import type { HeaplintConfig } from '../policy/config.js';
import type { ChangedLines } from '../policy/git-diff.js';
import { POLICY_RULE_IDS } from '../policy/rule-ids.js';
import type { DirectiveScan } from '../source/directive-scanner.js';
import { SOURCE_RULES } from '../../rules/index.js';
import type { RuleMeta } from '../../rules/rule.js';

/** Rules only the contracts stage reports: always on, always errors. */
const CONTRACT_ONLY_RULES: readonly string[] = [POLICY_RULE_IDS.contractViolation, POLICY_RULE_IDS.staleAnnotation];

/**
 * Escape rules the classifier should report: the ones the config (or the rule's default) turns
 * on, plus the ones the config turns off, so those are counted as `disabled-rule` by the policy
 * stage rather than vanishing. Rules off by default and not named stay unreported and uncounted.
 */
export function classifierRules(rules: readonly RuleMeta[], config: HeaplintConfig): Set<string> {
  return new Set(rules.filter((r) => config.rules[r.id] !== undefined || r.enabledByDefault).map((r) => r.id));
}

/** Each rule's defaults, from its metadata; the directive rules are always included. */
export function ruleDefaults(rules: readonly RuleMeta[]): Map<string, RuleDefault> {
  const out = new Map<string, RuleDefault>();
  for (const r of [...SOURCE_RULES, ...rules]) out.set(r.id, { enabledByDefault: r.enabledByDefault, defaultLevel: r.defaultLevel });
  return out;
}

export interface PolicyStageInput {
  config: HeaplintConfig;
  rules: readonly RuleMeta[];
  findings: readonly Finding[];
  contractFindings: readonly Finding[];
  directives: ReadonlyMap<string, DirectiveScan>;
  baseline: Baseline | null;
  changedLines: ChangedLines | null;
}

export function runPolicyStage(input: PolicyStageInput): PolicyResult {
  const rules = { ...input.config.rules };
  for (const id of CONTRACT_ONLY_RULES) delete rules[id];
  const contractRefs = new Set(input.contractFindings.map((f) => `${f.ruleId}\u001f${f.fingerprint}`));
  const result = applyPolicy([...input.findings, ...input.contractFindings], {
    config: { ...input.config, rules },
    directives: input.directives,
    ruleDefaults: ruleDefaults(input.rules),
    baseline: input.baseline,
    changedLines: input.changedLines,
  });
  // An invalid-directive finding from the contracts stage (a contract that is never checked) stays
  // an error even when the config lowers the scanner's invalid-directive findings.
  const restore = (f: Finding): Finding => (f.level !== 'error' && contractRefs.has(`${f.ruleId}\u001f${f.fingerprint}`) ? { ...f, level: 'error' } : f);
  return {
    ...result,
    findings: result.findings.map(restore),
    suppressed: result.suppressed.map((s) => ({ ...s, finding: restore(s.finding) })),
    baselined: result.baselined.map(restore),
  };
}
