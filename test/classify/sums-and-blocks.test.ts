/**
 * Real go1.26 -m=2 lines (fixtures/sums: `go build -gcflags=-m=2` of main.go there) for the cases
 * where the compiler prints two different things alike: `a + b` over numbers (an interface box)
 * or strings (string data, plus a box when it is converted), a field or a method value `e.X`, and
 * verdicts with several explanation blocks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../../src/classify/classify.js';
import type { ClassifyResult } from '../../src/classify/classify.js';
import { RULES } from '../../rules/index.js';
import { verdicts } from './helpers.js';
import { readSourceFile } from '../../src/pipeline/lint.js';

const DIR = join(import.meta.dirname, 'fixtures', 'sums');

function run(enabledRules?: ReadonlySet<string>): ClassifyResult {
  return classify(verdicts(readFileSync(join(DIR, 'm2.log'), 'utf8')), {
    resolver: { resolve: (file) => ({ absolute: join(DIR, file.replace(/^\.\//, '')), repoRelative: file.replace(/^\.\//, ''), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: readSourceFile,
    ...(enabledRules !== undefined ? { enabledRules } : {}),
  });
}

describe('a + b, fields and multi-block verdicts (go1.26)', () => {
  const { findings, unclassified } = run();

  test('every heap verdict gets the rule its cause calls for', () => {
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId} [${f.subject}] ${f.evidence.join(',')}`)).toEqual([
      '20:16 interface-boxing [a + b] call parameter', // int sum to fmt: the box, not a string
      '24:16 interface-boxing [a + b] interface-converted,call parameter', // string sum to fmt: the box ...
      '24:16 string-allocation [a + b] interface-converted', // ... and the string data it holds
      '28:11 interface-boxing [o + offset(n)] assign', // `type offset uint32`
      '32:15 interface-boxing [a + b + c] interface-converted,assign',
      '32:15 string-allocation [a + b + c] interface-converted',
      '36:16 interface-boxing [n + 1] call parameter',
      '40:15 interface-boxing [e.Kind] call parameter', // a field, though the package has methods
      '44:10 method-value [e.Name] interface-converted,assign',
      '50:17 oversized-allocation [make([]uint32, 0, 16385)] too large for stack', // block 2 of 2 outranks the assign route
      '54:6 closure-capture [wg] captured by a closure,reference', // block 3 of 3 outranks two address-of routes
      '57:6 closure-escape [func literal] spill',
      '86:23 interface-boxing [(~r0) + (~r0)] call parameter', // inlined calls' results: uint64, read from the methods
      '87:20 string-allocation [~r0 + ~r0] assign', // ... and strings
    ]);
    expect(unclassified).toBe(0);
  });

  test('messages for the arithmetic box and the boxed string data', () => {
    const at = (line: number, rule: string) => findings.find((f) => f.line === line && f.ruleId === rule)?.message;
    expect(at(20, 'interface-boxing')).toBe(
      '`a + b` escapes to the heap: it is boxed into an interface to call `fmt.Println`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.',
    );
    expect(at(32, 'string-allocation')).toBe(
      '`a + b + c` escapes to the heap: the concatenation builds a new string, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths.',
    );
    expect(findings.find((f) => f.line === 54)?.flow.map((s) => s.message)).toEqual([
      '{storage for func literal} ← &wg: wg (captured by a closure)',
      '{storage for func literal} ← &wg: wg (reference)',
    ]);
  });

  test('a switched-off rule keeps its findings: they are dropped, not relabelled', () => {
    const without = new Set(RULES.map((r) => r.meta.id).filter((id) => id !== 'closure-capture' && id !== 'oversized-allocation'));
    const lines = run(without).findings.filter((f) => f.line === 50 || f.line === 54);
    expect(lines).toEqual([]);
  });
});
