/**
 * What an inlined function's body makes is printed at the `(` of the call: a panic's argument in
 * http.Request.WithContext is boxed to call `panic`, not `r.WithContext`, and it happens inside
 * the inlined call; so does http.StripPrefix's handler, a func literal printed at the call.
 * fixtures/inlinedbody: real go1.26 -m=2 output.
 */
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  ["interface-boxing note check/check.go:8:9 \"negative\"", "`\"negative\"` escapes to the heap: it is boxed into an interface to call `panic`. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["pointer-escape note check/check.go:15:9 &Err{...}", "`&Err{...}` escapes to the heap: it is passed to `panic`, which keeps it or cannot be analysed. The callee keeps the pointer or cannot be analysed (see its leaking-param note): make it not retain its argument, or pass a value."],
  ["pointer-escape note inlinedbody.go:12:62 &check.Err{...}", "`&check.Err{...}` escapes to the heap: it is passed to `panic`, which keeps it or cannot be analysed. The callee keeps the pointer or cannot be analysed (see its leaking-param note): make it not retain its argument, or pass a value. It happens inside `check.Positive`, which is inlined at this call."],
  ["interface-boxing note inlinedbody.go:14:85 \"nil context\"", "`\"nil context\"` escapes to the heap: it is boxed into an interface to call `panic`. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box). It happens inside `r.WithContext`, which is inlined at this call."],
  ["pointer-escape note inlinedbody.go:14:85 new(http.Request)", "`new(http.Request)` escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill. It happens inside `r.WithContext`, which is inlined at this call."],
  ["closure-escape warning inlinedbody.go:17:81 func literal", "The func literal escapes to the heap: it is returned to the caller. Use a named function or a method value created once, or keep the closure local (call it directly) so it can stay on the stack. It happens inside `http.StripPrefix`, which is inlined at this call."],
];

type Brief = { ruleId: string; level: string; file: string; line: number; column: number; subject: string; message: string };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.subject}`, f.message];

fixtureTests('inlinedbody', "what an inlined call's body makes names the body's call and the inlined one", brief, EXPECTED);
