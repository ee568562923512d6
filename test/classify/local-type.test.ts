/**
 * A name that is both a field (of hooks) and a method (of Client) is decided by the receiver's
 * type, which a local declared by a composite literal (`c := Client{}`) has: `c.process` is a
 * method value. Real go1.26 -m=2 output (fixtures/localtype).
 */
import type { Finding } from '../../src/findings/finding.js';
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["closure-capture 21:2 c", "`c` is moved to the heap: a closure captures it by reference and the closure outlives the function. Let the closure capture a copy it never modifies (copy the value into a new variable, or pass it as an argument), or keep the closure from escaping."],
  ["method-value 23:14 c.process", "`c.process` escapes to the heap: the method value binds its receiver in a heap-allocated closure, which is passed to `c.initHooks`, which keeps it or cannot be analysed. Bind the method value once and reuse it, or call the method directly."],
  ["closure-escape 24:13 func literal", "The func literal escapes to the heap: it is passed to `c.initHooks`, which keeps it or cannot be analysed. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
];

const brief = (f: Finding): string[] => [`${f.ruleId} ${f.line}:${f.column} ${f.subject}`, f.message];

fixtureTests('localtype', "a local's type from the composite literal that declares it decides field or method", brief, EXPECTED);
