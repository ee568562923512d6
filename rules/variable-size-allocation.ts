import type { Rule } from './rule.js';
import { allocReason, explained } from '../src/classify/evidence.js';
import { isConstantExpression, parseSubject } from '../src/classify/subject.js';
import { code, factsOf, goAtLeast } from '../src/classify/rule-kit.js';
import type { RecordFacts } from '../src/classify/facts.js';

const HINT =
  'Give it a constant capacity when a bound is known (make([]T, n, 64) stays on the stack when it fits), or reuse a buffer across calls.';

/** A make of a slice (a named type only when declared as one) with a size not known at compile time. */
function nonConstantMake(subjectText: string, facts: RecordFacts): boolean {
  const subject = parseSubject(subjectText);
  if (subject.form !== 'make' || subject.makeKind === 'map' || subject.makeKind === 'chan') return false;
  if (subject.makeKind === 'named' && facts.namedMakeKind() !== 'slice') return false;
  const args = subject.makeArgs ?? [];
  return args.length > 0 && !args.every(isConstantExpression);
}

export const variableSizeAllocation: Rule = {
  meta: {
    id: 'variable-size-allocation',
    name: 'VariableSizeAllocation',
    shortDescription: 'A make whose size is not known at compile time is allocated on the heap.',
    fullDescription:
      'The compiler can only place a slice on the stack when it knows its size. Before Go 1.25 every make([]T, n) with a non-constant size is heap-allocated (note "non-constant size"). ' +
      'From Go 1.25 such a make reports "does not escape" but only uses a 32-byte stack buffer: above 32 bytes it is still allocated on the heap at run time, and heaplint reports it too (not a make spread into an append, append(dst, make([]T, n)...), which the compiler turns into extending dst, nor a map). ' +
      'A make of a zero-sized element type is sent to the heap allocator as well (note "zero-sized element"), which gives every allocation of no size one shared address: it allocates nothing.',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'Stack frames have a fixed size decided at compile time, so `make([]T, n)` with a variable `n` cannot live there.',
      'Up to Go 1.24 the compiler heap-allocates it (`(non-constant size)`).',
      'Since Go 1.25 it reserves a 32-byte stack buffer and prints `does not escape`, but a larger slice is still allocated on the heap at run time.',
      '',
      '## Example',
      '',
      '```go',
      'func sum(n int) int {',
      '\txs := make([]int, n) // size unknown at compile time',
      '\tfor i := range xs {',
      '\t\txs[i] = i',
      '\t}',
      '\treturn total(xs)',
      '}',
      '```',
      '',
      'After: a constant capacity keeps small inputs on the stack.',
      '',
      '```go',
      'func sum(n int) int {',
      '\tvar buf [64]int',
      '\txs := buf[:0]',
      '\tfor i := 0; i < n; i++ {',
      '\t\txs = append(xs, i) // grows to the heap only past 64 elements',
      '\t}',
      '\treturn total(xs)',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Use a constant size or capacity when there is a known bound, start from a fixed-size array, or reuse a buffer across calls.',
    ].join('\n'),
    defaultLevel: 'note',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'slice'],
    precision: 'high',
  },
  match(record, context) {
    const reason = allocReason(record);
    if (record.kind === 'escapes-to-heap' && reason === 'non-constant size') {
      return {
        message: `${code(record.subject)} escapes to the heap: its size is not known at compile time, so the compiler heap-allocates it. ${HINT}`,
        evidence: [reason],
      };
    }
    if (record.kind === 'escapes-to-heap' && reason === 'zero-sized element') {
      return {
        message: `${code(record.subject)} escapes to the heap: its element type is zero-sized, so the compiler sends it to the heap allocator, which gives every allocation of no size one shared address: this does not allocate.`,
        evidence: [reason],
      };
    }
    const facts = factsOf(context);
    // Spread into an append, the make is never made: the compiler extends the append's slice.
    if (record.kind === 'does-not-escape' && nonConstantMake(record.subject, facts) && goAtLeast(context, 25) !== false && !facts.spreadIntoAppend()) {
      return {
        message: `${code(record.subject)} may still allocate on the heap: its size is not known at compile time, and although it does not escape, Go 1.25+ only gives it a 32-byte stack buffer and allocates on the heap above 32 bytes at run time. ${HINT}`,
        evidence: [],
        confidence: 'medium',
      };
    }
    if (record.kind === 'escapes-to-heap' && !explained(record) && nonConstantMake(record.subject, facts) && goAtLeast(context, 25) !== true) {
      return {
        message: `${code(record.subject)} escapes to the heap: its size is not known at compile time, so the compiler heap-allocates it. ${HINT}`,
        evidence: [],
        confidence: 'low',
      };
    }
    return null;
  },
};

export default variableSizeAllocation;
