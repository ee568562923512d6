import type { Rule } from './rule.js';
import { allocReason, explained } from '../src/classify/evidence.js';
import { constantAllocationSize, parseSubject } from '../src/classify/subject.js';
import { code, goAtLeast, heapVerb, isHeapVerdict, subjectPhrase } from '../src/classify/rule-kit.js';

/** MaxImplicitStackVarSize: `new`, `&T{}`, constant `make`, closure and method-value records. */
export const IMPLICIT_LIMIT = 64 * 1024;

const HINT =
  'Allocate it once and reuse it (pass a buffer in, keep it in a struct, or take it from a sync.Pool), or make it smaller; ' +
  'a heap allocation this size also costs the garbage collector time to zero and scan it.';

export const oversizedAllocation: Rule = {
  meta: {
    id: 'oversized-allocation',
    name: 'OversizedAllocation',
    shortDescription: 'A value is too large for the stack, so the compiler allocates it on the heap.',
    fullDescription:
      'The Go compiler never puts very large values on the stack. Implicit allocations (new, &T{}, make with a constant size, closures and method values) over 64 KiB, ' +
      'and explicit variables over 128 KiB (since Go 1.24; 10 MiB before) are heap-allocated no matter how they are used. ' +
      'The -m=2 explanation shows the single note "too large for stack".',
    helpMarkdown: [
      '## Why it allocates',
      '',
      'The stack frame of a goroutine is small and grows by copying, so the compiler refuses to place large values on it.',
      'Implicit allocations (`new`, `&T{}`, `make` with a constant size, closure and method-value records) larger than **64 KiB**,',
      'and declared variables larger than **128 KiB** (Go 1.24 and later; **10 MiB** before) always go to the heap.',
      'The compiler explains it with a single `(too large for stack)` note.',
      '',
      '## Example',
      '',
      '```go',
      'func checksum(r io.Reader) uint32 {',
      '\tbuf := make([]byte, 1<<20) // 1 MiB: heap-allocated on every call',
      '\tn, _ := io.ReadFull(r, buf)',
      '\treturn crc32.ChecksumIEEE(buf[:n])',
      '}',
      '```',
      '',
      'After: reuse the buffer.',
      '',
      '```go',
      'var bufPool = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}',
      '',
      'func checksum(r io.Reader) uint32 {',
      '\tbp := bufPool.Get().(*[]byte)',
      '\tdefer bufPool.Put(bp)',
      '\tn, _ := io.ReadFull(r, *bp)',
      '\treturn crc32.ChecksumIEEE((*bp)[:n])',
      '}',
      '```',
      '',
      '## Fix',
      '',
      'Allocate large buffers once and reuse them (a field, a parameter, or a `sync.Pool`), or work in smaller chunks.',
    ].join('\n'),
    defaultLevel: 'warning',
    enabledByDefault: true,
    tags: ['performance', 'allocation', 'escape-analysis', 'stack-size'],
    precision: 'very-high',
  },
  match(record, context) {
    if (!isHeapVerdict(record)) return null;
    const reason = allocReason(record);
    const subject = parseSubject(record.subject);
    const size = constantAllocationSize(subject);
    const sizeText = size !== null ? ` at ${size} bytes` : '';
    if (reason === 'too aligned for stack') {
      return {
        message: `${subjectPhrase(record)} ${heapVerb(record)}: its type needs more alignment than the stack provides. Use a type with ordinary alignment or allocate it once and reuse it.`,
        evidence: [reason],
      };
    }
    if (reason === 'too large for stack') {
      let limit: string;
      if (record.kind === 'moved-to-heap') {
        const v124 = goAtLeast(context, 24);
        limit =
          v124 === 'unknown'
            ? 'declared variables over 128 KiB (Go 1.24+; 10 MiB before) are heap-allocated'
            : v124
              ? 'declared variables over 128 KiB are heap-allocated since Go 1.24'
              : 'declared variables over 10 MiB are heap-allocated before Go 1.24';
      } else {
        limit = 'implicit allocations over 64 KiB are always heap-allocated';
      }
      return {
        message: `${subjectPhrase(record)} ${heapVerb(record)}: it is too large for the stack${sizeText} (${limit}). ${HINT}`,
        evidence: [reason],
      };
    }
    if (!explained(record) && record.kind === 'escapes-to-heap' && size !== null && size > IMPLICIT_LIMIT) {
      return {
        message: `${code(record.subject)} escapes to the heap: at ${size} bytes it is too large for the stack (implicit allocations over 64 KiB are always heap-allocated). ${HINT}`,
        evidence: [],
        confidence: 'medium',
      };
    }
    return null;
  },
};

export default oversizedAllocation;
