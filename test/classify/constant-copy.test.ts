/**
 * Several copies of one allocation share a position (a func literal inlined with a constant where
 * its own code has a variable): one finding stands for them, and when one copy allocates and
 * another is boxed from static data, it is the one that allocates (`n`, a warning), not the
 * constant's note (`1`). Real go1.26 -m=2 output (fixtures/constantcopy).
 */
import { classifyFixture, fixtureModule, sameFromLint } from './fixture-module.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verdicts } from './helpers.js';

const EXPECTED = [
  ["closure-escape warning 8:9 MinN func literal", "The func literal escapes to the heap: it is returned to the caller. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.", [{"file": "constantcopy.go", "line": 19, "column": 30}]],
  ["interface-boxing warning 10:41 MinN.func1 n", "`n` escapes to the heap: it is boxed into an interface to call `fmt.Errorf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
  ["interface-boxing warning 10:44 MinN.func1 k", "`k` escapes to the heap: it is boxed into an interface to call `fmt.Errorf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
  ["append-growth note 19:17 Setup append", "The backing array grown by `append(checks, MinN(1))` (printed as `append(checks, ~r0)`) escapes to the heap: the grown slice is assigned to `checks`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.", []],
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string; message: string; inlinedAt: unknown };
const brief = (f: Brief): unknown[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message, f.inlinedAt];

test('the copy that allocates is the finding', () => {
  const records = verdicts(readFileSync(path.join(fixtureModule('constantcopy'), 'm2.log'), 'utf8'));
  expect(records.filter((r) => r.line === 10 && r.column === 41).map((r) => r.subject)).toEqual(['n', '1']);
  expect(classifyFixture('constantcopy').map(brief)).toEqual(EXPECTED);
});

sameFromLint('constantcopy', brief, EXPECTED);
