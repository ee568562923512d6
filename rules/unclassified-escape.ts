import type { Rule } from './rule.js';
import { explained, findRoute, notes, routeClause } from '../src/classify/evidence.js';
import { factsOf, heapVerb, isHeapVerdict, subjectPhrase } from '../src/classify/rule-kit.js';

export const unclassifiedEscape: Rule = {
  meta: {
    id: 'unclassified-escape',
    name: 'UnclassifiedEscape',
    shortDescription: 'A heap allocation that no other heaplint rule explains.',
    fullDescription:
      'The compiler moved a value to the heap, but its explanation matches none of heaplint\'s causes. The finding carries the full compiler flow so it can still be understood; please report it so a rule can cover the case.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'The compiler decided the value must live on the heap, but the explanation does not match a known cause',
      '(interface boxing, closures, oversized or variable-size allocations, pointer escapes, conversions, appends).',
      '',
      '## Example',
      '',
      '```go',
      '// Compiler-generated temporaries (.autotmp_N) and synthetic range-over-func variables can land here.',
      'for k := range seq { // moved to heap: #next',
      '\tuse(k)',
      '}',
      '```',
      '',
      'After: read the flow attached to the finding, then restructure the code it points to.',
      '',
      '```go',
      'for _, k := range slices.Collect(seq) {',
      '\tuse(k)',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Follow the flow steps in the finding to the statement that makes the value outlive its frame. Please open an issue with the compiler output so heaplint can classify it.',
    ].join('\n'),
    defaultLevel: 'note',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis'],
    precision: 'low',
  },
  match(record, context) {
    if (!isHeapVerdict(record)) return null;
    const route = findRoute(record, factsOf(context));
    const evidence: string[] = [];
    for (const n of notes(record)) if (!evidence.includes(n.step.why)) evidence.push(n.step.why);
    return {
      message: `${subjectPhrase(record)} ${heapVerb(record)}: heaplint recognises no cause in the compiler's explanation (it is ${routeClause(route)}). The flow shows the compiler's reasoning; please report the case.`,
      evidence,
      ...(explained(record) ? {} : { confidence: 'low' as const }),
    };
  },
};

export default unclassifiedEscape;
