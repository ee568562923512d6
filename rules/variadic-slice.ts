import type { Rule } from './rule.js';
import { deciding, findRoute, routeClause } from '../src/classify/evidence.js';
import { parseSubject } from '../src/classify/subject.js';
import { code, factsOf } from '../src/classify/rule-kit.js';

export const variadicSlice: Rule = {
  meta: {
    id: 'variadic-slice',
    name: 'VariadicSlice',
    shortDescription: 'The implicit slice built for a variadic call escapes to the heap.',
    fullDescription:
      'Calling f(a, b, c) with a variadic parameter ...T builds a hidden slice holding the arguments. It stays on the stack unless the callee keeps its variadic parameter (stores it, returns it, or is not analysable), in which case every call heap-allocates the slice.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'The arguments of a variadic call are packed into an implicit `[]T` (the compiler calls it `... argument`).',
      'If the callee retains that slice — stores it in a global or a field, returns it, or cannot be analysed — the slice escapes and is allocated on every call.',
      '',
      '## Example',
      '',
      '```go',
      'var registry []*Plugin',
      '',
      'func Register(ps ...*Plugin) { registry = ps } // keeps the slice',
      '',
      'func init() { Register(a, b) } // ... argument escapes',
      '```',
      '',
      'After: copy what the callee keeps.',
      '',
      '```go',
      'func Register(ps ...*Plugin) { registry = append(registry, ps...) }',
      '```',
      '',
      '## Fix',
      '',
      'Make the callee copy the elements it needs to keep, or pass an existing slice with `s...` so no new slice is built per call.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'variadic'],
    precision: 'very-high',
  },
  match(record, context) {
    if (record.kind !== 'escapes-to-heap' || parseSubject(record.subject).form !== 'variadic') return null;
    const facts = factsOf(context);
    const callee = facts.calleeAt({ file: record.file, line: record.line, column: record.column, expr: '', why: '' });
    const call = callee !== null ? ` of the call to ${code(callee)}` : '';
    const route = findRoute(record, facts);
    return {
      message: `The implicit slice${call} built for its \`...\` arguments escapes to the heap: it is ${routeClause(route)}. Change the callee to copy what it keeps, or pass an existing slice with \`s...\`.`,
      evidence: deciding(record),
    };
  },
};

export default variadicSlice;
