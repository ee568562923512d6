/**
 * Boxing a value whose type fits in one byte (bool, byte, uint8, int8, and named types over them)
 * or has no size (struct{}) allocates nothing: the compiler takes the box from static data
 * (`-d=escapedebug=1`: "using global for single-byte interface value"), though escape analysis
 * still says `escapes to heap`. Like a boxed constant, it is a note. The type comes from the
 * source: a parameter, a local, a package-level type.
 */
import { classify, type ClassifyOptions } from '../../src/classify/classify.js';
import type { VerdictRecord } from '../../src/parse/records.js';
import { RULES } from '../../rules/index.js';
import { goVersionOf } from './helpers.js';

const SOURCE = [
  'package p', // 1
  '', // 2
  'import "fmt"', // 3
  '', // 4
  'type flag bool', // 5
  'type empty struct{}', // 6
  '', // 7
  'func f(ok bool, b byte, i8 int8, n int, e struct{}) {', // 8
  '\tvar on flag', // 9
  '\tfmt.Println(ok)', // 10
  '\tfmt.Println(b)', // 11
  '\tfmt.Println(i8)', // 12
  '\tfmt.Println(n)', // 13
  '\tfmt.Println(e)', // 14
  '\tfmt.Println(on)', // 15
  '}', // 16
  '',
].join('\n');

const options: ClassifyOptions = {
  resolver: { resolve: (file) => ({ absolute: `/m/${file.replace(/^\.\//, '')}`, repoRelative: file.replace(/^\.\//, ''), outside: null }) },
  goVersion: goVersionOf('1.26'),
  readSource: (abs) => (abs === '/m/p.go' ? SOURCE : null),
  enabledRules: new Set(RULES.map((r) => r.meta.id)),
};

/** `NAME escapes to heap` at line:14 with the -m=2 flow of a boxed fmt argument. */
function boxed(name: string, line: number): VerdictRecord {
  const step = (expr: string, why: string, column: number): VerdictRecord['flows'][number]['steps'][number] => ({ expr, why, file: './p.go', line, column });
  return {
    kind: 'escapes-to-heap',
    file: './p.go',
    line,
    column: 14,
    message: `${name} escapes to heap`,
    package: 'example.com/m/p',
    variant: null,
    count: 1,
    logLine: line,
    subject: name,
    function: 'f',
    flows: [
      { block: 0, dst: '{storage for ... argument}', src: `{storage for ${name}}`, derefs: -1, steps: [step(name, 'spill', 14), step('... argument', 'slice-literal-element', 13)] },
      { block: 0, dst: '{heap}', src: 'fmt.a', derefs: 1, steps: [step('fmt.Fprintln(os.Stdout, fmt.a...)', 'call parameter', 13)] },
    ],
    explanations: [],
  };
}

test('one-byte and zero-sized values are boxed from static data: notes; an int allocates: a warning', () => {
  const records = [boxed('ok', 10), boxed('b', 11), boxed('i8', 12), boxed('n', 13), boxed('e', 14), boxed('on', 15)];
  const findings = classify(records, options).findings;
  expect(findings.map((f) => `${f.line} ${f.ruleId} ${f.level}`)).toEqual([
    '10 interface-boxing note',
    '11 interface-boxing note',
    '12 interface-boxing note',
    '13 interface-boxing warning',
    '14 interface-boxing note',
    '15 interface-boxing note',
  ]);
  expect(findings[0]?.message).toBe(
    '`ok` escapes to the heap: it is boxed into an interface to call `fmt.Println`. Its type fits in one byte (or has no size), so the compiler takes the box from static data and this does not allocate. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.',
  );
});
