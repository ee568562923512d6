/** The process exit code policy: 0 clean, 1 findings at or above the fail level, 2 usage/tool errors. */
import { HeaplintError } from '../errors.js';
import { levelRank, type Finding } from '../findings/finding.js';
import { FAIL_LEVELS, type FailLevel } from './config.js';

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;

export function exitCodeFor(findings: readonly Pick<Finding, 'level'>[], failLevel: FailLevel): 0 | 1 {
  if (failLevel === 'none') return EXIT_OK;
  const threshold = levelRank(failLevel);
  return findings.some((f) => levelRank(f.level) >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

/** Validate a `--fail-level` value. */
export function parseFailLevel(value: string, source = '--fail-level'): FailLevel {
  if ((FAIL_LEVELS as readonly string[]).includes(value)) return value as FailLevel;
  throw new HeaplintError(`${source}: must be one of ${FAIL_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
}
