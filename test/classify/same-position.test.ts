/**
 * Several allocations can share one position: an inlined range-over-func loop puts all its body's
 * code at its `for`. One finding per position and rule stands for the copies of one allocation
 * (each compiled in a function of its own), but two subjects of one compiled function are two
 * allocations (`k` and `~r0` here), and a statement's keyword there is no name for either.
 * Real go1.26 -m=2 output (fixtures/samespot).
 */
import { fixtureModule, sameFromLint } from './fixture-module.js';
import path from 'node:path';
import { cliIn } from '../cli/go-module.js';

const DIR = fixtureModule('samespot');

const EXPECTED = [
  ["closure-escape warning 14:9 Args.All func literal", "The func literal escapes to the heap: it is returned to the caller. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.", []],
  ["append-growth note 24:16 Args.Bytes append", "The backing array grown by `append(a.buf[:0], byte(120))` escapes to the heap: the grown slice is assigned to `a.buf`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.", [{"file": "samespot.go", "line": 28, "column": 55}]],
  ["string-allocation warning 28:55 Args.String string(~r0)", "`string(a.Bytes())` (printed as `string(~r0)`) escapes to the heap: the conversion copies the bytes into a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["append-growth note 35:2 Check append", "The backing array grown by `append(a.buf[:0], byte(120))` escapes to the heap: the grown slice is assigned to `a.buf`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.", []],
  ["interface-boxing warning 35:2 Check k", "`k` escapes to the heap: it is boxed into an interface to call `fmt.errorf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
  ["interface-boxing warning 35:2 Check ~r0", "`~r0` escapes to the heap: it is boxed into an interface to call `fmt.errorf`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
  ["pointer-escape note 35:2 Check &errors.errorString{...}", "`&errors.errorString{...}` escapes to the heap: it is assigned to `sink`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.", []],
  ["string-allocation warning 35:2 Check string(~r0)", "`string(~r0)` escapes to the heap: the conversion copies the bytes into a new string, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
];

type Brief = { ruleId: string; level: string; line: number; column: number; function: string | null; subject: string; message: string; inlinedAt: unknown };
const brief = (f: Brief): unknown[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message, f.inlinedAt];

test('two allocations at one position of one function are two findings (from the saved log)', async () => {
  const r = await cliIn(DIR, ['lint', '--from-log', path.join(DIR, 'm2.log'), '--repo-root', DIR, '--format', 'json', '--fail-level', 'none']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect((JSON.parse(r.stdout) as { findings: Brief[] }).findings.map(brief)).toEqual(EXPECTED);
});

sameFromLint('samespot', brief, EXPECTED);
