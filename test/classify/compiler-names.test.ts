/**
 * Subjects that hold names only the compiler has (`.autotmp_0`, `new(<node DYNAMICTYPE>)`) are
 * named by what the source writes at their position: a call at its `(` from the start of what
 * it calls, the value assigned at an `=`, a concatenation at its `+` with its operands. A generic
 * method's instantiation wrapper, reported at the receiver's `(` after `func`, is an inlined site
 * of the method's finding, as a generic function's is. One inlined call's result inside a printed
 * expression, printed at that call's `(`, gets the call written in (`string(u.Bytes())`); a method
 * expression (`(*reflect.rtype).String(…)`, a value receiver's `E.tag(e)`) is the method call the
 * source writes; a temporary boxed at a `return` of one call is that call; a call printed with
 * `... argument...` is the call its line writes. Real go1.26 -m=2 output (fixtures/compilernames).
 */
import { fixtureTests } from './fixture-module.js';

const EXPECTED = [
  // args.go: a call with a `...` parameter, printed `f(... argument...)`, as its line writes it; a
  // named slice converted from another package's function's string result copies it.
  ["string-allocation 14:45 Args fmt.Sprintf(\"unknown option %T\", ... argument...) + \"!\"", "`fmt.Sprintf(\"unknown option %T\", v) + \"!\"` (printed as `fmt.Sprintf(\"unknown option %T\", ... argument...) + \"!\"`) escapes to the heap: the concatenation builds a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["interface-boxing 18:13 Converted line(fmt.Sprint(... argument...))", "`line(fmt.Sprint(n))` (printed as `line(fmt.Sprint(... argument...))`) escapes to the heap: it is boxed into an interface and returned to the caller. Return the concrete type (or use a type parameter) instead of an interface.", []],
  ["string-allocation 18:24 Converted line(fmt.Sprint(... argument...))", "`line(fmt.Sprint(n))` (printed as `line(fmt.Sprint(... argument...))`) escapes to the heap: the conversion copies the string into a new byte slice, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["interface-boxing 18:25 Converted n", "`n` escapes to the heap: it is boxed into an interface to call `fmt.Sprint`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
  // A conversion printed at its operand call's `(`: its own, not "inside m.Marshal, which is inlined".
  ["string-allocation 25:59 Marshal string(m.Marshal())", "`string(m.Marshal())` escapes to the heap: the conversion copies the bytes into a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["interface-boxing 30:54 point.String p.x", "`p.x` escapes to the heap: it is boxed into an interface to call `fmt.Sprint`. On hot paths format with strconv (strconv.Itoa, strconv.AppendInt) or a typed logger instead of fmt, which boxes every argument.", []],
  // A method call inside a concatenation, printed as a method expression: the call as written.
  ["string-allocation 34:43 Label \"G1\" + (*point).String(p)", "`\"G1\" + p.String()` (printed as `\"G1\" + (*point).String(p)`) escapes to the heap: the concatenation builds a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["interface-boxing 17:34 get n{...}", "`n{...}` escapes to the heap: it is boxed into an interface and returned to the caller. Return the concrete type (or use a type parameter) instead of an interface.", []],
  ["interface-boxing 20:35 Temporary .autotmp_0.Name()", "`get(1).Name()` (printed as `.autotmp_0.Name()`) escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).", []],
  ["pointer-escape 27:25 NewExpr &P{...}", "`&P{...}` escapes to the heap: it is assigned to `keep`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.", []],
  ["pointer-escape 27:34 NewExpr .autotmp_0", "`new(\"a\")` (printed as `.autotmp_0`) is moved to the heap: its address is stored in `&P{...}`, which itself escapes. Keep the pointer from outliving the function, or allocate once and reuse the object.", []],
  ["interface-boxing 35:7 Assign .autotmp_2", "`pair(2)` (printed as `.autotmp_2`) escapes to the heap: it is boxed into an interface and returned to the caller (as result `f`). Return the concrete type (or use a type parameter) instead of an interface.", []],
  ["pointer-escape 43:7 Box.Ptr b", "`b` is moved to the heap: its address is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill.", [{"file": "compilernames.go", "line": 43, "column": 6}]],
  ["pointer-escape 46:39 Box.New new(<node DYNAMICTYPE>)", "`new(T)` (printed as `new(<node DYNAMICTYPE>)`) escapes to the heap: it is returned to the caller. Return a value instead of a pointer when it is small, or let the caller pass in the storage to fill.", [{"file": "compilernames.go", "line": 46, "column": 6}]],
  ["append-growth 62:50 AppendBytes append", "The backing array grown by `append(dst, u.Bytes()...)` (printed as `append(dst, ~r0...)`) escapes to the heap: the grown slice is assigned to `out`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.", []],
  ["interface-boxing 64:28 Str string(~r0)", "`string(u.Bytes())` (printed as `string(~r0)`) escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).", []],
  // The conversion's own allocation is printed at the inlined call's `(`, where the source writes
  // `u.Bytes()`: the call is written in for its result.
  ["string-allocation 64:36 Str string(~r0)", "`string(u.Bytes())` (printed as `string(~r0)`) escapes to the heap: the conversion copies the bytes into a new string, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["interface-boxing 67:53 Concat file + \":\" + ~r0", "`file + \":\" + strconv.Itoa(line)` (printed as `file + \":\" + ~r0`) escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).", []],
  ["string-allocation 67:53 Concat file + \":\" + ~r0", "`file + \":\" + strconv.Itoa(line)` (printed as `file + \":\" + ~r0`) escapes to the heap: the concatenation builds a new string, which is converted to an interface whose box escapes. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  // folded.go: constants the compiler prints as their values (`State(3)`, `n * 8`), as the source names them.
  ["interface-boxing 17:32 BoxState State(3)", "`Running` escapes to the heap: it is boxed into an interface and assigned to `boxedState`, a global or heap location. It is a constant, so the compiler boxes it into read-only data and this does not allocate. Store the concrete type, or a generic container, instead of an interface-typed field or global.", []],
  ["pointer-escape 20:33 Words make([]byte, n * 8)", "`make([]byte, n*wordBytes)` escapes to the heap: it is assigned to `words`, a global or heap location. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object.", []],
  // more.go: a method expression, a boxed result at a return, a package-level variable's static data.
  ["interface-boxing 10:50 Method (*reflect.rtype).String(.autotmp_1.(*reflect.rtype))", "`reflect.TypeOf(x).String()` (printed as `(*reflect.rtype).String(.autotmp_1.(*reflect.rtype))`) escapes to the heap: it is boxed into an interface to call `use`. Keep values out of interfaces on hot paths: use concrete types or generics (pointers, maps, channels and funcs go into an interface without a box).", []],
  ["interface-boxing 15:35 Ret .autotmp_3", "`parse(v)` (printed as `.autotmp_3`) escapes to the heap: it is boxed into an interface and returned to the caller. Return the concrete type (or use a type parameter) instead of an interface.", []],
  ["pointer-escape 18:68 init make(net.IPMask, net.l)", "`make(net.IPMask, net.l)` escapes to the heap: it is stored in a package-level variable's initial value, a global. Avoid storing per-call pointers in globals or long-lived objects: copy the value, or reuse one preallocated object. It happens inside `net.CIDRMask`, which is inlined at this call.", []],
  // A compiler name with what follows it, written at the position; a func literal called over several lines is left as printed.
  ["string-allocation 23:59 Conv ([]byte)(.autotmp_1.String())", "`([]byte)(v.Type().String())` (printed as `([]byte)(.autotmp_1.String())`) escapes to the heap: the conversion copies the string into a new byte slice, which is assigned to `conv`, a global or heap location. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["append-growth 29:16 Flag append", "The backing array grown by `append(flags, \"--color=\" + ~r0)` escapes to the heap: the grown slice is assigned to `flags`, a global or heap location. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.", []],
  ["string-allocation 29:34 Flag \"--color=\" + ~r0", "`\"--color=\" + ~r0` escapes to the heap: the concatenation builds a new string, which is appended to a slice whose storage escapes. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  // Arithmetic printed at its operator, with an inlined call's result in it.
  ["interface-boxing 44:44 Last len(~r0) - 1", "`len(l.nums()) - 1` (printed as `len(~r0) - 1`) escapes to the heap: it is boxed into an interface and assigned to `count`, a global or heap location. Store the concrete type, or a generic container, instead of an interface-typed field or global.", []],
  // valuemethods.go: a value receiver's method expression inside a larger expression, the call the line writes.
  ["string-allocation 17:54 ViaValueMethod string(E.tag(e))", "`string(e.tag())` (printed as `string(E.tag(e))`) escapes to the heap: the conversion copies the bytes into a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["string-allocation 20:68 ViaBoth strings.ToUpper(string(E.tag(e))) + \"!\"", "`strings.ToUpper(string(e.tag())) + \"!\"` (printed as `strings.ToUpper(string(E.tag(e))) + \"!\"`) escapes to the heap: the concatenation builds a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  ["string-allocation 23:43 E.name string(e.s)", "`string(e.s)` escapes to the heap: the conversion copies the bytes into a new string, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  // Printed with a parenthesis first, `([]byte)(E.name(e))`: the method call is found all the same.
  ["string-allocation 28:54 ViaConversion ([]byte)(E.name(e))", "`([]byte)(e.name())` (printed as `([]byte)(E.name(e))`) escapes to the heap: the conversion copies the string into a new byte slice, which is returned to the caller. Work with a reused []byte buffer or strings.Builder on hot paths.", []],
  // Another package's type's method on a method's result: both written as calls.
  ["append-growth 36:56 AppendWhen append", "The backing array grown by `append(dst, e.when().String()...)` (printed as `append(dst, time.Time.String(E.when(e))...)`) escapes to the heap: the grown slice is returned to the caller. Preallocate the capacity (make([]T, 0, n) or slices.Grow) or reuse the slice across calls.", []],
];

type Brief = { ruleId: string; line: number; column: number; function: string | null; subject: string; message: string; inlinedAt: unknown };
const brief = (f: Brief): unknown[] => [`${f.ruleId} ${f.line}:${f.column} ${f.function ?? ''} ${f.subject}`, f.message, f.inlinedAt];

fixtureTests('compilernames', 'compiler temporaries and nodes are named as the source writes them', brief, EXPECTED);
