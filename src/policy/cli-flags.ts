/**
 * The command-line surface the policy stage, the GitHub Action and the pre-commit hook rely on.
 * The CLI must accept every flag listed here (a CLI test should check its yargs options against
 * this list); the action and hook tests check that they use nothing else.
 */

export const CLI_COMMANDS: readonly string[] = ['lint', 'baseline'];

export interface PolicyFlag {
  flag: string;
  /** `value` when it takes an argument, `boolean` otherwise. */
  type: 'value' | 'boolean';
  description: string;
}

export const POLICY_CLI_FLAGS: readonly PolicyFlag[] = [
  { flag: '--config', type: 'value', description: 'Config file to use instead of searching for .heaplint.yml/.heaplint.json.' },
  { flag: '--fail-level', type: 'value', description: 'Exit 1 when a finding is at or above this level: error, warning (default), note, none.' },
  { flag: '--baseline', type: 'value', description: 'Report only findings not recorded in this baseline file, and list the fixed ones.' },
  { flag: '--write-baseline', type: 'value', description: 'Write the current findings to this baseline file.' },
  { flag: '--new-from-rev', type: 'value', description: 'Report only findings on lines changed since this git revision.' },
  { flag: '--new-from-merge-base', type: 'value', description: 'Like --new-from-rev, from the merge base of this branch and HEAD.' },
  { flag: '--changed', type: 'boolean', description: 'Build only the packages whose .go files changed (since HEAD, or --new-from-rev).' },
  { flag: '--include-suppressed', type: 'boolean', description: 'Also put suppressed findings in SARIF, marked as suppressed.' },
];

/** Flags owned by other stages that the action and hook use. */
export const OTHER_CLI_FLAGS: readonly PolicyFlag[] = [
  { flag: '--format', type: 'value', description: 'Output format, optionally `format=file`; repeatable.' },
  { flag: '--category', type: 'value', description: 'SARIF runAutomationDetails category.' },
  { flag: '--tags', type: 'value', description: 'Build tags.' },
];

export const CLI_FLAGS: readonly string[] = [...POLICY_CLI_FLAGS, ...OTHER_CLI_FLAGS].map((f) => f.flag).sort();
