/**
 * A func literal called where it is written (`func() {…}()`) is inlined, and its code printed at
 * the call's `(`: outside every func literal of the source, like the body of a range-over-func
 * loop, but in no `for … range` loop. Its captures are ordinary closure captures, and its
 * findings fold into the literal's own, with the call as an inlined site. Real go1.26 -m=2
 * output (fixtures/literalcall).
 */
import { fixtureTests } from './fixture-module.js';

const SITE = [{ file: 'literalcall.go', line: 11, column: 3 }];

const EXPECTED = [
  [
    'closure-capture 9:3 F.func1 x',
    '`x` is moved to the heap: a closure captures it by reference and the closure outlives the function. Let the closure capture a copy it never modifies (copy the value into a new variable, or pass it as an argument), or keep the closure from escaping.',
    SITE,
  ],
  [
    'closure-escape 10:10 F.func1 func literal',
    'The func literal escapes to the heap: it is returned to the caller. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack.',
    SITE,
  ],
];

type Brief = { ruleId: string; line: number; column: number; function: string | null; subject: string; message: string; inlinedAt: unknown };
const brief = (f: Brief): unknown[] => [`${f.ruleId} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message, f.inlinedAt];

fixtureTests('literalcall', 'an inlined func literal called where it is written: no range-over-func loop, one finding per allocation', brief, EXPECTED);
