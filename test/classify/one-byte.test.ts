/**
 * Boxing a value whose type fits in one byte allocates nothing (the compiler takes the box from
 * static data), whatever the value: a note. The type is read from the source where it is not
 * written on a declaration: a local's value (`major := pb & 0xe0`), a conversion, an element of a
 * string or byte slice, a comparison or negation, arithmetic on such values, a call of the
 * package's function returning one, a type assertion, a field, a range loop's value over a byte
 * slice (a string's is a rune, which allocates), a parameter of another package's
 * function inlined at the call (`errs.c`), a result of another package's function
 * (`b, err := strconv.ParseBool(s)`, `ok := utf8.ValidString(s)`), a type switch's variable in a
 * clause of one type. An int or a rune boxed the same way allocates. fixtures/onebyte: real go1.26 -m=2 output and a Go test measuring each case with
 * testing.AllocsPerRun.
 */
import { briefFinding, fixtureOptions, fixtureTests } from './fixture-module.js';
import { classify } from '../../src/classify/classify.js';

const EXPECTED = [
  // The parameter of another package's function inlined at the call: its declared type, read there.
  'interface-boxing note 4:31 Box c',
  'interface-boxing note 8:40 Inlined errs.c',
  'interface-boxing note 16:6 Derived major',
  'interface-boxing note 19:34 Converted uint8(c)',
  'interface-boxing note 21:29 Named Bool(n)',
  'interface-boxing note 23:37 StringElement s[0]',
  'interface-boxing note 25:43 SliceElement b[i]',
  'interface-boxing note 27:54 Arithmetic r[i / 2] >> uint(4) & byte(15)',
  'interface-boxing note 29:33 Compared a == b',
  'interface-boxing warning 34:6 Wide w',
  'interface-boxing note 39:24 Not !v',
  'interface-boxing note 44:33 Equal equal(a, b)',
  'interface-boxing note 46:27 Assert v.(bool)',
  'interface-boxing note 50:30 Field h.fin',
  'interface-boxing note 55:7 Ranged b',
  'interface-boxing warning 61:7 RangedString r',
  // results.go: another package's function's result, by its declaration there; a type switch's clause.
  'interface-boxing note 17:6 Parsed b',
  'interface-boxing note 22:6 Valid ok',
  'interface-boxing note 27:6 Checked ok',
  'interface-boxing warning 33:6 Decoded r',
  'interface-boxing note 40:7 Switched v',
  'interface-boxing warning 44:7 Switched v',
  // zerosize.go: another package's variable of a type with no size.
  'interface-boxing note 7:26 Order binary.BigEndian',
  // A byte of a string field, through a local.
  'interface-boxing note 14:6 Short c',
];


fixtureTests('onebyte', 'one-byte values boxed from static data are notes, however their type is written', briefFinding, EXPECTED, 'example.com/onebyte');

test("a compiler's name is no comparison: `<node unsafe.String>` has no one-byte type", () => {
  const record = {
    kind: 'escapes-to-heap' as const,
    file: './onebyte.go',
    line: 23,
    column: 37,
    message: '<node unsafe.String> escapes to heap',
    package: 'example.com/onebyte',
    variant: null,
    count: 1,
    logLine: 1,
    subject: '<node unsafe.String>',
    function: 'StringElement',
    flows: [{ block: 0, dst: '{heap}', src: '&{storage for <node unsafe.String>}', derefs: -1, steps: [{ expr: 'sink = <node unsafe.String>', why: 'assign' as const, file: './onebyte.go', line: 23, column: 37 }] }],
    explanations: [],
  };
  expect(classify([record], fixtureOptions('onebyte')).findings.map((f) => `${f.ruleId} ${f.level}`)).toEqual(['interface-boxing warning']);
});
