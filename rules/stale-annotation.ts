import type { RuleMeta } from './rule.js';

/** Reported by the contracts stage (src/contracts/), not by a record matcher. */
export const staleAnnotation: RuleMeta = {
  id: 'stale-annotation',
  name: 'StaleAnnotation',
  shortDescription: 'A //heaplint:escapes annotation documents an escape the compiler no longer reports.',
  fullDescription:
    'A line carries //heaplint:escapes rule-id reason, but the compiler reports no matching heap escape on that line any more. The annotation no longer documents anything and would silently hide a future escape there.',
  helpMarkdown: [
    '## Why it allocates',
    '',
    'It no longer does: a change removed the escape the annotation was written for, which is good news.',
    '',
    '## Example',
    '',
    '```go',
    'log.Printf("slow path %d", n) //heaplint:escapes interface-boxing logging is off the hot path',
    '```',
    '',
    'After the call was replaced by an allocation-free one, drop the annotation:',
    '',
    '```go',
    'slowPaths.Add(1)',
    '```',
    '',
    '## Fix',
    '',
    'Delete the annotation, or move it to the line that escapes now.',
  ].join('\n'),
  defaultLevel: 'error',
  enabledByDefault: true,
  tags: ['performance', 'escape-analysis', 'contract', 'maintainability'],
  precision: 'very-high',
};
