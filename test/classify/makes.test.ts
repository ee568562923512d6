/**
 * From Go 1.25 a make with a size not known at compile time that does not escape gets a 32-byte
 * stack buffer and goes to the heap above it: a note. Not for a make spread into an append
 * (`append(dst, make([]T, n)...)`: the compiler extends dst and makes no slice) nor for a map of
 * a named type (`make(Marks, n)`); a named slice type is a slice. A spread make inlined from
 * another function, of the package or the standard library's (slices.Grow), is printed at the
 * call: the callee's body is read to tell, or, for a body inlined in the callee's (slices.Concat
 * inlines slices.Grow), the append printed at the same position with the make spread in it.
 * fixtures/makes: real go1.26 -m=2 output and a Go test measuring each case with
 * testing.AllocsPerRun.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { briefFinding, classifyFixture, fixtureModule, fixtureTests } from './fixture-module.js';

const EXPECTED = [
  'append-growth note 13:51 Pad append',
  'variable-size-allocation note 28:11 NamedSlice make(Buf, n)',
  'variable-size-allocation note 34:11 Plain make([]byte, n)',
  'append-growth note 40:12 grow append',
  'append-growth note 51:54 Std append',
  'interface-boxing note 51:54 Std "cannot be negative"',
  // slices.Concat inlines slices.Grow: its make is spread as the append printed beside it shows.
  'append-growth note 57:59 Concat append',
  'interface-boxing note 57:59 Concat "cannot be negative"',
  'interface-boxing note 57:59 Concat "len out of range"',
  // A zero-sized element: sent to the heap allocator, which allocates nothing for it (measured).
  'variable-size-allocation note 65:37 ZeroSized make([]struct {}, n)',
];


fixtureTests('makes', 'variable-size makes: slices only, and none spread into an append', briefFinding, EXPECTED, 'example.com/makes');

test('a finding at a call is highlighted from what it calls to the call\'s end: `slices.Grow(b, n)`', () => {
  const line = readFileSync(path.join(fixtureModule('makes'), 'makes.go'), 'utf8').split('\n')[50] ?? '';
  const std = classifyFixture('makes').find((f) => f.line === 51 && f.ruleId === 'append-growth');
  const call = 'slices.Grow(b, n)';
  expect([std?.startColumn, std?.column, std?.endColumn]).toEqual([line.indexOf(call) + 1, line.indexOf('(b, n)') + 1, line.indexOf(call) + call.length + 1]);
});
