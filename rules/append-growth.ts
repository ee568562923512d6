import type { Rule } from './rule.js';
import { deciding, findRoute, routeClause } from '../src/classify/evidence.js';
import { parseSubject } from '../src/classify/subject.js';
import { code, factsOf } from '../src/classify/rule-kit.js';

export const appendGrowth: Rule = {
  meta: {
    id: 'append-growth',
    name: 'AppendGrowth',
    shortDescription: 'The backing array an append may allocate escapes to the heap.',
    fullDescription:
      'When append has to grow a slice it allocates a new backing array. Since Go 1.25 the compiler tracks that array as its own allocation site and reports "append escapes to heap" when the grown slice outlives the function; earlier compilers never reported it.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'If the capacity is too small, `append` allocates a larger backing array and copies the elements.',
      'When the resulting slice escapes (it is stored in a global or field, returned, or captured), that array lives on the heap.',
      'Go 1.25 and later report it as `append escapes to heap`; repeated growth in a loop allocates several times.',
      '',
      '## Example',
      '',
      '```go',
      'var events []Event',
      '',
      'func record(batch []Event) {',
      '\tfor _, e := range batch {',
      '\t\tevents = append(events, e) // grows the global slice repeatedly',
      '\t}',
      '}',
      '```',
      '',
      'After: grow once.',
      '',
      '```go',
      'func record(batch []Event) {',
      '\tevents = slices.Grow(events, len(batch))',
      '\tevents = append(events, batch...)',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Preallocate with `make([]T, 0, n)` or `slices.Grow` when the final size is known, and reuse slices (`s = s[:0]`) across calls.',
    ].join('\n'),
    defaultLevel: 'note',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'slice'],
    precision: 'high',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap' || parseSubject(record.subject).form !== 'append') return null;
    const header = record.explanations[0]?.subject;
    const which = header !== undefined && header.startsWith('append(') ? ` by ${code(header)}` : '';
    const route = findRoute(record, factsOf(context));
    return {
      message: `The backing array grown${which} escapes to the heap: the grown slice is ${routeClause(route)}. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.`,
      evidence: deciding(record),
    };
  },
};

export default appendGrowth;
