import type { Rule } from './rule.js';
import type { Route } from '../src/classify/evidence.js';
import { deciding, explained, findRoute, hasWhy, routeClause } from '../src/classify/evidence.js';
import { EXPLICIT_ALLOCATION_FORMS, parseSubject } from '../src/classify/subject.js';
import { factsOf, subjectPhrase } from '../src/classify/rule-kit.js';

function hint(route: Route): string {
  switch (route.kind) {
    case 'return':
      return 'Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill.';
    case 'assign':
      return 'Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.';
    case 'call':
      return "The callee keeps the pointer or cannot be analysed (see its leaking-param note): make it not retain its argument, or pass a value.";
    case 'send':
    case 'map':
      return 'Send or store small values instead of pointers.';
    case 'outlives':
      return 'Declare the variable inside the loop or closure that uses it, or allocate once and reuse it.';
    case 'heap-variable':
      return 'Keep that variable on the stack (its own finding says why it moves), or store a value instead of a pointer in it.';
    default:
      return 'Keep the pointer from outliving the function, or allocate once and reuse the object.';
  }
}

export const pointerEscape: Rule = {
  meta: {
    id: 'pointer-escape',
    name: 'PointerEscape',
    shortDescription: 'An address-taken variable or an explicit allocation escapes to the heap; the message names the route.',
    fullDescription:
      'A variable whose address outlives the function, or an explicit allocation (new, &T{}, a slice or map literal, also of a named slice or map type, make), must be heap-allocated. A slice literal with no elements has a backing array of no size and allocates nothing: a note. The -m=2 flow shows the route: returned to the caller, stored in a global or heap object, sent on a channel, put in a map, passed to a call that keeps it, or kept beyond its loop iteration.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'The stack frame disappears when the function returns, so anything whose address survives the call must live on the heap:',
      'returned pointers, pointers stored in globals, heap objects, maps or channels, and pointers passed to functions that keep them.',
      '',
      '## Example',
      '',
      '```go',
      'func NewBuffer() *Buffer {',
      '\tb := Buffer{} // moved to heap: its address is returned',
      '\treturn &b',
      '}',
      '```',
      '',
      'After: let the caller own the storage.',
      '',
      '```go',
      'func (b *Buffer) Reset() { *b = Buffer{} }',
      '',
      'func use() {',
      '\tvar b Buffer // stays on the caller\'s stack',
      '\tb.Reset()',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Return values instead of pointers when they are small, pass storage in from the caller, reuse long-lived objects,',
      'and make callees that only read a pointer avoid storing it.',
    ].join('\n'),
    defaultLevel: 'note',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'pointer'],
    precision: 'high',
  },
  match(record, context) {
    const facts = factsOf(context);
    if (record.kind === 'moved-to-heap') {
      if (explained(record)) {
        if (!hasWhy(record, 'address-of')) return null;
        const route = findRoute(record, facts);
        return {
          message: `${subjectPhrase(record)} is moved to the heap: its address is ${routeClause(route)}. ${hint(route)}`,
          evidence: deciding(record, ['address-of']),
        };
      }
      const route = findRoute(record, facts);
      return {
        message: `${subjectPhrase(record)} is moved to the heap: its address is ${routeClause(route)}. ${hint(route)}`,
        evidence: [],
        confidence: 'low',
      };
    }
    if (record.kind !== 'escapes-to-heap') return null;
    const form = parseSubject(record.subject).form;
    // A literal of a named slice or map type (`IDs{...}`) is one, as `[]int{...}` is.
    const literal = form === 'composite-value' ? facts.literalKind() : null;
    if (!EXPLICIT_ALLOCATION_FORMS.has(form) && literal === null) return null;
    const route = findRoute(record, facts);
    // The compiler prints `{}` for a literal with no elements: a slice's backing array then has no
    // size, and the runtime hands out one shared address for it instead of allocating.
    const empty = (form === 'slice-literal' || literal === 'slice') && record.subject.endsWith('{}');
    const note = empty ? ' It has no elements, so its backing array has no size and this does not allocate.' : '';
    return {
      message: `${subjectPhrase(record)} escapes to the heap: it is ${routeClause(route)}.${note} ${hint(route)}`,
      evidence: deciding(record),
      ...(explained(record) ? {} : { confidence: 'medium' as const }),
      ...(empty ? { level: 'note' as const } : {}),
    };
  },
};

export default pointerEscape;
