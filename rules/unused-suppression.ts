import type { RuleMeta } from './rule.js';

/** Reported by the policy stage (src/policy/), not by a record matcher. */
export const unusedSuppression: RuleMeta = {
  id: 'unused-suppression',
  name: 'UnusedSuppression',
  shortDescription: 'A //heaplint:ignore or //nolint:heaplint suppression matched no finding.',
  fullDescription:
    'A suppression comment names rules that report nothing on its line or the line below. The escape it was written for is gone or moved, and the comment would hide a future finding there.',
  helpMarkdown: [
    '## Why it allocates',
    '',
    'This finding is about the suppression: the allocation it silenced no longer happens at that place.',
    '',
    '## Example',
    '',
    '```go',
    'n := len(buf) //heaplint:ignore variable-size-allocation buffer is small',
    '```',
    '',
    'After: remove the suppression, since nothing on the line allocates.',
    '',
    '```go',
    'n := len(buf)',
    '```',
    '',
    '## Fix',
    '',
    'Delete the comment, or move it to the line that now reports the finding.',
  ].join('\n'),
  defaultLevel: 'warning',
  enabledByDefault: true,
  tags: ['performance', 'escape-analysis', 'directive', 'maintainability'],
  precision: 'very-high',
};
