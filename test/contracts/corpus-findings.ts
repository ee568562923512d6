import type { Finding } from '../../src/findings/finding.js';

/** The fields of a finding that CORPUS_FINDINGS pins. */
export const brief = (f: Finding): Pick<Finding, 'ruleId' | 'level' | 'file' | 'line' | 'column' | 'message'> => ({
  ruleId: f.ruleId,
  level: f.level,
  file: f.file,
  line: f.line,
  column: f.column,
  message: f.message,
});

/** The findings the contracts corpus must produce with Go 1.26 (shared by the unit and integration tests). */
export const CORPUS_FINDINGS = [
  {
    ruleId: 'contract-violation',
    line: 23,
    column: 6,
    file: 'test/fixtures/contracts/codec/codec.go',
    message: '`buf` is moved to the heap in `Encode`, which is marked //heaplint:noescape: it is captured by a closure.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 24,
    column: 9,
    message:
      'A closure (`func literal`) escapes to the heap in `Encode`, which is marked //heaplint:noescape: it is returned from the function.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 25,
    column: 15,
    message:
      'The array grown by `append` escapes to the heap in `Encode`, which is marked //heaplint:noescape: it is captured by a closure.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 33,
    column: 11,
    message:
      'Parameter `p` of `Keep` leaks to the heap, but `Keep` is marked //heaplint:noescape: it is stored in a global or in heap memory.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 41,
    column: 11,
    message:
      '`make([]byte, n)` has a size known only at run time in `Scratch`, which is marked //heaplint:noescape: sizes over 32 bytes are allocated on the heap.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 48,
    column: 11,
    message:
      'What parameter `dst` of `Grow` points to leaks to the heap, but `Grow` is marked //gcassert:noescape: it is stored in a global or in heap memory.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 49,
    column: 15,
    message:
      'The array grown by `append` escapes to the heap in `Grow`, which is marked //gcassert:noescape: it is stored in a global or in heap memory.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 63,
    column: 17,
    message:
      '`p` (from the inlined call to `newPoint`) is moved to the heap in `Wrap`, which is marked //heaplint:noescape: it is stored in a global or in heap memory.',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 71,
    column: 18,
    message:
      '`n` escapes to the heap on a line marked //heaplint:noescape in `Lines`: it is boxed into an interface, which is passed to a call that keeps it.',
  },
  {
    ruleId: 'stale-annotation',
    file: 'test/fixtures/contracts/codec/codec.go',
    line: 80,
    column: 2,
    message: '//heaplint:escapes interface-boxing on this line is stale: the compiler reports no escape here any more.',
  },
  {
    ruleId: 'invalid-directive',
    file: 'test/fixtures/contracts/directives/directives.go',
    line: 18,
    column: 1,
    message:
      "//heaplint:noescape is attached to nothing: put it in a function's doc comment, at the end of a line of code, or alone on the line above one.",
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/fast-path/big.go',
    line: 314,
    column: 13,
    message:
      "This call to `hash` is not inlined, but `hash` is marked //heaplint:inline: the call is in `Table`, which the compiler considers 'big', so calls inside it are inlined only up to cost 20 (`hash` costs 24).",
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/fast-path/hash.go',
    line: 42,
    column: 6,
    message:
      '`mix` cannot be inlined, but it is marked //heaplint:inline: function too complex: cost 83 exceeds budget 80 (3 over).',
  },
  {
    ruleId: 'contract-violation',
    file: 'test/fixtures/contracts/fast-path/hash.go',
    line: 65,
    column: 2,
    message:
      'No call on this line is inlined, but the line is marked //gcassert:inline: `mix` cannot be inlined: function too complex: cost 83 exceeds budget 80 (3 over).',
  },
  {
    ruleId: 'invalid-directive',
    file: 'test/fixtures/contracts/unbuilt/unbuilt.go',
    line: 8,
    column: 1,
    message: '//heaplint:noescape is never checked: package `example.com/contracts/unbuilt` was not built.',
  },
].map((f) => ({ level: 'error' as const, ...f }));
