/**
 * A value can reach a method value's bound receiver through a chain of the compiler's temporaries
 * (`{temp} ← p`, `{temp} ← {temp}`, `{heap} ← *{temp}`): the message names what the chain starts
 * from in the caller (`pipe`, whose address the inlined method's receiver `p` is), never `{temp}`.
 * Real go1.26 -m=2 output (fixtures/receiverchain).
 */
import type { Finding } from '../../src/findings/finding.js';
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["append-growth 14:17 append", "The backing array grown by `append(p.cmds, n)` escapes to the heap: the grown slice is assigned to `p.cmds`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls."],
  ["method-value 18:42 p.Process", "`p.Process` escapes to the heap: the method value binds its receiver in a heap-allocated closure, which is assigned to `p.cmdable`, a global or heap location. Bind the method value once and reuse it, or call the method directly."],
  ["pointer-escape 23:2 pipe", "`pipe` is moved to the heap: its address is stored in `p.Process`, which itself escapes. Keep the pointer from outliving the function, or allocate once and reuse the object."],
  ["closure-escape 24:9 func literal", "The func literal escapes to the heap: it is held in `pipe`, the receiver of a method value that escapes. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack."],
];

const brief = (f: Finding): string[] => [`${f.ruleId} ${f.line}:${f.column} ${f.subject}`, f.message];

fixtureTests('receiverchain', 'a receiver reached through temporaries is named by where the chain starts', brief, EXPECTED);
