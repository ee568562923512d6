/**
 * From Go 1.25 a make with a size not known at compile time that does not escape gets a 32-byte
 * stack buffer and goes to the heap above it: a note. Not for a make spread into an append
 * (`append(dst, make([]T, n)...)`: the compiler extends dst and makes no slice) nor for a map of
 * a named type (`make(Marks, n)`); a named slice type is a slice. fixtures/makes: real go1.26
 * -m=2 output and a Go test measuring each case with testing.AllocsPerRun.
 */
import { classifyFixture, sameFromLint } from './fixture-module.js';

const EXPECTED = [
  'append-growth note 11:51 Pad append',
  'variable-size-allocation note 26:11 NamedSlice make(Buf, n)',
  'variable-size-allocation note 32:11 Plain make([]byte, n)',
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string };
const brief = (f: Brief): string => `${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`;

test('variable-size makes: slices only, and none spread into an append', () => {
  expect(classifyFixture('makes').map(brief)).toEqual(EXPECTED);
});

sameFromLint('makes', brief, EXPECTED, 'example.com/makes');
