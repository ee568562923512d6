/**
 * Values the compiler knows at compile time are boxed from read-only data, though escape analysis
 * still says `escapes to heap`: a constant converted to a type (`E(1)`, `uint32(4711)`), nil
 * converted to a type (`([]byte)(nil)`), a zero value (`pair{}`, `context.backgroundCtx{}`) and a
 * struct literal of literals (`pair{1, 2}`). Like a boxed constant they are notes; a literal of
 * variables and a call's result allocate and stay warnings. fixtures/staticbox holds the real
 * go1.26 -m=2 output and a Go test that measures each case with testing.AllocsPerRun. A literal
 * of another package's map type (`url.Values{}`) is a map, allocated: the standard library's
 * declarations are read in GOROOT. A struct literal with a field of an interface type boxes the
 * literal in it, and a literal of a generic slice type is a slice: both allocate, as does a string
 * converted to a named byte slice type (`Bytes("bytes")`), which is no constant. A constant of a
 * type of another package of the module with no verdicts of its own (`errs.Error("short buffer")`)
 * has its type read from that package's directory, found by go.mod's module path; a long string
 * constant is printed cut, without its closing quote, and is a constant still.
 */
import { classifyFixture, sameFromLint, withGo } from './fixture-module.js';

const EXPECTED = [
  ["interface-boxing note 29:43 E(1)", "`Explicit.Number()` (the result of the inlined call, printed as `E(1)`) escapes to the heap: it is boxed into an interface to call `use`. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 33:6 uint32(4711)", "`n` (printed as `uint32(4711)`) escapes to the heap: it is boxed into an interface to call `use`. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 36:41 context.backgroundCtx{}", "`context.backgroundCtx{}` escapes to the heap: it is boxed into an interface to call `use`. It is its type's zero value, so the compiler boxes it from read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box). It happens inside `context.Background`, which is inlined at this call."],
  ["interface-boxing note 38:35 empty{}", "`empty{}` escapes to the heap: it is boxed into an interface to call `use`. It is its type's zero value, so the compiler boxes it from read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 40:28 pair{}", "`pair{}` escapes to the heap: it is boxed into an interface to call `use`. It is its type's zero value, so the compiler boxes it from read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 42:26 pair{...}", "`pair{...}` escapes to the heap: it is boxed into an interface to call `use`. Its value is known at compile time (a literal of literals), so the compiler boxes it from read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 44:26 [2]int{...}", "`[2]int{...}` escapes to the heap: it is boxed into an interface to call `use`. Its value is known at compile time (a literal of literals), so the compiler boxes it from read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 46:29 ([]byte)(nil)", "`([]byte)(nil)` escapes to the heap: it is boxed into an interface to call `use`. It is nil, so the compiler boxes it from read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing warning 50:36 pair{...}", "`pair{...}` escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing warning 52:27 ~r0", "`mk(…)` (the result of the inlined call, printed as `~r0`) escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["pointer-escape note 55:35 url.Values{}", "`url.Values{}` escapes to the heap: it is passed to `use`, which keeps it or cannot be analysed. The callee keeps the pointer or cannot be analysed (see its leaking-param note): make it not retain its argument, or pass a value."],
  ["interface-boxing warning 60:36 withAny{...}", "`withAny{...}` escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing note 60:40 5", "`5` escapes to the heap: it is boxed into an interface and stored in `withAny{...}`, which itself escapes. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["interface-boxing warning 65:38 list[int64]{}", "`list[int64]{}` escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["pointer-escape note 65:38 list[int64]{}", "`list[int64]{}` escapes to the heap: it is converted to an interface whose box escapes. It has no elements, so its backing array has no size and this does not allocate. Keep the pointer from outliving the function, or allocate once and reuse the object."],
  ["interface-boxing warning 70:34 Bytes(\"bytes\")", "`Bytes(\"bytes\")` escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  ["string-allocation warning 70:35 Bytes(\"bytes\")", "`Bytes(\"bytes\")` escapes to the heap: the conversion copies the string into a new byte slice, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths."],
  ["interface-boxing note 73:40 errs.Error(\"short buffer\")", "`errs.Error(\"short buffer\")` escapes to the heap: it is boxed into an interface and returned to the caller. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Return the concrete type (or use a type parameter) instead of an interface."],
  ["interface-boxing note 76:25 \"a string constant long enough that the compiler prints only its firs...", "`\"a string constant long enough that the compiler prints only its firs...` escapes to the heap: it is boxed into an interface to call `use`. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
  // Cut inside an escape (`\n` in two): still a constant.
  ["interface-boxing note 80:6 \"\\nThe prober program runs against an actual ACME CA implementation.\\...", "`\"\\nThe prober program runs against an actual ACME CA implementation.\\...` escapes to the heap: it is boxed into an interface to call `use`. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box)."],
];

type Brief = { ruleId: string; level: string; line: number; column: number; subject: string; message: string };
const brief = (f: Brief): string[] => [`${f.ruleId} ${f.level} ${f.line}:${f.column} ${f.subject}`, f.message];

withGo('constants, nil, zero values and literals of literals are boxed without allocating: notes', () => {
  expect(classifyFixture('staticbox').map(brief)).toEqual(EXPECTED);
});

sameFromLint('staticbox', brief, EXPECTED, 'example.com/staticbox');

test("a constant of a type not found (a dependency's) is known by the source's name at the position", async () => {
  const { classify } = await import('../../src/classify/classify.js');
  const source = 'package p\n\nimport "example.org/dep"\n\nvar sink any\n\nfunc Dep() { sink = dep.None }\n\nfunc Call() { sink = dep.Opt(0) }\n';
  const record = (column: number, line: number, fn: string) => ({
    kind: 'escapes-to-heap' as const,
    file: './p.go',
    line,
    column,
    message: 'dep.Opt(0) escapes to heap',
    package: 'example.com/p',
    variant: null,
    count: 1,
    logLine: line,
    subject: 'dep.Opt(0)',
    function: fn,
    flows: [{ block: 0, dst: '{heap}', src: '&{storage for dep.Opt(0)}', derefs: -1, steps: [{ expr: 'sink = dep.Opt(0)', why: 'assign' as const, file: './p.go', line, column }] }],
    explanations: [],
  });
  const findings = classify([record(21, 7, 'Dep'), record(29, 9, 'Call')], {
    resolver: { resolve: (file) => ({ absolute: `/nowhere/${file.replace(/^\.\//, '')}`, repoRelative: file.replace(/^\.\//, ''), outside: null }) },
    goVersion: { major: 1, minor: 26 },
    readSource: (abs) => (abs === '/nowhere/p.go' ? source : null),
  }).findings;
  // `dep.Opt(0)` where the source calls it could be a function's call: not known to be a constant.
  expect(findings.map((f) => `${f.line} ${f.level}`)).toEqual(['7 note', '9 warning']);
});
