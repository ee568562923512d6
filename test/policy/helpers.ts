import type { Finding } from '../../src/findings/finding.js';

/** A finding with only the fields a test cares about spelled out. */
export function finding(overrides: Partial<Finding> & Pick<Finding, 'ruleId' | 'file' | 'line'>): Finding {
  return {
    level: 'warning',
    message: `${overrides.ruleId} at ${overrides.file}:${overrides.line}`,
    column: 2,
    endLine: overrides.line,
    endColumn: 10,
    function: 'F',
    package: 'example.com/m',
    subject: 'x',
    evidence: [],
    flow: [],
    inlinedAt: [],
    fingerprint: `fp-${overrides.ruleId}-${overrides.file}-${overrides.subject ?? 'x'}`,
    ...overrides,
  };
}
